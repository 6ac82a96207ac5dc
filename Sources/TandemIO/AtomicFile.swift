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
/// and the target is untouched; a temporary file a killed run left behind is removed by the next write into
/// that folder (`TemporaryFile`).
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(IOError) {
        try write(bytes, toPath: Array(path.utf8), mode: mode, keepExistingMode: true)
    }

    /// Replaces (or creates) the file at the raw path `pathBytes` (not necessarily UTF-8) with `bytes`; the
    /// mode is `mode`, or the existing file's when `keepExistingMode` and it exists.
    public static func write(_ bytes: [UInt8], toPath pathBytes: [UInt8], mode: mode_t = 0o644,
                             keepExistingMode: Bool = true) throws(IOError) {
        let path = String(decoding: pathBytes, as: UTF8.self)
        let (fd, template) = TemporaryFile.create(beside: pathBytes)
        guard fd >= 0 else { throw .errno("cannot write", path) }
        var committed = false
        defer {
            if !committed { _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) } }
        }
        do {
            defer { close(fd) }
            try ByteFile.writeAll(bytes, fd: fd, name: path)
            var existing = stat()
            let exists = CPath.with(pathBytes) { stat($0, &existing) } == 0
            let permissions = keepExistingMode && exists ? existing.st_mode & 0o7777 : mode
            guard fchmod(fd, permissions) == 0, fsync(fd) == 0 else { throw IOError.errno("cannot write", path) }
        }
        let renamed = template.withUnsafeBufferPointer { temporary in
            CPath.with(pathBytes) { rename(temporary.baseAddress!, $0) }
        }
        guard renamed == 0 else { throw .errno("cannot write", path) }
        committed = true
    }
}
