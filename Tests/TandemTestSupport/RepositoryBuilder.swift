// Real git repositories for tests. tandem reads history through libgit2 and never runs git; tests build the
// repositories it reads with the git CLI, in scratch folders, and check tandem against git's own answers.
// Every git run here has a fixed identity, fixed author and committer dates (so a history built twice has
// the same commit ids) and neither the user's nor the system's git configuration (no signing, no hooks
// paths, no autocrlf from the machine running the tests).
import Foundation

/// A git repository built with the git CLI: `git init`, files written, commits made, any git command run.
public struct RepositoryBuilder: Sendable {
    /// A git run that exited with a failure status.
    public struct Failure: Error, CustomStringConvertible {
        public var arguments: [String]
        public var stderr: String
        public var description: String { "git \(arguments.joined(separator: " ")) failed: \(stderr)" }
    }

    /// The author and committer date of every commit unless `commit(_:date:)` says otherwise.
    public static let date = "2005-06-17T19:48:29Z"

    /// The repository's work tree.
    public let path: String

    /// A new repository with `main` checked out, in a new scratch folder (`cleanup()` removes it).
    public init() throws {
        try self.init(at: try Scratch("git").path)
    }

    /// A new repository at `path` (made when missing) with `branch` checked out.
    public init(at path: String, branch: String = "main") throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", branch)
    }

    /// The repository (or plain folder, to clone into) at `path` as it is, to run git there.
    public init(existing path: String) {
        self.path = path
    }

    /// Removes the repository's folder.
    public func cleanup() { try? FileManager.default.removeItem(atPath: path) }

    /// Runs `git -C PATH ARGUMENTS` with the fixed identity and configuration, dated `date`; the exit status
    /// is the caller's to check.
    public func run(_ arguments: [String], date: String = RepositoryBuilder.date) throws -> Run {
        let configuration = [
            "-c", "user.name=Tandem Test", "-c", "user.email=test@tandem.invalid", "-c", "commit.gpgsign=false",
            "-c", "tag.gpgsign=false", "-c", "core.autocrlf=false",
        ]
        let environment = [
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        return try TandemTestSupport.run(
            "/usr/bin/git", ["-C", path] + configuration + arguments, environment: environment)
    }

    /// Runs git as `run(_:date:)` does and returns its stdout less surrounding white space; throws `Failure`
    /// when git fails.
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try checked(arguments, date: Self.date)
    }

    /// Writes `bytes` at `relative` in the work tree, making its folders.
    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        try Scratch.writeFile(path + "/" + relative, bytes, mode: nil)
    }

    /// Writes `text` at `relative` in the work tree, making its folders.
    public func write(_ relative: String, _ text: String) throws {
        try Scratch.writeFile(path + "/" + relative, Array(text.utf8), mode: nil)
    }

    /// Commits everything in the work tree (`git add -A`, `git commit -q -m MESSAGE`) dated `date`, and
    /// returns the new commit's id.
    @discardableResult
    public func commit(_ message: String, date: String = RepositoryBuilder.date) throws -> String {
        try checked(["add", "-A"], date: date)
        try checked(["commit", "-q", "-m", message], date: date)
        return try checked(["rev-parse", "HEAD"], date: date)
    }

    @discardableResult
    private func checked(_ arguments: [String], date: String) throws -> String {
        let result = try run(arguments, date: date)
        guard result.status == 0 else { throw Failure(arguments: arguments, stderr: result.stderr) }
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
