import ArgumentParser
import TandemCore
import TandemGit
import TandemIO

/// Opens the trees named on the command line: a directory, or `REPO@REV` (a revision of a git repository,
/// `REPO` being any folder inside it; `@REV` alone means the current repository). A name that is an existing
/// directory is always the directory. Repositories are opened once per run and shared by their trees.
final class TreeSpec {
    private var repositories: [String: GitRepository] = [:]

    /// The tree `spec` names; trouble is printed and becomes exit 2.
    func open(_ spec: String) throws -> FileTree {
        do {
            if isDirectory(spec) { return try TreeRoot(spec) }
            guard let at = spec.lastIndex(of: "@") else {
                throw IOError("cannot use '\(spec)': not a directory, and not REPO@REV")
            }
            let path = spec[..<at].isEmpty ? "." : String(spec[..<at])
            let revision = String(spec[spec.index(after: at)...])
            guard !revision.isEmpty else { throw IOError("cannot use '\(spec)': no revision after '@'") }
            return try GitTree(repository: try repository(path), revision: revision)
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        } catch let error as GitError {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }

    /// The repository containing `path`, opened once.
    func repository(_ path: String) throws(GitError) -> GitRepository {
        if let open = repositories[path] { return open }
        let repository = try GitRepository(discoveringFrom: path)
        repositories[path] = repository
        return repository
    }

    private func isDirectory(_ path: String) -> Bool {
        (try? TreeRoot(path)) != nil
    }
}
