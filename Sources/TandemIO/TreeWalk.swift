#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding a path inside a tree through directory descriptors, so that checking a path and using it are one
/// walk: a folder swapped for a symbolic link between a check and a write cannot send the write elsewhere.
///
/// The walk starts at the root's descriptor and opens one component at a time with `openat(…, O_NOFOLLOW |
/// O_DIRECTORY)`. A component that is a symbolic link is read (`readlinkat`) and its target is walked in its
/// place, from the directory that holds the link (or from the root, for an absolute target that names a
/// place inside the root's real path). A `..` pops one directory and is refused at the root, so no target can
/// lead out; 40 links in one walk are refused as a loop, as the kernel does. This is what `openat2` with
/// `RESOLVE_BENEATH` does in the kernel, done in user space so it works on every kernel and in containers
/// whose seccomp profile hides `openat2`.
///
/// Cost: one `openat` and one `close` per component (plus a `readlinkat` per link); a file 5 folders deep
/// costs about ten system calls. Each walk holds at most its depth in descriptors.
struct TreeWalk {
    /// The root's descriptor (not owned) and real path (for absolute link targets).
    let rootFD: Int32
    let realRoot: [UInt8]
    /// The path as given, for messages.
    let shown: String
    /// Folders already reached in this run (nil: walk every time).
    var folders: FolderCache?

    /// Walks to the folder that holds the last component of `components`, creating missing folders when
    /// `create` is on (mode 0777 less the umask, as `mkdir -p`): that folder and the last name, or nil when
    /// a folder on the way is missing (only without `create`). Throws when a folder on the way is a file, or
    /// a link leads out of the tree.
    func parent(of components: [[UInt8]], create: Bool) throws(IOError) -> (folder: Descriptor, name: [UInt8])? {
        guard let last = components.last else { throw IOError("refusing an empty path") }
        guard let folder = try walk(components.dropLast(), create: create) else { return nil }
        return (folder, last)
    }

    /// Opens the folder at `components` (following links inside the tree), or nil when it does not exist.
    /// Throws when something on the way is not a folder or leaves the tree.
    func directory(_ components: [[UInt8]]) throws(IOError) -> Descriptor? {
        try walk(components[...], create: false)
    }

    /// Walks to `components`: from the deepest folder on the way that this run already reached (the
    /// folder cache), else from the root. A link target that climbs above that starting folder (`..`)
    /// sends the walk back to the root, where every step up is checked.
    private func walk(_ components: ArraySlice<[UInt8]>, create: Bool) throws(IOError) -> Descriptor? {
        if components.isEmpty { return Descriptor(borrowing: rootFD) }
        let key = Array(components.joined(separator: [0x2F]))
        if let folders {
            if let known = folders.lookup(key) { return known }
            var depth = components.count - 1
            while depth > 0 {
                let prefix = components.prefix(depth)
                if let start = folders.lookup(Array(prefix.joined(separator: [0x2F]))) {
                    if let found = try walk(components.dropFirst(depth), from: start, create: create) {
                        if let descriptor = found.descriptor { folders.store(key, descriptor) }
                        return found.descriptor
                    }
                    break
                }
                depth -= 1
            }
        }
        guard let found = try walk(components, from: nil, create: create) else { return nil }
        if let descriptor = found.descriptor { folders?.store(key, descriptor) }
        return found.descriptor
    }

    /// One walk from `start` (nil: the root). nil when a `..` climbed above `start` (walk again from the
    /// root); otherwise the folder reached, or a nil descriptor when one on the way is missing.
    private func walk(
        _ components: ArraySlice<[UInt8]>, from start: Descriptor?,
        create: Bool
    ) throws(IOError) -> (descriptor: Descriptor?, Void)? {
        var stack: [Int32] = []
        defer { for fd in stack { close(fd) } }
        switch try descend(into: &stack, components, from: start?.fd ?? rootFD, bounded: start != nil, create: create) {
        case .climbedAboveStart: return nil
        case .missing: return (nil, ())
        case .reached:
            guard let top = stack.popLast() else { return (start ?? Descriptor(borrowing: rootFD), ()) }
            return (Descriptor(owning: top), ())
        }
    }

    private enum Descent { case reached, missing, climbedAboveStart }

