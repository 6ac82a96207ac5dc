import TandemCore

/// `tandem drift --format csv`: RFC 4180, a header row, then one row per snapshot × pair. Fields are quoted
/// when they hold a comma, a quote or a line break; functions are joined with `;`; empty cells mean "none"
/// (no time, no next port cost).
public struct DriftCSVRenderer: DriftRenderer {
    public let map: ForkMap

    public static let columns = ["snapshot", "revision", "time", "tree", "upstream", "fork", "state", "identical",
                                 "identical_ignoring_whitespace", "similarity", "shared", "fork_only", "upstream_only",
                                 "regions", "guarded_fork_lines", "free_fork_lines", "functions",
                                 "predicted_failures", "next_hunks", "reused"]

    public init(map: ForkMap) { self.map = map }

    public mutating func begin() -> String { Self.columns.joined(separator: ",") + "\r\n" }

    public mutating func snapshot(_ result: DriftSnapshot.Result) -> String {
        var out = ""
        let info = result.info
        for row in result.rows {
            let d = row.drift
            let fields: [String] = [
                info.label, info.revision ?? "", info.time.map(String.init) ?? "",
                DriftFormat.tree(map.mappings[row.pair.tree]),
                row.pair.upstream.map(JSONText.pathText) ?? "", JSONText.pathText(row.pair.fork), row.state.rawValue,
                d.identical ? "1" : "0", d.identicalIgnoringWhitespace ? "1" : "0", DriftFormat.fixed(d.similarity),
                String(d.sharedLines), String(d.forkOnlyLines), String(d.upstreamOnlyLines), String(d.divergentRegions),
                String(d.guardedForkLines), String(d.freeForkLines), d.changedFunctions.joined(separator: ";"),
                row.cost.map { String($0.failed) } ?? "", row.cost.map { String($0.hunks) } ?? "", row.reused ? "1" : "0",
            ]
            out += fields.map(Self.field).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public mutating func end() -> String { "" }

    /// One CSV field, quoted when needed.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
