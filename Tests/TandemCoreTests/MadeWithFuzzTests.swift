import Testing
@testable import TandemCore

/// A change made, found with fuzz (`FilePatcher+Standing`): a fix that adds a helper after a table, applied
/// to a newer release that holds the helper already but ends the table with another entry. Fuzz 2 finds
/// the pre-image's blank line and the next function's header below the helper, and landing there would
/// write the helper a second time (GNU patch does). The post-image stands with fuzz 1: already applied.
/// Twin: the same patch on a file without the helper lands with fuzz, as GNU patch lands it.
@Suite("FilePatcher: a change made, found with fuzz")
struct MadeWithFuzzTests {
    let helper = [
        "static int write_data(struct nor *nor, size_t len)\n",
        "{\n",
        "\treturn spi_write(nor, len);\n",
        "}\n",
        "\n",
    ]
    let after = [
        "static int nor_write(struct mtd *mtd, size_t len)\n",
        "{\n",
        "\tint ret;\n",
        "\n",
        "\tret = write_data(mtd->priv, len);\n",
        "\treturn ret;\n",
        "}\n",
    ]
    /// The table as the newer release ends it: not the entry the patch has as its first context line.
    let table = ["static const struct part parts[] = {\n", "\t{ \"a\", 1 },\n", "\t{ \"c\", 3 },\n", "};\n", "\n"]

    var hunks: [Hunk] {
        let lines =
            [
                "--- a/nor.c\n",
                "+++ b/nor.c\n",
                "@@ -3,6 +3,11 @@\n",
                " \t{ \"b\", 2 },\n",
                " };\n",
                " \n",
            ] + helper.map { "+" + $0 } + [
                " static int nor_write(struct mtd *mtd, size_t len)\n",
                " {\n",
                " \tint ret;\n",
            ]
        return PatchParser.parse(Array(lines.joined().utf8)).patch.files[0].hunks
    }

    func file(_ lines: [String]) -> TextFile { TextFile(bytes: Array(lines.joined().utf8)) }

    @Test func theHelperIsNotWrittenTwice() {
        let newer = table + helper + after
        let result = FilePatcher.apply(hunks, to: file(newer))
        guard case .alreadyApplied(let line) = result.outcomes[0] else {
            Issue.record("the hunk should be already applied, not \(result.outcomes)")
            return
        }
        #expect(line == 3)  // where the post-image starts, the line fuzz ignored included
        #expect(result.file == file(newer))
    }

    @Test func withoutTheHelperItLandsWithFuzz() {
        let older = table + after
        let result = FilePatcher.apply(hunks, to: file(older))
        #expect(step(result.outcomes[0]) == .fuzz)
        #expect(result.file == file(table + helper + after))
    }

    /// Far off: the fix (`int i` → `unsigned long i`) is made in its function, whose header the newer file
    /// writes otherwise, and fuzz 2 finds `{`, `int i;` and a blank line in another function. The post-image
    /// needs less fuzz where it stands: the hunk is ambiguous, neither landed there nor claimed. Twin: where
    /// the fix is not made, the look-alike is all fuzz finds, and the hunk lands there as GNU patch lands it.
    @Test func aLookAlikeFarFromWhereTheFixStandsIsAmbiguous() {
        let other = [
            "static int store(const char *buf)\n", "{\n", "\tint i;\n", "\n", "\treturn sscanf(buf, \"%d\", &i);\n",
            "}\n", "\n",
        ]
        let filler = (0..<40).map { "/* line \($0) */\n" }
        let reserve = [
            "void reserve_pages(struct table *tbl,\n",
            "\t\tunsigned long start, unsigned long end)\n",
            "{\n",
            "\tunsigned long i;\n",
            "\n",
            "\tWARN_ON_ONCE(end < start);\n",
            "\tfor (i = start; i < end; ++i)\n",
            "\t\tset_bit(i, tbl->map);\n",
            "}\n",
        ]
        let patch = [
            "--- a/table.c\n",
            "+++ b/table.c\n",
            "@@ -48,7 +48,7 @@\n",
            " static void reserve_pages(struct table *tbl,\n",
            " \t\tunsigned long start, unsigned long end)\n",
            " {\n",
            "-\tint i;\n",
            "+\tunsigned long i;\n",
            " \n",
            " \tWARN_ON_ONCE(end < start);\n",
            " \tfor (i = start; i < end; ++i)\n",
        ]
        let hunks = PatchParser.parse(Array(patch.joined().utf8)).patch.files[0].hunks
        let newer = ["#include <linux/bits.h>\n", "\n"] + other + filler + reserve
        let result = FilePatcher.apply(hunks, to: file(newer))
        guard case .failed(let reason) = result.outcomes[0] else {
            Issue.record("the hunk should be ambiguous, not \(result.outcomes)")
            return
        }
        #expect(reason.message.contains("but what it makes stands at line 50 with less fuzz (made there already?)"))
        #expect(result.file == file(newer))

        var unmade = newer
        unmade[2 + other.count + filler.count + 3] = "\tlong j;\n"
        let twin = FilePatcher.apply(hunks, to: file(unmade))
        #expect(step(twin.outcomes[0]) == .fuzz)
        #expect(twin.file != file(unmade))
    }
}
