#if canImport(Glibc)
import Glibc
#endif
import CLibGit2
import TandemCore

/// A commit's tree as a `FileTree`: the `REPO@REV` spelling of every tree argument. Reads go through the
/// repository's blob cache; listings and content ids come from tree entries without reading blobs. A
/// symbolic link is listed as a file whose content is its target and whose mode is 0o120000, as git stores it.
public final class GitTree: FileTree {
    public let repository: GitRepository
    public let commit: ObjectID
    private let root: OpaquePointer

    /// The tree of `revision` in `repository`.
    public init(repository: GitRepository, revision: String) throws(GitError) {
        self.repository = repository
        commit = try repository.resolveCommit(revision)
        root = try repository.tree(ofCommit: commit)
    }

    deinit { git_tree_free(root) }

    /// The entry at `path`: its id and mode, or nil when there is no file there.
    private func entry(_ path: [UInt8]) throws(GitError) -> (id: ObjectID, mode: UInt32)? {
        guard !path.isEmpty, !path.contains(0) else { return nil }
        var entry: OpaquePointer?
        let code = path.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { buffer -> Int32 in
            let cString = Array(buffer) + [0]
            return git_tree_entry_bypath(&entry, root, cString)
        }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot look up '\(String(decoding: path, as: UTF8.self))' at \(commit.hex)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let id = git_tree_entry_id(entry) else { return nil }
        let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
        // A symbolic link is a blob holding its target; its mode keeps the link type (0o120000) so diffs say so.
        return (ObjectID(id.pointee), mode == 0o120000 ? mode : mode & 0o777)
    }

    public func gitlink(at path: [UInt8]) throws -> ObjectID? {
        guard !path.isEmpty, !path.contains(0) else { return nil }
        var entry: OpaquePointer?
        // The C string ends with its NUL, so it is not empty: its buffer has a base address.
        // swift-format-ignore: NeverForceUnwrap
        let code = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            git_tree_entry_bypath(&entry, root, $0.baseAddress!)
        }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot look up '\(String(decoding: path, as: UTF8.self))' at \(commit.hex)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_COMMIT, let id = git_tree_entry_id(entry) else { return nil }
        return ObjectID(id.pointee)
    }

    public func file(at path: [UInt8]) throws -> TreeFile? {
        guard let entry = try entry(path) else { return nil }
        return TreeFile(bytes: try repository.blob(entry.id), mode: entry.mode)
    }

    public func contentID(at path: [UInt8]) throws -> ObjectID? { try entry(path)?.id }

    public func contains(_ path: [UInt8]) throws -> Bool { try entry(path) != nil }

    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        try listing(under: prefixes).map(\.path)
    }

    /// Paths and blob ids from one walk of the tree objects; no blob is read.
    public func listing(under prefixes: [[UInt8]]) throws -> [TreeEntry] {
        var out: [TreeEntry] = []
        repository.listingWalk += 1
        try collect(root, prefix: [], into: &out, selecting: prefixes)
        repository.trimListingCache()
        return out.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    public func directories(in directory: [UInt8]) throws -> [[UInt8]] {
        var tree = root
        var owned: OpaquePointer?
        defer { if let owned { git_tree_free(owned) } }
        if !directory.isEmpty {
            var entry: OpaquePointer?
            // The C string ends with its NUL, so it is not empty: its buffer has a base address.
            // swift-format-ignore: NeverForceUnwrap
            let code = (directory.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
                git_tree_entry_bypath(&entry, root, $0.baseAddress!)
            }
            if code == GIT_ENOTFOUND.rawValue { return [] }
            try check(code, "cannot look up '\(String(decoding: directory, as: UTF8.self))' at \(commit.hex)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return [] }
            try check(
                git_tree_lookup(&owned, repository.handle, git_tree_entry_id(entry)),
                "cannot read tree '\(String(decoding: directory, as: UTF8.self))' at \(commit.hex)")
            guard let owned else { return [] }
            tree = owned
        }
        var names: [[UInt8]] = []
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), git_tree_entry_type(entry) == GIT_OBJECT_TREE,
                let cName = git_tree_entry_name(entry)
            else { continue }
            names.append(
                Array(
                    UnsafeBufferPointer(
                        start: UnsafeRawPointer(cName).assumingMemoryBound(to: UInt8.self), count: strlen(cName))))
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func collect(
        _ tree: OpaquePointer, prefix: [UInt8], into out: inout [TreeEntry],
        selecting prefixes: [[UInt8]]
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let cName = git_tree_entry_name(entry) else {
                continue
            }
            let name = Array(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer(cName).assumingMemoryBound(to: UInt8.self), count: strlen(cName)))
            let path = prefix.isEmpty ? name : prefix + [0x2F] + name
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                // Skip subtrees no prefix can be below or above.
                guard
                    prefixes.isEmpty
                        || prefixes.contains(where: { $0.starts(with: path) || pathIsSelected(path, by: [$0]) })
                else { continue }
                // A subtree selected whole is listed once per (tree id, path) and then taken from the cache.
                if pathIsSelected(path, by: prefixes), let id = git_tree_entry_id(entry) {
                    let key = GitRepository.SubtreeKey(id: ObjectID(id.pointee), path: path)
                    if let cached = repository.listingCache[key] {
                        repository.listingCache[key]?.walk = repository.listingWalk
                        out += cached.entries
                        continue
                    }
                    var listed: [TreeEntry] = []
                    var subtree: OpaquePointer?
                    try check(
                        git_tree_lookup(&subtree, repository.handle, id),
                        "cannot read tree '\(String(decoding: path, as: UTF8.self))' at \(commit.hex)")
                    defer { git_tree_free(subtree) }
                    if let subtree { try collect(subtree, prefix: path, into: &listed, selecting: prefixes) }
                    repository.listingCache[key] = (listed, repository.listingWalk)
                    repository.listingCacheEntries += listed.count
                    out += listed
                    continue
                }
                var subtree: OpaquePointer?
                try check(
                    git_tree_lookup(&subtree, repository.handle, git_tree_entry_id(entry)),
                    "cannot read tree '\(String(decoding: path, as: UTF8.self))' at \(commit.hex)")
                defer { git_tree_free(subtree) }
                if let subtree { try collect(subtree, prefix: path, into: &out, selecting: prefixes) }
            case GIT_OBJECT_BLOB:
                if pathIsSelected(path, by: prefixes), let id = git_tree_entry_id(entry) {
                    out.append(TreeEntry(path: path, id: ObjectID(id.pointee)))
                }
            default:
                continue
            }
        }
    }
}
