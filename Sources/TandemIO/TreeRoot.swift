#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore

/// A directory tree that tandem may read and change, and nothing outside it.
///
/// Every path from a patch is checked before it is touched: it must be relative, free of NUL bytes and of
/// `..` components, and must not go into git's own folder (`.git` in any spelling git refuses:
/// `PatchPath.goesIntoGitFolder`). It is then reached through directory descriptors (`TreeWalk`), one
/// component at a time without following links by name, so the check and the use are the same walk. A
/// symbolic link on the way is followed only while it stays inside the tree. The last component is never
/// followed: a symbolic link there is read as git stores one (mode 120000, the target as its content) and
/// written as a link.
///
/// Writes are atomic (`AtomicFile`): each file is either old or new, never half-written. A FIFO, device or
/// socket in the tree is never opened in a way that could block and is refused as a target. Paths are raw
/// bytes end to end.
public final class TreeRoot: Sendable {
    /// The root as given (for messages).
    public let path: String
    let rootFD: Int32
    /// The root's real path: absolute link targets inside it are followed.
    let realRoot: [UInt8]
    /// Folders this run has reached (`TreeWalk`), so files side by side do not walk from the root each.
    let folders = FolderCache()

    /// The mode of a symbolic link, as git stores it.
    public static let symlinkMode: UInt32 = 0o120000

