import Foundation
import Testing
import TandemTestSupport

/// Ranges as git reads them (`A..B`: the commits reachable from B and not from A), in every command that
/// takes one: a range with no commits is a warning and exit 1, a diverged range is taken from the merge base,
/// unrelated ends are trouble.
@Suite("history ranges")
struct HistoryRangeTests {
    /// `v1.2..v1.1` (reversed) and `v1.1..v1.1` hold no commits. Before, port made a patch that undid both
    /// fixes (or, on a fork at v1.1, called them already applied) and exited 0.
    @Test(arguments: ["v1.2..v1.1", "v1.1..v1.1"])
    func rangeWithNoCommitsWarnsAndExitsOne(range: String) throws {
        let repo = historyEdges
        let commands: [[String]] = [
            ["port", "--upstream", repo, "--range", range, "--fork", repo + "@v1.1"],
            ["port", "--upstream", repo, "--range", range, "--fork", repo + "@v1.1", "--per-commit", "--check"],
            ["report", "--upstream", repo, "--range", range, "--fork", repo + "@v1.1", "--format", "json"],
            ["siblings", "--upstream", repo, "--range", range],
            ["hooks", "--fork", repo + "@v1.1", "--range", range, "--repo", repo],
            ["drift", "--repo", repo, "--range", range],
        ]
        for arguments in commands {
            let result = try run(tandemBinary, arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr.hasPrefix("tandem: warning: range '\(range)' holds no commits: "),
                "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        let reversed = try tandem("port", "--upstream", repo, "--range", "v1.2..v1.1", "--fork", repo + "@v1.1")
        #expect(reversed.stderr.contains("'v1.1' is an ancestor of 'v1.2' (did you mean 'v1.1..v1.2'?)"))
    }

    /// `side-fix..v1.2`: side-fix (a branch from v1.1) is not an ancestor of v1.2. The range's commits are
    /// v1.2's since the merge base v1.1, and its change is v1.1 → v1.2 (git diff side-fix...v1.2), never the
    /// undoing of side-fix's own commit. Before, the diff side-fix → v1.2 carried a hunk reverting it.
    @Test func divergedRangeIsTakenFromTheMergeBase() throws {
        let repo = historyEdges
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let diverged = try tandem(
            "port", "--upstream", repo, "--range", "side-fix..v1.2", "--fork", repo + "@v1.1",
            "-o", scratch.path + "/d.patch", "--report", scratch.path + "/d.json")
        let plain = try tandem(
            "port", "--upstream", repo, "--range", "v1.1..v1.2", "--fork", repo + "@v1.1",
            "-o", scratch.path + "/p.patch", "--report", scratch.path + "/p.json")
        #expect(diverged.status == 0 && plain.status == 0, "\(diverged.stderr)")
        #expect(
            diverged.stderr.hasPrefix(
                "tandem: warning: 'side-fix' is not an ancestor of 'v1.2': taking the changes of 'v1.2' since their merge base "
            ))
        #expect(diverged.stderr.split(separator: "\n").count == 1)
        #expect(readBytes(scratch.path + "/d.patch") == readBytes(scratch.path + "/p.patch"))
        #expect(try portVerdicts(scratch.path + "/d.json") == portVerdicts(scratch.path + "/p.json"))
        // Drift's --revs takes the same commits as git log.
        let log = try tandem("log", "--repo", repo, "side-fix..v1.2")
        let gitLog = try gitIn(repo, "rev-list", "side-fix..v1.2")
        #expect(
            String(decoding: log.stdout, as: UTF8.self).split(separator: "\n").map { String($0.prefix(40)) }
                == String(decoding: gitLog.stdout, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// Ends with no common history (an orphan branch): nothing to diff against, exit 2 with one line.
    @Test func unrelatedEndsAreTrouble() throws {
        let clone = try Scratch()
        defer { clone.cleanup() }
        try gitIn(clone.path, "clone", "-q", historyEdges, ".")
        try gitIn(clone.path, "checkout", "-q", "--orphan", "lonely")
        try gitIn(clone.path, "commit", "-q", "-m", "lonely")
        let result = try tandem(
            "port", "--upstream", clone.path, "--range", "lonely..v1.2", "--fork", clone.path + "@v1.1", "--check")
        #expect(result.status == 2)
        #expect(result.stderr == "tandem: range 'lonely..v1.2': 'lonely' and 'v1.2' share no history (no merge base)\n")
    }
}
