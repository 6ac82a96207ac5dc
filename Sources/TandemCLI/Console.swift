#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import TandemIO

/// The only place tandem prints. Messages to standard error start with `tandem: `.
enum Console {
    static func error(_ message: String) {
        var line = Array("tandem: \(message)\n".utf8)
        _ = line.withUnsafeMutableBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Writes to standard output; a closed pipe or full disk is trouble (exit 2).
    static func output(_ bytes: [UInt8]) throws {
        do {
            try ByteFile.writeStandardOutput(bytes)
        } catch {
            Self.error(error.message)
            throw ExitCode(2)
        }
    }

    static func output(_ text: String) throws { try output(Array(text.utf8)) }
}
