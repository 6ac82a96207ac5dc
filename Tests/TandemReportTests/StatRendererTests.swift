import Foundation
import Testing
import TandemCore
import TandemReport

@Suite("Stat renderers")
struct StatRendererTests {
    let patch = PatchParser.parse(
        Array(
            """
            diff --git a/arch/i386/x.c b/arch/i386/x.c
            --- a/arch/i386/x.c
            +++ b/arch/i386/x.c
            @@ -1,2 +1,2 @@
             a
            -b
            +c
            diff --git "a/t\\351st \\"q\\".c" "b/t\\351st \\"q\\".c"
            --- "a/t\\351st \\"q\\".c"
            +++ "b/t\\351st \\"q\\".c"
            @@ -1 +1,2 @@
            -x
            +y
            +z
            diff --git a/f.bin b/f.bin
            Binary files a/f.bin and b/f.bin differ

            """.utf8))

    @Test func textTableAlignsAndTotals() {
        let text = StatTextRenderer.render(PatchStatistics(patch.patch))
        #expect(
            text == """
                added removed hunks kind   path
                    1       1     1 modify arch/i386/x.c
                    2       1     1 modify "t\\351st \\"q\\".c"
                    0       0     0 binary f.bin
                    3       2     2 total  3 files

                """)
    }

    @Test func numstatMatchesGitSpelling() {
        #expect(
            StatNumstatRenderer.render(PatchStatistics(patch.patch))
                == "1\t1\tarch/i386/x.c\n2\t1\t\"t\\351st \\\"q\\\".c\"\n-\t-\tf.bin\n")
    }

    @Test func jsonParsesBackWithTheSameNumbers() throws {
        let diagnostics = [Diagnostic(line: 3, "bad \"thing\"\u{1}")]
        let json = StatJSONRenderer.render(PatchStatistics(patch.patch), diagnostics: diagnostics)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "tandem.stat/1")
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["arch/i386/x.c", "\"t\\351st \\\"q\\\".c\"", "f.bin"])
        #expect(files.map { $0["added"] as? Int } == [1, 2, 0])
        #expect(files[2]["binary"] as? Bool == true)
        let totals = try #require(object["totals"] as? [String: Int])
        #expect(totals == ["files": 3, "added": 3, "removed": 2, "hunks": 2])
        let parsedDiagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(parsedDiagnostics.first?["message"] as? String == "bad \"thing\"\u{1}")
    }

    @Test func jsonOfAnEmptyPatchIsValid() throws {
        let json = StatJSONRenderer.render(PatchStatistics(Patch()))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["files"] as? [Any])?.isEmpty == true)
    }

    @Test func pathTextKeepsUTF8AndQuotesTheRest() {
        #expect(JSONText.pathText(Array("caf\u{e9}.c".utf8)) == "caf\u{e9}.c")
        #expect(JSONText.pathText([0x63, 0xE9]) == "\"c\\351\"")
        #expect(JSONText.string("a\u{7f}\u{0}") == "\"a\\u007f\\u0000\"")
    }
}
