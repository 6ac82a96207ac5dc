import TandemCore

/// `tandem drift --format json`, schema `tandem.drift/1` (documented in the README): the trees (mappings),
/// then one object per snapshot with its totals, per-tree totals and every pair, then a summary. Written as
/// the snapshots come, one snapshot per line inside the array.
public struct DriftJSONRenderer: DriftRenderer {
    public let map: ForkMap
    private var count = 0
    private var recomputed = 0
    private var pairs = 0

    public init(map: ForkMap) { self.map = map }

    public mutating func begin() -> String {
        let trees = map.mappings.enumerated().map { index, mapping in
            "{\"index\":\(index),\"upstream\":\(JSONText.string(mapping.upstream.description)),"
                + "\"fork\":\(JSONText.string(mapping.fork.description)),\"line\":\(mapping.line)}"
        }
        return "{\"schema\":\"tandem.drift/1\",\"trees\":[\(trees.joined(separator: ","))],"
            + "\"guards\":[\(map.guards.map(JSONText.string).joined(separator: ","))],\"snapshots\":[\n"
    }

    public mutating func snapshot(_ result: DriftSnapshot.Result) -> String {
        let info = result.info
        var fields = ["\"label\":\(JSONText.string(info.label))"]
        fields.append("\"time\":" + (info.time.map(String.init) ?? "null"))
        fields.append("\"revision\":" + (info.revision.map(JSONText.string) ?? "null"))
        fields.append("\"upstreamRevision\":" + (info.upstreamRevision.map(JSONText.string) ?? "null"))
        fields.append("\"version\":" + (info.version.map(JSONText.string) ?? "null"))
        fields.append("\"total\":" + Self.totals(result.total))
        fields.append("\"trees\":[" + result.trees.map(Self.totals).joined(separator: ",") + "]")
        fields.append("\"recomputed\":\(result.recomputed)")
        fields.append("\"pairs\":[" + result.rows.map(Self.row).joined(separator: ",") + "]")
        defer {
            count += 1
            recomputed += result.recomputed
            pairs += result.rows.count
        }
        return (count == 0 ? "" : ",\n") + "{" + fields.joined(separator: ",") + "}"
    }

    public mutating func end() -> String {
        "\n],\"summary\":{\"snapshots\":\(count),\"pairs\":\(pairs),\"recomputed\":\(recomputed),\"reused\":\(pairs - recomputed)}}\n"
    }

    static func cost(_ hunks: Int?, _ failed: Int?) -> String {
        guard let hunks, let failed else { return "null" }
        return "{\"hunks\":\(hunks),\"failed\":\(failed)}"
    }

    static func totals(_ t: DriftTotals) -> String {
        "{\"pairs\":\(t.pairs),\"identical\":\(t.identical),\"identicalIgnoringWhitespace\":\(t.identicalIgnoringWhitespace),"
            + "\"forkOnlyFiles\":\(t.forkOnlyFiles),\"similarity\":\(DriftFormat.fixed(t.similarity, 6)),"
            + "\"sharedLines\":\(t.sharedLines),\"forkOnlyLines\":\(t.forkOnlyLines),\"upstreamOnlyLines\":\(t.upstreamOnlyLines),"
            + "\"divergentRegions\":\(t.divergentRegions),\"guardedForkLines\":\(t.guardedForkLines),"
            + "\"freeForkLines\":\(t.freeForkLines),\"nextPort\":\(cost(t.portHunks, t.portFailed))}"
    }

    static func row(_ row: DriftRow) -> String {
        let d = row.drift
        return "{\"tree\":\(row.pair.tree),\"upstream\":" + (row.pair.upstream.map { JSONText.string(JSONText.pathText($0)) } ?? "null")
            + ",\"fork\":\(JSONText.string(JSONText.pathText(row.pair.fork))),\"state\":\"\(row.state.rawValue)\","
            + "\"identical\":\(d.identical),\"identicalIgnoringWhitespace\":\(d.identicalIgnoringWhitespace),"
            + "\"similarity\":\(DriftFormat.fixed(d.similarity, 6)),\"sharedLines\":\(d.sharedLines),"
            + "\"forkOnlyLines\":\(d.forkOnlyLines),\"upstreamOnlyLines\":\(d.upstreamOnlyLines),"
            + "\"divergentRegions\":\(d.divergentRegions),\"guardedForkLines\":\(d.guardedForkLines),"
            + "\"freeForkLines\":\(d.freeForkLines),\"changedFunctions\":[\(d.changedFunctions.map(JSONText.string).joined(separator: ","))],"
            + "\"nextPort\":\(cost(row.cost?.hunks, row.cost?.failed)),\"reused\":\(row.reused)}"
    }
}
