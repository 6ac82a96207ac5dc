import Testing
@testable import TandemCore

/// Slider compaction (`LineMatching+Sliders`): a run of inserted or deleted lines that could sit at several
/// places sits at one chosen by rule, so that two descendants' insertions beside one blank line are drawn on
/// the side of it where they stand.
@Suite("LineMatching: slider compaction")
struct LineMatchingSlidersTests {
    private func pairs(_ a: [String], _ b: [String]) -> [[Int]] {
        LineMatching(a.map { Array($0.utf8)[...] }, b.map { Array($0.utf8)[...] }).pairs.map { [$0.a, $0.b] }
    }

    /// Compacts `map` (line k of `own` → its paired line of the other sequence, nil: in a group).
    private func compacted(_ map: [Int?], own: [Int], otherCount: Int, blank: Set<Int> = []) -> [Int?] {
        var map = map
        SliderGroups.compact(&map, own: own, otherCount: otherCount, blank: { blank.contains($0) })
        return map
    }

    /// `x, blank, [A, B, blank], y` rather than `x, [blank, A, B], blank, y`: the block and the blank line
    /// after it, as people write them.
    @Test func aBlockInsertedBesideABlankEndsWithTheBlank() {
        // b = x, blank, A, B, blank, y (ids 0 1 2 3 1 4) against a = x, blank, y; drawn with the later blank.
        #expect(
            compacted([0, nil, nil, nil, 1, 2], own: [0, 1, 2, 3, 1, 4], otherCount: 3, blank: [1])
                == [0, 1, nil, nil, nil, 2])
        // x, blank, A, blank, A, y against x, blank, A, y: of three places, the one ending on the blank line,
        // not the lowest; told no line is blank, the lowest.
        let top: [Int?] = [0, nil, nil, 1, 2, 3]
        #expect(compacted(top, own: [0, 1, 2, 1, 2, 3], otherCount: 4, blank: [1]) == [0, 1, nil, nil, 2, 3])
        #expect(compacted(top, own: [0, 1, 2, 1, 2, 3], otherCount: 4) == [0, 1, 2, nil, nil, 3])
    }

    /// With no blank line to end on, the group sits as low as it goes (xdiff's default): of `p q q r`
    /// against `p q r`, the second `q` is the inserted one.
    @Test func withoutABlankTheGroupSitsLowest() {
        #expect(compacted([0, nil, 1, 2], own: [0, 1, 1, 2], otherCount: 3) == [0, 1, nil, 2])
        // The whole matcher agrees, wherever its anchor fell.
        #expect(
            pairs(["z\n", "p\n", "q\n", "r\n"], ["y\n", "p\n", "q\n", "q\n", "r\n"]) == [[1, 1], [2, 2], [3, 4]])
    }

    /// An insertion that can sit beside a deletion does so, lowest place or not: of `p q q r` against
    /// `p X q r`, `X` became the first `q` (one replacement), rather than `X` deleted and a `q` inserted
    /// one line further down.
    @Test func anInsertionBesideADeletionReadsAsOneReplacement() {
        #expect(compacted([0, 2, nil, 3], own: [0, 1, 1, 2], otherCount: 4) == [0, nil, 2, 3])
        #expect(compacted([0, nil, 2, 3], own: [0, 1, 1, 2], otherCount: 4) == [0, nil, 2, 3])
    }

    /// Compaction only re-pairs equal lines: as many lines match as before, in order.
    @Test func theMatchedCountNeverChanges() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let alphabet = ["\n", "}\n", "a\n", "b\n"]
            let a = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % 4)] }
            let b = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % 4)] }
            var interner = LineInterner()
            let ia = interner.ids(a.map { Array($0.utf8)[...] }), ib = interner.ids(b.map { Array($0.utf8)[...] })
            let plain = LineMatching(ia, ib, compact: false).pairs
            let compacted = LineMatching(ia, ib, blank: interner.isBlank).pairs
            #expect(plain.count == compacted.count)
            #expect(zip(compacted, compacted.dropFirst()).allSatisfy { $0.a < $1.a && $0.b < $1.b })
            #expect(compacted.allSatisfy { ia[$0.a] == ib[$0.b] })
        }
    }

    static let base = [
        "void setup_arch(void)\n", "{\n", "\tsmp_alloc();\n", "\tpaging_init();\n", "\n", "\t/*\n", "\t * NOTE\n",
        "\t */\n", "\tearly_init();\n", "}\n",
    ]

    /// Upstream adds a call right after `paging_init()`; the fork added a guarded block after the blank line
    /// that follows it (the matcher, anchored on the comment below, first drew it before the blank). Drawn where they stand, the two insertions are a blank line apart and both land, as
    /// `git merge-file` merges them.
    @Test func insertionsOnEitherSideOfABlankLineBothLand() {
        var fork = Self.base
        fork[0] = "void __init setup_arch(void)\n"  // so that matching starts from the end, as on real files
        fork.insert(contentsOf: ["#ifdef CONFIG_FIND\n", "\tfind_config();\n", "#endif\n", "\n"], at: 5)
        var upstream = Self.base
        upstream.insert("\tremap_init();\n", at: 4)
        let merged = Merge3(
            base: Self.base.map { Array($0.utf8)[...] }, ours: fork.map { Array($0.utf8)[...] },
            theirs: upstream.map { Array($0.utf8)[...] })
        #expect(merged.conflictCount == 0)
        var expected = fork
        expected.insert("\tremap_init();\n", at: 4)
        #expect(merged.render() == Array(expected.joined().utf8))

        let result = FilePatcher.apply(
            [
                hunk(
                    3,
                    [
                        " \tsmp_alloc();\n", " \tpaging_init();\n", "+\tremap_init();\n", " \n", " \t/*\n",
                        " \t * NOTE\n",
                    ])
            ],
            to: file(fork), base: file(Self.base))
        #expect(result.outcomes[0].isSuccess)
        #expect(result.file == file(expected))
    }

    /// The refused twin: upstream's block also stands after the blank line, where the fork's does. Both
    /// sides insert at one point; which block comes first is a guess, so it is a conflict (the matcher's
    /// first drawing put the fork's block before the blank, and the two would have merged in some order).
    @Test func blocksInsertedAtOnePointStayAConflict() {
        var fork = Self.base
        fork.insert(contentsOf: ["#ifdef CONFIG_FIND\n", "\tfind_config();\n", "#endif\n", "\n"], at: 5)
        var upstream = Self.base
        upstream.insert(contentsOf: ["\t/* the maps */\n", "\tremap_init();\n", "\n"], at: 5)
        let merged = Merge3(
            base: Self.base.map { Array($0.utf8)[...] }, ours: fork.map { Array($0.utf8)[...] },
            theirs: upstream.map { Array($0.utf8)[...] })
        #expect(merged.conflictCount == 1)

        let result = FilePatcher.apply(
            [
                hunk(
                    3,
                    [
                        " \tsmp_alloc();\n", " \tpaging_init();\n", " \n", "+\t/* the maps */\n", "+\tremap_init();\n",
                        "+\n", " \t/*\n", " \t * NOTE\n",
                    ])
            ],
            to: file(fork), base: file(Self.base))
        guard case .conflict(let c) = result.outcomes[0] else {
            Issue.record("expected a conflict, got \(result.outcomes[0])")
            return
        }
        #expect(c.note?.contains("both sides insert") == true)
        #expect(result.file == file(fork))
    }
}
