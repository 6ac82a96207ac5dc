import Testing
import TandemCore

@Suite("PatchFilter")
struct PatchFilterTests {
    let release = """
        Release notes.
        diff -urN linux-2.6.11/arch/i386/kernel/process.c linux-2.6.12/arch/i386/kernel/process.c
        --- linux-2.6.11/arch/i386/kernel/process.c\t2005-03-02 07:38:09.000000000 +0000
        +++ linux-2.6.12/arch/i386/kernel/process.c\t2005-06-17 19:48:29.000000000 +0000
        @@ -1 +1 @@
        -a
        +b
        Only in linux-2.6.12/mm: x
        diff -urN linux-2.6.11/mm/memory.c linux-2.6.12/mm/memory.c
        --- linux-2.6.11/mm/memory.c\t2005-03-02 07:38:09.000000000 +0000
        +++ linux-2.6.12/mm/memory.c\t2005-06-17 19:48:29.000000000 +0000
        @@ -1 +1 @@
        -c
        +d
        -- 
        trailer

        """

    @Test func noOptionsKeepsEveryByte() {
        let patch = parse(release).patch
        #expect(PatchFilter().apply(to: patch).bytes == bytes(release))
    }

    @Test func includeAndExcludeSelectByStrippedPath() {
        let patch = parse(release).patch
        let i386 = PatchFilter(includes: [Glob("arch/i386/")]).apply(to: patch)
        #expect(i386.files.map { $0.newName() } == [bytes("arch/i386/kernel/process.c")])
        let notMM = PatchFilter(excludes: [Glob("mm/*")]).apply(to: patch)
        #expect(notMM.files.count == 1)
        let none = PatchFilter(includes: [Glob("fs/")]).apply(to: patch)
        #expect(none.files.isEmpty)
        #expect(none.trailer == patch.trailer)
    }

    @Test func renameRewritesEveryHeaderNameAndKeepsTimestamps() throws {
        let patch = parse(release).patch
        let rename = try #require(PatchFilter.Rename("arch/i386/=arch/xen/i386/"))
        let out = PatchFilter(includes: [Glob("arch/i386/")], renames: [rename]).apply(to: patch)
        let text = displayText(out.bytes)
        #expect(
            text.contains(
                "diff -urN linux-2.6.11/arch/xen/i386/kernel/process.c linux-2.6.12/arch/xen/i386/kernel/process.c\n"))
        #expect(text.contains("--- linux-2.6.11/arch/xen/i386/kernel/process.c\t2005-03-02 07:38:09.000000000 +0000\n"))
        #expect(text.contains("+++ linux-2.6.12/arch/xen/i386/kernel/process.c\t2005-06-17"))
        #expect(!text.contains("linux-2.6.11/arch/i386/"))
        // Reparsing the output gives the renamed names and the same hunks.
        let reparsed = PatchParser.parse(out.bytes)
        #expect(reparsed.diagnostics.isEmpty)
        #expect(reparsed.patch.files[0].newName() == bytes("arch/xen/i386/kernel/process.c"))
        #expect(reparsed.patch.files[0].hunks == patch.files[0].hunks)
    }

    @Test func renameInGitHeadersIncludingRenameLinesAndQuoting() throws {
        let text = """
            diff --git a/arch/i386/old.c b/arch/i386/new.c
            similarity index 90%
            rename from arch/i386/old.c
            rename to arch/i386/new.c
            --- a/arch/i386/old.c
            +++ b/arch/i386/new.c
            @@ -1 +1 @@
            -a
            +b

            """
        let rename = try #require(PatchFilter.Rename("arch/i386/=arch/xen/\u{e9}/"))
        let out = PatchFilter(renames: [rename]).apply(to: parse(text).patch)
        let result = displayText(out.bytes)
        #expect(result.contains("diff --git \"a/arch/xen/\\303\\251/old.c\" \"b/arch/xen/\\303\\251/new.c\"\n"))
        #expect(result.contains("rename from \"arch/xen/\\303\\251/old.c\"\n"))
        #expect(result.contains("+++ \"b/arch/xen/\\303\\251/new.c\"\n"))
        let reparsed = PatchParser.parse(out.bytes).patch.files[0]
        #expect(reparsed.oldName() == Array("arch/xen/\u{e9}/old.c".utf8))
    }

    @Test func renameMatchesWholeComponentsOnly() throws {
        let rule = try #require(PatchFilter.Rename("arch/i386=arch/xen/i386"))
        #expect(rule.apply(bytes("arch/i386/x.c")) == bytes("arch/xen/i386/x.c"))
        #expect(rule.apply(bytes("arch/i386")) == bytes("arch/xen/i386"))
        #expect(rule.apply(bytes("arch/i3860/x.c")) == nil)
        #expect(PatchFilter.Rename("=x") == nil)
        #expect(PatchFilter.Rename("novalue") == nil)
    }
}
