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
    private var scratch = [UInt8](repeating: 0, count: 1 << 20)
    /// Bytes handed out so far (checked against `ByteFile.inputLimit`).
    private var total = 0
    /// For a reader `sharing` a file: where it reads next (it reads at its own position, so several readers
    /// of one open file do not move each other); nil: the descriptor's own position.
    private var position: Int?

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

    /// A reader of its own over the open file `descriptor` (duplicated, not taken), from the file's start,
    /// at a position of its own (`SpooledInput`); `name` names it in messages.
    public init(sharing descriptor: Int32, name: String) throws(IOError) {
        let own = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard own >= 0 else { throw .errno("cannot read", name) }
        (fd, self.name, owned) = (own, name, true)
        position = 0
    }

    deinit { if owned { close(fd) } }

    /// The `count` bytes at `offset` of a file (fewer at its end), without moving the reading position; a
    /// file patch read again by its place (`MovedAwayScan.spans`). Standard input cannot be read so.
    public func bytes(at offset: Int, count: Int) throws(IOError) -> [UInt8] {
        guard owned else { throw IOError("cannot read \(name) twice") }
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let (done, failure) = out.withUnsafeMutableBufferPointer { buffer in
            // `out` holds `count` > 0 bytes: its buffer has a base address.
            // swift-format-ignore: NeverForceUnwrap
            ByteFile.readFully(fd: fd, into: buffer.baseAddress!, count: count, at: offset)
        }
        if failure != 0 { throw .errno("cannot read", name, code: failure) }
        out.removeLast(count - done)
        return out
    }

    /// Appends up to `count` bytes to `buffer` (fewer only at the end of the input) and returns how many.
    /// Reads go through a 1 MiB scratch buffer, so the array grows only by what arrived (never by a
    /// zero-filled reservation of `count`).
    public func read(into buffer: inout [UInt8], count: Int) throws(IOError) -> Int {
        var done = 0
        while done < count {
            let want = min(count - done, scratch.count)
            // scratch is 1 MiB: its buffer has a base address.
            // swift-format-ignore: NeverForceUnwrap
            let (got, failure) = scratch.withUnsafeMutableBufferPointer {
                ByteFile.readFully(fd: fd, into: $0.baseAddress!, count: want, at: position)
            }
            position? += got
            total += got
            if total > ByteFile.inputLimit { throw ByteFile.tooLarge(name) }
            buffer.append(contentsOf: scratch[0..<got])
            done += got
            if failure != 0 { throw .errno("cannot read", name, code: failure) }
            if got < want { break }
        }
        return done
    }
}
