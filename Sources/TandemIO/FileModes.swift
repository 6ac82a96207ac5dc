#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The permission bits tandem gives the files it writes. A patch carries git's two modes for a regular file,
/// 100644 and 100755, and nothing else is honoured: whatever other bits a patch asks for (setuid, setgid,
/// sticky, world-writable: `new file mode 107777`) are dropped, as git does.
///
/// - A new file gets 0666, or 0777 when executable, less the process's umask (what `git apply` and `>` do).
/// - A rewritten file keeps its permission bits, without setuid, setgid and sticky (the kernel drops setuid
///   and setgid on any write by a process without CAP_FSETID; tandem does the same as root), and its owner
///   and group where the process may keep them.
/// - A mode change from the patch turns the execute bits on where the read bits are (less the umask), or
///   off.
public enum FileModes {
    /// The process's umask, read once (from `/proc/self/status` where it can be read without changing it).
    public static let umask: mode_t = {
        if let status = try? ByteFile.read("/proc/self/status") {
            for line in status.split(separator: 0x0A) where line.starts(with: Array("Umask:".utf8)) {
                let digits = line.dropFirst(6).filter { $0 >= 0x30 && $0 <= 0x37 }
                if !digits.isEmpty { return mode_t(digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }) }
            }
        }
        let value = Glibc.umask(0o022)
        Glibc.umask(value)
        return value
    }()

    /// True when a mode from a patch (or a file) says executable.
    public static func isExecutable(_ mode: UInt32) -> Bool { mode & 0o111 != 0 }

    /// The bits of a new regular file.
    public static func newFile(executable: Bool) -> mode_t {
        (executable ? 0o777 : 0o666) & ~umask
    }

    /// The bits of a rewritten file that had `existing`; `executable` (from the patch) turns the execute bits
    /// on or off, nil keeps them.
    public static func rewritten(_ existing: mode_t, executable: Bool?) -> mode_t {
        var bits = existing & 0o777
        switch executable {
        case true?: bits |= ((bits & 0o444) >> 2) & ~umask
        case false?: bits &= ~0o111
        case nil: break
        }
        return bits
    }
}
