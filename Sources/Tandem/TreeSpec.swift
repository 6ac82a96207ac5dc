import TandemCore
import TandemGit
import TandemIO

/// Opens the trees named on the command line: a directory, or `REPO@REV` (a revision of a git repository,
/// `REPO` being any folder inside it; `@REV` alone means the current repository). A name that is an existing
/// directory is always the directory. Repositories are opened once per run and shared by their trees.
public final class TreeSpec {
    private var repositories: [String: GitRepository] = [:]

    public init() {}

    /// The tree `spec` names; throws `IOError` or `GitError`.
    public func open(_ spec: String) throws -> FileTree {
        if isDirectory(spec) { return try TreeRoot(spec) }
        guard let (path, revision) = Self.split(spec, isDirectory: isDirectory) else {
            throw IOError("cannot use '\(spec)': not a directory, and not REPO@REV")
        }
        guard !revision.isEmpty else { throw IOError("cannot use '\(spec)': no revision after '@'") }
        return try GitTree(repository: try repository(path), revision: revision)
    }

    /// `REPO@REV` as its repository folder and revision, nil when there is no `@`. Revisions have `@`s of
    /// their own (`HEAD@{1}`, `@{-1}`, `@`), so the split is at the first `@` whose left side is an existing
    /// folder (an empty left side is the current one), skipping the `@` of `@{`; when none is, at the first
    /// `@`, so the error names that folder. `@{-1}` alone is a revision of the current repository.
    public static func split(_ spec: String, isDirectory: (String) -> Bool) -> (path: String, revision: String)? {
        var candidates: [String.Index] = []
        var index = spec.startIndex
        while let at = spec[index...].firstIndex(of: "@") {
            let next = spec.index(after: at)
            if next == spec.endIndex || spec[next] != "{" { candidates.append(at) }
            index = next
        }
        func parts(_ at: String.Index) -> (path: String, revision: String) {
            (spec[..<at].isEmpty ? "." : String(spec[..<at]), String(spec[spec.index(after: at)...]))
        }
        if let found = candidates.first(where: { at in
            let (path, revision) = parts(at)
            return !revision.isEmpty && isDirectory(path)
        }) {
            return parts(found)
        }
        if spec.hasPrefix("@{") { return (".", spec) }
        return candidates.first.map(parts)
    }

    /// The folder of a `REPO@REV` spelling (nil for a directory or a spelling without `@`).
    public func repositoryPath(of spec: String) -> String? {
        if isDirectory(spec) { return nil }
        return Self.split(spec, isDirectory: isDirectory)?.path
    }

    /// The repository containing `path`, opened once.
    public func repository(_ path: String) throws(GitError) -> GitRepository {
        if let open = repositories[path] { return open }
        let repository = try GitRepository(discoveringFrom: path)
        repositories[path] = repository
        return repository
    }

    private func isDirectory(_ path: String) -> Bool {
        (try? TreeRoot(path)) != nil
    }
}
