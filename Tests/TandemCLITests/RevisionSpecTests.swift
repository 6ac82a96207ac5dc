import Foundation
import Testing
import TandemTestSupport

/// Revisions that hold `@` of their own, and shallow clones.
@Suite("revisions with @ and shallow clones")
struct RevisionSpecTests {
    /// git's diff of two revisions, without its `index` lines (tandem diff writes none for files).
    func gitDiff(_ repo: String, _ old: String, _ new: String) throws -> String {
        String(decoding: try gitIn(repo, "diff", "--no-renames", old, new).stdout, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("index ") }.joined(
                separator: "\n")
    }

    /// `REPO@HEAD@{1}`, `REPO@@{-1}` and `@{-1}` split at the first `@` that leaves an existing folder (and never
    /// inside `@{`). Before, the split was at the last `@`: "not a git repository: 'r@HEAD'".
    @Test func revisionsWithAtSplitAtTheRepository() throws {
        let parent = try Scratch()
        defer { parent.cleanup() }
        let repo = parent.path + "/at@home/r"  // a folder with an @ of its own
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        Fixtures.buildRepository("history-edges", at: repo)
        // HEAD@{1} is the commit before the last (v1.4); @{-1} the branch checked out before main (side).
        let cases: [(old: String, new: String, directory: String?, gitOld: String)] = [
            (repo + "@HEAD@{1}", repo + "@HEAD", nil, "HEAD@{1}"),
            (repo + "@@{-1}", repo + "@HEAD", nil, "@{-1}"),
            ("@{-1}", "@HEAD", repo, "@{-1}"),
            ("@@{-1}", "@@", repo, "@{-1}"),
        ]
        for item in cases {
            let ours = try run(tandemBinary, ["diff", item.old, item.new], directory: item.directory)
            #expect(ours.status == 0, "\(item.old): \(ours.stderr)")
            #expect(!ours.stdout.isEmpty, "\(item.old)")
            #expect(
                String(decoding: ours.stdout, as: UTF8.self) == (try gitDiff(repo, item.gitOld, "HEAD")), "\(item.old)")
        }
        let missing = try tandem("diff", parent.path + "/nothere@HEAD@{1}", repo + "@HEAD")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("not a git repository: '\(parent.path)/nothere'"), "\(missing.stderr)")
    }

    /// A shallow clone (`git clone --depth 2`): walks stop at the boundary, work with the history that is
    /// there, and name the boundary in one warning line. Before, each failed with "missing object while
    /// walking …: the repository is incomplete" (exit 2).
    @Test func shallowClonesWorkWithinTheirHistory() throws {
        let clone = try Scratch()
        defer { clone.cleanup() }
        try gitIn(clone.path, "clone", "-q", "--depth", "2", "file://" + historyEdges, ".")
        let boundary = String(decoding: try gitIn(clone.path, "rev-parse", "HEAD~1").stdout, as: UTF8.self).prefix(12)
        let warning =
            "tandem: warning: shallow clone: history stops at \(boundary) (\"net: rename net.c to socket.c\"); "

        let log = try tandem("log", "--repo", clone.path)
        #expect(log.status == 0, "\(log.stderr)")
        #expect(
            String(decoding: log.stdout, as: UTF8.self).split(separator: "\n").map { String($0.prefix(40)) }
                == String(decoding: try gitIn(clone.path, "rev-list", "HEAD").stdout, as: UTF8.self).split(
                    separator: "\n"
                ).map(String.init))
        #expect(log.stderr.hasPrefix(warning) && log.stderr.split(separator: "\n").count == 1, "\(log.stderr)")

        // A range inside the clone needs no warning, though hiding its start reaches the boundary.
        let inside = try tandem("log", "--repo", clone.path, "HEAD~1..HEAD")
        #expect(inside.status == 0 && inside.stderr.isEmpty, "\(inside.stderr)")
        #expect(String(decoding: inside.stdout, as: UTF8.self).hasSuffix(" stream: count pending from zero\n"))

        // Both copies lost their originals to renames before the clone's history starts, so every copy is
        // fork-only there: the map-typo warning (exit 1) says so after the boundary warning.
        let drift = try tandem("drift", "--repo", clone.path, "--format", "csv", "--quiet")
        #expect(
            drift.status == 1 && drift.stderr.contains("every copy under 'xen/lib/' is fork-only"), "\(drift.stderr)")
        #expect(drift.stderr.hasPrefix(warning), "\(drift.stderr)")
        #expect(
            Set(
                String(decoding: drift.stdout, as: UTF8.self).split(separator: "\r\n").dropFirst().map {
                    $0.prefix { $0 != "," }
                })
                == ["v1.4", "v1.5"])

        let port = try tandem(
            "port", "--upstream", clone.path, "--range", "HEAD~1..HEAD", "--fork", clone.path + "@HEAD~1",
            "--per-commit", "--check")
        #expect(port.status != 2, "\(port.stderr)")
        #expect(!port.stderr.contains("incomplete"))
    }
}
