import TandemCore
import TandemGit
import TandemIO

/// Where a use case's warnings and notes go while it runs (`warning: shallow clone: …`, `using the map
/// ./tandem.yml: …`, a patch's diagnostics): the command line prints each on standard error as it comes; a
/// test or another program collects them. Use cases never print.
public struct Messages: Sendable {
    private let sink: @Sendable (String) -> Void

    /// Messages handed to `sink`, one line each.
    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    /// Passes one line on.
    public func say(_ line: String) { sink(line) }

    /// Diagnostics of input named `path` ('-': standard input), one `NAME:LINE: [warning: ]message` line
    /// each.
    public func say(_ diagnostics: [Diagnostic], path: String) {
        let name = path == "-" ? "<stdin>" : path
        for diagnostic in diagnostics {
            let severity = diagnostic.severity == .warning ? "warning: " : ""
            say("\(name):\(diagnostic.line): \(severity)\(diagnostic.message)")
        }
    }

    /// Messages dropped.
    public static let ignored = Messages { _ in }

    /// Messages kept in memory, with the `Messages` that adds to them.
    public static func collecting() -> (messages: Messages, lines: Locked<[String]>) {
        let lines = Locked<[String]>([])
        return (Messages { line in lines.withLock { $0.append(line) } }, lines)
    }
}

extension Messages {
    /// Names, in one warning line, the commits where a shallow clone's history stopped a walk (each once per
    /// run): the walk worked with the history that is there, and the user should know where that ends.
    public func warnShallowBoundary(_ repository: GitRepository) {
        let reached = repository.takeReachedBoundary()
        guard !reached.isEmpty else { return }
        let names = reached.map { id -> String in
            let summary = (try? repository.commit(id).summary).map { " (\"\($0)\")" } ?? ""
            return String(id.hex.prefix(12)) + summary
        }
        say(
            "warning: shallow clone: history stops at \(names.joined(separator: ", ")); older commits are not in "
                + "'\(repository.path)' (deepen it: git fetch --deepen N)")
    }
}
