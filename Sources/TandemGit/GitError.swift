import CLibGit2

/// Trouble reading a repository, as one "what: why" line (`unknown revision 'v9': reference not found`).
public struct GitError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// libgit2's return code (`GIT_ENOTFOUND` …), 0 when the error is tandem's own.
    public var code: Int32

    public init(_ message: String, code: Int32 = 0) {
        self.message = message
        self.code = code
    }

    public var description: String { message }

    /// True when the error says a revision name names nothing in the repository (not found, or not a
    /// valid name), as opposed to trouble reading what it names.
    public var isUnknownRevision: Bool { code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue }
}

/// The one place every `git_*` return code is checked (house rule 2). libgit2 1.5 may leave
/// `git_error_last()` NULL, so failure is decided from the return code alone and the message falls back to it.
@discardableResult
func check(_ code: Int32, _ what: @autoclosure () -> String) throws(GitError) -> Int32 {
    guard code < 0 else { return code }
    var why = "libgit2 error \(code)"
    if let error = git_error_last(), let text = error.pointee.message {
        why = String(cString: text)
    }
    throw GitError("\(what()): \(why)", code: code)
}

/// libgit2's global state, set up once (a global `let` initialiser runs exactly once, thread-safely). It is
/// never shut down: other threads may still hold repositories when the process ends.
public enum LibGit2 {
    /// Initialises libgit2 and turns off strict hash verification of every object read (about 20% of a history
    /// walk; objects are still checked when written, and a missing object is still an error).
    static let initialized: Int32 = {
        let count = git_libgit2_init()
        _ = tandem_git_set_strict_hash_verification(0)
        _ = tandem_git_set_tree_cache_limit(1 << 20)
        return count
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Bounds libgit2's object cache (commits and trees it keeps decoded) to `bytes` for the whole process.
    /// The default, 256 MiB, suits a few passes over one tree; a walk over thousands of revisions that
    /// never revisits a tree (`tandem drift`, which caches listings itself) should keep it small, so memory
    /// does not grow with the length of history.
    public static func setObjectCacheLimit(bytes: Int) {
        ensureInitialized()
        _ = tandem_git_set_cache_max_size(Int64(bytes))
    }
}
