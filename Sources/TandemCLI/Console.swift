#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tandem
import TandemCore
import TandemIO

/// The only place tandem prints. Messages to standard error start with `tandem: ` and are one line each,
/// with control characters from inputs (ESC, CR, a line feed in a path) shown as escapes (`TerminalText`),
/// so a patch cannot rewrite the terminal through an error message.
enum Console {
    static func error(_ message: String) {
        var line = Array("tandem: \(TerminalText.escaped(message, keepingNewlines: false))\n".utf8)
        _ = line.withUnsafeMutableBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Writes `text` to standard error as it is: a report whose lines a renderer already made safe for a
    /// terminal (`TerminalText`), shown there because standard output carries something else.
    static func errorText(_ text: String) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let written = bytes[done...].withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            done += written
        }
    }

    /// Writes to standard output; a closed pipe or full disk throws `IOError` (exit 2).
    static func output(_ bytes: [UInt8]) throws {
        try ByteFile.writeStandardOutput(bytes)
    }

    static func output(_ text: String) throws { try output(Array(text.utf8)) }

    /// The use cases' warnings and notes, printed on standard error as they come.
    static let messages = Messages { Console.error($0) }
}
