import Testing
@testable import TandemCore

/// A tree whose content ids are a hash of the bytes, as a git tree's blob ids are: lets the series reuse.
struct HashedTree: FileTree {
    var memory: MemoryTree
    init(_ texts: [String: String]) { memory = MemoryTree(texts) }
    func file(at path: [UInt8]) throws -> TreeFile? { try memory.file(at: path) }
    func paths(under prefixes: [[UInt8]]) throws -> [[UInt8]] { try memory.paths(under: prefixes) }
    func contentID(at path: [UInt8]) throws -> ObjectID? {
        guard let bytes = memory.files[path]?.bytes else { return nil }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return ObjectID(bytes: (0..<20).map { UInt8(truncatingIfNeeded: hash >> (($0 % 8) * 8)) })
    }
}

/// Runs a whole series through the engine, jobs on this thread.
func measureSeries(_ snapshots: [DriftSnapshot], map: ForkMap, reuse: Bool = true) throws -> [DriftSnapshot.Result] {
    var series = DriftSeries(map: map, reuse: reuse)
    var out: [DriftSnapshot.Result] = []
    for snapshot in snapshots {
        if let jobs = try series.add(snapshot) { out.append(series.complete(jobs.map { $0.run() })) }
    }
    if let jobs = try series.finish() { out.append(series.complete(jobs.map { $0.run() })) }
    return out
}

@Suite("DriftSeries: drift over snapshots, with reuse")
struct DriftSeriesTests {
    /// One tree holding originals and suffix copies (`x.c` and `x-xen.c`), three snapshots:
    /// 1. `a.c` = 1 2 3 4, its copy = 1 2 X 4 (one line edited); `b.c` copied unchanged;
    /// 2. upstream changes `3` → `three` in a.c (the line the fork edited) and appends to b.c;
    /// 3. nothing changes.
    let map = ForkMap(mappings: [ForkMapping(upstream: "**/*.c", fork: "**/*-xen.c")], guards: ["CONFIG_XEN"])
    let s1 = ["k/a.c": "1\n2\n3\n4\n", "k/a-xen.c": "1\n2\nX\n4\n", "k/b.c": "p\nq\n", "k/b-xen.c": "p\nq\n"]
    var s2: [String: String] {
        var s = s1
        s["k/a.c"] = "1\n2\nthree\n4\n"
        s["k/b.c"] = "p\nq\nr\n"
        return s
    }

    func snapshots() -> [DriftSnapshot] {
        [s1, s2, s2].enumerated().map { index, texts in
            let tree = HashedTree(texts)
            return DriftSnapshot(info: .init(label: "s\(index + 1)"), upstream: tree, fork: tree)
        }
    }

