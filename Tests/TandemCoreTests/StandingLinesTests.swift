import Testing
@testable import TandemCore

/// Lines that stand already beside a hunk's place (`FilePatcher+Standing`). A hunk that removes lines counts
/// as made only where those lines are gone: its post-image is its context alone, and when the removed run
/// ends with the lines the hunk keeps before it (a macro ending in `.previous` and two blank lines, after
/// another that ends the same way), that context also stands at the end of the run itself. And an
/// insertion whose lines stand right beside its place is made: its pre-image found at the inserted run's
/// own end must not take the run a second time.
@Suite("FilePatcher: lines that stand already beside a hunk's place")
struct StandingLinesTests {
    /// Two assembler macros that end alike, and the code after them (an `entry.S`).
    let original = [
        "#define SAVE_ALL \\\n",  // 1
        "\tpushl %eax;\n",  // 2
        ".previous\n",  // 3
        "\n",  // 4
        "\n",  // 5
        "#define RESTORE_ALL\t\\\n",  // 6
        "\tpopl %eax;\t\\\n",  // 7
        "1:\tiret;\t\t\\\n",  // 8
        "2:\tsti;\t\t\\\n",  // 9
        "\tcall do_exit;\t\\\n",  // 10
        ".previous\n",  // 11
        "\n",  // 12
        "\n",  // 13
        "ENTRY(ret_from_fork)\n",  // 14
        "\tpushl %eax\n",  // 15
        "\tcall schedule_tail\n",  // 16
    ]
    /// Upstream inlines RESTORE_ALL where it was used, and removes the macro.
    var removal: Hunk {
        hunk(
            3,
            [
                " .previous\n", " \n", " \n", "-#define RESTORE_ALL\t\\\n", "-\tpopl %eax;\t\\\n",
                "-1:\tiret;\t\t\\\n", "-2:\tsti;\t\t\\\n", "-\tcall do_exit;\t\\\n", "-.previous\n", "-\n", "-\n",
                " ENTRY(ret_from_fork)\n", " \tpushl %eax\n", " \tcall schedule_tail\n",
            ])
    }
    /// The fork rewrote one line of the macro and keeps using it.
    var forked: [String] {
        var lines = original
        lines[8] = "2:\tcall xen_fixup;\t\\\n"
        return lines
    }

    func isAlreadyApplied(_ outcome: HunkOutcome) -> Bool {
        if case .alreadyApplied = outcome { return true }
        return false
    }

    /// The fork's macro still stands: the removal is not "already applied" (it was, found at the macro's
    /// own `.previous`), and the copy is left as it is.
    @Test func aRemovalWhoseLinesStandIsNotMade() {
        let plain = FilePatcher.apply([removal], to: file(forked))
        #expect(!isAlreadyApplied(plain.outcomes[0]), "\(plain.outcomes)")
        #expect(plain.file == file(forked))
        let withBase = FilePatcher.apply([removal], to: file(forked), base: file(original))
        guard case .conflict = withBase.outcomes[0] else {
            Issue.record("with the base, the fork's changed line is a conflict: \(withBase.outcomes)")
            return
        }
        #expect(withBase.file == file(forked))
    }

    /// Twin: where the macro is gone, the removal is made, with the base or without.
    @Test func aRemovalWhoseLinesAreGoneIsMade() {
        let removed = Array(original[0..<5] + original[13...])
        let plain = FilePatcher.apply([removal], to: file(removed))
        #expect(plain.outcomes == [.alreadyApplied(line: 3)])
        let withBase = FilePatcher.apply([removal], to: file(removed), base: file(original))
        #expect(withBase.outcomes == [.alreadyApplied(line: 3)])
    }

    /// Twin: the macro as upstream had it is removed, wherever it stands.
    @Test func aRemovalWhoseLinesStandAsTheyWereLands() {
        let shifted = ["/* entry points */\n"] + original
        let result = FilePatcher.apply([removal], to: file(shifted))
        #expect(step(result.outcomes[0]) == .offset)
        #expect(result.file == file(["/* entry points */\n"] + original[0..<5] + original[13...]))
    }

    /// Two enums, and upstream's new one between them, inserted after a `};` that the copy below lacks.
    let enums = [
        "};\n",  // 1
        "\n",  // 2
        "enum {\n",  // 3
        "\tB_UNSPEC,\n",  // 4
        "\tB_ONE,\n",  // 5
        "\tB_TWO,\n",  // 6
        "};\n",  // 7
    ]
    var newEnum: Hunk {
        hunk(
            1,
            [
                " };\n", " \n", " enum {\n", "+\tC_PAD = 1,\n", "+\tC_DROPS,\n", "+};\n", "+\n", "+enum {\n",
                " \tB_UNSPEC,\n", " \tB_ONE,\n", " \tB_TWO,\n",
            ])
    }
    /// The copy: a `#define` where upstream has the `};` of an enum the copy never took.
    var copyOfEnums: [String] { ["#define A_MAX 1\n"] + enums[1...] }

