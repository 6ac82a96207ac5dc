/// The drift of one pair in one snapshot: its metrics, the predicted cost of porting the next snapshot's
/// upstream change, and whether the metrics were reused from the previous snapshot (both ids unchanged).
public struct DriftRow: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Byte-identical: the copy could be dropped and the original shared.
        case identical
        case modified
        /// The copy's original is not upstream: every line is a fork line.
        case forkOnly = "fork-only"
    }

    public var pair: DriftPair
    public var drift: PairDrift
    /// The next snapshot's upstream change to the original: its hunks and how many would fail on the copy.
    /// nil for the newest snapshot, for fork-only copies, and when the next snapshot has no such original.
    public var cost: PortCost?
    /// The original's id in the next snapshot (what `cost` was computed against).
    public var nextUpstreamID: ObjectID?
    /// True when the metrics were taken from the previous snapshot instead of being recomputed.
    public var reused: Bool

    public init(
        pair: DriftPair, drift: PairDrift, cost: PortCost?, nextUpstreamID: ObjectID? = nil, reused: Bool = false
    ) {
        self.pair = pair
        self.drift = drift
        self.cost = cost
        self.nextUpstreamID = nextUpstreamID
        self.reused = reused
    }

    public var state: State { pair.upstream == nil ? .forkOnly : drift.identical ? .identical : .modified }
}
