import Testing
@testable import TandemCore

/// `ForkSpellings`: a name the fork spells its own way in every line of its copies that mentions it
/// (vendored imports rewritten, `from urllib3.util import Retry` as `from pip._vendor.urllib3.util import
/// Retry`) is written the fork's way in the lines a hunk adds; a name the fork also keeps as upstream spells it,
/// or respells in one copy only, is left as upstream wrote it.
@Suite("Port: names the fork spells its own way")
struct ForkSpellingsTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "pkg/", fork: "vendor/pkg/")])

    /// Two modules importing the vendored package, as upstream has them.
    let originals: [String: String] = [
        "pkg/a.py": "from urllib3.util import Retry\nfrom urllib3 import PoolManager\n\nA = 1\n",
        "pkg/b.py": "import os\nfrom urllib3.exceptions import HTTPError\n\nB = 2\n",
        "pkg/c.py": "import os\nimport sys\n\nC = 3\n",
    ]

    /// Upstream adds an import of the vendored package to `c.py`, whose copy has none to learn from.
    let addsImport = """
        --- a/pkg/c.py
        +++ b/pkg/c.py
        @@ -1,4 +1,5 @@
         import os
         import sys
        +from urllib3.util import make_headers
        ~
         C = 3

        """.replacingOccurrences(of: "~", with: " ")

    /// The copies of `a.py` and `b.py` with every import of `urllib3` respelled; `c.py` as upstream has it.
    var respelledCopies: [String: String] {
        [
            "pkg/a.py":
                "from pip._vendor.urllib3.util import Retry\nfrom pip._vendor.urllib3 import PoolManager\n\nA = 1\n",
            "pkg/b.py": "import os\nfrom pip._vendor.urllib3.exceptions import HTTPError\n\nB = 2\n",
            "pkg/c.py": originals["pkg/c.py"] ?? "",
        ]
    }

    /// The twins' verdict: `c.py`'s new import as upstream wrote it, and no `respelled` note.
    func expectAsWritten(_ result: Porter.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        let ported = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/c.py" }?.ported ?? [])
        #expect(ported.contains("\nfrom urllib3.util import make_headers\n"), sourceLocation: sourceLocation)
        #expect(result.report.notes.allSatisfy { $0.kind != .respelled }, sourceLocation: sourceLocation)
    }

    func port(_ patch: String, copies: [String: String], originals: [String: String]? = nil) throws -> Porter.Result {
        var fork: [String: String] = [:]
        for (path, text) in copies { fork["vendor/" + path] = text }
        return try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(fork),
            base: MemoryTree(originals ?? self.originals))
    }

    /// The fork rewrote all three imports of `urllib3` in two copies: the new one lands in its spelling, and
    /// a note says so.
    @Test func anImportLandsInTheForksSpelling() throws {
        let copies = respelledCopies
        let result = try port(addsImport, copies: copies)
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/c.py" }?.ported ?? [])
        #expect(ported == "import os\nimport sys\nfrom pip._vendor.urllib3.util import make_headers\n\nC = 3\n")
        #expect(displayText(result.patch).contains("+from pip._vendor.urllib3.util import make_headers"))
        let notes = result.report.notes.filter { $0.kind == .respelled }
        #expect(notes.count == 1)
        #expect(
            notes.first?.message == "hunk 1 adds `urllib3` as upstream spells it; written `pip._vendor.urllib3`, as "
                + "the fork does in 3 lines of 2 copies")
    }

    /// Refused twin: one copy keeps an import as upstream spells it (a copy otherwise identical, or one the
    /// fork changed elsewhere), so the fork has no single spelling of the name: the line lands as upstream
    /// wrote it, with no note.
    @Test(arguments: ["D = 4\n", "D = 5  # ours\n"])
    func aNameTheForkAlsoKeepsStaysAsWritten(ownLine: String) throws {
        var copies = respelledCopies
        copies["pkg/d.py"] = "from urllib3 import fields\n" + ownLine
        var withD = originals
        withD["pkg/d.py"] = "from urllib3 import fields\nD = 4\n"
        let result = try port(addsImport, copies: copies, originals: withD)
        expectAsWritten(result)
    }

    /// Refused twin: the respelling stands in one copy only (however many lines): not the fork's rule.
    @Test func aRespellingOfOneCopyIsNoRule() throws {
        var three = originals
        three["pkg/a.py"] =
            "from urllib3.util import Retry\nfrom urllib3 import PoolManager\nfrom urllib3 import fields\n"
        let copies = [
            "pkg/a.py": "from pip._vendor.urllib3.util import Retry\nfrom pip._vendor.urllib3 import PoolManager\n"
                + "from pip._vendor.urllib3 import fields\n",
            "pkg/c.py": originals["pkg/c.py"]!,
        ]
        let result = try port(addsImport, copies: copies, originals: three)
        expectAsWritten(result)
    }

    /// A hunk that moves a respelled line moves the copy's line, respelled at both ends (not a line "already
    /// there" at its new place while the old one stays, as when only added lines were respelled).
    @Test func aMovedLineMovesTheForksLine() throws {
        let copies = respelledCopies
        let moves = """
            --- a/pkg/a.py
            +++ b/pkg/a.py
            @@ -1,4 +1,4 @@
            -from urllib3.util import Retry
             from urllib3 import PoolManager
            +from urllib3.util import Retry
            ~
             A = 1

            """.replacingOccurrences(of: "~", with: " ")
        let result = try port(moves, copies: copies)
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/a.py" }?.ported ?? [])
        #expect(
            ported
                == "from pip._vendor.urllib3 import PoolManager\nfrom pip._vendor.urllib3.util import Retry\n\nA = 1\n")
    }

    /// Upstream adds a name to `b.py`'s import of `urllib3`.
    let changesImport = """
        --- a/pkg/b.py
        +++ b/pkg/b.py
        @@ -1,4 +1,4 @@
         import os
        -from urllib3.exceptions import HTTPError
        +from urllib3.exceptions import HTTPError, ProtocolError
        ~
         B = 2

        """.replacingOccurrences(of: "~", with: " ")

    /// A line the fork only respelled, which upstream deletes or changes elsewhere: read in the fork's
    /// spelling, the copy's line is the base's, and the change lands (with upstream's spelling it is a fork
    /// edit under upstream's: a conflict), noted as read so. With the line before it the fork's own too
    /// (`os` imported otherwise), the text does not place the hunk and the merge with the base does: the base
    /// is read in the fork's spelling as well.
    @Test(arguments: ["import os\n", "import os as _os\n"])
    func aChangeOfARespelledLineLands(firstLine: String) throws {
        var copies = respelledCopies
        copies["pkg/b.py"] = firstLine + "from pip._vendor.urllib3.exceptions import HTTPError\n\nB = 2\n"
        let result = try port(changesImport, copies: copies)
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/b.py" }?.ported ?? [])
        #expect(ported == firstLine + "from pip._vendor.urllib3.exceptions import HTTPError, ProtocolError\n\nB = 2\n")
        let deletes = """
            --- a/pkg/b.py
            +++ b/pkg/b.py
            @@ -1,4 +1,3 @@
             import os
            -from urllib3.exceptions import HTTPError
            ~
             B = 2

            """.replacingOccurrences(of: "~", with: " ")
        let deleted = try port(deletes, copies: copies)
        #expect(deleted.report.entries.map(\.verdict.label) == ["ported"])
        #expect(
            deleted.report.notes.filter { $0.kind == .respelled }.map(\.message) == [
                "hunk 1 reads `urllib3` as upstream spells it; read as `pip._vendor.urllib3`, as the fork does in "
                    + "3 lines of 2 copies"
            ])
    }

    /// Refused twin: where the fork changed more than the spelling of the line upstream changes, it is a
    /// conflict still.
    @Test func aRespelledLineTheForkAlsoEditedConflicts() throws {
        var copies = respelledCopies
        copies["pkg/b.py"] = "import os\nfrom pip._vendor.urllib3.exceptions import HTTPError, SSLError\n\nB = 2\n"
        var three = originals
        three["pkg/a.py"] =
            "from urllib3.util import Retry\nfrom urllib3 import PoolManager\nfrom urllib3 import fields\n\nA = 1\n"
        copies["pkg/a.py"] =
            "from pip._vendor.urllib3.util import Retry\nfrom pip._vendor.urllib3 import PoolManager\n"
            + "from pip._vendor.urllib3 import fields\n\nA = 1\n"
        copies["pkg/e.py"] = "from pip._vendor.urllib3 import Timeout\n"
        three["pkg/e.py"] = "from urllib3 import Timeout\n"
        let result = try port(changesImport, copies: copies, originals: three)
        #expect(result.report.entries.map(\.verdict.label) == ["fork-conflict"])
    }

    /// The fork's own line between two respelled imports (so the changed runs differ in length, as after a
    /// port that landed lines there): each import still pairs with its respelling, and the rule stands.
    @Test func aRespellingBesideTheForksOwnLinesCounts() throws {
        var copies = respelledCopies
        copies["pkg/a.py"] =
            "from pip._vendor.urllib3.util import Retry\n# vendored\nfrom pip._vendor.urllib3 import PoolManager\n"
            + "\nA = 1\n"
        let result = try port(addsImport, copies: copies)
        let ported = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/c.py" }?.ported ?? [])
        #expect(ported.contains("\nfrom pip._vendor.urllib3.util import make_headers\n"))
        #expect(result.report.notes.filter { $0.kind == .respelled }.count == 1)
    }

    /// Refused twin: in such a run the fork wrote the import in another form (`import … as`, another first
    /// word): no pair, too little evidence, the line lands as written.
    @Test func anImportInAnotherFormBesideTheForksLinesIsNoPair() throws {
        var copies = respelledCopies
        copies["pkg/a.py"] =
            "import pip._vendor.urllib3.util as util\n# vendored\nimport pip._vendor.urllib3 as urllib3\n\nA = 1\n"
        let result = try port(addsImport, copies: copies)
        expectAsWritten(result)
    }

    /// Refused twin: upstream's own rename, which copies ported before already show (`a.py` and `b.py` name
    /// `urllib4` where their originals name `urllib3`), is not the fork's spelling: the rename is made in
    /// `a.py`, where "read in the fork's spelling" would make the hunk a change of nothing, claimed ported.
    /// In imports, and in lines that start with the name (its first word is then the name itself).
    @Test(arguments: [
        ("from urllib3.util import Retry\n", "from urllib3 import PoolManager\n"),
        ("urllib3.disable_warnings()\n", "urllib3.add_stderr_logger()\n"),
    ])
    func anUpstreamRenameIsNotTheForksSpelling(lines: (String, String)) throws {
        let renamed = (
            lines.0.replacingOccurrences(of: "urllib3", with: "urllib4"),
            lines.1.replacingOccurrences(of: "urllib3", with: "urllib4")
        )
        let renames =
            "--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1,2 +1,2 @@\n-\(lines.0)-\(lines.1)+\(renamed.0)+\(renamed.1)"
        let other =
            lines.0.hasPrefix("from")
            ? "from urllib3.exceptions import HTTPError\n" : "urllib3.connection_from_url(u)\n"
        let originals = ["pkg/a.py": lines.0 + lines.1, "pkg/b.py": "import os\n" + other + "\nB = 2\n"]
        let copies = [
            "pkg/a.py": renamed.0 + renamed.1,
            "pkg/b.py": "import os\n" + other.replacingOccurrences(of: "urllib3", with: "urllib4") + "\nB = 2\n",
        ]
        let result = try port(renames, copies: copies, originals: originals)
        #expect(result.report.entries.map(\.verdict.label) == ["already-applied"])
        #expect(result.report.notes.allSatisfy { $0.kind != .respelled })
    }

    /// Upstream adds a name to every import of `urllib3` in `a.py` and `b.py`, and writes `c.py`'s import of
    /// its own package as an absolute one.
    var extendsImports: String {
        """
        --- a/pkg/a.py
        +++ b/pkg/a.py
        @@ -1,4 +1,4 @@
        -from urllib3.util import Retry
        -from urllib3 import PoolManager
        +from urllib3.util import Retry, Timeout
        +from urllib3 import PoolManager, ProxyManager
        ~
         A = 1

        """.replacingOccurrences(of: "~", with: " ") + changesImport
            + """
            --- a/pkg/c.py
            +++ b/pkg/c.py
            @@ -1,4 +1,4 @@
             import os
            -from .util import helper
            +from urllib3.util import helper
            ~
             C = 3

            """.replacingOccurrences(of: "~", with: " ")
    }

    /// A second run over the copies a first run ported: every line the fork respelled was changed by the
    /// first run, so against the base the copies show no respelling, and `c.py`'s hunk (read in upstream's
    /// spelling) finds its post-image nowhere: "both sides changed the same words". Each copy is read against
    /// the original it stands nearer beyond the fork's spelling, here the patched one: the spelling is learnt
    /// again, and every hunk is already applied.
    @Test func aSecondRunReadsThePortedCopiesAgainstThePatchedOriginals() throws {
        var originals = self.originals
        originals["pkg/c.py"] = "import os\nfrom .util import helper\n\nC = 3\n"
        var copies = respelledCopies
        copies["pkg/c.py"] = originals["pkg/c.py"]
        let first = try port(extendsImports, copies: copies, originals: originals)
        #expect(first.report.entries.map(\.verdict.label) == ["ported", "ported", "ported"])
        var ported: [String: String] = [:]
        for copy in first.copies {
            ported[String(displayText(copy.path).dropFirst("vendor/".count))] = displayText(copy.ported)
        }
        #expect(ported["pkg/c.py"] == "import os\nfrom pip._vendor.urllib3.util import helper\n\nC = 3\n")
        let second = try port(extendsImports, copies: ported, originals: originals)
        #expect(
            second.report.entries.map(\.verdict.label) == ["already-applied", "already-applied", "already-applied"])
        #expect(second.copies.allSatisfy { $0.ported == $0.original.bytes })
    }

    /// Refused twin: on a first run the copies stand nearer the base, and the patched originals are not
    /// read: upstream renames `urllib3` in `a.py` and `b.py` (the copies, changed elsewhere, still say
    /// `urllib3`) and adds an import of `urllib4` to `c.py`. Read against the patched originals, the copies
    /// would "respell" `urllib4` as `urllib3` in 3 lines of 2 copies, and `c.py`'s import would land undoing
    /// the rename.
    @Test func aFirstRunDoesNotReadUpstreamsRenameBackwards() throws {
        let renames = """
            --- a/pkg/a.py
            +++ b/pkg/a.py
            @@ -1,4 +1,4 @@
            -from urllib3.util import Retry
            -from urllib3 import PoolManager
            +from urllib4.util import Retry
            +from urllib4 import PoolManager
            ~
             A = 1
            --- a/pkg/b.py
            +++ b/pkg/b.py
            @@ -1,4 +1,4 @@
             import os
            -from urllib3.exceptions import HTTPError
            +from urllib4.exceptions import HTTPError
            ~
             B = 2
            --- a/pkg/c.py
            +++ b/pkg/c.py
            @@ -1,4 +1,5 @@
             import os
             import sys
            +from urllib4.util import make_headers
            ~
             C = 3

            """.replacingOccurrences(of: "~", with: " ")
        var copies = originals
        copies["pkg/a.py"] = originals["pkg/a.py"]! + "A += 1  # ours\n"
        copies["pkg/b.py"] = originals["pkg/b.py"]! + "B += 1  # ours\n"
        let result = try port(renames, copies: copies)
        #expect(result.report.entries.map(\.verdict.label) == ["ported", "ported", "ported"])
        let c = displayText(result.copies.first { displayText($0.path) == "vendor/pkg/c.py" }?.ported ?? [])
        #expect(c.contains("\nfrom urllib4.util import make_headers\n"))
        #expect(result.report.notes.allSatisfy { $0.kind != .respelled })
    }

    /// The ledger's unit: a qualifier put before a name, or a name written as another, is a respelling; any
    /// other edit of the line, or a member after `.`, is not.
    @Test func respellingsOfOneLine() {
        func found(_ a: String, _ b: String) -> [String] {
            ForkSpellings.respellings(line: bytes(a)[...], copy: bytes(b)[...]).map {
                displayText($0.0.first) + " " + displayText($0.0.name) + " -> " + displayText($0.1)
            }
        }
        #expect(
            found("from rich.text import Text\n", "from pip._vendor.rich.text import Text\n")
                == ["from rich -> pip._vendor.rich"])
        #expect(found("\tfoo(x);\n", "\txen_foo(x);\n") == ["foo foo -> xen_foo"])
        #expect(found("depends on TPM\n", "depends on TPM && !XEN\n") == [])
        #expect(found("x = a.b\n", "x = a.c\n") == [])
        #expect(found("from rich import print\n", "from rich import print, box\n") == [])
        #expect(found("from urllib3 import Retry\n", "import pip._vendor.urllib3 as urllib3\n") == [])
        // A word inside a string is no name: an x86_64 copy's inline assembly says `movq` where i386's says
        // `movl`, which is what the code does, not how the fork spells a name.
        #expect(found("\tasm(\"movl %%cr3,%0\" : \"=r\" (cr3));\n", "\tasm(\"movq %%cr3,%0\" : \"=r\" (cr3));\n") == [])
        #expect(found("\tprint('it\\'s foo')\n", "\tprint('it\\'s bar')\n") == [])
        #expect(found("\tfoo(\"x\");\n", "\txen_foo(\"x\");\n") == ["foo foo -> xen_foo"])
    }
}
