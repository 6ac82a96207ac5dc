import Foundation
import Testing

/// `tandem port --upstream --range` on the history-edges repository: commits named in the verdicts, and
/// renamed originals.
@Suite("port from upstream history")
struct PortHistoryTests {
    func revParse(_ revision: String) throws -> String {
        String(decoding: try gitIn(historyEdges, "rev-parse", revision).stdout, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// `--per-commit` names each verdict's commit: in JSON (`commit`, which was null for every verdict), and on
    /// the console, where each commit's verdicts follow a line naming it (before, the same file header came
    /// twice with nothing between).
    @Test func perCommitVerdictsNameTheirCommits() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try tandem("port", "--upstream", historyEdges, "--range", "v1.0..v1.2", "--fork", historyEdges + "@v1.0",
                                "--per-commit", "--check", "--report", scratch.path + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        let one = try revParse("v1.1"), two = try revParse("v1.2")
        #expect(String(decoding: result.stdout, as: UTF8.self) == """
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
        #expect(entries.map { "\($0["upstreamPath"] ?? "")#\($0["hunk"] ?? "")>\($0["copyPath"] ?? "")" }
                == ["lib/net.c#1>xen/lib/net.c", "lib/io.c#1>xen/lib/io.c", "lib/net.c#1>xen/lib/net.c"])
        // A whole range is one change: no verdict belongs to one commit.
        let whole = try tandem("port", "--upstream", historyEdges, "--range", "v1.0..v1.2", "--fork", historyEdges + "@v1.0",
                               "--check", "--report", scratch.path + "/w.json")
        #expect(!String(decoding: whole.stdout, as: UTF8.self).contains("commit "))
        #expect(try portEntries(scratch.path + "/w.json").allSatisfy { $0["commit"] is NSNull })
    }
}
