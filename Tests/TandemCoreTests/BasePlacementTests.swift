import Testing
import TandemCore

/// Matching and 3-way: with the base (the file the patch was made against), hunks land where the target's
/// context differs but the change has one right place; and fuzz that would hide a target change is refused.
@Suite("FilePatcher with a base: matching and 3-way")
struct BasePlacementTests {
    let base = numbered(40)

    @Test func forkChangedTwoContextLinesOnEachSideMergesThreeWay() {
        // The fork changed lines 18 and 22 around the change: fuzz 1 cannot help; fuzz 2 would, blind.
        var target = base
        for n in [18, 22] { target[n - 1] = "fork \(n)\n" }
        #expect(!FilePatcher.apply([line20Hunk], to: file(target), options: .init(maxFuzz: 1)).outcomes[0].isSuccess)
        guard case .applied(let blind) = FilePatcher.apply([line20Hunk], to: file(target)).outcomes[0] else {
            Issue.record("fuzz 2 without a base")
            return
        }
        #expect(blind.step == .fuzz && blind.fuzz == 2)
        // With the base, the lines fuzz would ignore are known fork changes: the hunk is merged instead.
        let with = FilePatcher.apply([line20Hunk], to: file(target), base: file(base))
        guard case .applied(let p) = with.outcomes[0] else { Issue.record("\(with.outcomes)"); return }
        #expect(p.step == .merge)
        var wanted = target
        wanted[19] = "LINE TWENTY\n"
        #expect(with.file == file(wanted))
    }

    @Test func forkInsertedLinesInsideTheContextMergesThreeWay() {
        var target = base
        target.insert(contentsOf: ["#ifdef CONFIG_XEN\n", "\txen_fixup();\n", "#endif\n"], at: 18)  // after line 18
        let with = FilePatcher.apply([line20Hunk], to: file(target), base: file(base))
        guard case .applied(let p) = with.outcomes[0] else { Issue.record("\(with.outcomes)"); return }
        #expect(p.step == .merge)
        #expect(displayText(with.file.bytes).contains("#endif\nline 19\nLINE TWENTY\nline 21\n"))
    }

    @Test func blockMovedAboveThePreviousHunkIsPlacedByMatching() {
        // Upstream: f() at lines 1-5, g() at 20-24. The fork moved g() above f().
        let f = ["int f(void)\n", "{\n", "\tf_body();\n", "\treturn 0;\n", "}\n"]
        let g = ["int g(void)\n", "{\n", "\tg_body();\n", "\treturn 1;\n", "}\n"]
        let filler = numbered(14, prefix: "filler")
        let upstream = f + filler + g
        let fork = g + ["\n"] + f + filler
        let h1 = hunk(2, [" {\n", "-\tf_body();\n", "+\tf_body(1);\n", " \treturn 0;\n"])
        let h2 = hunk(21, [" {\n", "-\tg_body();\n", "+\tg_body(2);\n", " \treturn 1;\n"])
        let without = FilePatcher.apply([h1, h2], to: file(fork))
        #expect(
            without.outcomes[1]
                == .failed(.contextNotFound(hint: "it matches at line 2, above the previous hunk's place")))
        let with = FilePatcher.apply([h1, h2], to: file(fork), base: file(upstream))
        guard case .applied(let p) = with.outcomes[1] else { Issue.record("\(with.outcomes.map(\.label))"); return }
        #expect(p.step == .matching)
        #expect(p.targetIndex == 1)
        #expect(displayText(with.file.bytes).hasPrefix("int g(void)\n{\n\tg_body(2);\n"))
        #expect(displayText(with.file.bytes).contains("\tf_body(1);\n"))
    }

    @Test func forkEditOfTheChangedLineIsAConflictWithMarkers() {
        var target = base
        target[19] = "line 20 /* xen */\n"
        let result = FilePatcher.apply([line20Hunk], to: file(target), base: file(base))
        guard case .conflict(let c) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(c.ours.contains { displayText($0) == "line 20 /* xen */\n" })
        #expect(result.file == file(target))
        let marked = displayText(result.fileWithConflicts.bytes)
        #expect(
            marked.contains(
                "<<<<<<< ours\nline 20 /* xen */\n||||||| base\nline 20\n=======\nLINE TWENTY\n>>>>>>> theirs\n"))
    }

    /// Without the base, fuzz 2 would place this hunk: its two outer context lines on each side are dropped
    /// and the rest matches. With the base, those dropped lines are lines the fork changed — fuzz is hiding a
    /// fork change — so the hunk is not placed by fuzz. The region merge calls the fork's edit of the line
    /// right above the change a conflict (touching changes); the change block itself stands intact, so it
    /// lands change by change, and the fork's two lines stay.
    @Test func fuzzThatHidesAForkChangeIsRefused() {
        var target = base
        target[16] = "fork 17\n"
        target[18] = "fork 19\n"  // adjacent to the changed line
        let without = FilePatcher.apply([line20Hunk], to: file(target), options: .init(maxFuzz: 3))
        guard case .applied(let p) = without.outcomes[0] else { Issue.record("\(without.outcomes)"); return }
        #expect(p.step == .fuzz)
        let with = FilePatcher.apply([line20Hunk], to: file(target), base: file(base), options: .init(maxFuzz: 3))
        guard case .applied(let placed) = with.outcomes[0] else { Issue.record("\(with.outcomes)"); return }
        #expect(placed.step == .blocks)
        var expected = target
        expected[19] = "LINE TWENTY\n"
        #expect(with.file == file(expected))
    }

    @Test func sameEditSpelledAlikeIsAlreadyAppliedThroughTheBase() {
        var target = base
        target[19] = "LINE TWENTY\n"
        target[16] = "fork 17\n"
        let result = FilePatcher.apply([line20Hunk], to: file(target), base: file(base))
        #expect(
            result.outcomes.first.map { if case .alreadyApplied = $0 { return true } else { return false } } == true)
        #expect(result.file == file(target))
    }
}

@Suite("LineMatching")
struct LineMatchingTests {
    @Test func anchorsOnRareLinesNotBraces() {
        let a = ["f()\n", "{\n", "x\n", "}\n", "g()\n", "{\n", "y\n", "}\n"].map { Array($0.utf8)[...] }
        let b = ["g()\n", "{\n", "y\n", "}\n"].map { Array($0.utf8)[...] }
        let pairs = LineMatching(a, b).pairs.map { [$0.a, $0.b] }
        #expect(pairs == [[4, 0], [5, 1], [6, 2], [7, 3]])
    }

    @Test(arguments: 0..<100)
    func isAlwaysACommonSubsequence(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed))
        let a = (0..<Int.random(in: 0...60, using: &g)).map { _ in Int.random(in: 0..<8, using: &g) }
        let b = (0..<Int.random(in: 0...60, using: &g)).map { _ in Int.random(in: 0..<8, using: &g) }
        let pairs = LineMatching(a, b).pairs
        for (k, pair) in pairs.enumerated() {
            #expect(a[pair.a] == b[pair.b])
            if k > 0 { #expect(pair.a > pairs[k - 1].a && pair.b > pairs[k - 1].b) }
        }
        if a == b { #expect(pairs.count == a.count) }
    }
}
