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
            for (name, isDirectory) in try directoryEntries(folder.fd, shown: relative.isEmpty ? path : TreeRoot.shown(relative)) {
                let child = relative.isEmpty ? name : relative + [0x2F] + name
                if isDirectory {
                    if PatchPath.isGitFolderName(name[...]) { continue }
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

    /// Carries out one planned change.
    public func perform(_ change: PatchApplier.TreeChange) throws(IOError) {
        switch change {
        case .write(let path, let bytes, let mode): try write(bytes, to: path, mode: mode)
        case .remove(let path): try remove(path)
        }
    }
}
