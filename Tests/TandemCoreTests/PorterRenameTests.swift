import Testing
@testable import TandemCore

/// `Porter` on renamed originals: the copy keeps its path and gets the rename's edits, with an
/// `upstream-renamed` verdict, instead of `upstream-deleted` (and nothing ported).
@Suite("Porter: renamed originals")
struct PorterRenameTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "lib/", fork: "xen/lib/")])

    let original = "int a;\nint b;\nint c;\nint d;\nint e;\nint f;\n"
    let copy = "int a;\n#ifdef CONFIG_XEN\nint x;\n#endif\nint b;\nint c;\nint d;\nint e;\nint f;\n"

    /// io.c renamed to stream.c with one edit, as git writes it.
    let renameWithEdit = """
        diff --git a/lib/io.c b/lib/stream.c
        similarity index 83%
        rename from lib/io.c
        rename to lib/stream.c
        --- a/lib/io.c
        +++ b/lib/stream.c
        @@ -3,4 +3,4 @@ int b;
         int c;
        -int d;
        +int d = 1;
         int e;
         int f;

        """

    let pureRename =
        "diff --git a/lib/io.c b/lib/stream.c\nsimilarity index 100%\nrename from lib/io.c\nrename to lib/stream.c\n"

    func port(_ patch: String, fork: [String: String]) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(fork),
            base: MemoryTree(["lib/io.c": original]))
    }

    func entries(_ result: Porter.Result) -> [String] {
        result.report.entries.map {
            "\(displayText($0.upstreamPath))#\($0.hunk)>\(displayText($0.copyPath)):\($0.verdict.label)"
        }
    }

    /// The edit lands on the copy, which keeps its path; the duplicate names the copy on both sides.
    @Test func renameWithEditsIsPortedOntoTheCopy() throws {
        let result = try port(renameWithEdit, fork: ["xen/lib/io.c": copy])
        #expect(
            entries(result) == ["lib/stream.c#0>xen/lib/io.c:upstream-renamed", "lib/stream.c#1>xen/lib/io.c:ported"])
        #expect(result.report.entries.first?.verdict.message.contains("renamed the original from lib/io.c") == true)
        #expect(
            result.report.entries.first?.verdict.message.contains("pairs the original with xen/lib/stream.c") == true)
        #expect(result.copies.map { displayText($0.path) } == ["xen/lib/io.c"])
        #expect(
            result.copies.first.map { displayText($0.ported) }
                == copy.replacingOccurrences(of: "int d;", with: "int d = 1;"))
        #expect(
            displayText(result.patch).contains(
                "diff --git a/xen/lib/io.c b/xen/lib/io.c\n--- a/xen/lib/io.c\n+++ b/xen/lib/io.c\n"))
    }

    /// A rename without edits: one file-level verdict, nothing to port.
    @Test func pureRenameSaysTheCopyIsKept() throws {
        let result = try port(pureRename, fork: ["xen/lib/io.c": copy])
        #expect(entries(result) == ["lib/stream.c#0>xen/lib/io.c:upstream-renamed"])
        #expect(result.copies.isEmpty)
    }

    /// The fork already renamed its copy: the edits go to it, and a copy left under the old name is an orphan.
    @Test func aCopyUnderTheNewNameTakesTheEdits() throws {
        let followed = try port(renameWithEdit, fork: ["xen/lib/stream.c": copy])
        #expect(entries(followed) == ["lib/stream.c#1>xen/lib/stream.c:ported"])
        let both = try port(renameWithEdit, fork: ["xen/lib/stream.c": copy, "xen/lib/io.c": copy])
        #expect(
            entries(both) == ["lib/stream.c#1>xen/lib/stream.c:ported", "lib/stream.c#0>xen/lib/io.c:upstream-deleted"])
    }
}
