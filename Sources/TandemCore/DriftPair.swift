/// One (original, copy) pair of a fork map in one snapshot, as listed from the two trees' entries — paths and
/// content ids only, no file read — so that listing a snapshot costs one walk of the mapped folders.
public struct DriftPair: Sendable, Equatable {
    /// Index of the fork-map mapping (the *tree*) the pair belongs to.
    public var tree: Int
    /// The original; nil for a copy whose original is not upstream (fork-only).
    public var upstream: [UInt8]?
    public var fork: [UInt8]
    public var upstreamID: ObjectID?
    public var forkID: ObjectID?

    public init(tree: Int, upstream: [UInt8]?, fork: [UInt8], upstreamID: ObjectID? = nil, forkID: ObjectID? = nil) {
        self.tree = tree
        self.upstream = upstream
        self.fork = fork
        self.upstreamID = upstreamID
        self.forkID = forkID
    }

    /// The pairs of every mapping of `map` between `upstream` and `fork` (the same tree when the fork holds
    /// its originals), with the content ids of the upstream files under the mapped folders (used for the
    /// next snapshot's port cost). Pairs come mapping by mapping, originals in path order, then the copies
    /// whose original is missing upstream. Originals without a copy are not pairs (the fork shares them).
    public static func list(map: ForkMap, upstream: FileTree, fork: FileTree) throws
        -> (pairs: [DriftPair], upstreamIDs: [[UInt8]: ObjectID?]) {
        var pairs: [DriftPair] = []
        var upstreamIDs: [[UInt8]: ObjectID?] = [:]
        for (index, mapping) in map.mappings.enumerated() {
            let originals = try upstream.listing(under: [ForkMapSurvey.literalDirectory(mapping.upstream)])
            let copies = try fork.listing(under: [ForkMapSurvey.literalDirectory(mapping.fork)])
            var copyIDs: [[UInt8]: ObjectID?] = [:]
            for entry in copies { copyIDs[entry.path] = entry.id }
            var originalIDs: [[UInt8]: ObjectID?] = [:]
            for entry in originals {
                originalIDs[entry.path] = entry.id
                upstreamIDs[entry.path] = entry.id
            }
            var seen = Set<[UInt8]>()
            for entry in originals where mapping.upstream.captures(entry.path) != nil && !map.isCopy(entry.path) {
                guard let copy = mapping.forkPath(for: entry.path) else { continue }
                if copy == entry.path && !mapping.upstream.isSingleFile { continue }
                guard let copyID = copyIDs[copy] else { continue }
                seen.insert(copy)
                pairs.append(DriftPair(tree: index, upstream: entry.path, fork: copy, upstreamID: entry.id, forkID: copyID))
            }
            for entry in copies where !seen.contains(entry.path) {
                guard mapping.fork.captures(entry.path) != nil, let original = mapping.upstreamPath(for: entry.path),
                      original != entry.path, originalIDs[original] == nil else { continue }
                // The original may lie outside the listed folder only for odd patterns: ask the tree.
                if try upstream.contains(original) { continue }
                pairs.append(DriftPair(tree: index, upstream: nil, fork: entry.path, forkID: entry.id))
            }
        }
        return (pairs, upstreamIDs)
    }
}
