import Testing
@testable import TandemCore

/// A text match away from the stated place that the base matching contradicts (`baseContradiction`): the
/// hunk's context is only braces, `#endif` and a blank line, which stand exactly at the end of another
/// function of the copy, while its own place is where the fork inserted lines. GNU patch puts the hunk in
/// the wrong function; tandem without a base calls it ambiguous (`sayingNothing`), and with the base it goes
/// to its own place or is a conflict there. Twins: a shifted hunk, and one in a function the fork moved,
/// keep their text match.
@Suite("FilePatcher: a text match the base contradicts")
struct BaseContradictionTests {
    /// Two functions whose ends look alike, each followed by a comment.
    static let base = [
        "static void setup_alpha(void)\n", "{\n", "#ifdef CONFIG_A\n", "\tfor (;;) {\n", "\t\tif (a) {\n",
        "\t\t\talpha_one();\n", "\t\t}\n", "\t}\n", "#endif\n", "}\n", "\n", "/*\n", " * beta\n", " */\n",
        "static void setup_beta(void)\n", "{\n", "\tfor (;;) {\n", "\t\tif (b) {\n", "\t\t\tbeta_one();\n", "\t\t}\n",
        "\t}\n", "}\n", "\n", "/*\n", " * the end\n", " */\n", "int gamma;\n",
    ]

    /// Upstream reserves memory at the end of `setup_alpha()`, after its `#endif`.
    static let upstream = Array(base[0..<9]) + ["\treserve_alpha();\n"] + Array(base[9...])

    /// The fork put lines of its own at that point of `setup_alpha()`, and wrapped `setup_beta()`'s loop in an
    /// `#ifdef` whose `#endif` makes the end of `setup_beta()` read like the end of `setup_alpha()` upstream.
    static let fork =
        Array(base[0..<9]) + ["\n", "\talpha_fixup();\n"] + Array(base[9..<16]) + ["#ifdef CONFIG_B\n"]
        + Array(base[16..<21]) + ["#endif\n"] + Array(base[21...])

    @Test func aMatchOfBracesAtTheEndOfAnotherFunctionDoesNotTakeTheHunk() throws {
        let hunks = ConditionalsTests.hunks(Self.base, Self.upstream)
        try #require(hunks.count == 1)
        // By text alone the hunk's lines stand only at the end of setup_beta(), where GNU patch puts it.
        // Without a base tandem says they tell nothing about the place.
        let blind = FilePatcher.apply(hunks, to: file(Self.fork))
        guard case .failed(.ambiguous(let lines, let note)) = blind.outcomes[0] else {
            Issue.record("\(blind.outcomes)")
            return
        }
        #expect(lines == [23] && note?.contains("give --base") == true)
        #expect(blind.file == file(Self.fork))
        // With the base, setup_alpha() is the place, where both sides inserted lines: a conflict, nothing lands.
        let result = FilePatcher.apply(hunks, to: file(Self.fork), base: file(Self.base))
        guard case .conflict(let conflict) = result.outcomes[0] else {
            Issue.record("\(result.outcomes)")
            return
        }
        #expect(conflict.targetIndex < 12)
        #expect(conflict.note?.contains("both sides insert lines") == true)
        #expect(result.file == file(Self.fork))
    }

    /// Where the fork only turned the comment after `setup_alpha()` into a `/**` one, the end of `setup_beta()`
    /// is again the one exact text match; the base puts the hunk at the end of `setup_alpha()`, where it merges.
    @Test func theHunkGoesWhereTheBasePutsIt() throws {
        var fork = Array(Self.base[0..<15]) + Array(Self.fork[17...])
        fork[11] = "/**\n"
        let hunks = ConditionalsTests.hunks(Self.base, Self.upstream)
        let result = FilePatcher.apply(hunks, to: file(fork), base: file(Self.base))
        guard case .applied(let placed) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(placed.step == .merge)
        var wanted = fork
        wanted.insert("\treserve_alpha();\n", at: 9)
        #expect(result.file == file(wanted))
    }

    /// Without a base, the same hunk lands where it says, and a hunk with a line that says something lands
    /// at an offset.
    @Test func withoutABaseOnlyTheTextThatSaysNothingWaits() throws {
        let result = FilePatcher.apply(ConditionalsTests.hunks(Self.base, Self.upstream), to: file(Self.base))
        #expect(step(result.outcomes[0]) == .exact)
        let shifted = ["#include <fork.h>\n", "\n"] + Self.base
        let named = ConditionalsTests.hunks(
            Self.base, Self.base.map { $0 == "\t\t\tbeta_one();\n" ? "\t\t\tbeta_one(1);\n" : $0 })
        let moved = FilePatcher.apply(named, to: file(shifted))
        #expect(step(moved.outcomes[0]) == .offset)
    }

    /// Twin: the fork added lines above `setup_alpha()`; the matching pairs the hunk's lines right where its
    /// text stands, so the offset match lands.
    @Test func aShiftedHunkKeepsItsOffset() throws {
        let fork = ["#include <fork.h>\n", "\n", "static int fork_state;\n", "\n"] + Self.base
        let result = FilePatcher.apply(
            ConditionalsTests.hunks(Self.base, Self.upstream), to: file(fork), base: file(Self.base))
        guard case .applied(let placed) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(placed.step == .offset)
        #expect(result.file == file(Array(fork[0..<4]) + Self.upstream))
    }

    /// Twin: the fork moved a short function below a long one. The matching pairs the long one and leaves the
    /// moved lines unpaired, which says nothing against the text: the hunk lands in the moved function.
    @Test func aHunkInAFunctionTheForkMovedKeepsItsTextMatch() throws {
        let short = [
            "/* tiny */\n", "/* really */\n", "static int tiny(void)\n", "{\n", "\treturn tiny_value(7);\n", "}\n",
            "/* end of tiny */\n", "/* really */\n",
        ]
        let long = (1...12).map { "long_line_\($0)();\n" } + ["\n"]
        let base = short + long
        let upstream = short.map { $0.replacingOccurrences(of: "tiny_value(7)", with: "tiny_value(8)") } + long
        let fork = long + short
        let hunks = ConditionalsTests.hunks(base, upstream)
        try #require(hunks.count == 1)
        let result = FilePatcher.apply(hunks, to: file(fork), base: file(base))
        guard case .applied = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        guard case .applied(let placed) = result.outcomes[0] else { return }
        #expect(placed.targetIndex > 10)
        #expect(result.file == file(long + upstream[0..<short.count]))
    }
}
