/// A point of a drift series: an upstream tree and a fork tree (the same tree when the fork holds its
/// originals), with a label and, for revisions, the time and the names behind it.
public struct DriftSnapshot {
    public var info: Info
    public var upstream: FileTree
    public var fork: FileTree
    /// The upstream renames since the previous snapshot (old path → new path), asked only when a copy lost
    /// its original; nil when the source cannot tell (folders).
    public var upstreamRenames: (() throws -> [[UInt8]: [UInt8]])?

    public init(
        info: Info, upstream: FileTree, fork: FileTree, upstreamRenames: (() throws -> [[UInt8]: [UInt8]])? = nil
    ) {
        self.info = info
        self.upstream = upstream
        self.fork = fork
        self.upstreamRenames = upstreamRenames
    }

    /// What a snapshot is, without its trees.
    public struct Info: Sendable, Equatable {
        public var label: String
        /// Seconds since 1970 (the commit time); nil for folders.
        public var time: Int64?
        /// The fork revision (a commit id) and the upstream revision, when they came from repositories.
        public var revision: String?
        public var upstreamRevision: String?
        /// The upstream version a version rule found for this fork revision.
        public var version: String?
        /// True when the upstream repository has no revision for `version` and `upstreamRevision` is the
        /// nearest tag below it, standing in (`VersionRule.nearestTag(below:among:)`).
        public var approximate: Bool

        public init(
            label: String, time: Int64? = nil, revision: String? = nil, upstreamRevision: String? = nil,
            version: String? = nil, approximate: Bool = false
        ) {
            self.label = label
            self.time = time
            self.revision = revision
            self.upstreamRevision = upstreamRevision
            self.version = version
            self.approximate = approximate
        }
    }

    /// A measured snapshot: every pair's row, totals per tree (indexed like the map's mappings) and overall,
    /// and how many pairs were recomputed rather than reused.
    public struct Result: Sendable, Equatable {
        public var info: Info
        public var rows: [DriftRow]
        public var trees: [DriftTotals]
        public var total: DriftTotals
        public var recomputed: Int

        public init(info: Info, rows: [DriftRow], treeCount: Int) {
            self.info = info
            self.rows = rows
            trees = Array(repeating: DriftTotals(), count: treeCount)
            total = DriftTotals()
            recomputed = rows.filter { !$0.reused }.count
            for row in rows {
                trees[row.pair.tree].add(row)
                total.add(row)
            }
        }
    }
}
