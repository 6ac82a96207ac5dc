import TandemCore
import TandemGit

/// Tells an `upstream-drift` from a `fork-conflict` with upstream history: a conflict is drift when the
/// copy's side of it holds lines that upstream itself had before some earlier commit changed them — the copy
/// never got that commit. The search walks first-parent history back from the range's start, newest first,
/// looking only at commits that changed the file (at most `limit` commits), and names the first whose
/// pre-image holds every line the copy has and the base lacks, while its post-image does not.
public final class DriftHistory {
    let repository: GitRepository
    let limit = 400

    public init(repository: GitRepository) { self.repository = repository }

    /// An explainer for conflicts against the upstream tree at `start`.
    public func explainer(before start: ObjectID) -> Porter.DriftExplainer {
        { [self] path, conflict in explain(path, conflict, before: start) }
    }

    func explain(_ path: [UInt8], _ conflict: HunkConflict, before start: ObjectID) -> String? {
        // Lines the copy has in the region that the upstream base does not.
        let base = Set(conflict.base.map { Array($0) })
        let copyOnly = conflict.ours.map { Array($0) }.filter { !base.contains($0) }
        guard !copyOnly.isEmpty else { return nil }
        var found: String?
        var seen = 0
        do {
            try repository.walk(start.hex, firstParent: true) { id throws(GitError) in
                guard found == nil, seen < limit else { return }
                seen += 1
                let commit = try repository.commit(id)
                guard let parent = commit.parents.first,
                    try repository.changedPaths(from: parent, to: id).contains(where: { $0.path == path })
                else { return }
                let before = try GitTree(repository: repository, revision: parent.hex)
                let after = try GitTree(repository: repository, revision: id.hex)
                guard let old = try? before.file(at: path), let new = try? after.file(at: path) else { return }
                let oldLines = Set(TextFile(bytes: old.bytes).lines.map { Array($0) })
                let newLines = Set(TextFile(bytes: new.bytes).lines.map { Array($0) })
                if copyOnly.allSatisfy({ oldLines.contains($0) })
                    && copyOnly.contains(where: { !newLines.contains($0) })
                {
                    found = String(id.hex.prefix(12)) + " (\"" + commit.summary + "\")"
                }
            }
        } catch {
            return nil
        }
        return found
    }
}
