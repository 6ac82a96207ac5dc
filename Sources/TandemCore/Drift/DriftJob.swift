/// The work of one pair in one snapshot, with its bytes already read: measure the drift (unless reused) and
/// the port cost of the next upstream change (when there is one to measure). Pure, so jobs run on any thread.
public struct DriftJob: Sendable {
    /// Index of the pair in its snapshot.
    public var index: Int
    /// The original (empty for a fork-only copy) and the copy.
    public var original: [UInt8]
    public var copy: [UInt8]
    /// False when the metrics are reused and only the cost is wanted.
    public var measure: Bool
    /// The original in the next snapshot, when its port cost is wanted.
    public var next: [UInt8]?
    public var guards: [String]
    /// Whether the copy's `#if` … `#endif` lines are conditionals (`SourceKind`), as `tandem port` reads them.
    public var directives = true

    /// The job's result.
    public struct Result: Sendable {
        public var index: Int
        public var drift: PairDrift?
        public var cost: PortCost?
    }

    public func run() -> Result {
        Result(
            index: index,
            drift: measure ? PairDrift(original: original, copy: copy, guards: guards) : nil,
            cost: next.map { PairDrift.portCost(original: original, next: $0, copy: copy, directives: directives) })
    }
}
