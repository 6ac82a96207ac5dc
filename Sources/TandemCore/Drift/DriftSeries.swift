/// `tandem drift`'s engine: snapshots go in oldest first, measured snapshots come out one step behind (a
/// snapshot's port cost needs the next snapshot's upstream), and only the pairs that changed are measured.
///
/// For each snapshot:
/// 1. list the entries (paths and ids, no file read) under every mapping's folders. When the paths are the
///    same as the previous snapshot's (the usual case: a commit changes contents, not names), the pairs keep
///    the same positions (`layout`) and the map's patterns are not run again; otherwise `DriftPair.slots`
///    pairs them afresh, keeping a copy paired with its original across an upstream rename (`DriftRenames`);
/// 2. when the next snapshot is known (or there is none), decide per pair what to compute:
///    - metrics are reused from the previous snapshot when the pair's upstream and fork ids are both
///      unchanged (trees without ids, folders, are always measured);
///    - the port cost is 0 hunks when the next upstream id equals this one, reused when (this upstream,
///      next upstream, fork) ids equal the previous snapshot's, and otherwise computed by the placement engine
///      (`PairDrift.portCost`);
///    - the bytes of the pairs to compute are read here, on the caller's thread (trees need not be thread
///      safe), into `DriftJob`s;
/// 3. the caller runs the jobs (on all cores, they are pure) and hands the results to `complete`, which
///    returns the snapshot's `Result` and keeps its rows as the reuse cache for the next one.
/// Pairs are matched across snapshots by position when the layouts are equal, by (tree, copy path) when not.
/// Memory holds two snapshots' listings and one snapshot's rows, whatever the length of the history.
public struct DriftSeries {
    public let map: ForkMap
    /// Reuse unchanged pairs (off only to check that reuse changes no number).
    public var reuse: Bool

    /// A snapshot listed (entries and pair layout), ready to `add`; listing can run ahead of measuring.
    public struct Listed {
        var snapshot: DriftSnapshot
        var listings: [DriftPair.Listing]
        var layout: Int
        var pairs: [DriftPair]
    }

    private struct Key: Hashable {
        var tree: Int
        var fork: [UInt8]
    }

    private var pending: Listed?
    private var completing: (listed: Listed, rows: [DriftRow])?
    private var previous: (layout: Int, rows: [DriftRow])?
    private var lastLayout: (listings: [DriftPair.Listing], slots: [DriftPair.Slot], layout: Int)?
    private var layouts = 0
    private var renames = DriftRenames()

    public init(map: ForkMap, reuse: Bool = true) {
        self.map = map
        self.reuse = reuse
    }

    /// Lists `snapshot`'s pairs and returns the jobs that complete the snapshot before it (nil for the first).
    public mutating func add(_ snapshot: DriftSnapshot) throws -> [DriftJob]? {
        try add(try list(snapshot))
    }

    /// Lists `snapshot`'s entries and pairs. Snapshots must be listed in order, and may be listed one ahead
    /// of `add` (while the jobs of the one before run).
    public mutating func list(_ snapshot: DriftSnapshot) throws -> Listed {
        let listings = try DriftPair.listings(map: map, upstream: snapshot.upstream, fork: snapshot.fork)
        let slots: [DriftPair.Slot], layout: Int
        if let last = lastLayout, zip(last.listings, listings).allSatisfy({ $0.samePaths(as: $1) }) {
            (slots, layout) = (last.slots, last.layout)
        } else {
            slots = try renames.follow(
                try DriftPair.slots(map: map, listings: listings, upstream: snapshot.upstream),
                listings: listings, renames: snapshot.upstreamRenames)
            layouts += 1
            layout = layouts
        }
        lastLayout = (listings, slots, layout)
        return Listed(
            snapshot: snapshot, listings: listings, layout: layout, pairs: DriftPair.pairs(slots, in: listings))
    }

    /// Adds a listed snapshot and returns the jobs that complete the snapshot before it (nil for the first).
    public mutating func add(_ listed: Listed) throws -> [DriftJob]? {
        defer { pending = listed }
        guard let before = pending else { return nil }
        return try prepare(before, next: listed)
    }

    /// The jobs that complete the last snapshot added (no next upstream change), or nil when there is none.
    public mutating func finish() throws -> [DriftJob]? {
        guard let last = pending else { return nil }
        pending = nil
        return try prepare(last, next: nil)
    }

