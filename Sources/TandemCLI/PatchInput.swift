#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import TandemCore
import TandemIO

/// The `[PATCH|-]` argument shared by commands that read a patch, and what reading it produced.
struct PatchInput: ParsableArguments {
    @Argument(help: "The patch file; '-' or nothing reads standard input.")
    var patch: String = "-"

    @Option(name: .customShort("p", allowingJoined: true), help: "Strip N leading path components from file names (as patch -p).")
    var strip: Int = 1

    func validate() throws {
        if strip < 0 { throw ValidationError("-p takes a number of components, 0 or more") }
    }

    /// Reads and parses the patch, printing diagnostics to standard error. Unreadable input exits 2.
    func load() throws -> PatchParser.Result { try Self.load(patch) }

    /// Reads and parses the patch at `path` ('-': standard input), printing diagnostics to standard error.
    /// Unreadable input exits 2.
    static func load(_ path: String) throws -> PatchParser.Result {
        let bytes: [UInt8]
        do {
            bytes = try ByteFile.read(path)
        } catch {
            Console.error(error.message)
            throw ExitCode(2)
        }
        let result = PatchParser.parse(bytes)
        printDiagnostics(result.diagnostics, path: path)
        return result
    }

    /// True, after a warning, when the patch read is empty: no bytes, or only blank lines (text with no file
    /// patch is already an error of the parser). A command that acts on a patch exits 1 then: an empty
    /// diff (made in the wrong folder, of the wrong revisions, with a typo in a path) is a mistake a CI job
    /// must notice, not a success.
    static func warnIfEmpty(_ result: PatchParser.Result, path: String, doing: String) -> Bool {
        guard result.patch.files.isEmpty, !result.hasErrors else { return false }
        Console.error("\(path == "-" ? "<stdin>" : path): warning: the patch is empty: nothing to \(doing) (an empty diff, or the wrong file?)")
        return true
    }

    /// Prints diagnostics as `NAME:LINE: [warning: ]message` to standard error.
    static func printDiagnostics(_ diagnostics: [Diagnostic], path: String) {
        let name = path == "-" ? "<stdin>" : path
        for diagnostic in diagnostics {
            let severity = diagnostic.severity == .warning ? "warning: " : ""
            Console.error("\(name):\(diagnostic.line): \(severity)\(diagnostic.message)")
        }
    }

    /// The patch at `path` ('-': standard input) as a stream of pieces (`PatchStream`); the environment
    /// variable TANDEM_PATCH_CHUNK sets the read size in bytes (tests use small ones). Unreadable input
    /// exits 2.
    static func stream(_ path: String) throws -> PatchStream {
        let reader: ByteReader
        do { reader = try ByteReader(path) } catch {
            Console.error(error.message)
            throw ExitCode(2)
        }
        let chunk = getenv("TANDEM_PATCH_CHUNK").flatMap { Int(String(cString: $0)) } ?? (1 << 22)
        return PatchStream(chunkSize: chunk) { buffer, count in try reader.read(into: &buffer, count: count) }
    }
}
