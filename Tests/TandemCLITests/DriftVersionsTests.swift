import Foundation
import Testing
import TandemTestSupport

/// A fork in its own repository and an upstream repository, built in a scratch folder: the upstream tags
/// releases of one file `k/p.c`, and the fork keeps its copy in `xen/k/p.c` beside a file of its own
/// (`xen/k/hypercall.h`), recording its upstream version only in the name of a patch file, as Xen's tree
/// did (`patches/linux-2.6.12/2.6.12.6.patch`).
struct VersionedFork {
    let scratch: Scratch
    let upstream: RepositoryBuilder
    let fork: RepositoryBuilder

    static let map = """
        forks:
          - {upstream: k/, fork: xen/k/}
        versions:
          files: 'patches/linux-*/*.patch'
          match: '/(\\d+(?:\\.\\d+)+(?:-[a-z]+\\d*)*)\\.patch$'

        """

    /// Upstream releases, each a tag on its own commit: v2.6.12 `a b c`, v2.6.12.6 `a b c d`, v2.6.16-rc1
    /// `a B c d` and v2.6.16 `a B c d e`.
    init() throws {
        scratch = try Scratch("versions")
        upstream = try RepositoryBuilder(at: scratch.path + "/up")
        for (tag, text) in [
            ("v2.6.12", "a\nb\nc\n"), ("v2.6.12.6", "a\nb\nc\nd\n"), ("v2.6.16-rc1", "a\nB\nc\nd\n"),
            ("v2.6.16", "a\nB\nc\nd\ne\n"),
        ] {
            try upstream.write("k/p.c", text)
            try upstream.commit(tag)
            try upstream.git("tag", tag)
        }
        fork = try RepositoryBuilder(at: scratch.path + "/fork")
        try fork.write("tandem.yml", Self.map)
        try fork.write("xen/k/hypercall.h", "h1\nh2\nh3\n")
    }

    /// Replaces the fork's patches with `names` under `patches/linux-FOLDER/`.
    func patches(_ folder: String, _ names: [String]) throws {
        try? FileManager.default.removeItem(atPath: fork.path + "/patches")
        for name in names { try fork.write("patches/linux-\(folder)/\(name)", "") }
    }

    func drift(_ arguments: String...) throws -> Run { try drift(arguments) }

    func drift(_ arguments: [String]) throws -> Run {
        try run(tandemBinary, ["drift", "--fork", fork.path, "--upstream", upstream.path, "--quiet"] + arguments)
    }
}

