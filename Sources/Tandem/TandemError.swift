import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// Every error tandem reports: one line of message, the exit status it stands for, and the file and line it
/// is about when there are some. The command line
/// catches them in one place (`TandemCommand.main`), prints the message as `tandem: MESSAGE` and exits with
/// `exitStatus`; a library caller reads the same two fields. The libraries' own error types (an unreadable
/// file, a git failure, a bad map, bad report input) conform here, so an error type that is not on a list
/// cannot fall through to a wrong status.
///
/// Exit statuses: 1 findings (something needs a person, or input that looks like a mistake), 2 trouble
/// (unreadable input, bad configuration, a write that failed).
public protocol TandemError: Error, CustomStringConvertible {
    /// One line: what went wrong, and why; it names the file (and line) when there is one.
    var message: String { get }
    /// The process exit status the error stands for.
    var exitStatus: Int32 { get }
    /// The file the error is about, when there is one (the message names it too).
    var file: String? { get }
    /// The 1-based line in `file`, when the error is about one.
    var line: Int? { get }
}

extension TandemError {
    public var exitStatus: Int32 { 2 }
    public var file: String? { nil }
    public var line: Int? { nil }
    public var description: String { message }
}

/// A failure of a use case that is not an error of a lower layer: a range with no commits, a map that names
/// nothing to do, a patch that touches no mapped file.
public struct Failure: TandemError, Equatable {
    public var message: String
    public var exitStatus: Int32
    public var file: String?
    public var line: Int?

    /// A failure with `message` (which may be empty when the problem was already reported) and `status`,
    /// about `file` (and `line` in it) when there is one.
    public init(_ message: String, status: Int32 = 2, file: String? = nil, line: Int? = nil) {
        self.message = message
        self.exitStatus = status
        self.file = file
        self.line = line
    }

    /// Findings were reported (on the output, or as warnings): exit 1, with nothing more to say.
    public static let findings = Failure("", status: 1)
}

extension IOError: TandemError {}
extension GitError: TandemError {}
extension ForkMapLoader.Problem: TandemError {}
extension ReportInput.Problem: TandemError {}
extension VersionRule.Failure: TandemError {}
extension ClaimTie: TandemError {}
