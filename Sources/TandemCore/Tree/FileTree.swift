/// A tree of files tandem can read: a directory (TandemIO), a git revision (TandemGit), or an in-memory
/// tree (tests). Core never learns where the bytes came from. Paths are raw bytes, relative to the root.
public protocol FileTree {
    /// The file at `path`: nil when there is none. Throws for trouble (a path refused, an unreadable file).
    func file(at path: [UInt8]) throws -> TreeFile?

    /// Every regular file at or below one of `prefixes` (all files when empty), sorted bytewise (git's order).
    func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]]

    /// An id that changes whenever the file's content does (a git blob id), if the tree knows one without
    /// reading the file; nil otherwise.
    func contentID(at path: [UInt8]) throws -> ObjectID?

    /// True when there is a file at `path`; trees answer without reading it where they can.
    func contains(_ path: [UInt8]) throws -> Bool

    /// `paths(under:)` with each file's content id, in one pass where the tree can (a git tree walk).
    func listing(under prefixes: [[UInt8]]) throws -> [TreeEntry]

    /// The names of the directories directly inside `directory` (`[]`: the root), sorted bytewise.
    func directories(in directory: [UInt8]) throws -> [[UInt8]]

    /// True when the file at `path` here and the file at the same path in `other` hold the same bytes, false
    /// when they differ, nil when the tree cannot tell without reading both (the caller reads them). Trees
    /// answer from content ids, or by comparing without copying.
    func sameContent(at path: [UInt8], as other: FileTree) throws -> Bool?

    /// The commit a submodule entry (a gitlink, mode 160000) at `path` names; nil when there is none (trees
    /// without submodules, such as folders, have none).
    func gitlink(at path: [UInt8]) throws -> ObjectID?
}

/// A file's path and, where the tree knows one, its content id.
public struct TreeEntry: Sendable, Equatable {
    public var path: [UInt8]
    public var id: ObjectID?

    public init(path: [UInt8], id: ObjectID?) {
        self.path = path
        self.id = id
    }
}

extension FileTree {
    public func contentID(at path: [UInt8]) throws -> ObjectID? { nil }

    public func gitlink(at path: [UInt8]) throws -> ObjectID? { nil }

    public func sameContent(at path: [UInt8], as other: FileTree) throws -> Bool? {
        guard let mine = try contentID(at: path), let theirs = try other.contentID(at: path) else { return nil }
        return mine == theirs
    }
    public func contains(_ path: [UInt8]) throws -> Bool { try file(at: path) != nil }

    public func listing(under prefixes: [[UInt8]]) throws -> [TreeEntry] {
        try paths(under: prefixes).map { TreeEntry(path: $0, id: try contentID(at: $0)) }
    }

    public func directories(in directory: [UInt8]) throws -> [[UInt8]] {
        let base = directory.isEmpty ? 0 : directory.count + 1
        var names = Set<[UInt8]>()
        for path in try paths(under: directory.isEmpty ? [] : [directory]) where path.count > base {
            let rest = path[base...]
            if let slash = rest.firstIndex(of: ASCII.slash) { names.insert(Array(rest[..<slash])) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }
}

/// True when `path` is `prefix`, or below it (a prefix ending in `/` is a directory; any other prefix matches
/// whole components). An empty prefix list selects everything.
public func pathIsSelected(_ path: [UInt8], by prefixes: [[UInt8]]) -> Bool {
    if prefixes.isEmpty { return true }
    return prefixes.contains { prefix in
        var prefix = prefix
        while prefix.count > 1, prefix.last == ASCII.slash { prefix.removeLast() }
        return path == prefix
            || (path.count > prefix.count && path.starts(with: prefix) && path[prefix.count] == ASCII.slash)
            || prefix.isEmpty || prefix == [ASCII.slash]
    }
}

/// Whether the folder `directory` may hold a path `pathIsSelected` selects: it is selected itself, or lies
/// on the way to a prefix. A tree walk descends only into such folders.
public func directoryMayHoldSelected(_ directory: [UInt8], by prefixes: [[UInt8]]) -> Bool {
    if prefixes.isEmpty || pathIsSelected(directory, by: prefixes) { return true }
    return prefixes.contains { prefix in
        prefix.count > directory.count && prefix.starts(with: directory) && prefix[directory.count] == ASCII.slash
    }
}

/// A file's bytes and permission bits.
public struct TreeFile: Sendable, Equatable {
    public var bytes: [UInt8]
    /// Permission bits (0o644, 0o755 …); 0o120000 for a symbolic link (whose bytes are its target).
    public var mode: UInt32

    public init(bytes: [UInt8], mode: UInt32 = 0o644) {
        self.bytes = bytes
        self.mode = mode
    }
}

/// An in-memory tree, for tests and for trees assembled in code.
public struct MemoryTree: FileTree, Sendable {
    public var files: [[UInt8]: TreeFile]

    public init(files: [[UInt8]: TreeFile] = [:]) { self.files = files }

    /// A tree from path → text.
    public init(_ texts: [String: String]) {
        files = Dictionary(
            uniqueKeysWithValues: texts.map { (Array($0.key.utf8), TreeFile(bytes: Array($0.value.utf8))) })
    }

    public func file(at path: [UInt8]) throws -> TreeFile? { files[path] }

    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        files.keys.filter { pathIsSelected($0, by: prefixes) }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