    @Test func handComputedSeries() throws {
        let results = try measureSeries(snapshots(), map: map)
        #expect(results.map(\.info.label) == ["s1", "s2", "s3"])
        // Snapshot 1: a-xen.c shares 3 of 4 lines (similarity 6/8), b-xen.c is identical.
        let first = results[0]
        #expect(first.rows.map { String(decoding: $0.pair.fork, as: UTF8.self) } == ["k/a-xen.c", "k/b-xen.c"])
        let a = first.rows[0].drift
        #expect(a.sharedLines == 3 && a.forkOnlyLines == 1 && a.upstreamOnlyLines == 1 && a.divergentRegions == 1)
        #expect(a.similarity == 0.75)
        #expect(first.rows[1].state == .identical)
        // The next upstream change: a.c's hunk changes the very line the fork edited (fails); b.c's append
        // applies to the identical copy.
        #expect(first.rows[0].cost == PortCost(hunks: 1, failed: 1))
        #expect(first.rows[1].cost == PortCost(hunks: 1, failed: 0))
        #expect(first.total.portHunks == 2 && first.total.portFailed == 1)
        // Totals: shared 3 + 2, fork-only 1, upstream-only 1: similarity 2·5 / (6 + 6).
        #expect(first.total.sharedLines == 5 && first.total.forkOnlyLines == 1 && first.total.upstreamOnlyLines == 1)
        #expect(abs(first.total.similarity - 10.0 / 12.0) < 1e-12)
        #expect(first.total.pairs == 2 && first.total.identical == 1)
        // Snapshot 2: a-xen.c now differs in one line against `three` (still 3 shared); b-xen.c lacks `r`.
        let second = results[1]
        #expect(second.rows[0].drift.sharedLines == 3 && second.rows[0].drift.upstreamOnlyLines == 1)
        #expect(second.rows[1].drift.sharedLines == 2 && second.rows[1].drift.upstreamOnlyLines == 1)
        #expect(second.rows[1].state == .modified)
        // Nothing changes from 2 to 3: no hunk to port, and snapshot 3 reuses every pair.
        #expect(second.total.portHunks == 0 && second.total.portFailed == 0)
        #expect(second.recomputed == 2)
        #expect(results[2].recomputed == 0 && results[2].rows.allSatisfy(\.reused))
        #expect(results[2].rows.map(\.drift) == second.rows.map(\.drift))
        // The newest snapshot has no next change.
        #expect(results[2].rows.allSatisfy { $0.cost == nil } && results[2].total.portHunks == nil)
    }

    @Test func reuseChangesNoNumber() throws {
        let reused = try measureSeries(snapshots(), map: map)
        let fresh = try measureSeries(snapshots(), map: map, reuse: false)
        #expect(fresh.map(\.recomputed) == [2, 2, 2])
        #expect(reused.map(\.recomputed) == [2, 2, 0])
        for (r, f) in zip(reused, fresh) {
            #expect(r.rows.map(\.drift) == f.rows.map(\.drift))
            #expect(r.rows.map(\.cost) == f.rows.map(\.cost))
            #expect(r.total == f.total && r.trees == f.trees)
        }
    }

    /// A copy whose original disappears upstream becomes fork-only: every line a fork line, similarity 0.
    @Test func forkOnlyCopy() throws {
        var gone = s1
        gone["k/a.c"] = nil
        let trees = [s1, gone].map { HashedTree($0) }
        let results = try measureSeries(
            trees.map { DriftSnapshot(info: .init(label: "x"), upstream: $0, fork: $0) }, map: map)
        // In snapshot 1 the next snapshot has no a.c: no cost to predict for it.
        #expect(results[0].rows[0].cost == nil)
        let row = results[1].rows.first { $0.pair.fork == Array("k/a-xen.c".utf8) }
        #expect(row?.state == .forkOnly && row?.drift.forkOnlyLines == 4 && row?.drift.similarity == 0)
        #expect(results[1].total.forkOnlyFiles == 1)
    }

    /// Two trees (upstream and a sparse fork) with a directory mapping, and trees without ids (no reuse).
    @Test func twoTreesWithoutIDs() throws {
        let map = ForkMap(
            mappings: [ForkMapping(upstream: "arch/i386/", fork: "arch/xen/i386/")], guards: ["CONFIG_XEN"])
        let upstream = MemoryTree(["arch/i386/setup.c": "a\nb\n", "arch/i386/time.c": "t\n"])
        let fork = MemoryTree(["arch/xen/i386/setup.c": "a\n#ifdef CONFIG_XEN\nx\n#endif\nb\n", "Makefile": "m\n"])
        let results = try measureSeries(
            [
                DriftSnapshot(info: .init(label: "one"), upstream: upstream, fork: fork),
                DriftSnapshot(info: .init(label: "two"), upstream: upstream, fork: fork),
            ], map: map)
        #expect(results.count == 2 && results.allSatisfy { $0.rows.count == 1 && $0.recomputed == 1 })
        let d = results[1].rows[0].drift
        #expect(d.sharedLines == 2 && d.forkOnlyLines == 3 && d.guardedForkLines == 3 && d.freeForkLines == 0)
        // Unchanged upstream bytes: nothing to port.
        #expect(results[0].rows[0].cost == PortCost(hunks: 0, failed: 0))
    }
}

