/// A path pattern of a fork map, and the correspondence between an upstream pattern and a fork pattern.
///
/// Four spellings:
/// - the root, `./`: every path (an *overlay*: `./` → `linux-2.6-xen-sparse/` lays a sparse fork folder
///   over the whole upstream tree);
/// - a directory, ending in `/` (`arch/i386/`): everything below it;
/// - a file (`mm/memory.c`): that path only;
/// - a glob with `*` (any bytes but `/`), `**/` (zero or more whole directories) or `**` (anything):
///   `arch/i386/**/*.c`.
/// An upstream pattern and a fork pattern correspond wildcard by wildcard: the bytes each wildcard of the
/// upstream pattern matched fill the same wildcard of the fork pattern, so `arch/i386/**/*.c` →
/// `arch/i386/**/*-xen.c` maps `arch/i386/kernel/process.c` to `arch/i386/kernel/process-xen.c`. Matching
/// backtracks over the (few) wildcards of a pattern: O(path × wildcards) in practice.
public struct PathPattern: Sendable, Equatable, CustomStringConvertible {
    enum Token: Sendable, Equatable {
        case literal([UInt8])
        /// `*`: any run of bytes without `/`.
        case star
        /// `**/`: zero or more whole directories (the captured text ends in `/` or is empty).
        case directories
        /// `**` not followed by `/`: anything.
        case any
    }

    let tokens: [Token]
    public let description: String

    public init(_ text: String) {
        description = text
        var bytes = Array(text.utf8)
        if Self.rootSpellings.contains(text) { bytes = Array("**".utf8) }
        if bytes.last == ASCII.slash { bytes += Array("**".utf8) }
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var i = 0
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "*") {
                flush()
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                    if i + 2 < bytes.count, bytes[i + 2] == ASCII.slash {
                        tokens.append(.directories)
                        i += 3
                    } else {
                        tokens.append(.any)
                        i += 2
                    }
                } else {
                    tokens.append(.star)
                    i += 1
                }
            } else {
                literal.append(bytes[i])
                i += 1
            }
        }
        flush()
        self.tokens = tokens
    }

    /// The wildcard kinds in order (what two corresponding patterns must share).
    var wildcards: [Token] { tokens.filter { if case .literal = $0 { return false } else { return true } } }

    /// True when the pattern has no wildcard (one file).
    public var isSingleFile: Bool { wildcards.isEmpty }

    /// The spellings of the root: `./` (documented), `.` and `/`.
    static let rootSpellings: Set<String> = ["./", ".", "/"]

    /// True for the root (`./`): every path, with nothing literal.
    public var isRoot: Bool { Self.rootSpellings.contains(description) }

    /// How specific the pattern is, for deciding which mapping claims a path that several match: a single
    /// file (rank 3) beats a glob (2) beats a folder (1) beats the root (0); within a rank, more literal
    /// bytes win (`arch/xen/i386/mach-xen/` beats `arch/xen/i386/`).
    public var specificity: Specificity {
        let literal = tokens.reduce(0) { count, token in
            if case .literal(let text) = token { return count + text.count }
            return count
        }
        let text = description
        let rank: Int
        if isRoot {
            rank = 0
        } else if isSingleFile {
            rank = 3
        } else if text.hasSuffix("/") && !text.dropLast().contains("*") {
            rank = 1
        } else {
            rank = 2
        }
        return Specificity(rank: rank, literal: literal)
    }

    /// A pattern's rank and literal length, compared in that order.
    public struct Specificity: Sendable, Equatable, Comparable {
        public var rank: Int
        public var literal: Int

        public static func < (a: Specificity, b: Specificity) -> Bool { (a.rank, a.literal) < (b.rank, b.literal) }
    }

    /// The texts the wildcards matched, when `path` matches the whole pattern.
    public func captures(_ path: [UInt8]) -> [[UInt8]]? {
        var captures: [Range<Int>] = []
        var failed = Set<Int>()
        guard match(path[...], 0, &captures, &failed) else { return nil }
        return captures.map { Array(path[$0]) }
    }

    /// Backtracking over the wildcards, leftmost shortest first. Whether the tokens from `t` on match the
    /// rest of the path does not depend on what the wildcards before took, so a (token, position) that
    /// failed once is not tried again (`failed`): without that, a pattern with many `*` against a long path
    /// that does not match took exponential time (`a*a*a*…b`, found by the port fuzz target); with it, at
    /// most tokens × positions states, each trying at most the path's length.
    private func match(
        _ rest: ArraySlice<UInt8>, _ t: Int, _ captures: inout [Range<Int>], _ failed: inout Set<Int>
    ) -> Bool {
        guard t < tokens.count else { return rest.isEmpty }
        // `rest` is always a suffix of the path: its end is the path's length.
        let state = t &* (rest.endIndex + 1) &+ rest.startIndex
        guard !failed.contains(state) else { return false }
        let matched = matchToken(rest, t, &captures, &failed)
        if !matched { failed.insert(state) }
        return matched
    }

    private func matchToken(
        _ rest: ArraySlice<UInt8>, _ t: Int, _ captures: inout [Range<Int>], _ failed: inout Set<Int>
    ) -> Bool {
        switch tokens[t] {
        case .literal(let text):
            guard rest.starts(with: text) else { return false }
            return match(rest.dropFirst(text.count), t + 1, &captures, &failed)
        case .star, .directories, .any:
            let kind = tokens[t]
            var end = rest.startIndex
            while true {
                // A `*` never reaches past a slash (the loop stops there), so its candidate holds none.
                let candidate = rest[rest.startIndex..<end]
                let valid = kind != .directories || candidate.isEmpty || candidate.last == ASCII.slash
                if valid {
                    captures.append(candidate.indices)
                    if match(rest[end...], t + 1, &captures, &failed) { return true }
                    captures.removeLast()
                }
                if end == rest.endIndex { return false }
                if kind == .star && rest[end] == ASCII.slash { return false }
                end += 1
            }
        }
    }

    /// The path this pattern spells with `captures` in its wildcards (nil when the counts differ).
    public func fill(_ captures: [[UInt8]]) -> [UInt8]? {
        var out: [UInt8] = []
        var k = 0
        for token in tokens {
            if case .literal(let text) = token {
                out += text
            } else {
                guard k < captures.count else { return nil }
                out += captures[k]
                k += 1
            }
        }
        return k == captures.count ? out : nil
    }
}