    /// Opens the tree at `path`, which must be an existing directory.
    public init(_ path: String) throws(IOError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOTDIR { throw IOError("cannot use directory '\(path)': Not a directory") }
            throw .errno("cannot use directory", path)
        }
        guard let real = realpath(path, nil) else {
            close(fd)
            throw .errno("cannot use directory", path)
        }
        rootFD = fd
        realRoot = Array(String(cString: real).utf8)
        free(real)
    }

    deinit { close(rootFD) }

    /// The components of `relative` once it passed the checks that need no file system.
    public func check(_ relative: [UInt8]) throws(IOError) -> [[UInt8]] {
        let shown = Self.shown(relative)
        guard !relative.isEmpty else { throw IOError("refusing an empty path") }
        if relative.contains(0) { throw IOError("refusing '\(shown)': the path contains a NUL byte") }
        if relative.first == 0x2F { throw IOError("refusing '\(shown)': absolute paths are not allowed in a patch") }
        let components = relative.split(separator: 0x2F).filter { $0 != [0x2E] }.map(Array.init)
        if components.contains([0x2E, 0x2E]) {
            throw IOError("refusing '\(shown)': the path leaves the tree through '..'")
        }
        if PatchPath.goesIntoGitFolder(relative) {
            throw IOError("refusing '\(shown)': the path goes into git's own folder '.git'")
        }
        guard !components.isEmpty else { throw IOError("refusing '\(shown)': the path names the tree itself") }
        return components
    }

    func walk(_ relative: [UInt8]) -> TreeWalk {
        TreeWalk(rootFD: rootFD, realRoot: realRoot, shown: Self.shown(relative), folders: folders)
    }

    static func shown(_ relative: [UInt8]) -> String { String(decoding: relative, as: UTF8.self) }

    /// What is at a path inside the tree.
    public enum Entry: Equatable, Sendable {
        case missing
        case file(mode: UInt32)
        case directory
        /// A symbolic link (never followed) and its target.
        case symlink(target: [UInt8])
        /// A FIFO, device or socket.
        case other
    }

    /// What is at `relative` (its last component not followed).
    public func entry(_ relative: [UInt8]) throws(IOError) -> Entry {
        let components = try check(relative)
        let walk = walk(relative)
        guard let (folder, name) = try walk.parent(of: components, create: false) else { return .missing }
        var info = stat()
        guard CPath.with(name, { fstatat(folder.fd, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            if errno == ENOENT { return .missing }
            throw .errno("cannot use", walk.shown)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(mode: UInt32(info.st_mode & 0o7777))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink(target: try walk.readLink(at: folder.fd, name))
        default: return .other
        }
    }

    /// The bytes of a file in the tree (a symbolic link's target for a link).
    public func read(_ relative: [UInt8]) throws(IOError) -> [UInt8] {
        guard let file = try readFile(relative) else {
            throw IOError("cannot read '\(Self.shown(relative))': No such file or directory")
        }
        return file.bytes
    }

    /// The file at `relative`: a regular file's bytes and permission bits, a link's target with
    /// `symlinkMode`, or nil when nothing is there. A folder, FIFO, device or socket is an error, found
    /// without blocking.
    func readFile(_ relative: [UInt8]) throws(IOError) -> TreeFile? {
        let components = try check(relative)
        let walk = walk(relative)
        guard let (folder, name) = try walk.parent(of: components, create: false) else { return nil }
        let fd = CPath.with(name) { openat(folder.fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
        if fd < 0 {
            switch errno {
            case ENOENT: return nil
            case ELOOP: return TreeFile(bytes: try walk.readLink(at: folder.fd, name), mode: Self.symlinkMode)
            default: throw .errno("cannot read", walk.shown)
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .errno("cannot read", walk.shown) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw IOError("cannot patch '\(walk.shown)': it is a directory")
        default: throw IOError("cannot patch '\(walk.shown)': not a regular file (a FIFO, device or socket)")
        }
        let bytes = try ByteFile.readAll(fd: fd, name: walk.shown, sizeHint: Int(info.st_size))
        return TreeFile(bytes: bytes, mode: UInt32(info.st_mode & 0o7777))
    }

    /// Writes a file atomically, creating missing parent folders. `mode`: nil keeps an existing file's bits
    /// (a new file gets 0666 less the umask); 0o120000 writes a symbolic link whose target is `bytes`; any
    /// other value says whether the file is executable (`FileModes`).
    public func write(_ bytes: [UInt8], to relative: [UInt8], mode: UInt32? = nil) throws(IOError) {
        let components = try check(relative)
        let walk = walk(relative)
        guard let (folder, name) = try walk.parent(of: components, create: true) else {
            throw IOError("cannot write '\(walk.shown)': its folder could not be made")
        }
        var info = stat()
        let existing =
            CPath.with(name) { fstatat(folder.fd, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0 ? info.st_mode & S_IFMT : nil
        let isLink = mode == Self.symlinkMode
        switch existing {
        case nil, S_IFREG?: break
        case S_IFLNK? where isLink: break
        case S_IFLNK?:
            throw IOError("cannot write '\(walk.shown)': it is a symbolic link in the tree, not a regular file")
        case S_IFDIR?: throw IOError("cannot write '\(walk.shown)': a directory is in the way")
        default: throw IOError("cannot write '\(walk.shown)': not a regular file (a FIFO, device or socket)")
        }
        if isLink {
            try writeLink(bytes, at: components, in: folder.fd, name: name, shown: walk.shown)
            return
        }
        let file = try AtomicFile.begin(in: folder.fd, name: name, shown: walk.shown)
        try AtomicFile.finish(
            file, in: folder.fd, name: name, shown: walk.shown, bytes: bytes,
            mode: mode.map { .executable(FileModes.isExecutable($0)) } ?? .keep)
    }

    /// Refuses a link at `components` whose target would lead out of the tree from where the link stands:
    /// an absolute target outside the root's real path, or a relative one that climbs above the root, judged
    /// by following the link's folder and the target as the kernel would (`TreeWalk.leavesTree`).
    func checkLinkTarget(_ target: [UInt8], at components: [[UInt8]], shown: String) throws(IOError) {
        if target.isEmpty || target.contains(0) {
            throw IOError("refusing the link '\(shown)': its target is empty or holds a NUL byte")
        }
        let reached: [[UInt8]]
        if target.first == 0x2F {
            guard target == realRoot || target.starts(with: realRoot + [0x2F]) else {
                throw IOError("refusing the link '\(shown)': it points out of the tree")
            }
            reached = target.dropFirst(realRoot.count).split(separator: 0x2F).map(Array.init)
        } else {
            reached = components.dropLast() + target.split(separator: 0x2F).map(Array.init)
        }
        if TreeWalk(rootFD: rootFD, realRoot: realRoot, shown: shown).leavesTree(reached) {
            throw IOError("refusing the link '\(shown)': it points out of the tree")
        }
    }

    /// Makes `name` in `folder` a symbolic link to `target`, atomically: the link is made under a temporary
    /// name (`TemporaryFile.linkName`) and renamed over `name`. The writer's locked temporary file stays
    /// until the rename is done, so a sweep can tell a live writer's link from a killed one's.
    private func writeLink(_ target: [UInt8], at components: [[UInt8]], in folder: Int32, name: [UInt8], shown: String)
        throws(IOError)
    {
        try checkLinkTarget(target, at: components, shown: shown)
        let temporary = try AtomicFile.begin(in: folder, name: name, shown: shown)
        defer {
            _ = CPath.with(temporary.temporary) { unlinkat(folder, $0, 0) }
            close(temporary.fd)
        }
        let link = TemporaryFile.linkName(for: temporary.temporary)
        guard CPath.with(target, { t in CPath.with(link) { symlinkat(t, folder, $0) } }) == 0 else {
            throw .errno("cannot write", shown)
        }
        let renamed = CPath.with(link) { from in CPath.with(name) { renameat(folder, from, folder, $0) } }
        guard renamed == 0 else {
            let error = IOError.errno("cannot write", shown)
            _ = CPath.with(link) { unlinkat(folder, $0, 0) }
            throw error
        }
    }

    /// Removes a file (a link itself, never what it points to), and then its parent folders while they are
    /// empty (as GNU patch and git do).
    public func remove(_ relative: [UInt8]) throws(IOError) {
        let components = try check(relative)
        let walk = walk(relative)
        guard let (folder, name) = try walk.parent(of: components, create: false),
            CPath.with(name, { unlinkat(folder.fd, $0, 0) }) == 0
        else {
            throw .errno("cannot remove", walk.shown)
        }
        var parents = components.dropLast()
        // Folders may go now: the walks after this one start from the root again.
        defer { folders.removeAll() }
        while let last = parents.last {
            parents = parents.dropLast()
            guard let holder = try? walk.directory(Array(parents)),
                CPath.with(last, { unlinkat(holder.fd, $0, AT_REMOVEDIR) }) == 0
            else { break }
        }
    }
}
