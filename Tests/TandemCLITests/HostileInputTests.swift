import Foundation
import Testing
import TandemTestSupport

/// Issue #9's hostile inputs, each with its one-line error (or its clean handling) and exit status.
@Suite("Hostile inputs: a clear line and an exit status, never a crash or a hang")
struct HostileInputTests {
    /// Runs tandem in `tree` on a patch given as bytes; returns the run.
    func apply(_ patch: [UInt8], in tree: Scratch, _ extra: String...) throws -> Run {
        try run(tandemBinary, ["apply"] + extra + ["-"], stdin: patch, directory: tree.path)
    }

    func oneLine(_ run: Run) -> Bool {
        run.stderr.split(separator: "\n").count == 1 && run.stderr.hasPrefix("tandem: ")
    }

    @Test func nulInAPath() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let result = try apply(Array("--- a/x\0y.c\n+++ b/x\0y.c\n@@ -0,0 +1 @@\n+x\n".utf8), in: tree)
        #expect(
            result.status == 2 && oneLine(result) && result.stderr.contains("the path contains a NUL byte"),
            "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path).isEmpty)
    }

    @Test func fileOverADirectory() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("d/keep.c", "kept\n")
        let result = try apply(Array("--- /dev/null\n+++ b/d\n@@ -0,0 +1 @@\n+x\n".utf8), in: tree)
        #expect(
            result.status == 2 && oneLine(result) && result.stderr.contains("cannot patch 'd': it is a directory"),
            "\(result.stderr)")
        #expect(tree.read("d/keep.c") == "kept\n")
    }

    /// One added line of 1 GiB: read, counted and round-tripped in linear time.
    @Test func aOneGigabyteLine() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let path = tree.path + "/huge.patch"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("--- /dev/null\n+++ b/huge.txt\n@@ -0,0 +1 @@\n+".utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 24)
        for _ in 0..<64 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        let started = Date()
        let result = try tandem("stat", "--format", "numstat", path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "1\t0\thuge.txt\n")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func countsNearIntMax() throws {
        let patch = Fixtures.path + "/patches/malformed/counts-near-int-max.patch"
        let stat = try tandem("stat", patch)
        #expect(
            stat.status == 1 && stat.stderr.contains("counts-near-int-max.patch:") && !stat.stderr.contains("Fatal"),
            "\(stat.stderr)")
        let tree = try Scratch()
        defer { tree.cleanup() }
        let result = try run(tandemBinary, ["apply", patch], directory: tree.path)
        #expect(result.status == 1 || result.status == 2)
        #expect(!result.stderr.contains("Fatal error") && result.stderr.hasPrefix("tandem: "), "\(result.stderr)")
    }

    /// 100,000 empty file creations: linear, every file counted.
    @Test func aHundredThousandEmptyFilePatches() throws {
        var patch: [UInt8] = []
        for i in 0..<100_000 {
            patch += Array("diff --git a/f\(i) b/f\(i)\nnew file mode 100644\nindex 0000000..e69de29\n".utf8)
        }
        let started = Date()
        let result = try tandem("stat", "--format", "json", "-", stdin: patch)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        #expect(((json?["totals"] as? [String: Any])?["files"] as? Int) == 100_000)
        #expect(Date().timeIntervalSince(started) < 60)
        let filtered = try tandem("filter", "-", stdin: patch)
        #expect(filtered.status == 0 && filtered.stdout == patch)
    }

    @Test(arguments: [
        ("binary-garbage.patch", "binary-garbage.patch:1: no file patch found"),
        (
            "utf16le-with-bom.patch",
            "the input is UTF-16 text; diffs are read as bytes (convert it: iconv -f UTF-16 -t UTF-8)"
        ),
    ])
    func garbageAndUTF16(file: String, message: String) throws {
        let result = try tandem("stat", Fixtures.path + "/patches/malformed/" + file)
        #expect(result.status == 1 && oneLine(result) && result.stderr.contains(message), "\(result.stderr)")
        let tree = try Scratch()
        defer { tree.cleanup() }
        let applied = try run(
            tandemBinary, ["apply", Fixtures.path + "/patches/malformed/" + file], directory: tree.path)
        #expect(applied.status == 1 && applied.stderr.contains(message), "\(applied.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path).isEmpty)
    }

    /// A CRLF patch on an LF file and the reverse, where nothing but the line ending differs: the hunk
    /// applies, the file keeps its own line endings, and the console and JSON say so once for the file.
    /// (Issue #16; until then the hunk failed with "line endings differ".)
    @Test(arguments: [(true, false), (false, true)])
    func lineEndingsDiffer(patchCRLF: Bool, fileCRLF: Bool) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let eol = fileCRLF ? "\r\n" : "\n", peol = patchCRLF ? "\r\n" : "\n"
        try tree.write("f.c", ["a", "b", "c", "d", "e", "f", "g"].map { $0 + eol }.joined())
        try tree.write("g.c", "x\(eol)y\(eol)")
        let patch = [
            "--- a/f.c", "+++ b/f.c", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c", "@@ -6,2 +6,3 @@", " f", " g", "+h",
            "--- a/g.c", "+++ b/g.c", "@@ -1,2 +1,2 @@", "-x", "+X", " y",
        ].map { $0 + peol }.joined()
        let json = try run(
            tandemBinary, ["apply", "--check", "--format", "json", "-"], stdin: Array(patch.utf8), directory: tree.path)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(
            String(decoding: json.stdout, as: UTF8.self).contains(
                "\"lineEndings\": \"the patch has \(patchCRLF ? "CRLF" : "LF") line endings"))
        let result = try apply(Array(patch.utf8), in: tree)
        #expect(result.status == 0, "\(result.stderr)")
        let note =
            "(the patch has \(patchCRLF ? "CRLF" : "LF") line endings and the file \(fileCRLF ? "CRLF" : "LF"): "
            + "applied with the file's \(fileCRLF ? "CRLF" : "LF").)\n"
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        #expect(stdout == "patching file f.c\n" + note + "patching file g.c\n" + note, "\(stdout)")
        #expect(tree.read("f.c") == ["a", "B", "c", "d", "e", "f", "g", "h"].map { $0 + eol }.joined())
        #expect(tree.read("g.c") == "X\(eol)y\(eol)")
    }

    /// `tandem port` with a CRLF patch on LF files: ported with the copy's endings, a note per copy, and
    /// the rewritten patch (the carried original rewritten too) applies to the tree as it is.
    @Test func portKeepsTheCopysLineEndings() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("tandem.yml", "forks:\n  - {upstream: a/, fork: b/}\n")
        try tree.write("a/f.c", "one\ntwo\nthree\n")
        try tree.write("b/f.c", "zero\none\ntwo\nthree\n")
        let patch = ["--- a/a/f.c", "+++ b/a/f.c", "@@ -1,3 +1,3 @@", " one", "-two", "+TWO", " three"].map {
            $0 + "\r\n"
        }.joined()
        try tree.write("crlf.patch", patch)
        let result = try tandem("port", "--fork", tree.path, "-o", tree.path + "/out.patch", tree.path + "/crlf.patch")
        #expect(result.status == 0, "\(result.stderr)")
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        #expect(
            stdout.contains(
                "a/f.c -> b/f.c\n  note: the patch has CRLF line endings and the file LF: applied with the file's LF\n"),
            "\(stdout)")
        #expect(stdout.contains("a/f.c -> a/f.c\n  note: the patch has CRLF"), "\(stdout)")
        let out = try #require(tree.read("out.patch"))
        #expect(!out.contains("\r"), "\(out)")
        #expect(try run("/usr/bin/git", ["apply", "--check", "out.patch"], directory: tree.path).status == 0)
    }

    /// The "line endings differ" hint only when a CR is involved: a `\ No newline at end of file` after a
    /// `-` line, on a file whose last line has its newline, is a missing line end, not a line-ending
    /// mismatch. A file with mixed endings is not converted, and the hint names the first difference.
    @Test func lineEndingHintOnlyWithACarriageReturn() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("f.c", "one\ntwo\nthree\n")
        let marker = "--- a/f.c\n+++ b/f.c\n@@ -2,2 +2,2 @@\n two\n-three\n\\ No newline at end of file\n+THREE\n"
        let result = try apply(Array(marker.utf8), in: tree)
        #expect(result.status == 1)
        let stdout = String(decoding: result.stdout, as: UTF8.self)
        #expect(!stdout.contains("line endings differ"), "\(stdout)")
        #expect(
            stdout.contains(
                "Hunk #1 FAILED at 2 (context not found: only the end of line 3 differs: the patch has no line end, the file LF"
            ),
            "\(stdout)")
        try tree.write("m.c", "a\nb\r\nc\n")
        let mixed = "--- a/m.c\r\n+++ b/m.c\r\n@@ -1,3 +1,3 @@\r\n a\r\n-b\r\n+B\r\n c\r\n"
        let refused = try apply(Array(mixed.utf8), in: tree)
        #expect(refused.status == 1)
        #expect(
            String(decoding: refused.stdout, as: UTF8.self).contains(
                "line endings differ: the patch has CRLF, the file LF"))
        #expect(tree.read("m.c") == "a\nb\r\nc\n")
    }

    @Test(arguments: [
        (
            "forks:\n  - {upstream: a/, fork: b/}\n  - {upstream: b/, fork: c/}\n",
            "tandem.yml:3: 'b/' is the fork side of the mapping on line 2: mappings may not chain"
        ),
        (
            "forks:\n  - {upstream: a/, fork: x/}\n  - {upstream: b/, fork: x/}\n",
            "tandem.yml:3: 'x/' is also the fork side of the mapping on line 2, from another original ('a/')"
        ),
    ])
    func forkMapCyclesAndOverlaps(map: String, message: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("tandem.yml", map)
        let result = try tandem("map", "--fork", tree.path)
        #expect(result.status == 2 && oneLine(result) && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func unknownRevisionAndMissingObjects() throws {
        let unknown = try tandem("diff", "\(xenHistory)@no-such-rev", "\(xenHistory)@v2.6.12")
        #expect(
            unknown.status == 2 && oneLine(unknown) && unknown.stderr.contains("unknown revision 'no-such-rev'"),
            "\(unknown.stderr)")
        // A clone with one blob deleted from its objects.
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let clone = scratch.path + "/clone"
        #expect(try run("/usr/bin/git", ["clone", "-q", "--no-local", xenHistory, clone]).status == 0)
        _ = try run("/usr/bin/git", ["-C", clone, "repack", "-q", "-a", "-d"])
        _ = try run("/usr/bin/git", ["-C", clone, "unpack-objects", "-q"])  // no-op when packed; keep the pack
        let blob = String(
            decoding: try run("/usr/bin/git", ["-C", clone, "rev-parse", "v2.6.12:arch/i386/kernel/setup.c"]).stdout,
            as: UTF8.self
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        // Unpack everything loose, then delete the blob's file.
        let packs = try FileManager.default.contentsOfDirectory(atPath: clone + "/.git/objects/pack").filter {
            $0.hasSuffix(".pack")
        }
        for pack in packs {
            let data = try Data(contentsOf: URL(fileURLWithPath: clone + "/.git/objects/pack/" + pack))
            try FileManager.default.removeItem(atPath: clone + "/.git/objects/pack/" + pack)
            try FileManager.default.removeItem(
                atPath: clone + "/.git/objects/pack/" + pack.replacingOccurrences(of: ".pack", with: ".idx"))
            _ = try run("/usr/bin/git", ["-C", clone, "unpack-objects", "-q"], stdin: Array(data))
        }
        try FileManager.default.removeItem(atPath: clone + "/.git/objects/" + blob.prefix(2) + "/" + blob.dropFirst(2))
        let missing = try tandem("diff", "\(clone)@v2.6.11", "\(clone)@v2.6.12")
        #expect(
            missing.status == 2 && oneLine(missing)
                && missing.stderr.contains("missing object \(blob): the repository is incomplete"), "\(missing.stderr)")
    }
}
