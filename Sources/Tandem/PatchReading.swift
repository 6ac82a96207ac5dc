#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore
import TandemIO

/// Reading the patch a command is given: a file or standard input ('-'), whole or as a stream of pieces,
/// with the parser's diagnostics passed to `Messages` as `NAME:LINE: message` lines.
public enum PatchReading {
    /// Reads and parses the patch at `path` ('-': standard input). Unreadable input throws `IOError`.
    public static func load(_ path: String, messages: Messages) throws -> PatchParser.Result {
        let result = PatchParser.parse(try ByteFile.read(path))
        messages.say(result.diagnostics, path: path)
        return result
    }

    /// The warning for a patch that is empty (no bytes, or only blank lines; text with no file patch is
    /// already an error of the parser), nil otherwise. A command that acts on a patch exits 1 then: an empty
    /// diff (made in the wrong folder, of the wrong revisions, with a typo in a path) is a mistake a CI job
    /// must notice, not a success.
    public static func emptyWarning(_ result: PatchParser.Result, path: String, doing: String) -> String? {
        guard result.patch.files.isEmpty, !result.hasErrors else { return nil }
        return
            "\(path == "-" ? "<stdin>" : path): warning: the patch is empty: nothing to \(doing) (an empty diff, or the wrong file?)"
    }

    /// True when the patch at `path` can be read twice: a regular file (following links). Standard input, a
    /// pipe, a FIFO or a process substitution (`<(git diff …)`) is read once.
    public static func isRereadable(_ path: String) -> Bool { path != "-" && ByteFile.isRegularFile(path) }

    /// The file patches of the patch `reader` reads whose old name (after stripping `strip` components) is
    /// in `wanted`, read again at the places a first pass found them (`spans`, by path), the rest of the
    /// patch unread; diagnostics are left to the first reading, and an unreadable file gives none.
    public static func files(
        _ reader: ByteReader?, strip: Int, among wanted: Set<[UInt8]>, spans: [[UInt8]: [Range<Int>]]
    ) -> [FilePatch] {
        guard let reader else { return [] }
        var out: [FilePatch] = []
        for name in wanted {
            for span in spans[name] ?? [] {
                guard let bytes = try? reader.bytes(at: span.lowerBound, count: span.count) else { continue }
                out += PatchParser.parse(bytes).patch.files.filter {
                    $0.oldName(strip: strip).map(wanted.contains) ?? false
                }
            }
        }
        return out
    }

    /// The patch at `path` ('-': standard input) as a stream of pieces (`PatchStream`); the environment
    /// variable TANDEM_PATCH_CHUNK sets the read size in bytes (tests use small ones). Unreadable input
    /// throws `IOError`.
    public static func stream(_ path: String) throws -> PatchStream {
        stream(reader: try ByteReader(path))
    }

    /// The patch `reader` reads, as a stream of pieces (see `stream(_:)`).
    public static func stream(reader: ByteReader) -> PatchStream {
        let chunk = getenv("TANDEM_PATCH_CHUNK").flatMap { Int(String(cString: $0)) } ?? (1 << 22)
        return PatchStream(chunkSize: chunk) { buffer, count in try reader.read(into: &buffer, count: count) }
    }
}
