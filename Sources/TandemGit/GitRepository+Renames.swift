#if canImport(Glibc)
import Glibc
#endif
import CLibGit2
import TandemCore

/// Changed paths with renames, for patches made from history (`port --upstream --range`, `siblings`,
/// `hooks --history`) and drift's pairing.
///
/// libgit2's similarity detection (`git_diff_find_similar`) is slow on a big diff (10 s where git takes 1.3 s
/// on a kernel release), so it is asked only what it must answer:
/// 1. the changed paths come from the fast tree walk (`changedPaths(fromTree:toTree:)`);
/// 2. only when some file was deleted and some added can there be a rename; then libgit2 diffs just those
///    paths (a literal pathspec) and proposes pairs by its own sampled similarity; a pair stands when git's
///    score (`RenameScore`, git's `diffcore-delta`) is 50% or more, as with git's `-M`, and that score is
///    the one written. Modified files are never rename sources, as with git's default (no `-B`);
/// 3. when deleted × added exceeds `limit`² (git's `diff.renameLimit`, 1000 by default), only exact renames
///    (equal blob ids) are looked for, as git does past its limit, and the result says so.
/// The renames replace their deletion and addition; the list is in bytewise order of the paths shown.
extension GitRepository {
    /// Paths that differ between the trees of two commits (`from` nil: the empty tree, so everything is
    /// added). No rename detection unless `detectRenames`.
    public func changedPaths(from: ObjectID?, to: ObjectID, detectRenames: Bool = false) throws(GitError)
        -> [ChangedPath]
    {
        if detectRenames { return try changedPathsFindingRenames(from: from, to: to).changes }
        return try changedPaths(
            fromTree: try from.map { id throws(GitError) in try treeID(ofCommit: id) }, toTree: try treeID(ofCommit: to)
        )
    }

    /// Changed paths between two commits (`from` nil: the empty tree) with renames, and whether the search
    /// for inexact renames was skipped for being over the limit.
    public func changedPathsFindingRenames(from: ObjectID?, to: ObjectID, limit: Int = 1000) throws(GitError)
        -> (changes: [ChangedPath], exactOnly: Bool)
    {
        let fast = try changedPaths(from: from, to: to)
        func isBlob(_ mode: UInt32) -> Bool { mode & 0o170000 == 0o100000 || mode & 0o170000 == 0o120000 }
        let deleted = fast.filter { $0.status == .deleted && isBlob($0.oldMode) }
        let added = fast.filter { $0.status == .added && isBlob($0.newMode) }
        guard !deleted.isEmpty, !added.isEmpty else { return (fast, false) }
        let exactOnly = deleted.count * added.count > limit * limit
        let renames = try findRenames(
            from: from, to: to, paths: (deleted + added).compactMap { $0.oldPath ?? $0.newPath },
            exactOnly: exactOnly, limit: limit)
        guard !renames.isEmpty else { return (fast, exactOnly) }
        let sources = Set(renames.compactMap(\.oldPath)), targets = Set(renames.compactMap(\.newPath))
        var out = fast.filter { change in
            !(change.status == .deleted && change.oldPath.map(sources.contains) == true)
                && !(change.status == .added && change.newPath.map(targets.contains) == true)
        }
        out += renames
        out.sort { $0.path.lexicographicallyPrecedes($1.path) }
        return (out, exactOnly)
    }

    /// libgit2's renames among `paths` between the two commits' trees.
    private func findRenames(from: ObjectID?, to: ObjectID, paths: [[UInt8]], exactOnly: Bool, limit: Int)
        throws(GitError) -> [ChangedPath]
    {
        let newTree = try tree(ofCommit: to)
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        if let from { oldTree = try tree(ofCommit: from) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, 1), "cannot set up a tree diff")
        options.flags |= GIT_DIFF_SKIP_BINARY_CHECK.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        // The pathspec: C strings owned here, freed after the diff.
        var strings: [UnsafeMutablePointer<CChar>?] = paths.map { path in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: path.count + 1)
            for (i, byte) in path.enumerated() { buffer[i] = CChar(bitPattern: byte) }
            buffer[path.count] = 0
            return buffer
        }
        defer { for string in strings { string?.deallocate() } }
        var diff: OpaquePointer?
        let code = strings.withUnsafeMutableBufferPointer { buffer -> Int32 in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options)
        }
        try check(code, "cannot compare trees of \(to.hex)")
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, 1), "cannot set up rename detection")
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | (exactOnly ? GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue : 0)
        find.rename_limit = limit
        try check(git_diff_find_similar(diff, &find), "cannot detect renames in \(to.hex)")
        var out: [ChangedPath] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee, delta.status == GIT_DELTA_RENAMED else {
                continue
            }
            func path(_ p: UnsafePointer<CChar>?) -> [UInt8]? {
                p.map {
                    Array(
                        UnsafeBufferPointer(
                            start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0)))
                }
            }
            let oldID = ObjectID(delta.old_file.id), newID = ObjectID(delta.new_file.id)
            // libgit2's sampled metric is more lenient than git's (it paired files git scores at 27%): a
            // candidate stands only when git's own score (`RenameScore`) reaches 50%, and that is the score shown.
            let score = oldID == newID ? 100 : RenameScore.percent(try blob(oldID), try blob(newID))
            guard score >= 50 else { continue }
            out.append(
                ChangedPath(
                    status: .renamed, oldPath: path(delta.old_file.path), newPath: path(delta.new_file.path),
                    oldID: oldID, newID: newID,
                    oldMode: UInt32(delta.old_file.mode), newMode: UInt32(delta.new_file.mode),
                    similarity: score))
        }
        return out
    }
}
