import Testing
@testable import TandemCore

/// Most specific mapping wins (issue #20): an overlay (`./` → `sparse/`), a layout inside it and an
/// exception inside that, each file claimed by exactly one mapping; ties that specificity cannot settle
/// are errors naming both lines.
@Suite("Fork maps: overlays and the most specific mapping")
struct ForkMapClaimTests {
    let map = ForkMap(mappings: [
        ForkMapping(upstream: "./", fork: "sparse/", line: 2),
        ForkMapping(upstream: "arch/i386/", fork: "sparse/arch/xen/i386/", line: 3),
        ForkMapping(upstream: "arch/i386/mach-default/", fork: "sparse/arch/xen/i386/mach-xen/", line: 4),
        ForkMapping(upstream: "arch/i386/kernel/setup.c", fork: "sparse/arch/xen/i386/kernel/setup-xen.c", line: 5),
    ])
    let upstream = MemoryTree([
        "mm/memory.c": "m\n", "mm/other.c": "o\n", "arch/i386/kernel/process.c": "p\n",
        "arch/i386/kernel/setup.c": "s\n",
        "arch/i386/mach-default/setup.c": "d\n",
    ])
    let fork = MemoryTree([
        "sparse/mm/memory.c": "m2\n", "sparse/arch/xen/i386/kernel/process.c": "p2\n",
        "sparse/arch/xen/i386/kernel/setup-xen.c": "s2\n", "sparse/arch/xen/i386/mach-xen/setup.c": "d\n",
        "sparse/include/asm-xen/hypercall.h": "h\n",
    ])

    @Test func specificityOrdersPatterns() {
        let ranks = ["./", "arch/", "arch/i386/", "arch/**/*.c", "arch/i386/**/*-xen.c", "mm/memory.c"].map {
            PathPattern($0).specificity
        }
        #expect(ranks == ranks.sorted())
        #expect(PathPattern("./").isRoot && PathPattern("./").captures(Array("a/b.c".utf8)) == [Array("a/b.c".utf8)])
    }

