/// A problem found in input text: where (1-based line) and what. Parsers return these beside their value and
/// never throw for bad content.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How bad it is: an `error` means some of the input could not be read as what it claimed to be
    /// (it was kept as opaque text); a `warning` means it was read, with a guess the user should know about.
    public enum Severity: String, Sendable {
        case error, warning
    }

    /// 1-based line number in the input.
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(line: Int, severity: Severity = .error, _ message: String) {
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// `line 42: hunk says 7 old lines, found 5`
    public var description: String { "line \(line): \(message)" }
}
