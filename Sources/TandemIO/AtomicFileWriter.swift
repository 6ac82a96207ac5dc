#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `AtomicFile` for output that comes in pieces (a drift series written as it is measured): the pieces go to
/// a temporary file beside the target, and `commit` flushes it to disk and renames it over the target. Until
/// then readers see the old file (or none); a writer dropped without `commit` (an error, an interrupt that
/// unwinds) removes its temporary file and leaves the target untouched.
public final class AtomicFileWriter {
    public let path: String
    private var template: [CChar]
    private var fd: Int32
    private var done = false

    /// Starts writing the file at `path` (created with `mode`, or keeping an existing file's mode).
    public init(path: String, mode: mode_t = 0o644) throws(IOError) {
        self.path = path
        (fd, template) = TemporaryFile.create(beside: Array(path.utf8))
        guard fd >= 0 else { throw .errno("cannot write", path) }
        var existing = stat()
        let permissions = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : mode
        guard fchmod(fd, permissions) == 0 else {
            let error = IOError.errno("cannot write", path)
            abandon()
            throw error
        }
    }

    deinit { abandon() }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        precondition(!done, "write after commit")
        do {
            try ByteFile.writeAll(bytes, fd: fd, name: path)
        } catch {
            abandon()
            throw error
        }
    }

    public func write(_ text: String) throws(IOError) { try write(Array(text.utf8)) }

    /// Flushes the file to disk and renames it over the target.
    public func commit() throws(IOError) {
        precondition(!done, "commit twice")
        guard fsync(fd) == 0 else {
            let error = IOError.errno("cannot write", path)
            abandon()
            throw error
        }
        close(fd)
        let renamed = template.withUnsafeBufferPointer { rename($0.baseAddress!, path) }
        guard renamed == 0 else {
            let error = IOError.errno("cannot write", path)
            _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
            done = true
            throw error
        }
        done = true
    }

    /// Removes the temporary file; the target is untouched.
    private func abandon() {
        guard !done else { return }
        done = true
        close(fd)
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
    }
}
