import CLibGit2
import TandemCore

/// Tree-to-tree changes without libgit2's diff machinery: a merge walk over two trees' entries in git's
/// order (a directory sorts as its name followed by `/`), skipping every subtree whose id is unchanged —
/// the algorithm of `git diff-tree`. On a history walk this is several times faster than
/// `git_diff_tree_to_tree`, which builds iterators and full paths for every entry it visits.
extension GitRepository {
    /// A tree entry seen through libgit2's memory (valid while its tree is open): nothing is copied until a
    /// change is reported.
    struct Entry {
        var name: UnsafeRawBufferPointer
        var id: UnsafePointer<git_oid>
        var mode: UInt32
        var isTree: Bool { mode & 0o170000 == 0o040000 }
    }

    /// Paths that differ between the trees `old` and `new` (nil: the empty tree), in git's order.
    public func changedPaths(fromTree old: ObjectID?, toTree new: ObjectID?) throws(GitError) -> [ChangedPath] {
        var out: [ChangedPath] = []
        var a = old?.oid, b = new?.oid
        try withOptionalPointer(&a) { (pa) throws(GitError) in
            try withOptionalPointer(&b) { (pb) throws(GitError) in
                try compare(pa, pb, prefix: [], into: &out)
            }
        }
        return out
    }

    private func withOptionalPointer<R>(
        _ value: inout git_oid?, _ body: (UnsafePointer<git_oid>?) throws(GitError) -> R
    ) throws(GitError) -> R {
        guard var unwrapped = value else { return try body(nil) }
        return try withUnsafePointer(to: &unwrapped) { (p) throws(GitError) in try body(p) }
    }

    /// The tree id of a commit.
    public func treeID(ofCommit id: ObjectID) throws(GitError) -> ObjectID {
        try withCommit(id) { (commit) throws(GitError) in
            guard let tree = git_commit_tree_id(commit) else { throw GitError("commit \(id.hex) has no tree") }
            return ObjectID(tree.pointee)
        }
    }

    /// Opens a tree (nil for none); the caller frees it.
    private func openTree(_ id: UnsafePointer<git_oid>?) throws(GitError) -> OpaquePointer? {
        guard let id else { return nil }
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, handle, id)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError("missing tree \(ObjectID(id.pointee).hex): the repository is incomplete", code: code)
        }
        try check(code, "cannot read tree \(ObjectID(id.pointee).hex)")
        return tree
    }

    private func entry(_ tree: OpaquePointer?, _ index: Int) -> Entry? {
        guard let tree, let entry = git_tree_entry_byindex(tree, index), let cName = git_tree_entry_name(entry),
            let id = git_tree_entry_id(entry)
        else { return nil }
        var length = 0
        while cName[length] != 0 { length += 1 }
        return Entry(
            name: UnsafeRawBufferPointer(start: cName, count: length), id: id,
            mode: UInt32(git_tree_entry_filemode(entry).rawValue))
    }

    /// git's tree order: names compared bytewise, a tree's name as if followed by `/`.
    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        let x = a.name, y = b.name
        let n = min(x.count, y.count)
        for i in 0..<n where x[i] != y[i] { return x[i] < y[i] }
        let cx: UInt8 = x.count > n ? x[n] : (a.isTree ? 0x2F : 0)
        let cy: UInt8 = y.count > n ? y[n] : (b.isTree ? 0x2F : 0)
        return cx < cy
    }

    private func compare(
        _ old: UnsafePointer<git_oid>?, _ new: UnsafePointer<git_oid>?, prefix: [UInt8],
        into out: inout [ChangedPath]
    ) throws(GitError) {
        if let old, let new, git_oid_equal(old, new) != 0 { return }
        let ta = try openTree(old)
        defer { if let ta { git_tree_free(ta) } }
        let tb = try openTree(new)
        defer { if let tb { git_tree_free(tb) } }
        let na = ta.map { git_tree_entrycount($0) } ?? 0, nb = tb.map { git_tree_entrycount($0) } ?? 0
        var i = 0, j = 0
        while i < na || j < nb {
            let x = i < na ? entry(ta, i) : nil, y = j < nb ? entry(tb, j) : nil
            if let x, let y, x.isTree == y.isTree, x.name.elementsEqual(y.name) {
                i += 1
                j += 1
                if git_oid_equal(x.id, y.id) != 0 && x.mode == y.mode { continue }
                let path = prefix + x.name
                if x.isTree {
                    try compare(x.id, y.id, prefix: path + [0x2F], into: &out)
                } else {
                    let typeChanged = x.mode & 0o170000 != y.mode & 0o170000
                    out.append(
                        ChangedPath(
                            status: typeChanged ? .typeChanged : .modified, oldPath: path, newPath: path,
                            oldID: ObjectID(x.id.pointee), newID: ObjectID(y.id.pointee),
                            oldMode: x.mode, newMode: y.mode))
                }
            } else if let x, y.map({ Self.precedes(x, $0) }) ?? true {
                try removed(x, prefix: prefix, into: &out)
                i += 1
            } else if let y {
                try added(y, prefix: prefix, into: &out)
                j += 1
            } else {
                break
            }
        }
    }

    private func removed(_ entry: Entry, prefix: [UInt8], into out: inout [ChangedPath]) throws(GitError) {
        let path = prefix + entry.name
        if entry.isTree { return try compare(entry.id, nil, prefix: path + [0x2F], into: &out) }
        out.append(
            ChangedPath(
                status: .deleted, oldPath: path, newPath: nil, oldID: ObjectID(entry.id.pointee), newID: nil,
                oldMode: entry.mode, newMode: 0))
    }

    private func added(_ entry: Entry, prefix: [UInt8], into out: inout [ChangedPath]) throws(GitError) {
        let path = prefix + entry.name
        if entry.isTree { return try compare(nil, entry.id, prefix: path + [0x2F], into: &out) }
        out.append(
            ChangedPath(
                status: .added, oldPath: nil, newPath: path, oldID: nil, newID: ObjectID(entry.id.pointee),
                oldMode: 0, newMode: entry.mode))
    }

}
