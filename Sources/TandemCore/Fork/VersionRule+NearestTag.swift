/// The stand-in for an upstream version that has no revision: fork snapshots such as `2.6.16-rc1-git4` are
/// based on an upstream state that was never tagged, so `v2.6.16-rc1-git4` names nothing in the upstream
/// repository. The nearest tag below the version is the closest tagged state that the fork's base already
/// contains, so `tandem drift` compares with it and marks the snapshot approximate.
///
/// A tag is a candidate when it is `upstream-rev` with some version filled in (`v{version}` reads `v2.6.15`
/// as 2.6.15; a tag of another shape is not a version), and that version starts with a digit exactly when
/// the wanted one does. Candidates are ordered by `VersionOrder.releasePrecedes`, which puts a release after
/// its `-rc`s, so below `2.6.16-rc1-git4` come `2.6.16-rc1` and `2.6.15.7` but not `2.6.16`; the highest
/// candidate below the version wins. Linear in the number of tags.
extension VersionRule {
    /// The tag naming the highest version below `version` among `tags`, and that version; nil when no tag
    /// of the `upstream-rev` shape is below it.
    public func nearestTag(below version: String, among tags: [String]) -> (tag: String, version: String)? {
        guard let hole = upstreamRevision.firstRange(of: "{version}") else { return nil }
        let prefix = String(upstreamRevision[..<hole.lowerBound]), suffix = String(upstreamRevision[hole.upperBound...])
        let numeric = version.first?.isNumber ?? false
        var best: (tag: String, version: String)?
        for tag in tags where tag.count > prefix.count + suffix.count && tag.hasPrefix(prefix) && tag.hasSuffix(suffix)
        {
            let candidate = String(tag.dropFirst(prefix.count).dropLast(suffix.count))
            guard candidate.first?.isNumber ?? false == numeric, upstreamRevision(for: candidate) == tag,
                VersionOrder.releasePrecedes(candidate, version)
            else { continue }
            if let known = best, !VersionOrder.releasePrecedes(known.version, candidate) { continue }
            best = (tag, candidate)
        }
        return best
    }
}