    /// Walks `components` from the folder `base`, pushing each folder opened onto `stack` (`base` itself is
    /// not on it). Missing folders are made with `create`, and reported otherwise. A `..` above `base` is
    /// refused when `base` is the root, and reported when it is a folder further down (`bounded`).
    private func descend(
        into stack: inout [Int32], _ components: ArraySlice<[UInt8]>, from base: Int32, bounded: Bool,
        create: Bool
    ) throws(IOError) -> Descent {
        let rootFD = base
        var pending = Array(components.reversed())
        var links = 0, retries = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == [0x2E] { continue }
            if component == [0x2E, 0x2E] {
                guard let top = stack.popLast() else {
                    if bounded { return .climbedAboveStart }
                    throw IOError("refusing '\(shown)': it goes through a symbolic link that leaves the tree")
                }
                close(top)
                continue
            }
            let top = stack.last ?? rootFD
            if let fd = Self.openFolder(component, in: top) {
                stack.append(fd)
                continue
            }
            let failure = errno
            var info = stat()
            let exists = CPath.with(component) { fstatat(top, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
            if !exists && failure == ENOENT {
                guard create else { return .missing }
                if CPath.with(component, { mkdirat(top, $0, 0o777) }) != 0 && errno != EEXIST {
                    throw .errno("cannot create folder", shown)
                }
                pending.append(component)
                continue
            }
            guard exists else { throw .errno("cannot open", shown, code: failure) }
            // Another writer of this run made the folder between the open and the look (parallel writes
            // into a new folder): open it again.
            if (info.st_mode & S_IFMT) == S_IFDIR && failure == ENOENT && retries < 8 {
                retries += 1
                pending.append(component)
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFLNK else {
                throw IOError(
                    "cannot use '\(shown)': '\(String(decoding: component, as: UTF8.self))' on the way is not a folder")
            }
            links += 1
            if links > 40 { throw IOError("refusing '\(shown)': too many levels of symbolic links") }
            let target = try readLink(at: top, component)
            if target.first == 0x2F {
                guard target == realRoot || target.starts(with: realRoot + [0x2F]) else {
                    throw IOError("refusing '\(shown)': it goes through a symbolic link that leaves the tree")
                }
                // An absolute target restarts from the tree's root, which a bounded walk does not hold.
                if bounded { return .climbedAboveStart }
                for fd in stack { close(fd) }
                stack = []
                pending += target.dropFirst(realRoot.count).split(separator: 0x2F).map(Array.init).reversed()
            } else {
                pending += target.split(separator: 0x2F).map(Array.init).reversed()
            }
        }
        return .reached
    }

    /// True when following `components` from the root would end above it or outside it: what a symbolic link
    /// whose target is `components` (made absolute from the root) would reach. Folders and links that exist
    /// are followed as the kernel would (so a link on the way that makes the path shallower, such as
    /// `include -> ../../include`, counts); from the first component that is missing or not a folder, the
    /// rest is judged by its text, `..` by `..`. Used before a link is made, so that no link of a patch
    /// leads out of the tree, however it is reached.
    func leavesTree(_ components: [[UInt8]]) -> Bool {
        var stack: [Int32] = []
        defer { for fd in stack { close(fd) } }
        var pending = Array(components.reversed())
        var beyond = 0  // components below the last folder that exists
        var links = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == [0x2E] { continue }
            if component == [0x2E, 0x2E] {
                if beyond > 0 {
                    beyond -= 1
                } else {
                    guard let top = stack.popLast() else { return true }
                    close(top)
                }
                continue
            }
            if beyond > 0 {
                beyond += 1
                continue
            }
            let top = stack.last ?? rootFD
            if let fd = Self.openFolder(component, in: top) {
                stack.append(fd)
                continue
            }
            var info = stat()
            guard CPath.with(component, { fstatat(top, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0,
                (info.st_mode & S_IFMT) == S_IFLNK
            else {
                beyond = 1
                continue
            }
            links += 1
            guard links <= 40, let target = try? readLink(at: top, component) else { return true }
            if target.first == 0x2F {
                guard target == realRoot || target.starts(with: realRoot + [0x2F]) else { return true }
                for fd in stack { close(fd) }
                stack = []
                pending += target.dropFirst(realRoot.count).split(separator: 0x2F).map(Array.init).reversed()
            } else {
                pending += target.split(separator: 0x2F).map(Array.init).reversed()
            }
        }
        return false
    }

    /// The folder `name` in the folder `fd`, opened without following a link; nil (errno set) when it is
    /// not there, not a folder, or a link.
    static func openFolder(_ name: [UInt8], in fd: Int32) -> Int32? {
        let folder = CPath.with(name) { openat(fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        return folder >= 0 ? folder : nil
    }

    /// The target of the link `name` in the folder `fd`.
    func readLink(at fd: Int32, _ name: [UInt8]) throws(IOError) -> [UInt8] {
        var size = 256
        while true {
            var buffer = [UInt8](repeating: 0, count: size)
            let got = CPath.with(name) { path in
                // buffer is not empty (size >= 256): it has a base address.
                // swift-format-ignore: NeverForceUnwrap
                buffer.withUnsafeMutableBufferPointer {
                    readlinkat(
                        fd, path, UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), size)
                }
            }
            guard got >= 0 else { throw .errno("cannot read link", shown) }
            if got < size { return Array(buffer[0..<got]) }
            size *= 4
        }
    }
}

/// A file descriptor with one owner: closed when the value goes, unless it was only borrowed (the root's).
final class Descriptor {
    let fd: Int32
    private let owned: Bool

    init(owning fd: Int32) {
        self.fd = fd
        owned = true
    }

    init(borrowing fd: Int32) {
        self.fd = fd
        owned = false
    }

    deinit { if owned { close(fd) } }
}

/// The folders one run has reached, by their path in the tree, with the descriptors the walk opened: the
/// next file in the same folder starts there instead of walking from the root again (a kernel patch puts
/// tens of files in each folder). A folder path swapped for a link after it was reached changes nothing:
/// writes go through the descriptor, into the folder that was checked. Bounded (64 folders, oldest
/// dropped first), so a run never holds more than that many descriptors; emptied whenever a folder may
/// have been removed.
final class FolderCache: @unchecked Sendable {
    private let entries = Locked<(map: [[UInt8]: Descriptor], order: [[UInt8]])>(([:], []))
    private let capacity = 64

    func lookup(_ key: [UInt8]) -> Descriptor? { entries.withLock { $0.map[key] } }

    func store(_ key: [UInt8], _ descriptor: Descriptor) {
        entries.withLock { state in
            if state.map.updateValue(descriptor, forKey: key) == nil { state.order.append(key) }
            while state.order.count > capacity {
                state.map[state.order.removeFirst()] = nil
            }
        }
    }

    func removeAll() { entries.withLock { $0 = ([:], []) } }
}