/// One entry of a fork map: upstream files and their forked copies.
public struct ForkMapping: Sendable, Equatable {
    /// What to do with upstream changes to the copies: `port` them (default) or only `flag` them for a person
    /// (same-tree twins such as `X.c` and `X-xen.c`, where most native fixes are deliberately not wanted).
    public enum Policy: String, Sendable, CaseIterable {
        case port, flag
    }

    public var upstream: PathPattern
    public var fork: PathPattern
    public var policy: Policy
    /// `sparse: true`: the fork folder holds copies of only some of the originals (the kernel's
    /// `tools/arch/x86/` of `arch/x86/`), and an original without a copy is no concern of the fork's: no
    /// pair, no `missing-fork-file`, and the upstream folder is not walked for it.
    public var sparse: Bool
    /// 1-based line in the map file (0 when built in code).
    public var line: Int

    public init(upstream: String, fork: String, policy: Policy = .port, sparse: Bool = false, line: Int = 0) {
        self.upstream = PathPattern(upstream)
        self.fork = PathPattern(fork)
        self.policy = policy
        self.sparse = sparse
        self.line = line
    }

    /// True when only the copies the fork holds are pairs: a `sparse` mapping, or an overlay (`./` → a
    /// folder of the files the fork overrides, the build using upstream's for the rest).
    public var isSparse: Bool { sparse || upstream.isRoot }

    /// Why the two patterns cannot correspond, or nil when they can.
    public var problem: String? {
        if upstream.wildcards == fork.wildcards { return nil }
        // A folder on one side and a plain path on the other is a folder mapping with its '/' forgotten.
        let (u, f) = (upstream.description, fork.description)
        for (folder, plain) in [(u, f), (f, u)]
        where folder.hasSuffix("/") && !folder.dropLast().contains("*") && !plain.contains("*") {
            return
                "'\(folder)' is a folder and '\(plain)' is not: a folder mapping ends in '/' on both sides (write '\(plain)/')"
        }
        return "'\(upstream)' and '\(fork)' must have the same wildcards in the same order (*, **/, **)"
    }

    /// The forked copy of `path`, nil when this mapping does not cover it.
    public func forkPath(for path: [UInt8]) -> [UInt8]? {
        guard let captures = upstream.captures(path) else { return nil }
        return fork.fill(captures)
    }

    /// The upstream original of a forked copy, nil when this mapping does not cover it.
    public func upstreamPath(for path: [UInt8]) -> [UInt8]? {
        guard let captures = fork.captures(path) else { return nil }
        return upstream.fill(captures)
    }
}
