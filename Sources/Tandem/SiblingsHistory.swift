import TandemCore
import TandemGit

/// `tandem siblings --upstream REPO --range A..B`: the range checked commit by commit, oldest first, so a fix
/// that reached the sibling later in the range is reported as reached in that commit, with the lag, instead
/// of as missed (`SiblingCheck+Later`).
///
/// Each commit with one parent is compared with its parent (a merge's changes arrive through the commits it
/// merges, which the walk includes, as `git log -p` shows them); a range of one commit is that commit even
/// when it is a merge (then against its first parent). Before a commit's own hunks are checked, it settles
/// the findings still open from earlier commits. The member indexes are kept between commits by blob id
/// (`SiblingCheck.IndexCache`), so each commit reads only the files it changed, plus the candidates.
public struct SiblingsHistory {
    public let repository: GitRepository
    public let range: String
    public let groups: [[String]]

    public init(repository: GitRepository, range: String, groups: [[String]]) {
        self.repository = repository
        self.range = range
        self.groups = groups
    }

    public func check() throws -> SiblingCheck.Result {
        let commits = try repository.commits(range, firstParent: false, order: .oldestFirst)
        let work = commits.count == 1 ? commits : commits.filter { $0.parents.count == 1 }
        let cache = SiblingCheck.IndexCache()
        var open: [SiblingCheck.OpenFix] = []
        var result = SiblingCheck.Result(missed: [], checked: 0, reached: 0)
        for commit in work {
            guard let parent = commit.parents.first else { continue }
            let old = try GitTree(repository: repository, revision: parent.hex)
            let new = try GitTree(repository: repository, revision: commit.id.hex)
            let candidates = try repository.changedPaths(from: parent, to: commit.id).map(\.path)
            let patch = PatchParser.parse(try TreeDiff.patch(old: old, new: new, candidates: candidates)).patch
            var still: [SiblingCheck.OpenFix] = []
            for fix in open {
                if let how = try SiblingCheck.settlement(of: fix, by: patch, strip: 1, after: new) {
                    let lag = max(0, Int((commit.committerTime - fix.time) / 86_400))
                    result.reachedLater.append(
                        SiblingCheck.LaterFix(
                            fix: fix.fix, commit: commit.id.hex, summary: commit.summary,
                            lagDays: lag, how: how))
                } else {
                    still.append(fix)
                }
            }
            open = still
            var own = try SiblingCheck.check(patch, groups: groups, tree: old, strip: 1, oneCommit: true, cache: cache)
            for index in own.missed.indices { own.missed[index].commit = commit.id.hex }
            result.checked += own.checked
            result.reached += own.reached
            open += SiblingCheck.OpenFix.from(own, patch: patch, strip: 1, groups: groups, time: commit.committerTime)
        }
        result.missed = open.map(\.fix)
        return result
    }
}
