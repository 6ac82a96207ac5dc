import ArgumentParser
import Tandem

/// `tandem`: the root command. Exit codes: 0 success, 1 findings (a patch with malformed parts, hunks that do
/// not apply), 2 trouble (unreadable input, bad configuration), 64 usage.
public struct TandemCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Carry upstream changes onto forked copies of source files.",
        discussion: """
            Exit status: 0 success; 1 findings (malformed parts of a patch, hunks that do not apply); \
            2 trouble (unreadable input); 64 usage errors.
            """,
        version: TandemCommand.version,
        subcommands: [
            StatCommand.self, FilterCommand.self, ApplyCommand.self, PortCommand.self, MapCommand.self,
            DiffCommand.self, LogCommand.self, DriftCommand.self, ReportCommand.self, DashboardCommand.self,
            HooksCommand.self, SiblingsCommand.self,
        ]
    )

    /// The version tandem reports (`--version`, SARIF's tool version).
    static let version = "0.1.0"

    public init() {}

    /// Runs tandem with the program's arguments: the one place where errors become exit statuses. A help
    /// topic that names no command is a usage error (64), not the root help with exit 0 (`HelpTopic`).
    /// Parsing problems, help and `--version` are ArgumentParser's to print (usage errors exit 64); a
    /// `TandemError` prints its message (when it has one) as `tandem: MESSAGE` and exits with its status;
    /// any other error (one a library forgot to make a `TandemError`) is still trouble (2), never 1.
    public static func main() {
        if let problem = HelpTopic.problem(in: Array(CommandLine.arguments.dropFirst()), root: Self.self) {
            exit(withError: ValidationError(problem))
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(nil)
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as TandemError {
            if !error.message.isEmpty { Console.error(error.message) }
            exit(withError: ExitCode(error.exitStatus))
        } catch let error where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Help, `--version`, usage errors raised while running: ArgumentParser prints them.
            exit(withError: error)
        } catch {
            Console.error("\(error)")
            exit(withError: ExitCode(2))
        }
    }
}
