#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers (and a crash) see either the old file or the new one, never a mix.
///
/// The bytes go to a temporary file beside the target (same folder, so the same file system), which is
/// flushed to disk and then renamed over the target: rename is atomic on POSIX file systems. On any failure
/// the temporary file is removed and the target is untouched; a temporary file a killed run left behind is
/// removed by the next write into that folder (`TemporaryFile`). Permission bits follow `FileModes`; a
/// replaced file keeps its owner and group where the process may keep them.
///
/// Output files named on the command line (`-o`, `--report`, `--output-dir`) get one more rule: only a
/// regular file is ever replaced by rename. A device, FIFO or socket (`/dev/null`, `/dev/stdout` on a pipe)
/// is written into directly, a symbolic link is followed to the file it names, and a folder is an error.
public enum AtomicFile {
    /// Replaces (or creates) the output file at `path` with `bytes` (see the type's rules for outputs).
    public static func write(_ bytes: [UInt8], to path: String) throws(IOError) {
        switch try OutputTarget(path) {
        case .direct(let fd):
            defer { close(fd) }
            try ByteFile.writeAll(bytes, fd: fd, name: path)
        case .replace(let folder, let name):
            let fd = try begin(in: folder.fd, name: name, shown: path)
            try finish(fd, in: folder.fd, name: name, shown: path, bytes: bytes, mode: .keep)
        }
    }

    /// True when the output `path` would be replaced (a regular file, or nothing yet); false for a device,
    /// FIFO or socket, beside which no companion file (`OUT.rej`) is made.
    public static func isReplaceable(_ path: String) -> Bool { OutputTarget.isReplaceable(path) }

    /// What mode a written file gets.
    enum Mode {
        /// An existing file's bits (less setuid, setgid, sticky); a new file's default.
        case keep
        /// Git's executable flag from a patch, applied to an existing file's bits or a new file's default.
        case executable(Bool)
    }

    /// Creates the temporary file for `name` in `folder`: its descriptor, with the lock held, and name.
    static func begin(in folder: Int32, name: [UInt8], shown: String) throws(IOError) -> (fd: Int32, temporary: [UInt8])
    {
        let file = try TemporaryFile.create(in: folder, shown: shown)
        return (file.fd, file.name)
    }

    /// Writes `bytes` into the temporary file, sets its mode and owner from the file it replaces (if any),
    /// flushes it and renames it over `name`; on failure removes it and throws.
    static func finish(
        _ file: (fd: Int32, temporary: [UInt8]), in folder: Int32, name: [UInt8], shown: String,
        bytes: [UInt8]? = nil, mode: Mode
    ) throws(IOError) {
        var committed = false
        defer {
            if !committed { _ = CPath.with(file.temporary) { unlinkat(folder, $0, 0) } }
            close(file.fd)
        }
        if let bytes { try ByteFile.writeAll(bytes, fd: file.fd, name: shown) }
        try settle(file.fd, replacing: name, in: folder, shown: shown, mode: mode)
        guard fsync(file.fd) == 0 else { throw .errno("cannot write", shown) }
        let renamed = CPath.with(file.temporary) { from in CPath.with(name) { renameat(folder, from, folder, $0) } }
        guard renamed == 0 else { throw .errno("cannot write", shown) }
        committed = true
    }

    /// Gives the temporary file `fd` the owner, group and permission bits it should have when it replaces
    /// `name` in `folder` (or becomes it).
    static func settle(_ fd: Int32, replacing name: [UInt8], in folder: Int32, shown: String, mode: Mode)
        throws(IOError)
    {
        var existing = stat()
        let exists =
            CPath.with(name) { fstatat(folder, $0, &existing, AT_SYMLINK_NOFOLLOW) } == 0
            && (existing.st_mode & S_IFMT) == S_IFREG
        let bits: mode_t
        switch (mode, exists) {
        case (.keep, true): bits = FileModes.rewritten(existing.st_mode, executable: nil)
        case (.keep, false): bits = FileModes.newFile(executable: false)
        case (.executable(let flag), true): bits = FileModes.rewritten(existing.st_mode, executable: flag)
        case (.executable(let flag), false): bits = FileModes.newFile(executable: flag)
        }
        // Owner first: chown clears setuid/setgid, and the bits set next never include them.
        if exists, existing.st_uid != geteuid() || existing.st_gid != getegid() {
            _ = fchown(file: fd, existing.st_uid, existing.st_gid)
        }
        guard fchmod(fd, bits) == 0 else { throw .errno("cannot write", shown) }
    }
}

/// `fchown`, trying the group alone when the owner cannot be kept (a user who may not give files away may
/// still keep a group they belong to).
private func fchown(file fd: Int32, _ owner: uid_t, _ group: gid_t) -> Int32 {
    if Glibc.fchown(fd, owner, group) == 0 { return 0 }
    return Glibc.fchown(fd, uid_t.max, group)
}

/// Where an output file named on the command line goes: replaced through a temporary file in its folder,
/// or written directly (a device, FIFO, socket).
enum OutputTarget {
    case replace(folder: Descriptor, name: [UInt8])
    case direct(fd: Int32)

    /// Looks at `path`: a regular file or nothing is replaced atomically; a symbolic link is followed to
    /// the file it names (which is then replaced, the link kept); a device, FIFO or socket is opened for
    /// writing; a folder, or a link to nothing, is an error.
    init(_ path: String) throws(IOError) {
        var target = Array(path.utf8)
        var info = stat()
        if CPath.with(target, { lstat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            guard CPath.with(target, { stat($0, &info) }) == 0, let real = CPath.with(target, { realpath($0, nil) })
            else {
                throw IOError("cannot write '\(path)': it is a symbolic link to nothing")
            }
            target = Array(String(cString: real).utf8)
            free(real)
        }
        if CPath.with(target, { stat($0, &info) }) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw IOError("cannot write '\(path)': Is a directory")
            default:
                let fd = CPath.with(target) { open($0, O_WRONLY | O_NOCTTY | O_CLOEXEC) }
                guard fd >= 0 else { throw .errno("cannot write", path) }
                self = .direct(fd: fd)
                return
            }
        }
        let slash = target.lastIndex(of: 0x2F)
        let folderPath: [UInt8] = slash.map { $0 == 0 ? [0x2F] : Array(target[..<$0]) } ?? [0x2E]
        let name = slash.map { Array(target[($0 + 1)...]) } ?? target
        guard !name.isEmpty else { throw IOError("cannot write '\(path)': Is a directory") }
        let fd = CPath.with(folderPath) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .errno("cannot write", path) }
        self = .replace(folder: Descriptor(owning: fd), name: name)
    }

    /// True when `path` would be replaced (a regular file or nothing), false for a device, FIFO or socket,
    /// where files meant to go beside it (`OUT.rej`) have no place.
    static func isReplaceable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return (info.st_mode & S_IFMT) == S_IFREG
    }
}
