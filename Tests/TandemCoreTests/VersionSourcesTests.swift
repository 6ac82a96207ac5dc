import Testing
@testable import TandemCore

/// Versions a fork records only in its file names, and upstream versions that were never tagged.
@Suite("VersionRule: file names and untagged versions")
struct VersionSourcesTests {
    let rule = VersionRule(
        source: .fileNames(
            pattern: "patches/linux-*/*.patch", patterns: [#"/(\d+(?:\.\d+)+(?:-[a-z]+\d*)*)\.patch$"#], format: nil))

    /// Xen's tree names the stable release it tracks only in a patch file name: of the names the pattern
    /// selects, the ones the expression matches give versions and the highest wins; other patches, files
    /// below a deeper folder (`*` stays within a name) and files outside the pattern are ignored.
    @Test func fileNamesGiveTheHighestVersion() throws {
        #expect(rule.problem == nil)
        let tree = MemoryTree([
            "patches/linux-2.6.12/2.6.12.5.patch": "", "patches/linux-2.6.12/2.6.12.6.patch": "",
            "patches/linux-2.6.12/2.6.12-rc6.patch": "", "patches/linux-2.6.12/net-csum.patch": "",
            "patches/linux-2.6.12/old/2.6.13.patch": "", "docs/2.6.20.patch": "", "Makefile": "",
        ])
        let found = try rule.version(fromFileNamesIn: tree, revision: "r")
        #expect(found.version == "2.6.12.6" && found.path == Array("patches/linux-2.6.12/2.6.12.6.patch".utf8))
        // A format assembles the captures, as for a file's lines.
        let formatted = VersionRule(
            source: .fileNames(pattern: "patches/", patterns: [#"linux-(\d+)\.(\d+)\.\d+/"#], format: "{1}.{2}.0"))
        #expect(try formatted.version(fromFileNamesIn: tree, revision: "r").version == "2.6.0")
    }

    /// The refused twins: selected files none of whose paths spell a version, and no selected file at all,
    /// are failures naming the revision, never a guess.
    @Test func fileNamesWithoutAVersionAreAFailure() throws {
        let others = MemoryTree(["patches/linux-2.6.12/net-csum.patch": "", "patches/linux-2.6.12/smp.patch": ""])
        #expect(
            throws: VersionRule.Failure(
                "2 files at xen-3.0 match 'patches/linux-*/*.patch', but no path matches '\(rule.patterns[0])'")
        ) { try rule.version(fromFileNamesIn: others, revision: "xen-3.0") }
        #expect(throws: VersionRule.Failure("no file at xen-3.0 matches 'patches/linux-*/*.patch'")) {
            try rule.version(fromFileNamesIn: MemoryTree(["Makefile": ""]), revision: "xen-3.0")
        }
        #expect(VersionRule(source: .fileNames(pattern: "", patterns: ["(x)"], format: nil)).problem != nil)
        #expect(
            VersionRule(source: .fileNames(pattern: "p/*", patterns: ["x"], format: nil)).problem?.contains(
                "no capture") == true)
        #expect(VersionRule.listedFolder("patches/linux-*/*.patch") == Array("patches/".utf8))
        #expect(VersionRule.listedFolder("*.patch").isEmpty)
    }

    /// A release comes after its pre-releases, and a snapshot of a pre-release after that pre-release.
    @Test func releaseOrderPutsPreReleasesFirst() {
        let ordered = ["2.6.15.7", "2.6.16-rc1", "2.6.16-rc1-git4", "2.6.16-rc2", "2.6.16", "2.6.16.1", "2.6.17-pre1"]
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(VersionOrder.releasePrecedes(lower, higher), "\(lower) < \(higher)")
            #expect(!VersionOrder.releasePrecedes(higher, lower), "\(higher) > \(lower)")
        }
        #expect(VersionOrder.releasePrecedes("2.6.16-rc1", "2.6.16-git1"))
        #expect(!VersionOrder.releasePrecedes("2.6.16", "2.6.16"))
        // The plain order is unchanged: a prefix first.
        #expect(VersionOrder.precedes("2.6.16", "2.6.16-rc1"))
    }

    /// An untagged snapshot version is stood in for by the nearest tag below it: `v2.6.16-rc1` for
    /// `2.6.16-rc1-git4`, not `v2.6.16` (a release comes after its -rcs), and only tags of the `upstream-rev`
    /// shape count.
    @Test func nearestTagBelowAnUntaggedVersion() {
        let tags = [
            "v2.6.12.6", "v2.6.15", "v2.6.16", "v2.6.16-rc1", "v2.6.16-rc2", "xen-3.0.0", "vger", "linux-2.6.16",
        ]
        let stand = VersionRule(source: .table(["a": "b"])).nearestTag(below: "2.6.16-rc1-git4", among: tags)
        #expect(stand?.tag == "v2.6.16-rc1" && stand?.version == "2.6.16-rc1")
        #expect(
            VersionRule(source: .table(["a": "b"])).nearestTag(below: "2.6.15.3", among: tags)?.tag == "v2.6.15")
        let linux = VersionRule(source: .table(["a": "b"]), upstreamRevision: "linux-{version}")
        #expect(linux.nearestTag(below: "2.6.17", among: tags)?.tag == "linux-2.6.16")
    }

    /// The refused twin: no tag below the version (a later -rc, or a snapshot after it, is not below it), or
    /// none of the right shape, gives nothing to stand in.
    @Test func noTagBelowGivesNothing() {
        let rule = VersionRule(source: .table(["a": "b"]))
        #expect(rule.nearestTag(below: "2.6.9", among: ["v2.6.11", "v2.6.12", "v2.6.10-rc1", "v2.6.9-git1"]) == nil)
        #expect(rule.nearestTag(below: "2.6.12", among: ["linux-2.6.11", "vger"]) == nil)
    }

    /// Fork-only files are not pairs: the totals count them apart, and the similarity and line counts are
    /// over the pairs alone (197 copies at 0.899 became 183 pairs at 0.908 on the Xen tree).
    @Test func forkOnlyFilesStayOutOfThePairTotals() {
        func row(_ fork: String, upstream: String?, shared: Int, forkOnly: Int, upstreamOnly: Int) -> DriftRow {
            let similarity = shared == 0 ? 0 : 2 * Double(shared) / Double(2 * shared + forkOnly + upstreamOnly)
            return DriftRow(
                pair: DriftPair(tree: 0, upstream: upstream.map { Array($0.utf8) }, fork: Array(fork.utf8)),
                drift: PairDrift(
                    identical: false, identicalIgnoringWhitespace: false, similarity: similarity, sharedLines: shared,
                    forkOnlyLines: forkOnly, upstreamOnlyLines: upstreamOnly, divergentRegions: 1,
                    guardedForkLines: 0, changedFunctions: []),
                cost: nil)
        }
        let result = DriftSnapshot.Result(
            info: .init(label: "s"),
            rows: [
                row("x/a.c", upstream: "a.c", shared: 8, forkOnly: 1, upstreamOnly: 1),
                row("x/hypercall.h", upstream: nil, shared: 0, forkOnly: 30, upstreamOnly: 0),
            ], treeCount: 1)
        #expect(result.total.pairs == 1 && result.total.similarity == 16.0 / 18.0)
        #expect(result.total.forkOnlyLines == 1 && result.total.freeForkLines == 1)
        #expect(result.total.forkOnlyFiles == 1 && result.total.forkOnlyFileLines == 30)
        #expect(result.trees[0] == result.total)
    }
}

extension VersionRule {
    /// The `match` patterns of a rule that has them.
    fileprivate var patterns: [String] {
        switch source {
        case .file(_, let patterns, _), .fileNames(_, let patterns, _): return patterns
        default: return []
        }
    }
}
