import Foundation
import Testing
import TandemTestSupport

/// Fixture repositories built once per run with fixtures/repos/build.sh.
let historyRepo = Fixtures.buildRepository("example-fork-history")
let sparseRepo = Fixtures.buildRepository("example-fork-sparse")
let folderRepo = Fixtures.buildRepository("example-fork-folder")

/// `tandem drift --format json` parsed.
func driftJSON(_ arguments: [String]) throws -> [String: Any] {
    let result = try run(tandemBinary, ["drift", "--format", "json"] + arguments)
    #expect(result.status == 0, "\(result.stderr)")
    return try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any] ?? [:]
}

func snapshotsOf(_ json: [String: Any]) -> [[String: Any]] { json["snapshots"] as? [[String: Any]] ?? [] }

/// A JSON value as canonical text (sorted keys), for comparisons.
func canonical(_ value: Any?) -> String {
    guard let value,
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    else { return "nil" }
    return String(decoding: data, as: UTF8.self)
}

/// A pair's numbers, without how they were obtained (reused or not), keyed by copy path.
func pairNumbers(_ snapshot: [String: Any]) -> [String: String] {
    var out: [String: String] = [:]
    for pair in snapshot["pairs"] as? [[String: Any]] ?? [] {
        var numbers = pair
        numbers["reused"] = nil
        out[pair["fork"] as? String ?? "?"] = canonical(numbers)
    }
    return out
}