    /// The snapshot the last `add` or `finish` prepared, measured with the `results` of its jobs.
    public mutating func complete(_ results: [DriftJob.Result]) -> DriftSnapshot.Result {
        // Taken out of `completing` so the rows are uniquely referenced and updated in place.
        guard case (let listed, var rows)? = completing.take() else {
            preconditionFailure("complete without prepared jobs")
        }
        for result in results {
            if let drift = result.drift {
                rows[result.index].drift = drift
                rows[result.index].reused = false
            }
            if let cost = result.cost { rows[result.index].cost = cost }
        }
        previous = (listed.layout, rows)
        return DriftSnapshot.Result(info: listed.snapshot.info, rows: rows, treeCount: map.mappings.count)
    }

    /// Rows with everything known without reading a file, and jobs (with bytes) for the rest.
    private mutating func prepare(_ listed: Listed, next: Listed?) throws -> [DriftJob] {
        var rows: [DriftRow] = []
        rows.reserveCapacity(listed.pairs.count)
        var jobs: [DriftJob] = []
        // The previous snapshot's row of a pair, and the next snapshot's id of its original: by position
        // when the layouts agree, else through a dictionary built once.
        let previousRows = reuse ? previous : nil
        var previousByKey: [Key: DriftRow]?
        func old(_ index: Int, _ pair: DriftPair) -> DriftRow? {
            guard let previousRows else { return nil }
            if previousRows.layout == listed.layout { return previousRows.rows[index] }
            if previousByKey == nil {
                previousByKey = [:]
                for row in previousRows.rows { previousByKey?[Key(tree: row.pair.tree, fork: row.pair.fork)] = row }
            }
            return previousByKey?[Key(tree: pair.tree, fork: pair.fork)]
        }
        var nextByPath: [[UInt8]: ObjectID?]?
        func nextOriginal(_ index: Int, _ pair: DriftPair) -> ObjectID?? {
            guard let next, let original = pair.upstream else { return .none }
            if next.layout == listed.layout { return .some(next.pairs[index].upstreamID) }
            if nextByPath == nil {
                var byPath: [[UInt8]: ObjectID?] = [:]
                for listing in next.listings { for entry in listing.upstream { byPath[entry.path] = entry.id } }
                nextByPath = byPath
            }
            guard let nextByPath else { return .none }
            return nextByPath[original]
        }
        for (index, pair) in listed.pairs.enumerated() {
            let old = old(index, pair)
            let unchanged =
                old.map { old in
                    pair.forkID != nil && old.pair.forkID == pair.forkID && old.pair.upstream == pair.upstream
                        && (pair.upstream == nil || (pair.upstreamID != nil && old.pair.upstreamID == pair.upstreamID))
                } ?? false
            // The port cost: what the next snapshot's upstream does to this original.
            var cost: PortCost?
            var computeCost = false
            var nextID: ObjectID?
            if case .some(let id) = nextOriginal(index, pair) {
                nextID = id
                if let id, id == pair.upstreamID {
                    cost = PortCost(hunks: 0, failed: 0)
                } else if unchanged, let id, let old, old.nextUpstreamID == id, let known = old.cost {
                    cost = known
                } else {
                    computeCost = true
                }
            }
            // `unchanged` implies an old row.
            // swift-format-ignore: NeverForceUnwrap
            rows.append(
                DriftRow(
                    pair: pair, drift: unchanged ? old!.drift : PairDrift.empty,
                    cost: cost, nextUpstreamID: nextID, reused: unchanged))
            guard !unchanged || computeCost else { continue }
            let copy = try listed.snapshot.fork.file(at: pair.fork)?.bytes ?? []
            let original = try pair.upstream.flatMap { try listed.snapshot.upstream.file(at: $0)?.bytes } ?? []
            let nextBytes =
                computeCost ? try pair.upstream.flatMap { try next?.snapshot.upstream.file(at: $0)?.bytes } : nil
            var job = DriftJob(
                index: index, original: original, copy: copy, measure: !unchanged, next: nextBytes, guards: map.guards)
            job.directives = SourceKind.readsDirectives(pair.fork)
            jobs.append(job)
        }
        completing = (listed, rows)
        return jobs
    }
}
