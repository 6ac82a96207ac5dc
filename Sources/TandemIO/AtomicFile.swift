#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers (and a crash) see either the old file or the new one, never a mix.
///
/// The bytes go to a temporary file beside the target (same directory, so the same file system), which is
/// flushed to disk and then renamed over the target: rename is atomic on POSIX file systems. An existing
/// target's permission bits are kept; a new file gets `mode`. On any failure the temporary file is removed
/// and the target is untouched.
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(IOError) {
        let directory = Self.directory(of: path)
        var template = Array("\(directory)/.tandem-tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .errno("cannot write", path) }
        let temporary = String(cString: template.map { UInt8(bitPattern: $0) })
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try ByteFile.writeAll(bytes, fd: fd, name: path)
            var existing = stat()
            let permissions = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : mode
            guard fchmod(fd, permissions) == 0, fsync(fd) == 0 else { throw IOError.errno("cannot write", path) }
        }
        guard rename(temporary, path) == 0 else { throw .errno("cannot write", path) }
        committed = true
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
