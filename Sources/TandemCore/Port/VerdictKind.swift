/// The vocabulary of port verdicts: one case per verdict, spelled once (its raw value is the stable machine
/// name that `tandem.port/1` files, reports and the dashboard use). `PortVerdict` carries the details of one
/// verdict; everything that only needs to know *which* verdict (report input, findings, colours, JUnit)
/// switches over this enum, so a new verdict is a compile error wherever it must be handled.
public enum VerdictKind: String, Sendable, CaseIterable, Hashable {
    case ported
    case alreadyApplied = "already-applied"
    case forkConflict = "fork-conflict"
    case upstreamDrift = "upstream-drift"
    case ambiguous
    case contextNotFound = "context-not-found"
    case missingForkFile = "missing-fork-file"
    case shared
    case binary
    case upstreamDeleted = "upstream-deleted"
    case newUpstreamFile = "new-upstream-file"
    case flagged
    case review
    case upstreamRenamed = "upstream-renamed"

    /// True when the hunk needs a person: it was not ported and is not already there, shared, or left to a
    /// person on purpose.
    public var isFailure: Bool {
        switch self {
        case .ported, .alreadyApplied, .shared, .flagged, .newUpstreamFile: return false
        case .forkConflict, .upstreamDrift, .ambiguous, .contextNotFound, .missingForkFile, .binary, .upstreamDeleted,
            .review,
            .upstreamRenamed:
            return true
        }
    }

    /// True for the verdicts that are information only: nothing was ported, and nothing needs a person
    /// (the copy is shared, the mapping only flags, or upstream added a file).
    public var isInformation: Bool {
        switch self {
        case .shared, .flagged, .newUpstreamFile: return true
        default: return false
        }
    }
}
