#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files atomic writes go through, beside their target: `.tandem-tmp-RANDOM-CHECK`, where
/// RANDOM is 12 random letters and digits and CHECK four hex digits computed from them. The check marks the
/// file as tandem's: a user's file that merely starts with `.tandem-tmp-` is never touched.
///
/// A run killed between creating one and renaming it (SIGKILL, power loss) leaves it behind. Liveness is an
/// exclusive `flock` the writer takes right after creating the file and holds until it is done: the next
/// run that writes into that folder removes the marked files whose lock it can take (their writer is gone),
/// and leaves alone those of a run still going, even one in another PID namespace (another container on a
/// shared workspace: locks live in the kernel, process ids do not cross namespaces). A sweeper that wins the
/// lock in the instant between a writer's `open` and its `flock` removes a file the writer then finds gone;
/// the writer checks its name still holds its file once it has the lock, and starts over if not.
///
/// A symbolic link is made under its writer's temporary name plus `.link` (`linkName`), while the writer
/// still holds its locked file: a link cannot be locked itself, so a marked link is swept when the file it
/// belongs to is gone or unlocked (a run killed between making the link and renaming it into place).
enum TemporaryFile {
    static let prefix = ".tandem-tmp-"

    /// Folders already swept in this run, by device and inode.
    private static let swept = Locked<Set<[UInt64]>>([])

    /// Forgets which folders were swept, so the next write into each sweeps it again. For tests: a process
    /// that outlives its folders can meet a new folder under a removed one's inode.
    static func forgetSweeps() { swept.withLock { $0.removeAll() } }

    /// Creates a marked, locked temporary file in the folder `folder` (sweeping the folder's leftovers the
    /// first time): its descriptor, open for writing with the lock held, and its name. `shown` names the
    /// target in messages.
    static func create(in folder: Int32, shown: String) throws(IOError) -> (fd: Int32, name: [UInt8]) {
        sweep(folder)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let name = markedName(
                random: (0..<12).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let fd = CPath.with(name) {
                openat(folder, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            }
            if fd < 0 {
                if errno == EEXIST { continue }
                throw .errno("cannot write", shown)
            }
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
            if stillNamed(name, in: folder, fd: fd) { return (fd, name) }
            close(fd)
        }
        throw IOError("cannot write '\(shown)': no free temporary name in its folder")
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `.tandem-tmp-` + `random` + `-` + the check of `random`.
    static func markedName(random: [UInt8]) -> [UInt8] {
        Array(prefix.utf8) + random + [0x2D] + check(random)
    }

    /// Four hex digits of an FNV-1a hash of `random` with a fixed salt.
    private static func check(_ random: some Sequence<UInt8>) -> [UInt8] {
        var hash: UInt32 = 0x811C_9DC5
        for byte in Array("tandem-temporary-file:".utf8) + Array(random) {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let digits = Array("0123456789abcdef".utf8)
        return (0..<4).map { digits[Int((hash >> (28 - 4 * UInt32($0))) & 0xF)] }
    }

    /// True when `name` is one of tandem's marked temporary names.
    static func isMarked(_ name: [UInt8]) -> Bool {
        let prefixBytes = Array(prefix.utf8)
        guard name.count == prefixBytes.count + 12 + 1 + 4, name.starts(with: prefixBytes) else { return false }
        let random = name[prefixBytes.count..<(prefixBytes.count + 12)]
        guard random.allSatisfy({ alphabet.contains($0) }), name[prefixBytes.count + 12] == 0x2D else { return false }
        return Array(name.suffix(4)) == check(random)
    }

    private static let linkSuffix = Array(".link".utf8)

    /// The name under which the writer of the temporary file `name` makes a symbolic link.
    static func linkName(for name: [UInt8]) -> [UInt8] { name + linkSuffix }

    /// The writer's temporary name when `name` is a marked link's name.
    static func linkOwner(_ name: [UInt8]) -> [UInt8]? {
        guard name.count > linkSuffix.count, name.suffix(linkSuffix.count).elementsEqual(linkSuffix) else { return nil }
        let owner = Array(name.dropLast(linkSuffix.count))
        return isMarked(owner) ? owner : nil
    }

    /// True when `name` in `folder` is the file open as `fd`.
    private static func stillNamed(_ name: [UInt8], in folder: Int32, fd: Int32) -> Bool {
        var byName = stat(), byDescriptor = stat()
        guard CPath.with(name, { fstatat(folder, $0, &byName, AT_SYMLINK_NOFOLLOW) }) == 0,
            fstat(fd, &byDescriptor) == 0
        else {
            return false
        }
        return byName.st_ino == byDescriptor.st_ino && byName.st_dev == byDescriptor.st_dev
    }

    /// Removes the folder's marked temporary files whose writer is gone (once per folder per run).
    static func sweep(_ folder: Int32) {
        var info = stat()
        guard fstat(folder, &info) == 0 else { return }
        guard swept.withLock({ $0.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted }) else { return }
        let listing = openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard listing >= 0, let stream = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = [], links: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = CPath.entryName(entry)
            if isMarked(name) { names.append(name) } else if linkOwner(name) != nil { links.append(name) }
        }
        // Links first: each goes when its writer's file is gone or nobody holds it.
        for link in links {
            var info = stat()
            guard let owner = linkOwner(link),
                CPath.with(link, { fstatat(folder, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0,
                (info.st_mode & S_IFMT) == S_IFLNK
            else { continue }
            let fd = CPath.with(owner) { openat(folder, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
            if fd >= 0 {
                defer { close(fd) }
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            } else if errno != ENOENT {
                continue
            }
            _ = CPath.with(link) { unlinkat(folder, $0, 0) }
        }
        for name in names {
            let fd = CPath.with(name) { openat(folder, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var file = stat()
            guard fstat(fd, &file) == 0, (file.st_mode & S_IFMT) == S_IFREG, flock(fd, LOCK_EX | LOCK_NB) == 0,
                stillNamed(name, in: folder, fd: fd)
            else { continue }
            _ = CPath.with(name) { unlinkat(folder, $0, 0) }
        }
    }
}