@Suite("VersionRule: upstream versions of fork revisions")
struct VersionRuleTests {
    let makefile = Array("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 11\nEXTRAVERSION = -rc1\nNAME = Woozy\n".utf8)

    @Test func kernelMakefile() throws {
        let rule = VersionRule(source: VersionRule.kernelMakefile)
        #expect(rule.problem == nil)
        #expect(try rule.version(fromFile: makefile, revision: "r") == "2.6.11-rc1")
        let plain = Array("VERSION = 2\nPATCHLEVEL = 6\nSUBLEVEL = 12\nEXTRAVERSION =\n".utf8)
        #expect(try rule.version(fromFile: plain, revision: "r") == "2.6.12")
        #expect(rule.upstreamRevision(for: "2.6.12") == "v2.6.12")
    }

    @Test func buildFilePatternAndFormat() throws {
        let rule = VersionRule(
            source: .file(path: "build.mk", patterns: [#"^LINUX_VER\s*=\s*(\S+)"#], format: nil),
            upstreamRevision: "linux-{version}")
        #expect(try rule.version(fromFile: Array("X = 1\nLINUX_VER = 2.6.11\n".utf8), revision: "r") == "2.6.11")
        #expect(rule.upstreamRevision(for: "2.6.11") == "linux-2.6.11")
        #expect(throws: VersionRule.Failure.self) {
            try rule.version(fromFile: Array("nothing\n".utf8), revision: "abc")
        }
    }

    @Test func folderNames() throws {
        let rule = VersionRule(source: .folder(pattern: #"linux-(\d+\.\d+\.\d+)-xen-sparse"#))
        let found = try rule.match(folders: [Array("docs".utf8), Array("linux-2.6.11-xen-sparse".utf8)], revision: "r")
        #expect(found.version == "2.6.11" && found.folder == Array("linux-2.6.11-xen-sparse".utf8))
        // The whole name must match, and one folder only.
        #expect(throws: VersionRule.Failure.self) {
            try rule.match(folders: [Array("old-linux-2.6.11-xen-sparse".utf8)], revision: "r")
        }
        #expect(throws: VersionRule.Failure.self) {
            try rule.match(
                folders: [Array("linux-2.6.11-xen-sparse".utf8), Array("linux-2.6.12-xen-sparse".utf8)], revision: "r")
        }
        let named = VersionRule(source: .folder(pattern: #"(xen|kvm)-(?<version>[\d.]+)"#))
        #expect(try named.match(folders: [Array("xen-3.0".utf8)], revision: "r").version == "3.0")
    }

    @Test func tableAndProblems() throws {
        let table = VersionRule(source: .table(["abc": "2.6.11"]))
        #expect(try table.version(forRevision: ["zzz", "abc"]) == "2.6.11")
        #expect(throws: VersionRule.Failure.self) { try table.version(forRevision: ["zzz"]) }
        #expect(
            VersionRule(source: .file(path: "M", patterns: ["(x"], format: nil)).problem?.contains("does not compile")
                == true)
        #expect(
            VersionRule(source: .file(path: "M", patterns: ["x"], format: nil)).problem?.contains("no capture") == true)
        #expect(
            VersionRule(source: .file(path: "M", patterns: ["(x)"], format: "{2}")).problem?.contains("{2}") == true)
        #expect(VersionRule(source: .folder(pattern: "(?:x)y")).problem?.contains("no capture") == true)
        #expect(VersionRule(source: .table(["a": "b"]), upstreamRevision: "v").problem?.contains("{version}") == true)
        #expect(VersionRule.captureCount(#"(a)(?:b)(?<n>c)[(]\(d\)"#) == 2)
    }
}
