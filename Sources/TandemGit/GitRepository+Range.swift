import CLibGit2
import TandemCore

/// An upstream range `A..B` as tandem reads it, following git: the commits reachable from B and not from A.
///
/// Its shape decides what a command does with it:
/// - `ancestor`: A is an ancestor of B, the usual release range; its change is the diff A → B;
/// - `empty`: B is A, or an ancestor of A (a reversed range): the range holds no commits, so there is no
///   change, whatever diffing B against A would say;
/// - `diverged`: A is not an ancestor of B, but they share history: the range's commits are B's since their
///   merge base M, and its change is the diff M → B (`git diff A...B`), never one that undoes A's side;
/// - `unrelated`: no common history (in a shallow clone, perhaps none within the clone): nothing to diff.
/// A single revision `A` means `A^..A`, the change of that one commit.
public struct GitRange: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case ancestor
        case empty
        case diverged(mergeBase: ObjectID)
        case unrelated
    }

    /// The range as given.
    public var text: String
    /// The two ends as spelled (`HEAD` for an empty end, `A^` and `A` for a single revision).
    public var fromName: String
    public var toName: String
    public var from: ObjectID
    public var to: ObjectID
    public var shape: Shape

    /// Where the range's change starts: A, or the merge base of a diverged range.
    public var base: ObjectID {
        if case .diverged(let mergeBase) = shape { return mergeBase }
        return from
    }
}

extension GitRepository {
    /// `A..B` as its two ends as spelled (`A` alone means `A^..A`; an empty end is HEAD).
    public static func rangeEnds(_ range: String) -> (from: String, to: String) {
        guard let dots = rangeDots(range) else { return (range + "^", range) }
        let from = String(range[..<dots]), to = String(range[range.index(dots, offsetBy: 2)...])
        return (from.isEmpty ? "HEAD" : from, to.isEmpty ? "HEAD" : to)
    }

    /// Resolves both ends of `range` and its shape (see `GitRange`).
    public func resolveRange(_ range: String) throws(GitError) -> GitRange {
        if let dots = Self.rangeDots(range) {
            let from = range[..<dots], to = range[range.index(dots, offsetBy: 2)...]
            guard !from.hasSuffix("."), !to.hasPrefix(".") else {
                throw GitError("unsupported range '\(range)': use A..B")
            }
        }
        let ends = Self.rangeEnds(range)
        let from = try resolveCommit(ends.from), to = try resolveCommit(ends.to)
        var resolved = GitRange(text: range, fromName: ends.from, toName: ends.to, from: from, to: to, shape: .ancestor)
        if from == to {
            resolved.shape = .empty
            return resolved
        }
        switch try mergeBase(from, to) {
        case nil: resolved.shape = .unrelated
        case to?: resolved.shape = .empty
        case from?: resolved.shape = .ancestor
        case let base?: resolved.shape = .diverged(mergeBase: base)
        }
        return resolved
    }

    /// A best common ancestor of two commits (git's `merge-base`), nil when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        if isShallow { return try shallowMergeBase(a, b) }
        var out = git_oid(), one = a.oid, two = b.oid
        let code = git_merge_base(&out, handle, &one, &two)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot find the merge base of \(a.hex) and \(b.hex)")
        return ObjectID(out)
    }
}