    /// Landed once beside the copy's own `#define`, the new enum is there on the second run: its own `};`,
    /// blank line and `enum {` read as the hunk's leading context, and the pre-image stands whole at its
    /// end. Already applied; the copy is not written again (before: a second enum, at offset +5).
    @Test func anInsertionWhoseLinesStandBesideItsPlaceIsNotAddedTwice() {
        let first = FilePatcher.apply([newEnum], to: file(copyOfEnums), base: file(enums))
        #expect(first.appliedAll, "\(first.outcomes)")
        let again = FilePatcher.apply([newEnum], to: first.file, base: file(enums))
        #expect(again.outcomes == [.alreadyApplied(line: 4)])
        #expect(again.bytes == first.bytes)
        // Without a base nothing tells a slid run from one upstream copies right after itself: the hunk
        // lands again, as GNU patch lands it.
        let plain = FilePatcher.apply([newEnum], to: first.file)
        #expect(step(plain.outcomes[0]) == .offset, "\(plain.outcomes)")
    }

    /// Twin: upstream copying a block right after itself, longer than the hunk's context (so its lines
    /// do not show the repeat), lands on a target that holds the original: the base has the block there too.
    @Test func aBlockUpstreamCopiesAfterItselfLands() {
        let original = ["int a;\n", "\tone();\n", "\ttwo();\n", "\tthree();\n", "\tfour();\n", "int z;\n", "int y;\n"]
        let copied = hunk(
            3,
            [
                " \ttwo();\n", " \tthree();\n", " \tfour();\n", "+\tone();\n", "+\ttwo();\n", "+\tthree();\n",
                "+\tfour();\n", " int z;\n", " int y;\n",
            ])
        let result = FilePatcher.apply([copied], to: file(original), base: file(original))
        #expect(step(result.outcomes[0]) == .exact, "\(result.outcomes)")
        #expect(result.file == file(Array(original[0..<5]) + Array(original[1..<5]) + Array(original[5...])))
    }

    /// Twin: the same enum standing elsewhere in the copy (not beside the place) does not stop the insertion.
    @Test func anInsertionWhoseLinesStandElsewhereLands() {
        let elsewhere = ["enum {\n", "\tC_PAD = 1,\n", "\tC_DROPS,\n", "};\n", "/* legacy */\n"] + enums
        let result = FilePatcher.apply([newEnum], to: file(elsewhere))
        #expect(step(result.outcomes[0]) == .offset, "\(result.outcomes)")
        let inserted = ["\tC_PAD = 1,\n", "\tC_DROPS,\n", "};\n", "\n", "enum {\n"]
        #expect(result.file == file(elsewhere[0..<8] + inserted + elsewhere[8...]))
    }

    /// Twin: upstream putting a line twice in a row means it, even where the first stands already.
    @Test func anInsertionUpstreamRepeatsLands() {
        let lines = ["\tmb();\n", "\twbinvd();\n", "\tmb();\n", "\thalt();\n"]
        let twice = hunk(1, [" \tmb();\n", " \twbinvd();\n", "+\twbinvd();\n", " \tmb();\n", " \thalt();\n"])
        let result = FilePatcher.apply([twice], to: file(lines))
        #expect(step(result.outcomes[0]) == .exact, "\(result.outcomes)")
        #expect(result.file == file(["\tmb();\n", "\twbinvd();\n", "\twbinvd();\n", "\tmb();\n", "\thalt();\n"]))
    }

    /// The removal check's measure: a longest common subsequence; past its table's size, the lines shared
    /// as multisets (never less: a huge run reads as standing, and is measured in linear time).
    @Test func commonSubsequenceAndItsLinearStandIn() {
        #expect(FilePatcher.commonSubsequence([1, 2, 3, 4], [1, 3, 2, 4]) == 3)
        #expect(FilePatcher.commonSubsequence([1, 2], []) == 0)
        let run = Array(0..<3000)
        #expect(run.count * run.count > FilePatcher.commonSubsequenceCells)
        #expect(FilePatcher.commonSubsequence(run, run.reversed()) == 3000)
        #expect(FilePatcher.commonSubsequence(run, Array(3000..<6000)) == 0)
    }
}
