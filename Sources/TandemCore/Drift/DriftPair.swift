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

    /// The entries under one mapping's folders: its upstream side and its fork side.
    public struct Listing: Sendable, Equatable {
        public var upstream: [TreeEntry]
        public var fork: [TreeEntry]

        /// True when `other` lists the same paths in the same order (ids may differ).
        func samePaths(as other: Listing) -> Bool {
            upstream.count == other.upstream.count && fork.count == other.fork.count
                && zip(upstream, other.upstream).allSatisfy { $0.path == $1.path }
                && zip(fork, other.fork).allSatisfy { $0.path == $1.path }
        }
    }

    /// Where a pair's two files are in its mapping's listing.
    public struct Slot: Sendable, Equatable {
        public var tree: Int
        public var upstream: Int?
        public var fork: Int
    }

    /// The entries under every mapping's folders of `upstream` and `fork`.
    /// An overlay (`./` → `sparse/`) lists its fork folder and, upstream, only the originals of what that
    /// folder holds: the upstream tree is not walked for it.
    public static func listings(map: ForkMap, upstream: FileTree, fork: FileTree) throws -> [Listing] {
        try map.mappings.map { mapping in
            let copies = try fork.listing(under: [ForkMapSurvey.literalDirectory(mapping.fork)])
            guard mapping.isSparse else {
                return Listing(
                    upstream: try upstream.listing(under: [ForkMapSurvey.literalDirectory(mapping.upstream)]),
                    fork: copies)
            }
            var originals: [TreeEntry] = []
            for entry in copies {
                guard let original = mapping.upstreamPath(for: entry.path), try upstream.contains(original) else {
                    continue
                }
                originals.append(TreeEntry(path: original, id: try upstream.contentID(at: original)))
            }
            originals.sort { $0.path.lexicographicallyPrecedes($1.path) }
            return Listing(upstream: originals, fork: copies)
        }
    }

    /// The pairs of the listings, as slots: mapping by mapping, originals in path order, then the copies whose
    /// original is missing upstream. Originals without a copy are not pairs (the fork shares them). Each copy
    /// is a pair of the mapping that claims it only (the most specific, `ForkMap+Claims`), so no file counts
    /// twice; a tie throws `ClaimTie`. This is where the map's patterns run, so a series computes it again
    /// only when a listing's paths change.
    public static func slots(map: ForkMap, listings: [Listing], upstream: FileTree) throws -> [Slot] {
        var slots: [Slot] = []
        for (index, mapping) in map.mappings.enumerated() {
            let listing = listings[index]
            var copyIndex: [[UInt8]: Int] = [:]
            for (position, entry) in listing.fork.enumerated() { copyIndex[entry.path] = position }
            var originals = Set<[UInt8]>()
            var seen = Set<Int>()
            for (position, entry) in listing.upstream.enumerated() {
                originals.insert(entry.path)
                guard mapping.upstream.captures(entry.path) != nil, !map.isCopy(entry.path),
                    let copy = mapping.forkPath(for: entry.path)
                else { continue }
                if copy == entry.path && !mapping.upstream.isSingleFile { continue }
                guard let copyPosition = copyIndex[copy], try map.claimingMapping(ofCopy: copy) == index else {
                    continue
                }
                seen.insert(copyPosition)
                slots.append(Slot(tree: index, upstream: position, fork: copyPosition))
            }
            for (position, entry) in listing.fork.enumerated() where !seen.contains(position) {
                guard mapping.fork.captures(entry.path) != nil, let original = mapping.upstreamPath(for: entry.path),
                    original != entry.path, !originals.contains(original),
                    try map.claimingMapping(ofCopy: entry.path) == index
                else { continue }
                // The original may lie outside the listed folder only for odd patterns: ask the tree.
                if try upstream.contains(original) { continue }
                slots.append(Slot(tree: index, upstream: nil, fork: position))
            }
        }
        return slots
    }

    /// The pairs `slots` name in `listings`, with their ids.
    public static func pairs(_ slots: [Slot], in listings: [Listing]) -> [DriftPair] {
        slots.map { slot in
            let listing = listings[slot.tree]
            let original = slot.upstream.map { listing.upstream[$0] }
            let copy = listing.fork[slot.fork]
            return DriftPair(
                tree: slot.tree, upstream: original?.path, fork: copy.path, upstreamID: original?.id ?? nil,
                forkID: copy.id)
        }
    }

    /// The pairs of every mapping of `map` between `upstream` and `fork` (the same tree when the fork holds
    /// its originals).
    public static func list(map: ForkMap, upstream: FileTree, fork: FileTree) throws -> [DriftPair] {
        let listings = try listings(map: map, upstream: upstream, fork: fork)
        return pairs(try slots(map: map, listings: listings, upstream: upstream), in: listings)
    }
}
