import TandemCore

/// `tandem drift --format json`, schema `tandem.drift/2` (documented in docs/drift.md): the trees (mappings),
/// then one object per snapshot with its totals, per-tree totals and every pair, then a summary with the
/// upstream versions the run visited. Written as the snapshots come, one snapshot per line inside the array.
///
/// `/2` differs from `/1` in the totals: fork-only files are no longer among the `pairs` and their lines
/// no longer in the similarity and line counts; they are the `forkOnly` object of each total (`forkOnlyFiles`
/// is gone). Snapshots have `approximate`, and the summary `upstreamVersions`.
public struct DriftJSONRenderer: DriftRenderer {
    public static let schema = "tandem.drift/2"

    public let map: ForkMap
    private var count = 0
    private var recomputed = 0
    private var pairs = 0
    private var visited = VisitedVersions()

    public init(map: ForkMap) { self.map = map }

    public mutating func begin() -> String {
        let trees = map.mappings.enumerated().map { index, mapping in
            "{\"index\":\(index),\"upstream\":\(JSONText.string(mapping.upstream.description)),"
                + "\"fork\":\(JSONText.string(mapping.fork.description)),\"line\":\(mapping.line)}"
        }
        return "{\"schema\":\"\(Self.schema)\",\"trees\":[\(trees.joined(separator: ","))],"
            + "\"guards\":[\(map.guards.map(JSONText.string).joined(separator: ","))],\"snapshots\":[\n"
    }

    public mutating func snapshot(_ result: DriftSnapshot.Result) -> String {
        let info = result.info
        var fields = ["\"label\":\(JSONText.string(info.label))"]
        fields.append("\"time\":" + (info.time.map(String.init) ?? "null"))
        fields.append("\"revision\":" + (info.revision.map(JSONText.string) ?? "null"))
        fields.append("\"upstreamRevision\":" + (info.upstreamRevision.map(JSONText.string) ?? "null"))
        fields.append("\"version\":" + (info.version.map(JSONText.string) ?? "null"))
        fields.append("\"approximate\":\(info.approximate)")
        fields.append("\"total\":" + Self.totals(result.total))
        fields.append("\"trees\":[" + result.trees.map(Self.totals).joined(separator: ",") + "]")
        fields.append("\"recomputed\":\(result.recomputed)")
        var rows = ByteText(capacity: result.rows.count * 400)
        rows.append("\"pairs\":[")
        for (index, row) in result.rows.enumerated() {
            if index > 0 { rows.append(byte: 0x2C) }
            Self.row(row, into: &rows)
        }
        rows.append("]")
        fields.append(rows.string)
        defer {
            visited.add(info)
            count += 1
            recomputed += result.recomputed
            pairs += result.rows.count
        }
        return (count == 0 ? "" : ",\n") + "{" + fields.joined(separator: ",") + "}"
    }

    public mutating func end() -> String {
        let versions = visited.versions.map { v in
            "{\"version\":\(JSONText.string(v.version)),\"upstreamRevision\":\(v.upstreamRevision.map(JSONText.string) ?? "null"),"
                + "\"approximate\":\(v.approximate),\"snapshots\":\(v.snapshots)}"
        }
        return
            "\n],\"summary\":{\"snapshots\":\(count),\"pairs\":\(pairs),\"recomputed\":\(recomputed),\"reused\":\(pairs - recomputed),"
            + "\"upstreamVersions\":[\(versions.joined(separator: ","))]}}\n"
    }

    static func cost(_ hunks: Int?, _ failed: Int?) -> String {
        guard let hunks, let failed else { return "null" }
        return "{\"hunks\":\(hunks),\"failed\":\(failed)}"
    }

    static func totals(_ t: DriftTotals) -> String {
        "{\"pairs\":\(t.pairs),\"identical\":\(t.identical),\"identicalIgnoringWhitespace\":\(t.identicalIgnoringWhitespace),"
            + "\"similarity\":\(DriftFormat.fixed(t.similarity, 6)),"
            + "\"sharedLines\":\(t.sharedLines),\"forkOnlyLines\":\(t.forkOnlyLines),\"upstreamOnlyLines\":\(t.upstreamOnlyLines),"
            + "\"divergentRegions\":\(t.divergentRegions),\"guardedForkLines\":\(t.guardedForkLines),"
            + "\"freeForkLines\":\(t.freeForkLines),\"nextPort\":\(cost(t.portHunks, t.portFailed)),"
            + "\"forkOnly\":{\"files\":\(t.forkOnlyFiles),\"lines\":\(t.forkOnlyFileLines)}}"
    }

    /// One pair's object, written as bytes (a long series has hundreds of thousands).
    static func row(_ row: DriftRow, into out: inout ByteText) {
        let d = row.drift
        out.append("{\"tree\":")
        out.append(row.pair.tree)
        out.append(",\"upstream\":")
        if let upstream = row.pair.upstream { out.append(jsonPath: upstream) } else { out.append("null") }
        out.append(",\"fork\":")
        out.append(jsonPath: row.pair.fork)
        out.append(",\"state\":\"")
        out.append(row.state.rawValue)
        out.append(d.identical ? "\",\"identical\":true" : "\",\"identical\":false")
        out.append(
            d.identicalIgnoringWhitespace
                ? ",\"identicalIgnoringWhitespace\":true" : ",\"identicalIgnoringWhitespace\":false")
        out.append(",\"similarity\":")
        out.append(fixed: d.similarity, digits: 6)
        let numbers = [
            ("sharedLines", d.sharedLines), ("forkOnlyLines", d.forkOnlyLines),
            ("upstreamOnlyLines", d.upstreamOnlyLines),
            ("divergentRegions", d.divergentRegions), ("guardedForkLines", d.guardedForkLines),
            ("freeForkLines", d.freeForkLines),
        ]
        for (name, value) in numbers {
            out.append(",\"")
            out.append(name)
            out.append("\":")
            out.append(value)
        }
        out.append(",\"changedFunctions\":[")
        for (index, name) in d.changedFunctions.enumerated() {
            if index > 0 { out.append(byte: 0x2C) }
            out.append(json: name)
        }
        out.append("],\"nextPort\":")
        if let cost = row.cost {
            out.append("{\"hunks\":")
            out.append(cost.hunks)
            out.append(",\"failed\":")
            out.append(cost.failed)
            out.append("}")
        } else {
            out.append("null")
        }
        out.append(row.reused ? ",\"reused\":true}" : ",\"reused\":false}")
    }
}
