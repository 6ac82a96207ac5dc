import Foundation
import Testing
import TandemTestSupport

/// Issue #15: paths and code from a patch or a tree reach the terminal with their control characters
/// escaped (ESC as `\033`, CR as `\r`, as git's quoting writes them), while the machine outputs (the
/// rewritten patch, its rejects, JSON, the patched files) keep the exact bytes.
@Suite("Terminal escapes: inputs cannot drive the terminal")
struct TerminalEscapeTests {
    /// A file name with a colour escape and a carriage return.
    static let name = "e\u{1B}[31mvil\r.c"
    /// Git's spelling of `a/` + name in a patch header.
    static let quoted = "\"a/a/e\\033[31mvil\\r.c\""
    static let original = "one\ntwo \u{1B}[2J\nthree\nfour\nfive\nsix\nseven\neight\nnine\u{1B}[0m\nten\n"
    /// The copy changed line 2 (the fork's edit retitles the terminal window) and added a line at the top.
    static let copy =
        "fork line\none\ntwo fork\u{1B}]0;pwned\u{07}\nthree\nfour\nfive\nsix\nseven\neight\nnine\u{1B}[0m\nten\n"
    /// Upstream changes line 2 (a conflict on the copy) and line 9 (ported at an offset).
    static let patch = """
        diff --git \(quoted) \(quoted.replacingOccurrences(of: "\"a/a/", with: "\"b/a/"))
        --- \(quoted)
        +++ \(quoted.replacingOccurrences(of: "\"a/a/", with: "\"b/a/"))
        @@ -1,3 +1,3 @@
         one
        -two \u{1B}[2J
        +two up\rstream\u{1B}[1m
         three
        @@ -8,3 +8,3 @@
         eight
        -nine\u{1B}[0m
        +NINE\u{1B}[5m\r!
         ten

        """

    /// True when `bytes` hold a raw ESC, CR or BEL.
    func hasControls(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 == 0x1B || $0 == 0x0D || $0 == 0x07 } }

    @Test func portConflictDisplayIsEscapedAndOutputsStayExact() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write("base/a/" + Self.name, Self.original)
        try scratch.write("fork/f/" + Self.name, Self.copy)
        try scratch.write("fork/tandem.yml", "forks:\n  - {upstream: a/, fork: f/}\n")
        try scratch.write("p.patch", Self.patch)
        let result = try tandem(
            "port", "--fork", scratch.path + "/fork", "--base", scratch.path + "/base",
            "-o", scratch.path + "/out.patch", "--report", scratch.path + "/report.json", scratch.path + "/p.patch")
        #expect(result.status == 1, "\(result.stderr)")
        let summary = String(decoding: result.stdout, as: UTF8.self)
        #expect(!hasControls(result.stdout), "raw control bytes in the summary: \(summary.debugDescription)")
        #expect(!hasControls(Array(result.stderr.utf8)), "\(result.stderr.debugDescription)")
        // The side-by-side display shows the fork's and upstream's lines with visible escapes.
        #expect(summary.contains("two fork\\033]0;pwned\\a"), "\(summary)")
        #expect(summary.contains("+two up\\rstream\\033[1m"), "\(summary)")
        #expect(summary.contains("\"a/e\\033[31mvil\\r.c\" -> \"f/e\\033[31mvil\\r.c\""), "\(summary)")
        // The rewritten patch and the rejects keep the bytes.
        let out = String(decoding: readBytes(scratch.path + "/out.patch"), as: UTF8.self)
        #expect(out.contains("\n-nine\u{1B}[0m\n+NINE\u{1B}[5m\r!\n"), "\(out.debugDescription)")
        #expect(out.contains("+++ \"b/f/e\\033[31mvil\\r.c\"\n"), "\(out.debugDescription)")
        let rejects = String(decoding: readBytes(scratch.path + "/out.patch.rej"), as: UTF8.self)
        #expect(rejects.contains("\n-two \u{1B}[2J\n+two up\rstream\u{1B}[1m\n"), "\(rejects.debugDescription)")
        // The report's JSON decodes to the exact path and lines.
        let json =
            try JSONSerialization.jsonObject(with: Data(readBytes(scratch.path + "/report.json"))) as? [String: Any]
        let entries = json?["entries"] as? [[String: Any]] ?? []
        #expect(
            entries.contains {
                $0["copyPath"] as? String == "f/" + Self.name && $0["verdict"] as? String == "fork-conflict"
            })
        #expect(entries.contains { ($0["fork"] as? [String])?.contains("two fork\u{1B}]0;pwned\u{07}\n") == true })
    }

    @Test func applyReportIsEscapedAndTheFileGetsTheBytes() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a/" + Self.name, Self.copy)
        let patch = Array(Self.patch.utf8)
        let text = try run(tandemBinary, ["apply", "-"], stdin: patch, directory: tree.path)
        #expect(text.status == 1, "\(text.stderr)")
        #expect(
            !hasControls(text.stdout) && !hasControls(Array(text.stderr.utf8)),
            "\(String(decoding: text.stdout, as: UTF8.self).debugDescription)")
        #expect(String(decoding: text.stdout, as: UTF8.self).contains("patching file \"a/e\\033[31mvil\\r.c\""))
        // Nothing was written (one hunk failed); JSON names the exact path.
        #expect(tree.read("a/" + Self.name) == Self.copy)
        let json = try run(
            tandemBinary, ["apply", "--check", "--format", "json", "-"], stdin: patch, directory: tree.path)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
        #expect(
            (object?["files"] as? [[String: Any]])?.first?["path"] as? String == "a/" + Self.name,
            "\(String(decoding: json.stdout, as: UTF8.self))")
        // On the original, both hunks apply and the file gets the exact bytes.
        try tree.write("a/" + Self.name, Self.original)
        let applied = try run(tandemBinary, ["apply", "-"], stdin: patch, directory: tree.path)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            tree.read("a/" + Self.name)
                == Self.original.replacingOccurrences(of: "two \u{1B}[2J", with: "two up\rstream\u{1B}[1m")
                .replacingOccurrences(of: "nine\u{1B}[0m", with: "NINE\u{1B}[5m\r!"))
    }

    /// A refused path is named in the error with its escapes; so is a file name given on the command line.
    @Test(arguments: [("\"a/../\\033[2J\\033]0;pwned\\a.c\"", "1"), ("\"/etc/\\033[2J\\r.c\"", "0")])
    func refusalsAreEscaped(path: String, strip: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let patch = Array("--- /dev/null\n+++ \(path)\n@@ -0,0 +1 @@\n+x\n".utf8)
        let result = try run(tandemBinary, ["apply", "-p", strip, "-"], stdin: patch, directory: tree.path)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("tandem: ") && result.stderr.split(separator: "\n").count == 1,
            "\(result.stderr.debugDescription)")
        #expect(
            !hasControls(Array(result.stderr.utf8)) && result.stderr.contains("\\033[2J"),
            "\(result.stderr.debugDescription)")
        let missing = try tandem("stat", tree.path + "/no\u{1B}[2Jsuch\r.patch")
        #expect(
            missing.status == 2 && !hasControls(Array(missing.stderr.utf8))
                && missing.stderr.contains("no\\033[2Jsuch\\r.patch"),
            "\(missing.stderr.debugDescription)")
    }
}
