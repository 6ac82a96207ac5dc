#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import TandemCore
import TandemGit
import TandemIO
import TandemReport

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

extension Console {
    /// Runs `body`; trouble the libraries throw (an unreadable file or folder, a git error, a bad map, a bad
    /// report input, a drift series that cannot go on) is printed as its one line and becomes exit status 2.
    static func exitingOnTrouble<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as IOError {
            Console.error(error.message)
        } catch let error as GitError {
            Console.error(error.message)
        } catch let problem as ForkMapLoader.Problem {
            Console.error(problem.message)
        } catch let problem as ReportInput.Problem {
            Console.error(problem.message)
        } catch let failure as DriftFailure {
            Console.error(failure.message)
        }
        throw ExitCode(2)
    }
}

extension Console {
    /// Names, in one warning line, the commits where a shallow clone's history stopped a walk (each once per
    /// run): the walk worked with the history that is there, and the user should know where that ends.
    static func warnShallowBoundary(_ repository: GitRepository) {
        let reached = repository.takeReachedBoundary()
        guard !reached.isEmpty else { return }
        let names = reached.map { id -> String in
            let summary = (try? repository.commit(id).summary).map { " (\"\($0)\")" } ?? ""
            return String(id.hex.prefix(12)) + summary
        }
        Console.error("warning: shallow clone: history stops at \(names.joined(separator: ", ")); older commits are not in "
                      + "'\(repository.path)' (deepen it: git fetch --deepen N)")
    }
}