/// CSV output as rows of cells (the quoted cells these tests meet hold no comma).
func csvRows(_ run: Run) -> [[String]] {
    String(decoding: run.stdout, as: UTF8.self).split(separator: "\r\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}

@Suite("tandem drift: versions from file names, untagged versions, fork-only files, merged upgrades")
struct DriftVersionsTests {
    /// The version in a patch file's name (the highest of those the expression matches; `net-csum.patch`
    /// says nothing), and a snapshot version upstream never tagged (`2.6.16-rc1-git4`): it is compared with
    /// the nearest tag below it, `v2.6.16-rc1` (not `v2.6.16`, which comes after its -rcs), marked
    /// approximate in every format, with one warning, and the run goes on.
    @Test func fileNamesAndAnUntaggedVersion() throws {
        let repos = try VersionedFork()
        defer { repos.scratch.cleanup() }
        try repos.fork.write("xen/k/p.c", "a\nb\nX\n")
        try repos.patches("2.6.12", ["2.6.12.5.patch", "2.6.12.6.patch", "net-csum.patch"])
        try repos.fork.commit("xen on 2.6.12.6")
        try repos.patches("2.6.16-rc1-git4", ["2.6.16-rc1-git4.patch", "smp-alts.patch"])
        try repos.fork.commit("xen on a 2.6.16-rc1 snapshot")

        let json = try repos.drift("--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any] ?? [:]
        let snapshots = snapshotsOf(object)
        #expect(snapshots.map { $0["version"] as? String } == ["2.6.12.6", "2.6.16-rc1-git4"])
        #expect(snapshots.map { $0["upstreamRevision"] as? String } == ["v2.6.12.6", "v2.6.16-rc1"])
        #expect(snapshots.map { $0["approximate"] as? Bool } == [false, true])
        // Compared with v2.6.16-rc1's `a B c d`: one shared line of 4 + 3, similarity 2/7 (v2.6.16 would
        // give 2/8).
        let total = snapshots.last?["total"] as? [String: Any] ?? [:]
        #expect(total["similarity"] as? Double == 0.285714 && total["pairs"] as? Int == 1)
        let summary = object["summary"] as? [String: Any] ?? [:]
        #expect(
            canonical(summary["upstreamVersions"])
                == #"[{"approximate":false,"snapshots":1,"upstreamRevision":"v2.6.12.6","version":"2.6.12.6"},"#
                + #"{"approximate":true,"snapshots":1,"upstreamRevision":"v2.6.16-rc1","version":"2.6.16-rc1-git4"}]"#)
        let warnings = json.stderr.split(separator: "\n")
        let head = try repos.fork.git("rev-parse", "--short=12", "HEAD")
        #expect(
            warnings.count == 1
                && warnings[0].hasPrefix(
                    "tandem: warning: fork revision \(head) is based on version 2.6.16-rc1-git4, but \(repos.upstream.path) has no revision 'v2.6.16-rc1-git4': compared with the nearest tag below it, v2.6.16-rc1 (approximate)"
                ), "\(json.stderr)")

        // CSV: the upstream version, the revision read and the mark, on every row.
        let csv = csvRows(try repos.drift("--format", "csv"))
        let header = csv[0]
        #expect(Array(header.suffix(3)) == ["upstream_version", "upstream_revision", "approximate"])
        #expect(csv.count == 5)  // two snapshots of p.c and hypercall.h
        for row in csv.dropFirst() {
            let approximate = row[0] == snapshots[1]["label"] as? String
            #expect(
                Array(row.suffix(3))
                    == (approximate ? ["2.6.16-rc1-git4", "v2.6.16-rc1", "1"] : ["2.6.12.6", "v2.6.12.6", "0"]))
        }

        // The table marks the snapshot and names the versions visited.
        let table = String(decoding: try repos.drift().stdout, as: UTF8.self)
        #expect(table.contains("\n\(snapshots[1]["label"] as? String ?? "?") ≈ "))
        #expect(
            table.contains("\nupstream versions visited: 2.6.12.6 (1 snapshot), 2.6.16-rc1-git4 ≈ v2.6.16-rc1 (1)\n"))
    }

    /// The refused twin: a version with no tag below it (the upstream starts at 2.6.12) stops the run with
    /// one "what: why" line naming the revision, the version and the repository.
    @Test func untaggedVersionWithNoTagBelowStops() throws {
        let repos = try VersionedFork()
        defer { repos.scratch.cleanup() }
        try repos.fork.write("xen/k/p.c", "a\nb\nX\n")
        try repos.patches("2.6.9", ["2.6.9.patch"])
        try repos.fork.commit("xen on 2.6.9")
        let result = try repos.drift()
        let label = try repos.fork.git("rev-parse", "--short=12", "HEAD")
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix(
                "tandem: fork revision \(label) is based on version 2.6.9, but \(repos.upstream.path) has no revision 'v2.6.9' and no tag below it to stand in (tags named like 'v{version}'): unknown revision 'v2.6.9'"
            ), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// Fork-only files (`hypercall.h`, no original upstream) are not pairs: the totals and the similarity
    /// are over `p.c` alone, and the fork-only files have their own line (count and lines) in the table, their
    /// own object in the JSON totals, and their `state` in the CSV.
    @Test func forkOnlyFilesOnTheirOwnLine() throws {
        let repos = try VersionedFork()
        defer { repos.scratch.cleanup() }
        try repos.fork.write("xen/k/p.c", "a\nb\nc\nX\n")
        try repos.patches("2.6.12", ["2.6.12.patch"])
        try repos.fork.commit("xen on 2.6.12")
        let json = try JSONSerialization.jsonObject(with: Data(try repos.drift("--format", "json").stdout))
        let total = snapshotsOf(json as? [String: Any] ?? [:]).first?["total"] as? [String: Any] ?? [:]
        // p.c: a b c shared, X fork-only: 6/7. hypercall.h's three lines are in no pair number.
        #expect(total["pairs"] as? Int == 1 && total["similarity"] as? Double == 0.857143)
        #expect(total["forkOnlyLines"] as? Int == 1 && total["forkOnlyFiles"] == nil)
        #expect(canonical(total["forkOnly"]) == #"{"files":1,"lines":3}"#)
        let table = String(decoding: try repos.drift().stdout, as: UTF8.self)
        let lines = table.split(separator: "\n")
        // The snapshot's line (after the header): one copy, none identical, 0.8571; then the fork-only line.
        #expect(lines[1].contains(" 1     0     0.8571 "), "\(table)")
        #expect(lines[2].hasPrefix("  fork-only files "))
        #expect(lines[2].split(separator: " ") == ["fork-only", "files", "1", "3"])
        #expect(table.contains("(1 of 1 modified, 1 copies)"))
        #expect(table.contains("\nfork-only files at ") && table.contains("not in the totals): 1 file, 3 lines\n"))
        let csv = csvRows(try repos.drift("--format", "csv"))
        let state = csv[0].firstIndex(of: "state") ?? 0
        #expect(csv.dropFirst().map { $0[state] }.sorted() == ["fork-only", "modified"])

        // The twin: give hypercall.h an original upstream and it is a pair like any other, with no
        // fork-only line.
        try repos.upstream.write("k/hypercall.h", "h1\nh2\n")
        try repos.upstream.commit("hypercall")
        try repos.upstream.git("tag", "-f", "v2.6.12")
        let paired = String(decoding: try repos.drift().stdout, as: UTF8.self)
        #expect(!paired.contains("fork-only"), "\(paired)")
        #expect(paired.contains("(2 of 2 modified, 2 copies)"))
    }

    /// An upgrade made on a branch and merged: the first-parent walk visits 2.6.12 and 2.6.16 only; with
    /// --all-parents the branch's commits come before the merge (parents before children) and the run
    /// visits the step through 2.6.16-rc1. The table and the JSON summary name the versions visited.
    @Test func allParentsVisitsAnUpgradeOnAMergedBranch() throws {
        let repos = try VersionedFork()
        defer { repos.scratch.cleanup() }
        try repos.fork.write("xen/k/p.c", "a\nb\nX\n")
        try repos.patches("2.6.12", ["2.6.12.patch"])
        try repos.fork.commit("xen on 2.6.12", date: "2005-06-01T00:00:00Z")
        try repos.fork.git("checkout", "-q", "-b", "upgrade")
        try repos.patches("2.6.16-rc1", ["2.6.16-rc1.patch"])
        try repos.fork.commit("xen on 2.6.16-rc1", date: "2005-06-02T00:00:00Z")
        try repos.patches("2.6.16", ["2.6.16.patch"])
        try repos.fork.commit("xen on 2.6.16", date: "2005-06-03T00:00:00Z")
        try repos.fork.git("checkout", "-q", "main")
        try repos.fork.write("xen/k/p.c", "a\nb\nX\nY\n")
        try repos.fork.commit("a fix on 2.6.12", date: "2005-06-04T00:00:00Z")
        _ = try repos.fork.run(
            ["merge", "-q", "--no-ff", "upgrade", "-m", "merge the upgrade"], date: "2005-06-05T00:00:00Z")

        func visited(_ arguments: String...) throws -> (json: String, table: String) {
            let json = try repos.drift(["--format", "json"] + arguments)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any] ?? [:]
            let versions = ((object["summary"] as? [String: Any])?["upstreamVersions"] as? [[String: Any]] ?? [])
                .map { "\($0["version"] as? String ?? "?") \($0["snapshots"] as? Int ?? -1)" }
            let table = String(decoding: try repos.drift(arguments).stdout, as: UTF8.self)
            let line = table.split(separator: "\n").first { $0.hasPrefix("upstream versions visited: ") }
            return (versions.joined(separator: ", "), line.map(String.init) ?? "")
        }
        let firstParent = try visited()
        #expect(firstParent.json == "2.6.12 2, 2.6.16 1")
        #expect(firstParent.table == "upstream versions visited: 2.6.12 (2 snapshots), 2.6.16 (1)")
        let allParents = try visited("--all-parents")
        #expect(allParents.json == "2.6.12 2, 2.6.16-rc1 1, 2.6.16 2")
        #expect(allParents.table == "upstream versions visited: 2.6.12 (2 snapshots), 2.6.16-rc1 (1), 2.6.16 (2)")
    }
}
