import Testing
import TandemCore

@Suite("PatchParser")
struct PatchParserTests {
    let gitPatch = """
        From 1234 Mon Sep 17 00:00:00 2001
        Subject: [PATCH] fix

        ---
         a.c | 2 +-

        diff --git a/arch/i386/a.c b/arch/i386/a.c
        index 1111111..2222222 100644
        --- a/arch/i386/a.c
        +++ b/arch/i386/a.c
        @@ -1,3 +1,3 @@ int main(void)
         one
        -two
        +TWO
         three
        -- 
        2.39.5

        """

    @Test func readsGitPatchWithMailAroundIt() {
        let result = parse(gitPatch)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files.count == 1)
        let file = result.patch.files[0]
        #expect(file.isGit)
        #expect(file.header.map(\.kind) == [.gitDiff, .index, .oldName, .newName])
        #expect(file.prelude.count == 6)
        #expect(file.hunks.count == 1)
        #expect(displayText(file.hunks[0].header.section) == " int main(void)")
        #expect(file.hunks[0].body.count == 4)
        // The mail signature after the hunk is text, not a deletion line.
        #expect(result.patch.trailer.count == 2)
        #expect(file.newName() == bytes("arch/i386/a.c"))
        #expect(result.patch.bytes == bytes(gitPatch))
    }

    @Test func countsDecideWhereAHunkEnds() {
        // "--- x" inside a hunk is a deleted line, not a new file header.
        let text = "--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n--- x\n keep\n"
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files.count == 1)
        #expect(result.patch.files[0].hunks[0].changeCounts.removed == 1)
    }

    @Test func headerWithoutCountsMeansOneLine() throws {
        let header = try #require(HunkHeader(parsing: bytes("@@ -1 +1 @@\n")[...]))
        #expect((header.oldStart, header.oldCount, header.newStart, header.newCount) == (1, 1, 1, 1))
        let empty = try #require(HunkHeader(parsing: bytes("@@ -0,0 +1 @@\n")[...]))
        #expect((empty.oldStart, empty.oldCount, empty.newCount) == (0, 0, 1))
    }

    @Test func overflowingCountsAreNotAHeader() {
        #expect(HunkHeader(parsing: bytes("@@ -1,99999999999999999999 +1 @@\n")[...]) == nil)
        #expect(HunkHeader(parsing: bytes("@@ -x,y +1 @@\n")[...]) == nil)
        #expect(HunkHeader(parsing: bytes("@@ -1,2 +1,2\n")[...]) == nil)
    }

    @Test func renderedHeaderOmitsCountsOfOne() {
        let header = HunkHeader(oldStart: 7, oldCount: 1, newStart: 7, newCount: 3, section: bytes(" f()")[...])
        #expect(displayText(header.raw) == "@@ -7 +7,3 @@ f()\n")
        #expect(HunkHeader(parsing: header.raw) == header)
    }

    @Test func shortHunkIsReportedWithItsLineAndKept() {
        let text = "x\n--- a/f\n+++ b/f\n@@ -1,7 +1,7 @@\n a\n-b\n+c\n d\nnot a hunk line\n"
        let result = parse(text)
        #expect(
            result.diagnostics.map(\.description) == ["line 4: hunk says 7 old lines, found 3 and 7 new lines, found 3"]
        )
        #expect(result.hasErrors)
        #expect(result.patch.bytes == bytes(text))
    }

    @Test func hunkAfterAShortHunkStaysWithItsFile() {
        let text = "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n@@ -10,1 +10,1 @@\n-x\n+y\n"
        let result = parse(text)
        #expect(result.patch.files.count == 1)
        #expect(result.patch.files[0].hunks.count == 2)
        #expect(result.diagnostics.count == 1)
        #expect(result.patch.bytes == bytes(text))
    }

    @Test func noNewlineMarkersOnBothSides() {
        let text =
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n\\ No newline at end of file\n+new\n\\ No newline at end of file\n"
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files[0].hunks[0].body.count == 4)
        #expect(result.patch.trailer.isEmpty)
    }

    @Test func emptyLineInsideAHunkIsEmptyContext() {
        let text = "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n"
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files[0].hunks[0].lineCounts == (3, 3))
    }

    @Test func gitExtendedHeadersWithoutHunks() {
        let text = """
            diff --git a/old.c b/new.c
            similarity index 100%
            rename from old.c
            rename to new.c
            diff --git a/run.sh b/run.sh
            old mode 100644
            new mode 100755
            diff --git a/empty b/empty
            new file mode 100644
            index 0000000..e69de29

            """
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        let changes = result.patch.files.map(\.change.label)
        #expect(changes == ["rename", "mode", "add"])
        #expect(result.patch.files[0].oldName() == bytes("old.c"))
        #expect(result.patch.files[0].newName() == bytes("new.c"))
        #expect(result.patch.files[2].oldName() == nil)
        #expect(result.patch.bytes == bytes(text))
    }

    @Test func gitBinaryPatchIsKeptOpaque() {
        let text = """
            diff --git a/b.bin b/b.bin
            index 87ae6b6..22f6b3b 100644
            GIT binary patch
            literal 8
            PcmYew%wtF_sx$%s42c4`

            literal 7
            OcmYew%wtF_sssQD(E^45

            Thanks!

            """
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files[0].binaryData.count == 6)
        #expect(result.patch.files[0].change.label == "binary")
        #expect(displayText(result.patch.trailer.bytes) == "Thanks!\n")
    }

    @Test func diffRecursiveCommandLinesAndEpochTimestamps() {
        let text = """
            diff -urN linux-2.6.11/new.c linux-2.6.12/new.c
            --- linux-2.6.11/new.c\t1970-01-01 00:00:00.000000000 +0000
            +++ linux-2.6.12/new.c\t2005-06-17 19:48:29.000000000 +0000
            @@ -0,0 +1 @@
            +int x;
            Only in linux-2.6.12/arch: newdir
            Binary files linux-2.6.11/f.bin and linux-2.6.12/f.bin differ

            """
        let result = parse(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.files.count == 2)
        #expect(result.patch.files[0].header.first?.kind == .command)
        #expect(result.patch.files[0].change.kind == .add)
        #expect(result.patch.files[0].newName() == bytes("new.c"))
        #expect(result.patch.files[1].prelude.count == 1)
        #expect(result.patch.files[1].change.isBinary)
        #expect(result.patch.files[1].newName() == bytes("f.bin"))
    }

    @Test func quotedAndSpacedNames() {
        let text = """
            diff --git "a/t\\303\\251st.c" "b/t\\303\\251st.c"
            --- "a/t\\303\\251st.c"
            +++ "b/t\\303\\251st.c"
            @@ -1 +1 @@
            -a
            +b
            diff --git a/foo bar.c b/foo bar.c
            --- a/foo bar.c\t
            +++ b/foo bar.c\t
            @@ -1 +1 @@
            -a
            +b

            """
        let result = parse(text)
        #expect(result.patch.files[0].newName() == [0x74, 0xC3, 0xA9, 0x73, 0x74, 0x2E, 0x63])
        #expect(result.patch.files[1].newName() == bytes("foo bar.c"))
        #expect(
            result.patch.files[1].headerLine(.gitDiff)?.nameFields.map(\.name) == [
                bytes("a/foo bar.c"), bytes("b/foo bar.c"),
            ])
    }

    @Test func crlfAndLatin1AndNoFinalNewlineRoundTrip() {
        var input = bytes("--- a/f\r\n+++ b/f\r\n@@ -1,2 +1,2 @@\r\n caf")
        input += [0xE9]
        input += bytes("\r\n-x\r\n+y")
        let result = PatchParser.parse(input)
        #expect(result.patch.files[0].hunks[0].body.count == 3)
        #expect(result.patch.bytes == input)
    }

    @Test func hunkOutsideAFileIsText() {
        let text = "@@ -1 +1 @@\n-a\n+b\n"
        let result = parse(text)
        #expect(result.patch.files.isEmpty)
        #expect(result.diagnostics.first?.line == 1)
        #expect(result.patch.bytes == bytes(text))
    }

    @Test func utf16InputIsNamed() {
        var input: [UInt8] = [0xFF, 0xFE]
        for b in bytes("--- a\n") { input += [b, 0] }
        let result = PatchParser.parse(input)
        #expect(result.diagnostics.first?.message.contains("UTF-16") == true)
        #expect(result.patch.bytes == input)
    }

    @Test func emptyInputIsAnEmptyPatch() {
        let result = PatchParser.parse([])
        #expect(result.patch.files.isEmpty)
        #expect(result.diagnostics.isEmpty)
        #expect(result.patch.bytes.isEmpty)
    }

    @Test func hugeCountsStayLinear() {
        // A header claiming Int.max lines over a long run of matching lines: the scan stops at the first line
        // that cannot belong to the hunk and reports it, without trying to reach the claimed count.
        var text = "--- a/f\n+++ b/f\n@@ -1,9223372036854775807 +1,9223372036854775807 @@\n"
        text += String(repeating: " x\n", count: 50_000)
        let result = parse(text)
        #expect(result.diagnostics.count == 1)
        #expect(result.patch.files[0].hunks[0].body.count == 50_000)
        #expect(result.patch.bytes == bytes(text))
    }
}

@Suite("PatchParser on adversarial input")
struct AdversarialParserTests {
    /// A `diff --git` line of 200,000 spaces: reading its names must stay linear (a quadratic split search
    /// would not finish this test in any reasonable time), and it names no file.
    @Test func hugeHeaderLineWithManySeparators() {
        let line = "diff --git " + String(repeating: " ", count: 200_000) + "\n"
        let result = PatchParser.parse(Array(line.utf8))
        #expect(result.patch.files.count == 1)
        #expect(result.patch.files[0].headerLine(.gitDiff)?.nameFields.isEmpty == true)
        #expect(PatchStatistics(result.patch).files[0].path.isEmpty)
        #expect(result.patch.bytes == Array(line.utf8))
    }

    @Test func namesWithSpacesSplitInTheMiddle() {
        let text = "diff --git a/my file.c b/my file.c\nold mode 100644\nnew mode 100755\n"
        let file = PatchParser.parse(Array(text.utf8)).patch.files[0]
        #expect(file.newName() == Array("my file.c".utf8))
        #expect(
            file.headerLine(.gitDiff)?.nameFields.map(\.name) == [Array("a/my file.c".utf8), Array("b/my file.c".utf8)])
    }
}