@Suite("tandem drift")
struct DriftCommandTests {
    /// The example fork's history: upstream 2.6.11, identical copies, the Xen port, the 2.6.12 merge (originals
    /// only), a resync of traps.c.
    @Test func exampleForkHistory() throws {
        let json = try driftJSON(["--repo", historyRepo])
        #expect(json["schema"] as? String == "tandem.drift/2")
        let snapshots = snapshotsOf(json)
        let labels = snapshots.map { $0["label"] as? String ?? "" }
        #expect(
            labels.count == 5 && labels[0] == "v2.6.11" && labels[2] == "xen-2.6.11" && labels[3] == "v2.6.12-xen-pre")
        func total(_ index: Int) -> [String: Any] { snapshots[index]["total"] as? [String: Any] ?? [:] }
        // No copies yet; then 11 identical copies; then the port makes all but traps.c differ.
        #expect(total(0)["pairs"] as? Int == 0)
        #expect(
            total(1)["pairs"] as? Int == 11 && total(1)["identical"] as? Int == 11
                && total(1)["similarity"] as? Double == 1)
        #expect(total(2)["identical"] as? Int == 1)
        // Drift grows with the merge (the copies lag 2.6.12) in the trees whose pairs stay the same, and the
        // traps.c resync brings one copy back.
        let similarity = (0..<5).map { total($0)["similarity"] as? Double ?? -1 }
        #expect(similarity[2] < similarity[1] && similarity[4] > similarity[3])
        for tree in [1, 2] {
            let trees = (2...3).map { (snapshots[$0]["trees"] as? [[String: Any]])?[tree]["similarity"] as? Double }
            #expect((trees[1] ?? 1) < (trees[0] ?? 0), "tree \(tree)")
        }
        #expect(total(4)["identical"] as? Int == 1 && total(3)["identical"] as? Int == 0)
        // time.c was deleted upstream in 2.6.12: its copy is fork-only from then on, apart from the pairs.
        #expect(total(2)["pairs"] as? Int == 11 && total(3)["pairs"] as? Int == 10)
        #expect(canonical(total(3)["forkOnly"]) == #"{"files":1,"lines":59}"#)
        #expect(canonical(total(2)["forkOnly"]) == #"{"files":0,"lines":0}"#)
        // The newest snapshot has no next change to port.
        #expect(total(4)["nextPort"] is NSNull)
    }

    /// The predicted port cost at the Xen port equals what `tandem port` says of the real 2.6.12 release
    /// patch, copy by copy: the hunks of the next upstream change and how many of them need a person.
    @Test func predictedPortCostMatchesPort() throws {
        let csv = try run(
            tandemBinary,
            ["drift", "--repo", historyRepo, "--range", "xen-2.6.11~1..v2.6.12-xen-pre", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = String(decoding: csv.stdout, as: UTF8.self).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        let column = { (name: String) in header.firstIndex(of: name)! }
        var predicted: [String: (hunks: Int, failed: Int)] = [:]
        for row in lines.dropFirst() where row[column("snapshot")] == "xen-2.6.11" && !row[column("next_hunks")].isEmpty
        {
            predicted[row[column("fork")]] = (Int(row[column("next_hunks")])!, Int(row[column("predicted_failures")])!)
        }
        let example = Fixtures.path + "/example-fork"
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let report = scratch.path + "/port.json"
        _ = try tandem(
            "port", example + "/releases/linux-2.6.12.patch", "--fork", example + "/fork",
            "--base", example + "/upstream/linux-2.6.11", "--check", "--report", report)
        let json = try JSONSerialization.jsonObject(with: Data(readBytes(report))) as? [String: Any] ?? [:]
        var ported: [String: (hunks: Int, failed: Int)] = [:]
        let perFile: Set<String> = ["shared", "upstream-deleted", "new-upstream-file", "not-forked"]
        for entry in json["entries"] as? [[String: Any]] ?? []
        where entry["hunk"] is Int && !perFile.contains(entry["verdict"] as? String ?? "") {
            let copy = entry["copyPath"] as? String ?? ""
            let failed = ["fork-conflict", "upstream-drift", "ambiguous"].contains(entry["verdict"] as? String ?? "")
            ported[copy, default: (0, 0)].hunks += 1
            ported[copy, default: (0, 0)].failed += failed ? 1 : 0
        }
        #expect(!ported.isEmpty)
        for (copy, counts) in ported {
            #expect(predicted[copy]?.hunks == counts.hunks && predicted[copy]?.failed == counts.failed, "\(copy)")
        }
        // Copies the release does not touch are predicted to cost nothing.
        for (copy, counts) in predicted where ported[copy] == nil { #expect(counts.hunks == 0, "\(copy)") }
        #expect(predicted.values.map(\.failed).reduce(0, +) == 2)
    }

    @Test func reuseChangesNoNumber() throws {
        let reused = snapshotsOf(try driftJSON(["--repo", historyRepo]))
        let fresh = snapshotsOf(try driftJSON(["--repo", historyRepo, "--no-reuse"]))
        #expect(reused.count == fresh.count)
        for (r, f) in zip(reused, fresh) {
            #expect(pairNumbers(r) == pairNumbers(f))
            #expect(canonical(r["total"]) == canonical(f["total"]) && canonical(r["trees"]) == canonical(f["trees"]))
        }
        // Reuse did happen: the resync snapshot recomputes only traps.c.
        #expect(reused.last?["recomputed"] as? Int == 1 && fresh.last?["recomputed"] as? Int == 11)
    }

    /// A sparse fork in its own repository, paired with upstream releases by its Makefile, and one kept in a
    /// folder named after its release: the same numbers as the one-repository history at the same points.
    @Test(arguments: ["sparse", "folder"])
    func twoRepositories(kind: String) throws {
        let fork = kind == "sparse" ? sparseRepo : folderRepo
        let two = snapshotsOf(try driftJSON(["--fork", fork, "--upstream", xenHistory]))
        #expect(two.map { $0["version"] as? String } == ["2.6.11", "2.6.12"])
        #expect(two.map { $0["upstreamRevision"] as? String } == ["v2.6.11", "v2.6.12"])
        #expect(two.map { $0["label"] as? String } == ["xen-2.6.11", "xen-2.6.12"])
        let one = snapshotsOf(try driftJSON(["--repo", historyRepo]))
        #expect(pairNumbers(two[0]) == pairNumbers(one[2]))
        #expect(pairNumbers(two[1]) == pairNumbers(one[4]))
        #expect(pairNumbers(two[0]).count == 11)
    }

    /// Suffix copies in one repository (`p-xen.c` beside `p.c`), with hand-computed numbers.
    @Test func suffixCopiesHandComputed() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = scratch.path + "/r"
        let builder = try RepositoryBuilder(at: repo)
        func commit(_ files: [String: String], _ message: String) throws {
            for (path, text) in files { try builder.write(path, text) }
            try builder.commit(message)
        }
        try commit(
            [
                "tandem.yml": "forks:\n  - {upstream: 'k/*.c', fork: 'k/*-xen.c'}\n",
                "k/p.c": "a\nb\nc\n", "k/p-xen.c": "a\nB\nc\n", "k/q.c": "x\n",
            ], "one")
        try commit(["k/p.c": "a\nb\nc\nd\n"], "two")
        let result = try tandem("drift", "--repo", repo, "--format", "csv")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = String(decoding: result.stdout, as: UTF8.self).split(separator: "\r\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // One pair (q.c has no copy) in two snapshots. Snapshot 1: a and c shared, B fork-only, b
        // upstream-only: similarity 4/6, one region; the next change appends d, which merges past B.
        #expect(rows.count == 2)
        #expect(
            rows[0][4...] == [
                "k/p.c", "k/p-xen.c", "modified", "0", "0", "0.6667", "2", "1", "1", "1", "0", "1", "", "0", "1", "0",
                "", "", "0",
            ])
        // Snapshot 2: b and d upstream-only: similarity 4/7, two regions; nothing after it.
        #expect(
            rows[1][4...] == [
                "k/p.c", "k/p-xen.c", "modified", "0", "0", "0.5714", "2", "1", "2", "2", "0", "1", "", "", "", "0",
                "", "", "0",
            ])
    }

    @Test func listOfTreesAndTags() throws {
        let example = Fixtures.path + "/example-fork"
        let list = snapshotsOf(
            try driftJSON([
                "--snapshot", "2.6.11=\(example)/fork",
                "--snapshot", "2.6.12=\(example)/upstream/linux-2.6.12:\(example)/fork",
            ]))
        let one = snapshotsOf(try driftJSON(["--repo", historyRepo]))
        #expect(list.map { $0["label"] as? String } == ["2.6.11", "2.6.12"])
        #expect(pairNumbers(list[0]) == pairNumbers(one[2]))
        let tagged = snapshotsOf(try driftJSON(["--repo", historyRepo, "--tags", "xen-*"]))
        #expect(tagged.map { $0["label"] as? String } == ["xen-2.6.11"])
        let every = snapshotsOf(try driftJSON(["--repo", historyRepo, "--every", "2"]))
        #expect(every.count == 3 && every.last?["label"] as? String == one.last?["label"] as? String)
    }

    @Test func outputFileIsAtomicAndQuiet() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let out = scratch.path + "/drift.csv"
        let result = try tandem("drift", "--repo", historyRepo, "--format", "csv", "-o", out)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stderr)")
        let text = String(decoding: readBytes(out), as: UTF8.self)
        #expect(text.hasPrefix("snapshot,revision,time,tree,upstream,fork,state,"))
        #expect(text.split(separator: "\r\n").count == 1 + 11 * 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["drift.csv"])
        // A failing run leaves the previous file alone and no temporary file behind.
        let failed = try tandem("drift", "--repo", historyRepo, "--revs", "no-such-rev", "-o", out)
        #expect(failed.status == 2 && failed.stderr.contains("no-such-rev"))
        #expect(String(decoding: readBytes(out), as: UTF8.self) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["drift.csv"])
        let missingDirectory = try tandem("drift", "--repo", historyRepo, "-o", scratch.path + "/no/such/dir/x")
        #expect(missingDirectory.status == 2 && missingDirectory.stderr.hasPrefix("tandem: cannot write"))
    }

    /// Each bad versions rule or revision stops with one line naming the map file and line, or the revision.
    @Test(arguments: [
        (
            "versions:\n  file: NoSuch.mk\n  match: '^V = (\\d+)'\n",
            "tandem: MAP:4: versions: NoSuch.mk at xen-2.6.11: no such file in the fork"
        ),
        (
            "versions:\n  file: Makefile\n  match: '^KERNELVERSION = (\\S+)'\n",
            "tandem: MAP:4: versions: Makefile at xen-2.6.11: no line matches"
        ),
        (
            "versions:\n  folder: 'linux-(.*)-kvm'\n",
            "tandem: MAP:4: versions: no top-level folder at xen-2.6.11 matches"
        ),
        (
            "versions:\n  preset: kernel-makefile\n  upstream-rev: 'linux-{version}'\n",
            "tandem: fork revision xen-2.6.11 is based on version 2.6.11, but"
        ),
        (
            "versions:\n  table: {xen-2.6.11: 2.6.11}\n",
            "tandem: MAP:4: versions: fork revision xen-2.6.12 is not in the versions table"
        ),
        (
            "versions:\n  table: {no-such-tag: 2.6.11}\n",
            "tandem: MAP:4: versions: table names 'no-such-tag', which is not a revision"
        ),
        ("guards: []\n", "tandem: MAP: no 'versions' rule"),
        (
            "versions:\n  file: Makefile\n  match: '^V = (\\d+'\n",
            "tandem: MAP:4: versions: pattern '^V = (\\d+' does not compile"
        ),
    ])
    func badRules(rule: String, message: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let map = scratch.path + "/bad.yml"
        try Data(("forks:\n  - {upstream: arch/i386/, fork: arch/xen/i386/}\n" + rule).utf8).write(
            to: URL(fileURLWithPath: map))
        let result = try tandem("drift", "--fork", sparseRepo, "--upstream", xenHistory, "--map", map)
        #expect(result.status == 2 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr.hasPrefix(message.replacing("MAP", with: map)), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func usageErrors() throws {
        #expect(try tandem("drift").status == 64)
        #expect(try tandem("drift", "--repo", ".", "--snapshot", "a=b").status == 64)
        #expect(try tandem("drift", "--snapshot", "nolabel").status == 64)
        #expect(try tandem("drift", "--repo", ".", "--revs", "a", "--tags", "b").status == 64)
        let noMap = try tandem("drift", "--repo", xenHistory)
        #expect(noMap.status == 2 && noMap.stderr.contains("no fork map"))
    }
}
