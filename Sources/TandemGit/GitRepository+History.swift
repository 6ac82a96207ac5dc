#if canImport(Glibc)
import Glibc
#endif
import CLibGit2
import TandemCore

/// Ranges, walks, tags and tree-to-tree changes.
extension GitRepository {
    /// Commit order of a walk.
    public enum WalkOrder: Sendable {
        case newestFirst, oldestFirst
    }

    /// The commits of `range` in git's meaning: `A..B` is every commit reachable from B and not from A; a
    /// single revision is everything reachable from it. Topological order; `firstParent` follows only first
    /// parents (the mainline of a merge-heavy history).
    public func commits(_ range: String, firstParent: Bool = false, order: WalkOrder = .newestFirst)
        throws(GitError) -> [CommitInfo]
    {
        var ids: [ObjectID] = []
        try walk(range, firstParent: firstParent, order: order) { ids.append($0) }
        var out: [CommitInfo] = []
        out.reserveCapacity(ids.count)
        for id in ids { out.append(try commit(id)) }
        return out
    }

    /// Calls `body` with each commit id of `range` (see `commits`), without loading the commits.
    /// In a shallow clone the walk stops at the boundary (`shallowWalk`) and records the boundary commits
    /// it reached (`takeReachedBoundary`).
    public func walk(
        _ range: String, firstParent: Bool = false, order: WalkOrder = .newestFirst,
        _ body: (ObjectID) throws(GitError) -> Void
    ) throws(GitError) {
        if !shallowBoundary.isEmpty {
            let ends = try walkEnds(range)
            for id in try shallowWalk(push: ends.push, hide: ends.hide, firstParent: firstParent, order: order) {
                try body(id)
            }
            return
        }
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), "cannot walk history")
        defer { git_revwalk_free(walker) }
        var mode = GIT_SORT_TOPOLOGICAL.rawValue
        if order == .oldestFirst { mode |= GIT_SORT_REVERSE.rawValue }
        try check(git_revwalk_sorting(walker, mode), "cannot walk history")
        if firstParent { try check(git_revwalk_simplify_first_parent(walker), "cannot walk history") }
        if let dots = Self.rangeDots(range) {
            let from = String(range[..<dots]), to = String(range[range.index(dots, offsetBy: 2)...])
            guard !from.hasSuffix("."), !to.hasPrefix(".") else {
                throw GitError("unsupported range '\(range)': use A..B")
            }
            var toID = try resolveCommit(to.isEmpty ? "HEAD" : to).oid
            try check(git_revwalk_push(walker, &toID), "cannot walk '\(range)'")
            var fromID = try resolveCommit(from.isEmpty ? "HEAD" : from).oid
            try check(git_revwalk_hide(walker, &fromID), "cannot walk '\(range)'")
        } else {
            var id = try resolveCommit(range).oid
            try check(git_revwalk_push(walker, &id), "cannot walk '\(range)'")
        }
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { return }
            if code == GIT_ENOTFOUND.rawValue {
                throw GitError("missing object while walking '\(range)': the repository is incomplete", code: code)
            }
            try check(code, "cannot walk '\(range)'")
            try body(ObjectID(oid))
        }
    }

    /// The commits a walk of `range` starts from and hides (`A..B`: from B, hiding A; a revision: from it).
    func walkEnds(_ range: String) throws(GitError) -> (push: [ObjectID], hide: [ObjectID]) {
        guard let dots = Self.rangeDots(range) else { return ([try resolveCommit(range)], []) }
        let from = String(range[..<dots]), to = String(range[range.index(dots, offsetBy: 2)...])
        guard !from.hasSuffix("."), !to.hasPrefix(".") else { throw GitError("unsupported range '\(range)': use A..B") }
        return ([try resolveCommit(to.isEmpty ? "HEAD" : to)], [try resolveCommit(from.isEmpty ? "HEAD" : from)])
    }

    /// The position of the `..` in `A..B`, nil for a single revision.
    public static func rangeDots(_ range: String) -> String.Index? {
        var index = range.startIndex
        while index < range.endIndex {
            let next = range.index(after: index)
            if range[index] == ".", next < range.endIndex, range[next] == "." { return index }
            index = next
        }
        return nil
    }

    /// One commit's metadata.
    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        try withCommit(id) { commit in
            var parents: [ObjectID] = []
            // A shallow clone's boundary commits are parentless, as git shows them: their parents are not here.
            let count = shallowBoundary.contains(id) ? 0 : git_commit_parentcount(commit)
            for n in 0..<count {
                if let parent = git_commit_parent_id(commit, n) { parents.append(ObjectID(parent.pointee)) }
            }
            let author = git_commit_author(commit)
            return CommitInfo(
                id: id, parents: parents,
                tree: git_commit_tree_id(commit).map { ObjectID($0.pointee) } ?? id,
                authorName: author.flatMap { $0.pointee.name.map { String(cString: $0) } } ?? "",
                authorEmail: author.flatMap { $0.pointee.email.map { String(cString: $0) } } ?? "",
                authorTime: author.map { $0.pointee.when.time } ?? 0,
                committerTime: git_commit_time(commit),
                summary: git_commit_summary(commit).map { String(cString: $0) } ?? "")
        }
    }

    /// The tags whose names match the glob `pattern` (all when nil), with the commits they name, sorted by
    /// version (`v2.6.9` before `v2.6.11`) or by time.
    public func tags(matching pattern: String? = nil, byTime: Bool = false) throws(GitError) -> [TagInfo] {
        var names = git_strarray()
        try check(git_tag_list_match(&names, pattern ?? "*", handle), "cannot list tags")
        defer { git_strarray_dispose(&names) }
        var tags: [TagInfo] = []
        for index in 0..<names.count {
            guard let cName = names.strings[index] else { continue }
            let name = String(cString: cName)
            var object: OpaquePointer?
            try check(git_revparse_single(&object, handle, "refs/tags/" + name), "cannot read tag '\(name)'")
            defer { git_object_free(object) }
            var time: Int64 = 0
            let annotated = git_object_type(object) == GIT_OBJECT_TAG
            if annotated, let tagger = git_tag_tagger(object) { time = tagger.pointee.when.time }
            var peeled: OpaquePointer?
            // A tag of a tree or blob is skipped.
            guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0, let peeled else { continue }
            defer { git_object_free(peeled) }
            let id = ObjectID(git_object_id(peeled).pointee)
            if !annotated || time == 0 { time = git_commit_time(peeled) }
            tags.append(TagInfo(name: name, commit: id, time: time, annotated: annotated))
        }
        return tags.sorted {
            byTime ? ($0.time, $0.name) < ($1.time, $1.name) : VersionOrder.precedes($0.name, $1.name)
        }
    }

    /// The root tree of a commit; the caller frees it.
    func tree(ofCommit id: ObjectID) throws(GitError) -> OpaquePointer {
        try withCommit(id) { (commit) throws(GitError) in
            var tree: OpaquePointer?
            let code = git_commit_tree(&tree, commit)
            if code == GIT_ENOTFOUND.rawValue {
                throw GitError("missing tree of commit \(id.hex): the repository is incomplete", code: code)
            }
            try check(code, "cannot read the tree of \(id.hex)")
            guard let tree else { throw GitError("cannot read the tree of \(id.hex)") }
            return tree
        }
    }
}
