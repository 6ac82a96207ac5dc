#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// A directory is a `FileTree`: every read goes through the root's path checks.
extension TreeRoot: FileTree {
    public func file(at path: [UInt8]) throws -> TreeFile? {
        let full = try resolve(path)
        guard let (bytes, mode) = try ByteFile.readIfPresent(String(decoding: path, as: UTF8.self), rawPath: full) else {
            return nil
        }
        rememberMode(mode, of: full)
        return TreeFile(bytes: bytes, mode: mode)
    }

    /// One stat, no read.
    public func contains(_ path: [UInt8]) throws -> Bool {
        if case .file = try entry(path) { return true }
        return false
    }

    /// Regular files below the selected prefixes, sorted bytewise; `.git` folders and symbolic links are
    /// skipped (a link is not followed out of the tree, nor listed).
    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        var found: [[UInt8]] = []
        var pending: [[UInt8]] = [[]]
        while let relative = pending.popLast() {
            let full = try relative.isEmpty ? Array(path.utf8) : resolve(relative)
            let entries = try directoryEntries(full, shown: relative.isEmpty ? path : String(decoding: relative, as: UTF8.self))
            for (name, isDirectory) in entries {
                let child = relative.isEmpty ? name : relative + [0x2F] + name
                if isDirectory {
                    if name != Array(".git".utf8) { pending.append(child) }
                } else if pathIsSelected(child, by: prefixes) {
                    found.append(child)
                }
            }
        }
        return found.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Names in a directory with whether each is a directory; regular files and directories only.
    private func directoryEntries(_ full: [UInt8], shown: String) throws(IOError) -> [([UInt8], Bool)] {
        guard let directory = CPath.with(full, { opendir($0) }) else { throw .errno("cannot list", shown) }
        defer { closedir(directory) }
        var entries: [([UInt8], Bool)] = []
        while let entry = readdir(directory) {
            let name = CPath.entryName(entry)
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var info = stat()
            guard CPath.with(full + [0x2F] + name, { lstat($0, &info) }) == 0 else { continue }
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
