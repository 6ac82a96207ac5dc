/// The part of a tree below one directory, as a tree of its own: a fork that lives in a subfolder of its
/// repository (`linux-2.6.11-xen-sparse/`) read with paths relative to that folder.
public struct SubTree: FileTree {
    public let base: FileTree
    /// The folder, without a trailing slash.
    public let folder: [UInt8]

    public init(_ base: FileTree, folder: [UInt8]) {
        self.base = base
        var folder = folder
        while folder.last == ASCII.slash { folder.removeLast() }
        self.folder = folder
    }

    private func inner(_ path: [UInt8]) -> [UInt8] { folder.isEmpty ? path : folder + [ASCII.slash] + path }

    private func outer(_ path: [UInt8]) -> [UInt8] { folder.isEmpty ? path : Array(path.dropFirst(folder.count + 1)) }

    private func inner(_ prefixes: [[UInt8]]) -> [[UInt8]] { prefixes.isEmpty ? [folder] : prefixes.map(inner) }

    public func file(at path: [UInt8]) throws -> TreeFile? { try base.file(at: inner(path)) }

    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        try base.paths(under: inner(prefixes)).map(outer)
    }

    public func contentID(at path: [UInt8]) throws -> ObjectID? { try base.contentID(at: inner(path)) }

    public func contains(_ path: [UInt8]) throws -> Bool { try base.contains(inner(path)) }

    public func listing(under prefixes: [[UInt8]]) throws -> [TreeEntry] {
        try base.listing(under: inner(prefixes)).map { TreeEntry(path: outer($0.path), id: $0.id) }
    }

    public func directories(in directory: [UInt8]) throws -> [[UInt8]] {
        try base.directories(in: directory.isEmpty ? folder : inner(directory))
    }
}
