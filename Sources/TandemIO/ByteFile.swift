#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes of raw bytes through POSIX calls: no text decoding, no intermediate copies
/// (a 20 MB patch is read straight into one `[UInt8]`).
public enum ByteFile {
    /// True when `path` names a regular file (following links): one that can be read again from its start.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The bytes of the file at `path`; `-` reads standard input.
    public static func read(_ path: String) throws(IOError) -> [UInt8] {
        if path == "-" { return try readAll(fd: STDIN_FILENO, name: "standard input") }
        return try read(path, rawPath: Array(path.utf8))
    }

    /// The bytes and permission bits of the regular file at `rawPath`, or nil when nothing is there: one
    /// open and one fstat. A directory or a special file is an error.
    static func readIfPresent(_ path: String, rawPath: [UInt8]) throws(IOError) -> (bytes: [UInt8], mode: UInt32)? {
        let fd = CPath.with(rawPath) { open($0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 && (errno == ENOENT || errno == ENOTDIR) { return nil }
        guard fd >= 0 else { throw .errno("cannot read", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .errno("cannot read", path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw IOError("cannot patch '\(path)': it is a directory")
        default: throw IOError("cannot patch '\(path)': not a regular file")
        }
        return (try readAll(fd: fd, name: path, sizeHint: Int(info.st_size)), UInt32(info.st_mode & 0o7777))
    }

    /// The bytes of the file at the raw path `rawPath`; `path` names it in messages.
    static func read(_ path: String, rawPath: [UInt8]) throws(IOError) -> [UInt8] {
        let fd = CPath.with(rawPath) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw .errno("cannot read", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .errno("cannot read", path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw IOError("cannot read '\(path)': Is a directory") }
        return try readAll(fd: fd, name: path, sizeHint: Int(info.st_size))
    }

    /// The most bytes tandem reads from one input (a patch, a file of the tree, a JSON report): 2 GiB, or
    /// `TANDEM_MAX_INPUT` (bytes, or with a `K`, `M` or `G` suffix). An endless input (`tandem stat
    /// /dev/zero`) stops there with a clear error instead of when memory runs out.
    public static let inputLimit: Int = {
        guard let raw = getenv("TANDEM_MAX_INPUT").map({ String(cString: $0) }), !raw.isEmpty else { return 2 << 30 }
        let scale: Int
        switch raw.last {
        case "K", "k": scale = 1 << 10
        case "M", "m": scale = 1 << 20
        case "G", "g": scale = 1 << 30
        default: scale = 1
        }
        let digits = scale == 1 ? Substring(raw) : raw.dropLast()
        guard let value = Int(digits), value > 0, value <= Int.max / scale else { return 2 << 30 }
        return value * scale
    }()

    /// The error for an input over `inputLimit`.
    static func tooLarge(_ name: String) -> IOError {
        IOError(
            "cannot read '\(name)': it is larger than tandem's input limit of \(describe(inputLimit)) (set TANDEM_MAX_INPUT to raise it)"
        )
    }

    private static func describe(_ bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit)"
        }
        return "\(bytes) bytes"
    }

    /// Reads `fd` to its end: first straight into a buffer of the expected size, then in chunks for whatever
    /// comes after (standard input, a growing file). Stops with an error past `inputLimit`.
    static func readAll(fd: Int32, name: String, sizeHint: Int = 0) throws(IOError) -> [UInt8] {
        if sizeHint > inputLimit { throw tooLarge(name) }
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: max(sizeHint, 0)) { buffer, initialized in
            (initialized, failure) =
                buffer.baseAddress.map { readFully(fd: fd, into: $0, count: buffer.count) } ?? (0, 0)
        }
        if failure != 0 { throw .errno("cannot read", name, code: failure) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .errno("cannot read", name)
            }
            if got == 0 { return bytes }
            if bytes.count + got > inputLimit { throw tooLarge(name) }
            bytes.append(contentsOf: chunk[0..<got])
        }
    }

    /// Reads from `fd` until `count` bytes are in `base` or the input ends (retrying interrupted reads):
    /// how many arrived, and the errno of a failed read (0 when none failed). With `offset`, from there
    /// (`pread`: the descriptor's position stays).
    static func readFully(fd: Int32, into base: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int? = nil)
        -> (count: Int, failure: Int32)
    {
        var done = 0
        while done < count {
            let got =
                offset.map { pread(fd, base + done, count - done, off_t($0 + done)) }
                ?? Glibc.read(fd, base + done, count - done)
            if got < 0 {
                if errno == EINTR { continue }
                return (done, errno)
            }
            if got == 0 { break }
            done += got
        }
        return (done, 0)
    }

    /// Writes all of `bytes` to `fd`.
    public static func writeAll(_ bytes: [UInt8], fd: Int32, name: String) throws(IOError) {
        var failure: Int32 = 0
        bytes.withUnsafeBufferPointer { p in
            var done = 0
            while done < p.count {
                // done < p.count: the buffer is not empty, it has a base address.
                // swift-format-ignore: NeverForceUnwrap
                let n = write(fd, p.baseAddress! + done, p.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if failure != 0 { throw .errno("cannot write", name, code: failure) }
    }

    /// Writes `bytes` to standard output.
    public static func writeStandardOutput(_ bytes: [UInt8]) throws(IOError) {
        try writeAll(bytes, fd: STDOUT_FILENO, name: "standard output")
    }
}
