#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `AtomicFile` for output that comes in pieces (a drift series written as it is measured): the pieces go to
/// a temporary file beside the target, and `commit` flushes it to disk and renames it over the target. Until
/// then readers see the old file (or none); a writer dropped without `commit` (an error, an interrupt that
/// unwinds) removes its temporary file and leaves the target untouched. A target that is a device, FIFO or
/// socket is written into directly as the pieces come (there is nothing to rename over).
public final class AtomicFileWriter {
    public let path: String
    private enum State {
        case replacing(folder: Descriptor, name: [UInt8], fd: Int32, temporary: [UInt8])
        case direct(fd: Int32)
        case done
    }
    private var state: State

    /// Starts writing the output file at `path` (see `AtomicFile` for what an output may be).
    public init(path: String) throws(IOError) {
        self.path = path
        switch try OutputTarget(path) {
        case .direct(let fd): state = .direct(fd: fd)
        case .replace(let folder, let name):
            let file = try AtomicFile.begin(in: folder.fd, name: name, shown: path)
            state = .replacing(folder: folder, name: name, fd: file.fd, temporary: file.temporary)
        }
    }

    deinit { abandon() }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        let fd: Int32
        switch state {
        case .replacing(_, _, let open, _): fd = open
        case .direct(let open): fd = open
        case .done: preconditionFailure("write after commit")
        }
        do {
            try ByteFile.writeAll(bytes, fd: fd, name: path)
        } catch {
            abandon()
            throw error
        }
    }

    public func write(_ text: String) throws(IOError) { try write(Array(text.utf8)) }

    /// Flushes the file to disk and renames it over the target (for a device: just closes it).
    public func commit() throws(IOError) {
        let current = state
        state = .done
        switch current {
        case .replacing(let folder, let name, let fd, let temporary):
            try AtomicFile.finish((fd, temporary), in: folder.fd, name: name, shown: path, mode: .keep)
        case .direct(let fd): close(fd)
        case .done: preconditionFailure("commit twice")
        }
    }

    /// Removes the temporary file; the target is untouched.
    private func abandon() {
        let current = state
        state = .done
        switch current {
        case .replacing(let folder, _, let fd, let temporary):
            _ = CPath.with(temporary) { unlinkat(folder.fd, $0, 0) }
            close(fd)
        case .direct(let fd): close(fd)
        case .done: break
        }
    }
}
