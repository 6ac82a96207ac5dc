import Testing
import TandemCore

/// Issue #15: `ForkMap.problems` without comparing every pair of mappings, with the same diagnostics in the
/// same order as a pairwise check (kept here as the reference). Since issue #20, nested copy folders are not
/// problems (the most specific mapping claims each file); the same fork pattern from two originals is.
@Suite("Fork map problems: near-linear, same diagnostics")
struct ForkMapProblemsTests {
    /// The pairwise check as it was before (quadratic), to compare against.
    static func reference(_ map: ForkMap) -> [Diagnostic] {
        let mappings = map.mappings
        var out: [Diagnostic] = []
        for mapping in mappings {
            if let problem = mapping.problem { out.append(Diagnostic(line: mapping.line, problem)) }
        }
        for a in mappings {
            for b in mappings where a.line != b.line || a != b {
                if a.fork.description == b.upstream.description && a.upstream.description != a.fork.description
                    && b.upstream.description != b.fork.description
                {
                    out.append(
                        Diagnostic(
                            line: b.line,
                            "'\(b.upstream)' is the fork side of the mapping on line \(a.line): mappings may not chain")
                    )
                }
            }
        }
        // Ties: the same fork pattern from another original (nested patterns are settled by specificity).
        for (j, b) in mappings.enumerated() {
            for a in mappings[..<j]
            where a.fork.description == b.fork.description && a.upstream.description != b.upstream.description {
                out.append(
                    Diagnostic(
                        line: b.line,
                        "'\(b.fork)' is also the fork side of the mapping on line \(a.line), from another original "
                            + "('\(a.upstream)'): the two claim every copy there equally; make one more specific"))
            }
        }
        return out
    }

    /// 8,000 mappings (single files, folders, folders nested the same way on both sides, a mapping onto
    /// itself) with no problem, plus planted ones: exactly the planted diagnostics, in order.
    @Test func eightThousandMappingsWithPlantedProblems() {
        var mappings: [ForkMapping] = []
        func add(_ upstream: String, _ fork: String) {
            mappings.append(ForkMapping(upstream: upstream, fork: fork, line: mappings.count + 2))
        }
        for i in 0..<2_000 {
            add("drivers/d\(i)/f\(i).c", "drivers/xen/d\(i)/f\(i)-xen.c")
            add("arch/a\(i)/", "arch/xen/a\(i)/")
            add("arch/a\(i)/mach-default/", "arch/xen/a\(i)/mach-xen/")  // nested the same way: fine
            add(i == 7 ? "mm/m7.c" : "include/asm-a\(i)/", i == 7 ? "mm/m7.c" : "include/asm-xen/asm-a\(i)/")
        }
        // Planted: a chain, the same copy folder twice, a copy folder inside another tree's copy folder (no
        // problem: the more specific mapping claims its files), and a mapping onto itself (not a chain).
        add("arch/xen/a5/", "arch/xen2/a5/")  // line 8002: its original is line 23's copy
        add("fs/", "arch/xen/a9/")  // line 8003: the same folder as line 39, around line 40's
        add("kernel/", "arch/xen/a11/kernel/")  // line 8004: inside line 47's folder, originals not nested
        add("mm/m7.c", "mm/m7-xen.c")  // a mapping onto itself does not chain
        let map = ForkMap(mappings: mappings)
        let started = threadCPUSeconds()
        let problems = map.problems
        let elapsed = threadCPUSeconds() - started
        #expect(
            problems.map { "\($0.line): \($0.message)" } == [
                "8002: 'arch/xen/a5/' is the fork side of the mapping on line 23: mappings may not chain",
                "8003: 'arch/xen/a9/' is also the fork side of the mapping on line 39, from another original ('arch/a9/'): "
                    + "the two claim every copy there equally; make one more specific",
            ])
        print("ForkMap.problems on \(mappings.count) mappings: \(elapsed) s of CPU")
        // The pairwise check took 42 s here (debug build); this one takes about 0.05 s.
        #expect(elapsed < 5, "ForkMap.problems took \(elapsed) s of CPU for \(mappings.count) mappings")
    }

    /// Random small maps dense in chains, equal and nested folders, wildcards and odd spellings (a combining
    /// mark after a `/`, canonically equivalent names): the same diagnostics as the pairwise check.
    @Test func sameAsThePairwiseCheck() {
        var generator = SplitMix(seed: 15)
        let parts = [
            "a/", "b/", "a/b/", "x/", "x/y/", "x/y/z/", "é/", "e\u{301}/", "/\u{301}q/", "x/*.c", "x/**/", "f.c",
            "x/f.c",
        ]
        for round in 0..<3_000 {
            var mappings: [ForkMapping] = []
            for line in 0..<Int(generator.next() % 9) {
                let upstream =
                    parts[Int(generator.next() % UInt64(parts.count))] + (generator.next() % 3 == 0 ? "b/" : "")
                let fork = parts[Int(generator.next() % UInt64(parts.count))] + (generator.next() % 3 == 0 ? "b/" : "")
                mappings.append(
                    ForkMapping(upstream: upstream, fork: fork, line: generator.next() % 4 == 0 ? 1 : line + 1))
            }
            let map = ForkMap(mappings: mappings)
            #expect(
                map.problems == Self.reference(map),
                "round \(round): \(mappings.map { "\($0.upstream) -> \($0.fork)" })")
        }
    }
}

/// A small deterministic generator (SplitMix64), so failures repeat.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
