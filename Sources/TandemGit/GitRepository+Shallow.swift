#if canImport(Glibc)
import Glibc
#endif
import CLibGit2
import TandemCore

/// History in a shallow clone (`git clone --depth N`, as CI checkouts often are).
///
/// The clone stops at the commits listed in `.git/shallow`: their parents are not in the object database.
/// git grafts them as parentless; libgit2 1.5 does not, and its revision walk fails on the first missing
/// parent ("the repository is incomplete"), even when the walk only needs it to hide commits. So in a shallow
/// clone tandem walks history itself, with the boundary commits taken as parentless:
/// 1. the commits to hide are every commit reachable from the hidden ends (all parents, as git marks them);
/// 2. the commits of the range are those reachable from the pushed ends (first parents only with
///    `firstParent`) that are not hidden; a parent that is missing although not listed counts as cut too;
/// 3. they come out children before parents (Kahn's algorithm), the newest committer time first among the
///    commits that are ready, which is git's `--date-order` (libgit2's topological order may break ties
///    differently). Oldest first is the reverse.
/// Each boundary commit the walk reaches is recorded, so the caller can name the boundary.
///
/// Cost: one commit lookup per reachable commit (hidden ones included) and O(n log n) for the order; a
/// shallow clone is small by construction. A merge base (`shallowMergeBase`) is computed from the same
/// reachability: the common ancestors that are no other common ancestor's parent (the set is closed under
/// ancestry, so these are the common ancestors of no other); when there is none, the boundary is recorded,
/// since the clone may just not reach the common history.
extension GitRepository {
    /// The boundary listed in the repository's `shallow` file (the common folder, shared by worktrees).
    func readShallowBoundary() -> Set<ObjectID> {
        guard git_repository_is_shallow(handle) == 1, let folder = git_repository_commondir(handle) else { return [] }
        let path = String(cString: folder) + "shallow"
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        var ids = Set<ObjectID>()
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            let text = String(cString: line).trimmingSpaces
            if let id = ObjectID(hex: text) { ids.insert(id) }
        }
        return ids
    }

    /// True when the repository is a shallow clone.
    public var isShallow: Bool { !shallowBoundary.isEmpty }

    /// The boundary commits that walks reached since the last call (each named once), oldest call first.
    public func takeReachedBoundary() -> [ObjectID] {
        defer { reachedBoundary = [] }
        return reachedBoundary
    }

    private func recordBoundary(_ id: ObjectID) {
        if recordedBoundary.insert(id).inserted { reachedBoundary.append(id) }
    }

    /// A commit's parents as a walk of this clone sees them (none past the boundary), and its committer time.
    private func node(_ id: ObjectID) throws(GitError) -> (parents: [ObjectID], time: Int64, cut: Bool) {
        try withCommit(id) { commit in
            let time = git_commit_time(commit)
            if shallowBoundary.contains(id) { return ([], time, git_commit_parentcount(commit) > 0) }
            var parents: [ObjectID] = []
            var cut = false
            for n in 0..<git_commit_parentcount(commit) {
                guard let parent = git_commit_parent_id(commit, n) else { continue }
                var oid = parent.pointee
                var object: OpaquePointer?
                // A parent missing without being listed is cut as well: the walk works with what is here.
                if git_object_lookup(&object, handle, &oid, GIT_OBJECT_COMMIT) == 0 {
                    git_object_free(object)
                    parents.append(ObjectID(oid))
                } else {
                    cut = true
                }
            }
            return (parents, time, cut)
        }
    }

    /// Every commit reachable from `starts` (following only first parents with `firstParent`), stopping at
    /// `stop`, with its parents and time.
    private func reachable(from starts: [ObjectID], firstParent: Bool = false, stop: Set<ObjectID> = [])
        throws(GitError) -> [ObjectID: (parents: [ObjectID], time: Int64, cut: Bool)]
    {
        var seen: [ObjectID: (parents: [ObjectID], time: Int64, cut: Bool)] = [:]
        var stack = starts.filter { !stop.contains($0) }
        while let id = stack.popLast() {
            if seen[id] != nil { continue }
            var info = try node(id)
            if firstParent { info.parents = Array(info.parents.prefix(1)) }
            seen[id] = info
            for parent in info.parents where seen[parent] == nil && !stop.contains(parent) { stack.append(parent) }
        }
        return seen
    }

    /// The commits reachable from `push` and not from `hide`, walked within the clone (see the notes above).
    func shallowWalk(push: [ObjectID], hide: [ObjectID], firstParent: Bool, order: WalkOrder) throws(GitError)
        -> [ObjectID]
    {
        let hidden = Set(try reachable(from: hide).keys)
        let commits = try reachable(from: push, firstParent: firstParent, stop: hidden)
        var children: [ObjectID: Int] = [:]
        for (_, info) in commits {
            for parent in info.parents where commits[parent] != nil { children[parent, default: 0] += 1 }
        }
        var ready = CommitHeap()
        for (id, info) in commits where children[id] == nil { ready.push(id, time: info.time) }
        var out: [ObjectID] = []
        out.reserveCapacity(commits.count)
        while let id = ready.pop() {
            out.append(id)
            guard let info = commits[id] else { continue }
            if info.cut { recordBoundary(id) }
            for parent in info.parents {
                guard let left = children[parent], let parentInfo = commits[parent] else { continue }
                children[parent] = left - 1
                if left == 1 { ready.push(parent, time: parentInfo.time) }
            }
        }
        return order == .oldestFirst ? out.reversed() : out
    }

    /// A best common ancestor of `a` and `b` within the clone (the newest when there are several), nil when
    /// they share no history here.
    func shallowMergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        let left = try reachable(from: [a]), right = try reachable(from: [b])
        let common = left.filter { right[$0.key] != nil }
        var parentsOfCommon = Set<ObjectID>()
        for (_, info) in common { parentsOfCommon.formUnion(info.parents) }
        let best = common.filter { !parentsOfCommon.contains($0.key) }.max {
            ($0.value.time, $0.key) < ($1.value.time, $1.key)
        }?.key
        if best == nil {
            // The answer may only be the clone's: name the boundary where the search stopped.
            for (id, info) in left.merging(right, uniquingKeysWith: { a, _ in a }) where info.cut { recordBoundary(id) }
        }
        return best
    }
}

/// A binary max-heap of commits by (committer time, id): the next commit of a date-ordered walk.
private struct CommitHeap {
    private var items: [(time: Int64, id: ObjectID)] = []

    mutating func push(_ id: ObjectID, time: Int64) {
        items.append((time, id))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.above(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> ObjectID? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < items.count && Self.above(items[left], items[best]) { best = left }
                if right < items.count && Self.above(items[right], items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return top.id
    }

    private static func above(_ a: (time: Int64, id: ObjectID), _ b: (time: Int64, id: ObjectID)) -> Bool {
        a.time != b.time ? a.time > b.time : a.id > b.id
    }
}

private extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let last = scalars.last, last == "\n" || last == "\r" || last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
