#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input that can be read only once (standard input, a pipe, `<(git diff …)`) copied into a temporary
/// file that no longer has a name, so it can be read as often as a regular file: what GNU patch does with a
/// patch on standard input. A streamed `tandem port` reads its patch twice (a first pass finds the moves
/// between files and where each file patch lies, `MovedAwayScan`); with a copy, a piped patch gets the same
/// verdicts as the same patch in a file.
///
/// The file is made in `TMPDIR` (or `/tmp`), readable by its owner only, without a name (Linux's
/// `O_TMPFILE`): it goes when the last descriptor closes, even if the run is killed. Where the file system
/// cannot (`O_TMPFILE` refused), it is made by `mkstemp` and unlinked at once (a kill between the two calls
/// leaves an empty `tandem-spool-*` file, as GNU patch leaves its copies). Memory stays bounded: the input
/// passes through a 1 MiB buffer.
public final class SpooledInput {
    private let fd: Int32
    /// The input's name in messages.
    public let name: String

    private init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    deinit { close(fd) }

    /// All of `path` (`-`: standard input) copied into an unnamed temporary file; nil when no temporary file
    /// can be made (nothing was read then: the caller reads the input once, as it would have). A read or a
    /// write that fails once the copy started is an error: the input is gone by then.
    public static func spool(_ path: String) throws(IOError) -> SpooledInput? { try spool(path, unnamed: true) }

    /// `spool(_:)`; `unnamed` false goes straight to `mkstemp` (what a file system without `O_TMPFILE` gets).
    static func spool(_ path: String, unnamed tryUnnamed: Bool) throws(IOError) -> SpooledInput? {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        #if os(Linux)
        if tryUnnamed {
            // O_TMPFILE is __O_TMPFILE | O_DIRECTORY, and __O_TMPFILE is 020000000 on every Linux port.
            let unnamed = CPath.with(Array(folder.utf8)) {
                open($0, Int32(0o20000000) | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o600)
            }
            if unnamed >= 0 {
                return try copy(path, into: SpooledInput(fd: unnamed, name: Self.name(path)), folder: folder)
            }
        }
        #endif
        var template =
            Array((folder.hasSuffix("/") ? folder : folder + "/").utf8) + Array("tandem-spool-XXXXXX".utf8)
            + [0]
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mkstemp($0) }
            }
                ?? -1
        }
        guard fd >= 0 else { return nil }
        _ = CPath.with(Array(template.dropLast())) { unlink($0) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return try copy(path, into: SpooledInput(fd: fd, name: Self.name(path)), folder: folder)
    }

    private static func name(_ path: String) -> String { path == "-" ? "standard input" : path }

    /// Copies all of `path` into `spooled`'s file.
    private static func copy(_ path: String, into spooled: SpooledInput, folder: String) throws(IOError)
        -> SpooledInput
    {
        let input = try ByteReader(path)
        var buffer: [UInt8] = []
        while true {
            buffer.removeAll(keepingCapacity: true)
            guard try input.read(into: &buffer, count: 1 << 20) > 0 else { break }
            do {
                try ByteFile.writeAll(buffer, fd: spooled.fd, name: folder)
            } catch {
                throw IOError("cannot copy \(spooled.name) into a temporary file: \(error.message)")
            }
        }
        return spooled
    }

    /// A reader of the copy from its start, at a position of its own.
    public func reader() throws(IOError) -> ByteReader { try ByteReader(sharing: fd, name: name) }
}
