import TandemCore

/// The upstream versions a drift run visited, in the order it first met each, with how many snapshots were
/// compared with each one. It is what shows whether a walk saw an upgrade step: a first-parent walk over a
/// fork that upgraded on a merged branch goes from 2.6.11 to 2.6.12 and never visits the branch's
/// 2.6.12-rc1, which `--all-parents` does. Snapshots without a version (one repository, a list of trees)
/// are not counted. Kept as the snapshots stream past, so a long run holds one entry per version.
public struct VisitedVersions: Sendable, Equatable {
    /// One upstream version and the snapshots compared with it.
    public struct Version: Sendable, Equatable {
        public var version: String
        /// The upstream revision compared (the nearest tag below `version` when `approximate`).
        public var upstreamRevision: String?
        public var approximate: Bool
        public var snapshots: Int
    }

    public private(set) var versions: [Version] = []
    private var positions: [String: Int] = [:]

    public init() {}

    /// Counts a snapshot under its version (none: not counted).
    public mutating func add(_ info: DriftSnapshot.Info) {
        guard let version = info.version else { return }
        if let position = positions[version] {
            versions[position].snapshots += 1
        } else {
            positions[version] = versions.count
            versions.append(
                Version(
                    version: version, upstreamRevision: info.upstreamRevision, approximate: info.approximate,
                    snapshots: 1))
        }
    }

    /// `2.6.12 (12 snapshots), 2.6.12.6 (40), 2.6.16-rc1-git4 ≈ v2.6.16-rc1 (3)`: an approximate version
    /// names the tag that stood in for it after `≈`.
    public var text: String {
        versions.enumerated().map { index, v in
            let count = index == 0 ? "\(v.snapshots) snapshot\(v.snapshots == 1 ? "" : "s")" : "\(v.snapshots)"
            let stand = v.approximate ? " ≈ \(v.upstreamRevision ?? "?")" : ""
            return "\(v.version)\(stand) (\(count))"
        }.joined(separator: ", ")
    }
}
