#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory tree that tandem may read and change, and nothing outside it.
///
/// Every path from a patch is checked before it is touched: it must be relative, free of NUL bytes and of
/// `..` components, and no existing directory or file on the way may be a symbolic link that resolves
/// outside the root (a link that stays inside is followed). Writes are atomic (`AtomicFile`): each file is
/// either old or new, never half-written. Paths are raw bytes end to end.
public struct TreeRoot: Sendable {
    /// The root as given (for messages) and resolved (for containment checks).
    public let path: String
    private let resolved: [UInt8]
    /// Directories inside the tree already seen to be real directories (not links): a patch of thousands of
    /// files in a few hundred directories checks each directory once, not once per file per access.
    private let checkedDirectories = Checked()

    private final class Checked: Sendable {
        let set = Locked<Set<[UInt8]>>([])
        /// Permission bits of files read through this root, so a rewrite keeps them without another stat.
        let modes = Locked<[[UInt8]: UInt32]>([:])
    }

    func rememberMode(_ mode: UInt32, of full: [UInt8]) {
        checkedDirectories.modes.withLock { $0[full] = mode }
    }

    /// Opens the tree at `path`, which must be an existing directory.
    public init(_ path: String) throws(IOError) {
        self.path = path
        guard let real = realpath(path, nil) else { throw .errno("cannot use directory", path) }
        defer { free(real) }
        resolved = Array(String(cString: real).utf8)
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw IOError("cannot use directory '\(path)': Not a directory")
        }
    }

    /// `relative` checked and joined to the root.
    public func resolve(_ relative: [UInt8]) throws(IOError) -> [UInt8] {
        let shown = String(decoding: relative, as: UTF8.self)
        guard !relative.isEmpty else { throw IOError("refusing an empty path") }
        if relative.contains(0) { throw IOError("refusing '\(shown.replacingNUL)': the path contains a NUL byte") }
        if relative.first == 0x2F { throw IOError("refusing '\(shown)': absolute paths are not allowed in a patch") }
        let components = relative.split(separator: 0x2F, omittingEmptySubsequences: true)
        if components.contains(where: { $0.elementsEqual([0x2E, 0x2E]) }) {
            throw IOError("refusing '\(shown)': the path leaves the tree through '..'")
        }
        var full = resolved
        var exists = true
        for (index, component) in components.enumerated() {
            full += [0x2F] + component
            // Below the first missing component nothing exists, so nothing can be a link: just join.
            guard exists else { continue }
            let isLast = index == components.count - 1
            if !isLast, checkedDirectories.set.withLock({ $0.contains(full) }) { continue }
            var info = stat()
            guard CPath.with(full, { lstat($0, &info) }) == 0 else {
                exists = false
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard let real = CPath.with(full, { realpath($0, nil) }) else {
                    throw IOError("refusing '\(shown)': it goes through a symbolic link that points nowhere")
                }
                let target = Array(String(cString: real).utf8)
                free(real)
                if !(target == resolved || target.starts(with: resolved + [0x2F])) {
                    throw IOError("refusing '\(shown)': it goes through a symbolic link that leaves the tree")
                }
            } else if !isLast && (info.st_mode & S_IFMT) == S_IFDIR {
                let directory = full
                checkedDirectories.set.withLock { _ = $0.insert(directory) }
            }
        }
        return full
    }

    /// What is at a path inside the tree.
    public enum Entry: Equatable, Sendable {
        case missing
        case file(mode: UInt32)
        case directory
        case other
    }

    public func entry(_ relative: [UInt8]) throws(IOError) -> Entry {
        let full = try resolve(relative)
        var info = stat()
        guard CPath.with(full, { stat($0, &info) }) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(mode: UInt32(info.st_mode & 0o7777))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The bytes of a file in the tree.
    public func read(_ relative: [UInt8]) throws(IOError) -> [UInt8] {
        let full = try resolve(relative)
        return try ByteFile.read(String(decoding: full, as: UTF8.self), rawPath: full)
    }

    /// Writes a file atomically, creating missing parent directories. `mode` nil keeps an existing file's
    /// mode (new files get 0644).
    public func write(_ bytes: [UInt8], to relative: [UInt8], mode: UInt32? = nil) throws(IOError) {
        let full = try resolve(relative)
        try makeParents(of: full)
        let known = mode ?? checkedDirectories.modes.withLock { $0[full] }
        try AtomicFile.write(bytes, toPath: full, mode: mode_t(known ?? 0o644), keepExistingMode: known == nil)
    }

    /// Removes a file, and then its parent directories while they are empty (as GNU patch does).
    public func remove(_ relative: [UInt8]) throws(IOError) {
        let full = try resolve(relative)
        guard CPath.with(full, { unlink($0) }) == 0 else {
            throw .errno("cannot remove", String(decoding: relative, as: UTF8.self))
        }
        var directory = full
        while let slash = directory.lastIndex(of: 0x2F), slash > resolved.count {
            directory = Array(directory[..<slash])
            if CPath.with(directory, { rmdir($0) }) != 0 { break }
            let removed = directory
            checkedDirectories.set.withLock { _ = $0.remove(removed) }
        }
    }

    private func makeParents(of full: [UInt8]) throws(IOError) {
        guard let slash = full.lastIndex(of: 0x2F), slash > resolved.count else { return }
        if checkedDirectories.set.withLock({ $0.contains(Array(full[..<slash])) }) { return }
        var parent = stat()
        if CPath.with(Array(full[..<slash]), { stat($0, &parent) }) == 0, (parent.st_mode & S_IFMT) == S_IFDIR { return }
        var index = resolved.count + 1
        while index < slash {
            let next = full[index..<slash].firstIndex(of: 0x2F) ?? slash
            let directory = Array(full[..<next])
            var info = stat()
            if CPath.with(directory, { stat($0, &info) }) != 0 {
                guard CPath.with(directory, { mkdir($0, 0o755) }) == 0 || errno == EEXIST else {
                    throw .errno("cannot create directory", String(decoding: directory, as: UTF8.self))
                }
            } else if (info.st_mode & S_IFMT) != S_IFDIR {
                throw IOError("cannot create '\(String(decoding: full, as: UTF8.self))': '\(String(decoding: directory, as: UTF8.self))' is not a directory")
            }
            index = next + 1
        }
    }
}

private extension String {
    var replacingNUL: String { split(separator: "\0", omittingEmptySubsequences: false).joined(separator: "\\0") }
}
