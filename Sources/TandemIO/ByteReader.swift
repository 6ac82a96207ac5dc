#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file (or standard input) read in chunks, for input too large to hold whole: `PatchStream` pulls a
/// patch through one. The file is closed when the reader goes.
public final class ByteReader {
    private let fd: Int32
    private let name: String
    private let owned: Bool

    /// Opens `path` for reading; `-` is standard input. A directory is an error.
    public init(_ path: String) throws(IOError) {
        if path == "-" {
            (fd, name, owned) = (STDIN_FILENO, "standard input", false)
            return
        }
        let descriptor = CPath.with(Array(path.utf8)) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw .errno("cannot read", path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = IOError.errno("cannot read", path)
            close(descriptor)
            throw error
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw IOError("cannot read '\(path)': Is a directory")
        }
        (fd, name, owned) = (descriptor, path, true)
    }

    deinit { if owned { close(fd) } }

    /// Appends up to `count` bytes to `buffer` (fewer only at the end of the input) and returns how many.
    public func read(into buffer: inout [UInt8], count: Int) throws(IOError) -> Int {
        guard count > 0 else { return 0 }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let (done, failure) = buffer.withUnsafeMutableBufferPointer { ByteFile.readFully(fd: fd, into: $0.baseAddress! + start, count: count) }
        buffer.removeLast(count - done)
        if failure != 0 { throw .errno("cannot read", name, code: failure) }
        return done
    }
}