    /// Every fork file belongs to the most specific mapping that matches it, once.
    @Test func eachFileIsClaimedOnce() throws {
        func claimer(_ path: String) -> Int? {
            if case .mapping(let index) = map.claim(ofCopy: Array(path.utf8)) { return map.mappings[index].line }
            return nil
        }
        #expect(claimer("sparse/mm/memory.c") == 2)
        #expect(claimer("sparse/arch/xen/i386/kernel/process.c") == 3)
        #expect(claimer("sparse/arch/xen/i386/mach-xen/setup.c") == 4)
        #expect(claimer("sparse/arch/xen/i386/kernel/setup-xen.c") == 5)
        #expect(claimer("elsewhere/x.c") == nil)
        let pairs = try ForkMapSurvey.pairs(map: map, upstream: upstream, fork: fork)
        let listed = pairs.map { "\($0.state.rawValue) \(String(decoding: $0.fork ?? [], as: UTF8.self)) \($0.line)" }
            .sorted()
        #expect(
            listed == [
                "fork-only sparse/include/asm-xen/hypercall.h 2", "identical sparse/arch/xen/i386/mach-xen/setup.c 4",
                "modified sparse/arch/xen/i386/kernel/process.c 3",
                "modified sparse/arch/xen/i386/kernel/setup-xen.c 5",
                "modified sparse/mm/memory.c 2",
            ])
        // The overlay does not list the upstream files the fork leaves alone (mm/other.c is no pair).
        #expect(!pairs.contains { $0.upstream == Array("mm/other.c".utf8) })
        // Copies of an upstream file: the overlay's and the layout's, each only where it is the claimer.
        // The candidate copies of setup.c, most specific last; the port keeps the one that exists (below).
        #expect(map.copies(of: Array("arch/i386/kernel/setup.c".utf8)).map { $0.mapping.line } == [2, 3, 5])
        #expect(map.copies(of: Array("mm/memory.c".utf8)).map { $0.mapping.line } == [2])
        // Drift lists the same pairs, each once.
        let drift = try DriftPair.list(map: map, upstream: upstream, fork: fork)
        #expect(drift.count == 5 && Set(drift.map(\.fork)).count == 5)
        #expect(
            drift.filter { $0.upstream == nil }.map { String(decoding: $0.fork, as: UTF8.self) } == [
                "sparse/include/asm-xen/hypercall.h"
            ])
    }

    /// The refused twin: two mappings equally specific that pair one fork file with different originals
    /// are an error naming both lines, not a silent double count.
    @Test func tiesAreErrorsNamingBothLines() {
        let tied = ForkMap(mappings: [
            ForkMapping(upstream: "arch/i386/**/*.c", fork: "xen/**/*-xen.c", line: 2),
            ForkMapping(upstream: "arch/x86/**/*.c", fork: "xen/**/*-xen.c", line: 3),
        ])
        #expect(tied.problems.map(\.line) == [3])
        // Two globs with the same wildcards and as much literal text, both matching x/k/p-xen.c.
        let globs = ForkMap(mappings: [
            ForkMapping(upstream: "a/**/*.c", fork: "x/**/*-xen.c", line: 2),
            ForkMapping(upstream: "b/**/p*.c", fork: "x/**/p*xen.c", line: 3),
        ])
        #expect(globs.problems.isEmpty)
        let path = Array("x/k/p-xen.c".utf8)
        #expect(throws: ClaimTie.self) { try globs.claimingMapping(ofCopy: path) }
        #expect((try? globs.claimingMapping(ofCopy: path)) == nil)
        let error = ClaimTie(path: path, first: globs.mappings[0], second: globs.mappings[1])
        #expect(error.message.contains("claimed equally by the mappings on lines 2") && error.message.contains("and 3"))
    }

    /// Porting through the overlay: a change to a file the fork overrides lands on its copy; one to a file
    /// the sparse folder does not hold says nothing (the build uses upstream's); of several candidate
    /// copies, the one that exists is the copy. The twin: without an overlay, a folder mapping's missing
    /// copy is still `missing-fork-file`.
    @Test func portingThroughAnOverlay() throws {
        func change(_ path: String, _ old: String, _ new: String) -> String {
            "--- a/\(path)\n+++ b/\(path)\n@@ -1 +1 @@\n-\(old)\n+\(new)\n"
        }
        let patch =
            change("mm/other.c", "o", "O") + change("arch/i386/kernel/setup.c", "s", "S")
            + change("arch/i386/kernel/process.c", "p", "P")
        let sparse = MemoryTree([
            "sparse/mm/memory.c": "m2\n", "sparse/arch/xen/i386/kernel/process.c": "p\n",
            "sparse/arch/xen/i386/kernel/setup-xen.c": "s\n",
        ])
        let result = try Porter.port(
            PatchParser.parse(Array(patch.utf8)).patch, map: map, fork: sparse, base: upstream, options: .init())
        let verdicts = result.report.entries.map {
            "\(String(decoding: $0.copyPath, as: UTF8.self)) \($0.verdict.label)"
        }
        #expect(
            verdicts == [
                "sparse/arch/xen/i386/kernel/setup-xen.c ported", "sparse/arch/xen/i386/kernel/process.c ported",
            ], "\(verdicts)")
        let folderOnly = ForkMap(mappings: [ForkMapping(upstream: "arch/i386/", fork: "sparse/arch/xen/i386/", line: 2)]
        )
        let missing = try Porter.port(
            PatchParser.parse(Array(change("arch/i386/mach-default/setup.c", "d", "D").utf8)).patch, map: folderOnly,
            fork: MemoryTree(["sparse/arch/xen/i386/kernel/process.c": "p2\n"]), base: upstream, options: .init())
        #expect(missing.report.entries.map(\.verdict.label) == ["missing-fork-file"])
    }
}
