/// A tree with changes laid over another: what the fork looks like after some patches, without writing it.
/// `per-commit` porting replays an upstream range onto one of these.
public struct OverlayTree: FileTree {
    public let lower: FileTree
    /// Changed files; nil marks a deletion.
    public private(set) var changes: [[UInt8]: TreeFile?] = [:]

    public init(_ lower: FileTree) { self.lower = lower }

    public mutating func set(_ path: [UInt8], _ file: TreeFile?) { changes[path] = .some(file) }

    public func file(at path: [UInt8]) throws -> TreeFile? {
        if let changed = changes[path] { return changed }
        return try lower.file(at: path)
    }

    public func contains(_ path: [UInt8]) throws -> Bool {
        if let changed = changes[path] { return changed != nil }
        return try lower.contains(path)
    }

    public func contentID(at path: [UInt8]) throws -> ObjectID? {
        changes[path] == nil ? try lower.contentID(at: path) : nil
    }

    public func sameContent(at path: [UInt8], as other: FileTree) throws -> Bool? {
        changes[path] == nil ? try lower.sameContent(at: path, as: other) : nil
    }

    public func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] {
        var set = Set(try lower.paths(under: prefixes))
        for (path, file) in changes where pathIsSelected(path, by: prefixes) {
            if file == nil { set.remove(path) } else { set.insert(path) }
        }
        return set.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
