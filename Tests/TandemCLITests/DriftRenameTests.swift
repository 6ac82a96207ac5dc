import Foundation
import Testing
import TandemTestSupport

/// `tandem drift` follows an upstream rename: the copy keeps its pair.
@Suite("drift across upstream renames")
struct DriftRenameTests {
    /// history-edges renames lib/io.c to lib/stream.c (with an edit) at v1.3 and lib/net.c to lib/socket.c
    /// at v1.4, while the copies stay at xen/lib/io.c and xen/lib/net.c. Each copy stays paired with its
    /// original's new name, with its real similarity. Before, both dropped to `fork-only` with similarity 0.
    @Test func aRenamedOriginalKeepsItsPair() throws {
        let result = try tandem("drift", "--repo", historyEdges, "--format", "csv", "--quiet")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = String(decoding: result.stdout, as: UTF8.self).split(separator: "\r\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func row(_ snapshot: String, _ copy: String) -> [String]? { rows.first { $0[0] == snapshot && $0[5] == copy } }
        #expect(row("v1.3", "xen/lib/io.c")?[4] == "lib/stream.c")
        #expect(row("v1.3", "xen/lib/io.c")?[6] == "modified")
        #expect(row("v1.5", "xen/lib/io.c")?[4] == "lib/stream.c")
        #expect(row("v1.4", "xen/lib/net.c")?[4] == "lib/socket.c")
        // A pure rename changes no number.
        #expect(row("v1.4", "xen/lib/net.c")?[6...16] == row("v1.3", "xen/lib/net.c")?[6...16])
        #expect(!rows.contains { $0[6] == "fork-only" })
        // Reuse changes nothing across the rename.
        let fresh = try tandem("drift", "--repo", historyEdges, "--format", "csv", "--quiet", "--no-reuse")
        let strip = { (run: Run) in
            String(decoding: run.stdout, as: UTF8.self).split(separator: "\r\n").map {
                var cells = $0.split(separator: ",", omittingEmptySubsequences: false)
                cells.remove(at: 19)  // reused
                return cells.joined(separator: ",")
            }
        }
        #expect(strip(fresh) == strip(result))
    }
}
