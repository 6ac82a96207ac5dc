import Foundation
import Testing
import TandemTestSupport

/// The history-edges fixture repository (fixtures/repos/history-edges), built once per run: a mono-repository
/// whose `lib/` is upstream and `xen/lib/` the fork's copies (mapped by its `tandem.yml`). Tags: v1.0; v1.1 and
/// v1.2 (fixes; v1.2 changes net.c and io.c); side-fix (a branch from v1.1); v1.3 (io.c renamed to stream.c
/// with an edit); v1.4 (net.c renamed to socket.c, unchanged); v1.5 (an edit of stream.c).
let historyEdges = Fixtures.buildRepository("history-edges")

/// The verdict entries of a `tandem.port/1` file, each as its JSON object.
func portEntries(_ path: String) throws -> [[String: Any]] {
    let json = try JSONSerialization.jsonObject(with: Data(readBytes(path))) as? [String: Any]
    return json?["entries"] as? [[String: Any]] ?? []
}
