import CLibGit2
import TandemCore

/// An open git repository. Owns its libgit2 handle (freed in `deinit`); not shareable across threads — open one
/// per task, and pass only ids and values between tasks (libgit2 handles are not thread-safe, and Swift 6
/// refuses to send an `OpaquePointer`).
///
/// Opening (bare or with a work tree, discovered from a subfolder), revisions and blobs are here; ranges, walks,
/// tags and tree diffs are in `GitRepository+History.swift`; trees as `FileTree`s in `GitTree.swift`.
public final class GitRepository {
    let handle: OpaquePointer
    /// Blob contents by id, so nothing libgit2 says is unchanged is read twice. Bounded: cleared when it
    /// holds more than `blobCacheLimit` bytes.
    private var blobCache: [ObjectID: [UInt8]] = [:]
    private var blobCacheBytes = 0
    /// The blob cache's bound in bytes (256 MiB; `tandem drift` uses less: it reads most blobs once or twice).
    public var blobCacheLimit = 256 << 20

    /// Listings of whole subtrees by (tree id, path), so a walk of a revision reuses every folder that did
    /// not change since an earlier walk (`GitTree.listing`). Each listing remembers the walk that last used
    /// it; past `listingCacheLimit` entries, listings unused in the last four walks are dropped, so the
    /// cache holds what recent walks need, not the history.
    struct SubtreeKey: Hashable {
        var id: ObjectID
        var path: [UInt8]
    }
    var listingCache: [SubtreeKey: (entries: [TreeEntry], walk: Int)] = [:]
    var listingCacheEntries = 0
    var listingWalk = 0
    let listingCacheLimit = 1 << 16

    /// Drops the listings no recent walk used, when the cache is over its bound.
    func trimListingCache() {
        guard listingCacheEntries > listingCacheLimit else { return }
        listingCache = listingCache.filter { $0.value.walk >= listingWalk - 4 }
        listingCacheEntries = listingCache.values.reduce(0) { $0 + $1.entries.count }
    }

    /// The path it was opened from (to open another handle on another thread).
    public let path: String

    /// The commits where a shallow clone's history stops (`.git/shallow`), read once; empty for a complete
    /// repository (`GitRepository+Shallow.swift`).
    lazy var shallowBoundary: Set<ObjectID> = readShallowBoundary()
    /// Boundary commits that walks reached since the last `takeReachedBoundary()`, in the order reached, and
    /// every one ever recorded (each is recorded once).
    var reachedBoundary: [ObjectID] = []
    var recordedBoundary: Set<ObjectID> = []

    /// Opens the repository that contains `path` (the folder itself or any parent), bare or not.
    public init(discoveringFrom path: String) throws(GitError) {
        self.path = path
        LibGit2.ensureInitialized()
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError("not a git repository: '\(path)' (nor any of its parents)", code: code)
        }
        try check(code, "cannot open repository '\(path)'")
        guard let repository else { throw GitError("cannot open repository '\(path)': no handle returned") }
        handle = repository
    }

    deinit { git_repository_free(handle) }

    /// True for a repository without a work tree.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// The work tree's path (with a trailing slash), nil when bare.
    public var workingDirectory: String? {
        git_repository_workdir(handle).map { String(cString: $0) }
    }

    /// The id of the commit that `revision` names (`HEAD`, a branch, a tag — annotated tags are peeled —
    /// `v2.6.11^`, an abbreviated id).
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        let object = try peeledCommit(revision)
        defer { git_object_free(object) }
        guard let oid = git_object_id(object) else { throw GitError("unknown revision '\(revision)': no id") }
        return ObjectID(oid.pointee)
    }

    /// The bytes of the file at `path` in the tree of `revision`.
    public func blob(at path: String, revision: String) throws(GitError) -> [UInt8] {
        let commit = try peeledCommit(revision)
        defer { git_object_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "cannot read the tree of '\(revision)'")
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let found = git_tree_entry_bypath(&entry, tree, path)
        if found == GIT_ENOTFOUND.rawValue {
            throw GitError("no file '\(path)' at '\(revision)'", code: found)
        }
        try check(found, "cannot find '\(path)' at '\(revision)'")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else {
            throw GitError("'\(path)' at '\(revision)' is not a file")
        }
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, git_tree_entry_id(entry)), "cannot read '\(path)' at '\(revision)'")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The bytes of the blob `id` (cached).
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        if let cached = blobCache[id] { return cached }
        let bytes = try withBlob(id) { Array($0) }
        if blobCacheBytes + bytes.count > blobCacheLimit {
            blobCache.removeAll(keepingCapacity: true)
            blobCacheBytes = 0
        }
        blobCache[id] = bytes
        blobCacheBytes += bytes.count
        return bytes
    }

    /// Reads (inflates) the blob `id` and gives its bytes to `body` without copying or caching them.
    public func withBlob<R>(_ id: ObjectID, _ body: (UnsafeRawBufferPointer) -> R) throws(GitError) -> R {
        var oid = id.oid
        var blob: OpaquePointer?
        let code = git_blob_lookup(&blob, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError("missing object \(id.hex): the repository is incomplete", code: code)
        }
        try check(code, "cannot read blob \(id.hex)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        return body(UnsafeRawBufferPointer(start: size > 0 ? git_blob_rawcontent(blob) : nil, count: size))
    }

    /// Looks up the commit `id` and runs `body` with it (the handle is freed after).
    func withCommit<R>(_ id: ObjectID, _ body: (OpaquePointer?) throws(GitError) -> R) throws(GitError) -> R {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError("missing commit \(id.hex): the repository is incomplete", code: code)
        }
        try check(code, "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        return try body(commit)
    }

    /// `revision` resolved and peeled to a commit; the caller frees it.
    func peeledCommit(_ revision: String) throws(GitError) -> OpaquePointer {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitError(
                "unknown revision '\(revision)': "
                    + (code == GIT_EAMBIGUOUS.rawValue ? "ambiguous" : "not found in this repository"), code: code)
        }
        try check(code, "cannot resolve revision '\(revision)'")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "'\(revision)' does not name a commit")
        guard let commit else { throw GitError("'\(revision)' does not name a commit") }
        return commit
    }

    /// libgit2's version, e.g. `1.5.1`.
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
