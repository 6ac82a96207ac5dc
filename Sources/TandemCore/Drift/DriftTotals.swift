/// Drift summed over the pairs of one tree (a fork-map mapping) or of a whole snapshot. Similarity is taken
/// over the summed lines, `2·shared / (original lines + copy lines)`, so big files weigh more than small ones.
///
/// Fork-only files (a copy with no original upstream, such as Xen's own `hypercall.h`) are not pairs: they
/// would enter as copies at similarity 0 and drag the headline down with files that never had anything to
/// drift from. They are counted apart, in `forkOnlyFiles` and `forkOnlyFileLines`, and every other number
/// is over the pairs alone.
public struct DriftTotals: Sendable, Equatable {
    /// Copies with an original upstream (fork-only files are not among them).
    public var pairs = 0
    public var identical = 0
    public var identicalIgnoringWhitespace = 0
    /// Fork-only files, and their lines (all fork lines); in no other number.
    public var forkOnlyFiles = 0
    public var forkOnlyFileLines = 0
    public var sharedLines = 0
    /// Lines only the copies have (the fork's edits), over the pairs.
    public var forkOnlyLines = 0
    public var upstreamOnlyLines = 0
    public var divergentRegions = 0
    public var guardedForkLines = 0
    /// Hunks of the next upstream change to the originals, and how many would fail on the copies; nil when
    /// no pair has a next change to measure (the newest snapshot).
    public var portHunks: Int?
    public var portFailed: Int?

    public init() {}

    public var freeForkLines: Int { forkOnlyLines - guardedForkLines }

    public var similarity: Double {
        let lines = 2 * sharedLines + forkOnlyLines + upstreamOnlyLines
        return lines == 0 ? 1 : 2 * Double(sharedLines) / Double(lines)
    }

    public mutating func add(_ row: DriftRow) {
        if row.state == .forkOnly {
            forkOnlyFiles += 1
            forkOnlyFileLines += row.drift.forkOnlyLines
            return
        }
        pairs += 1
        if row.drift.identical { identical += 1 }
        if row.drift.identicalIgnoringWhitespace { identicalIgnoringWhitespace += 1 }
        sharedLines += row.drift.sharedLines
        forkOnlyLines += row.drift.forkOnlyLines
        upstreamOnlyLines += row.drift.upstreamOnlyLines
        divergentRegions += row.drift.divergentRegions
        guardedForkLines += row.drift.guardedForkLines
        if let cost = row.cost {
            portHunks = (portHunks ?? 0) + cost.hunks
            portFailed = (portFailed ?? 0) + cost.failed
        }
    }
}
