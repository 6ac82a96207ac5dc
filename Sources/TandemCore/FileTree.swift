/// A tree of files tandem can read: a directory (TandemIO), a git revision (TandemGit), or an in-memory
/// tree (tests). Core never learns where the bytes came from. Paths are raw bytes, relative to the root.
public protocol FileTree {
    /// The file at `path`: nil when there is none. Throws for trouble (a path refused, an unreadable file).
    func file(at path: [UInt8]) throws -> TreeFile?
}

/// A file's bytes and permission bits.
public struct TreeFile: Sendable, Equatable {
    public var bytes: [UInt8]
    /// Permission bits (0o644, 0o755 …).
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
        files = Dictionary(uniqueKeysWithValues: texts.map { (Array($0.key.utf8), TreeFile(bytes: Array($0.value.utf8))) })
    }

    public func file(at path: [UInt8]) throws -> TreeFile? { files[path] }
}
