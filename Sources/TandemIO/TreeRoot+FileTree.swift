#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// A directory is a `FileTree`: every read goes through the root's path checks and descriptor walk.
extension TreeRoot: FileTree {
    public func file(at path: [UInt8]) throws -> TreeFile? {
        try readFile(path)
    }

    /// One `fstatat`, no read: a regular file or a symbolic link (which `file(at:)` reads as git stores it).
    public func contains(_ path: [UInt8]) throws -> Bool {
        switch try entry(path) {
        case .file, .symlink: return true
        case .missing, .directory, .other: return false
        }
    }

    /// Regular files below the selected prefixes, sorted bytewise. Git's own folder (in any spelling git
    /// refuses) and symbolic links are skipped: a link is not followed out of the tree, nor listed.
    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        var found: [[UInt8]] = []
        var pending: [(relative: [UInt8], folder: Descriptor)] = [([], Descriptor(borrowing: rootFD))]
        while let (relative, folder) = pending.popLast() {
            for (name, isDirectory) in try directoryEntries(
                folder.fd, shown: relative.isEmpty ? path : TreeRoot.shown(relative))
            {
                let child = relative.isEmpty ? name : relative + [0x2F] + name
                if isDirectory {
                    if PatchPath.isGitFolderName(name[...]) || !directoryMayHoldSelected(child, by: prefixes) {
                        continue
                    }
                    let fd = CPath.with(name) { openat(folder.fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
                    guard fd >= 0 else { throw IOError.errno("cannot list", TreeRoot.shown(child)) }
                    pending.append((child, Descriptor(owning: fd)))
                } else if pathIsSelected(child, by: prefixes) {
                    found.append(child)
                }
            }
        }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Names in the folder `fd` with whether each is a folder; regular files and folders only.
    private func directoryEntries(_ fd: Int32, shown: String) throws(IOError) -> [([UInt8], Bool)] {
        // A new open file description: a `dup` would share its read position with other listings.
        let listing = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard listing >= 0, let directory = fdopendir(listing) else {
            let error = IOError.errno("cannot list", shown)
            if listing >= 0 { close(listing) }
            throw error
        }
        defer { closedir(directory) }
        var entries: [([UInt8], Bool)] = []
        while let entry = readdir(directory) {
            let name = CPath.entryName(entry)
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var info = stat()
            guard CPath.with(name, { fstatat(fd, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: entries.append((name, true))
            case S_IFREG: entries.append((name, false))
            default: continue
            }
        }
        return entries
    }

    /// Compares a regular file here with the one at the same path under another folder tree, a block at a
    /// time (sizes first; nothing kept); nil when `other` is not a folder tree or either side is not a
    /// regular file (the caller reads them as usual).
    public func sameContent(at path: [UInt8], as other: FileTree) throws -> Bool? {
        guard let other = other as? TreeRoot else { return nil }
        guard let mine = try openRegular(path) else { return nil }
        defer { close(mine.fd) }
        guard let theirs = try other.openRegular(path) else { return nil }
        defer { close(theirs.fd) }
        guard mine.size == theirs.size else { return false }
        let block = 1 << 16
        var a = [UInt8](repeating: 0, count: block), b = [UInt8](repeating: 0, count: block)
        // a and b are not empty: their buffers have base addresses.
        // swift-format-ignore: NeverForceUnwrap
        while true {
            let got = a.withUnsafeMutableBufferPointer {
                ByteFile.readFully(fd: mine.fd, into: $0.baseAddress!, count: block)
            }
            let other = b.withUnsafeMutableBufferPointer {
                ByteFile.readFully(fd: theirs.fd, into: $0.baseAddress!, count: block)
            }
            guard got.failure == 0, other.failure == 0 else { return nil }
            if got.count != other.count { return false }
            let equal = a.withUnsafeBytes { x in
                b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, got.count) == 0 }
            }
            if !equal { return false }
            if got.count < block { return true }
        }
    }

    /// The regular file at `path`, opened without following a final link and without blocking, with its
    /// size; nil when it is missing or not a regular file.
    func openRegular(_ path: [UInt8]) throws -> (fd: Int32, size: Int)? {
        let components = try check(path)
        guard let (folder, name) = try walk(path).parent(of: components, create: false) else { return nil }
        let fd = CPath.with(name) { openat(folder.fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        return (fd, Int(info.st_size))
    }

    /// Carries out one planned change.
    public func perform(_ change: PatchApplier.TreeChange) throws(IOError) {
        switch change {
        case .write(let path, let bytes, let mode): try write(bytes, to: path, mode: mode)
        case .remove(let path): try remove(path)
        }
    }
}
