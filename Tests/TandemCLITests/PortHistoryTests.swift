import Foundation
import Testing
import TandemTestSupport

/// `tandem port --upstream --range` on the history-edges repository: commits named in the verdicts, and
/// renamed originals.
@Suite("port from upstream history")
struct PortHistoryTests {
    func revParse(_ revision: String) throws -> String {
        String(decoding: try gitIn(historyEdges, "rev-parse", revision).stdout, as: UTF8.self).trimmingCharacters(
            in: .newlines)
    }

    /// `--per-commit` names each verdict's commit: in JSON (`commit`, which was null for every verdict), and on
    /// the console, where each commit's verdicts follow a line naming it (before, the same file header came
    /// twice with nothing between).
    @Test func perCommitVerdictsNameTheirCommits() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try tandem(
            "port", "--upstream", historyEdges, "--range", "v1.0..v1.2", "--fork", historyEdges + "@v1.0",
            "--per-commit", "--check", "--report", scratch.path + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        let one = try revParse("v1.1"), two = try revParse("v1.2")
        #expect(
            String(decoding: result.stdout, as: UTF8.self) == """
                commit \(one.prefix(12)) net: check the buffer in net_send
                lib/net.c -> xen/lib/net.c
                  hunk 1: ported at offset +3 (line 16)
                commit \(two.prefix(12)) net, io: flush on close and bound blocks
                lib/net.c -> xen/lib/net.c
                  hunk 1: ported at offset +3 (line 23)
                verdicts: 3 ported

                """)
        let entries = try portEntries(scratch.path + "/r.json")
        #expect(entries.map { $0["commit"] as? String } == [one, two, two])
        #expect(
            entries.map { "\($0["upstreamPath"] ?? "")#\($0["hunk"] ?? "")>\($0["copyPath"] ?? "")" }
                == ["lib/net.c#1>xen/lib/net.c", "lib/io.c#1>xen/lib/io.c", "lib/net.c#1>xen/lib/net.c"])
        // A whole range is one change: no verdict belongs to one commit.
        let whole = try tandem(
            "port", "--upstream", historyEdges, "--range", "v1.0..v1.2", "--fork", historyEdges + "@v1.0",
            "--check", "--report", scratch.path + "/w.json")
        #expect(!String(decoding: whole.stdout, as: UTF8.self).contains("commit "))
        #expect(try portEntries(scratch.path + "/w.json").allSatisfy { $0["commit"] is NSNull })
    }

    /// Verdicts as "upstream#hunk>copy:verdict", in report order.
    func verdictList(_ path: String) throws -> [String] {
        try portEntries(path).map {
            "\($0["upstreamPath"] ?? "")#\($0["hunk"] ?? "")>\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")"
        }
    }

    /// Renames in history are found (libgit2's similarity detection) and written as git writes them; the
    /// copy keeps its path and gets the rename's edits, with an `upstream-renamed` verdict. Before, the
    /// patch had no renames: `upstream-deleted` for the copy and `new-upstream-file` for the new name, and
    /// the edits were lost.
    @Test func renamedOriginalsKeepTheirCopies() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        func port(_ range: String, _ name: String, _ extra: String...) throws -> Run {
            try run(
                tandemBinary,
                [
                    "port", "--upstream", historyEdges, "--range", range, "--fork", historyEdges + "@v1.2",
                    "-o", scratch.path + "/\(name).patch", "--report", scratch.path + "/\(name).json",
                ] + extra)
        }
        // io.c → stream.c with an edit.
        let edited = try port("v1.2..v1.3", "edited")
        #expect(edited.status == 1, "\(edited.stderr)")
        #expect(
            try verdictList(scratch.path + "/edited.json")
                == ["lib/stream.c#0>xen/lib/io.c:upstream-renamed", "lib/stream.c#1>xen/lib/io.c:ported"])
        #expect(
            String(decoding: edited.stdout, as: UTF8.self).contains(
                "upstream-renamed: upstream renamed the original from lib/io.c, and the copy keeps its path"))
        // net.c → socket.c unchanged.
        #expect(try port("v1.3..v1.4", "pure").status == 1)
        #expect(try verdictList(scratch.path + "/pure.json") == ["lib/socket.c#0>xen/lib/net.c:upstream-renamed"])

        // The whole range: both renames and the later edit of stream.c, as git diff -M writes the upstream
        // part (less its index lines), similarity included; it applies to the fork at v1.2.
        #expect(try port("v1.2..v1.5", "whole").status == 1)
        #expect(
            try verdictList(scratch.path + "/whole.json") == [
                "lib/socket.c#0>xen/lib/net.c:upstream-renamed", "lib/stream.c#0>xen/lib/io.c:upstream-renamed",
                "lib/stream.c#1>xen/lib/io.c:ported", "lib/stream.c#2>xen/lib/io.c:ported",
            ])
        let ours = String(decoding: readBytes(scratch.path + "/whole.patch"), as: UTF8.self)
        let upstreamPart = ours.components(separatedBy: "diff --git a/xen/").first ?? ""
        let gitPart = String(
            decoding: try gitIn(historyEdges, "diff", "-M", "v1.2", "v1.5", "--", "lib/").stdout, as: UTF8.self)
        func normalized(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("index ") }.joined(separator: "\n")
        }
        #expect(normalized(upstreamPart) == normalized(gitPart))
        let tree = try Scratch()
        defer { tree.cleanup() }
        try gitIn(historyEdges, "worktree", "add", "-q", "--detach", tree.path + "/wt", "v1.2")
        defer { _ = try? gitIn(historyEdges, "worktree", "remove", "--force", tree.path + "/wt") }
        #expect(
            try run("/usr/bin/git", ["apply", "--index", scratch.path + "/whole.patch"], directory: tree.path + "/wt")
                .status == 0)
        let copy = String(decoding: readBytes(tree.path + "/wt/xen/lib/io.c"), as: UTF8.self)
        #expect(
            copy.contains("if (io_depth <= 0)") && copy.contains("return io_depth < 0 ? 0 : io_depth;")
                && copy.contains("io_xen_flush"))
        #expect(FileManager.default.fileExists(atPath: tree.path + "/wt/lib/stream.c"))

        // Commit by commit, the edit after the rename finds the copy the rename left under the old name.
        #expect(try port("v1.2..v1.5", "series", "--per-commit").status == 1)
        #expect(
            try verdictList(scratch.path + "/series.json") == [
                "lib/stream.c#0>xen/lib/io.c:upstream-renamed", "lib/stream.c#1>xen/lib/io.c:ported",
                "lib/socket.c#0>xen/lib/net.c:upstream-renamed", "lib/stream.c#1>xen/lib/io.c:ported",
            ])
    }

    /// A second run of a range port commit by commit, over a fork the first run ported: the fork's spelling
    /// (imports respelled in the copies) is read against the originals as the range leaves them, the last
    /// commit's files and those an earlier commit changed alike, so every hunk is found made. Here the first
    /// commit changes every respelled import, the second makes `c.py`'s import absolute.
    @Test func aSecondRunOfARangeCommitByCommitChangesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let upstream = try RepositoryBuilder(at: scratch.path + "/up")
        for (path, text) in RespelledImports.before { try upstream.write(path, text) }
        let start = try upstream.commit("start")
        for (path, text) in RespelledImports.extended { try upstream.write(path, text) }
        _ = try upstream.commit("more imports")
        for (path, text) in RespelledImports.absolute { try upstream.write(path, text) }
        _ = try upstream.commit("absolute import")
        let fork = scratch.path + "/fork"
        try RespelledImports.writeFork(in: scratch)
        let range = [
            "port", "--upstream", upstream.path, "--range", String(start.prefix(12)) + "..HEAD", "--per-commit",
            "--fork", fork,
        ]
        let first = try run(tandemBinary, range + ["--apply"], directory: scratch.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(String(decoding: readBytes(fork + "/vendor/pkg/c.py"), as: UTF8.self) == RespelledImports.portedC)
        let again = try run(
            tandemBinary, range + ["--check", "--report", scratch.path + "/r.json"], directory: scratch.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Set(try portEntries(scratch.path + "/r.json").map { $0["verdict"] as? String }) == ["already-applied"])
    }
}
