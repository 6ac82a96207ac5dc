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
}
