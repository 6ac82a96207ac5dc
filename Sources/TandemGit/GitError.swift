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
enum LibGit2 {
    static let initialized: Int32 = git_libgit2_init()

    static func ensureInitialized() {
        _ = initialized
    }
}
