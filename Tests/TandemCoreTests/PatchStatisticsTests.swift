import Testing
import TandemCore

@Suite("PatchStatistics")
struct PatchStatisticsTests {
    @Test func countsLinesHunksAndKinds() {
        let text = """
            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            @@ -1,3 +1,4 @@
             a
            -b
            +c
            +d
             e
            @@ -10 +11 @@
            -f
            +g
            diff --git a/gone.c b/gone.c
            deleted file mode 100644
            --- a/gone.c
            +++ /dev/null
            @@ -1,2 +0,0 @@
            -x
            -y
            diff --git a/b.bin b/b.bin
            Binary files a/b.bin and b/b.bin differ
            diff --git a/s.sh b/t.sh
            old mode 100644
            new mode 100755
            similarity index 100%
            rename from s.sh
            rename to t.sh

            """
        let stats = PatchStatistics(parse(text).patch)
        #expect(stats.files.map(\.added) == [3, 0, 0, 0])
        #expect(stats.files.map(\.removed) == [2, 2, 0, 0])
        #expect(stats.files.map(\.hunks) == [2, 1, 0, 0])
        #expect(stats.files.map(\.change.label) == ["modify", "delete", "binary", "rename+mode"])
        #expect(stats.files.map { displayText($0.path) } == ["x.c", "gone.c", "b.bin", "t.sh"])
        #expect(stats.files[3].oldPath == bytes("s.sh"))
        #expect((stats.added, stats.removed, stats.hunks) == (3, 4, 3))
        #expect(stats.files.map(\.line) == [1, 13, 20, 22])
    }

    @Test func stripZeroKeepsPrefixes() {
        let stats = PatchStatistics(parse("--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n").patch, strip: 0)
        #expect(stats.files[0].path == bytes("b/x.c"))
    }
}
