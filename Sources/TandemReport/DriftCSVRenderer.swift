import TandemCore

/// `tandem drift --format csv`: RFC 4180 with CRLF line ends, a header row, then one row per snapshot × pair.
/// Fields are quoted when they hold a comma, a quote or a line break; booleans are `1`/`0`; functions are
/// joined with `;`; empty cells mean "none" (no time, no next port cost, no upstream version). Rows are
/// written as bytes: a long series has millions of cells.
///
/// There are no total rows: the `state` column tells the pairs from the fork-only files, so the pair totals
/// are the sums over the rows whose state is not `fork-only`, and the fork-only line the sums over the others
/// (their `fork_only` cells are their lines). The last three columns (the upstream version the snapshot was
/// compared with, the upstream revision read, and whether that revision stands in for an untagged version)
/// are at the end, so readers of the first twenty keep working.
public struct DriftCSVRenderer: DriftRenderer {
    public let map: ForkMap
    private let trees: [[UInt8]]

    public static let columns = [
        "snapshot", "revision", "time", "tree", "upstream", "fork", "state", "identical",
        "identical_ignoring_whitespace", "similarity", "shared", "fork_only", "upstream_only",
        "regions", "guarded_fork_lines", "free_fork_lines", "functions",
        "predicted_failures", "next_hunks", "reused", "upstream_version", "upstream_revision", "approximate",
    ]

    public init(map: ForkMap) {
        self.map = map
        trees = map.mappings.map { mapping in
            var field = ByteText()
            field.append(csv: Array(DriftFormat.tree(mapping).utf8))
            return field.bytes
        }
    }

    public mutating func begin() -> String { Self.columns.joined(separator: ",") + "\r\n" }

    public mutating func snapshot(_ result: DriftSnapshot.Result) -> String {
        let info = result.info
        // The first three cells are the same on every row of the snapshot.
        var lead = ByteText()
        lead.append(csv: Array(info.label.utf8))
        lead.append(byte: 0x2C)
        lead.append(csv: Array((info.revision ?? "").utf8))
        lead.append(byte: 0x2C)
        if let time = info.time { lead.append(Int(time)) }
        lead.append(byte: 0x2C)
        // The last three cells are the same on every row of the snapshot too.
        var tail = ByteText()
        tail.append(byte: 0x2C)
        tail.append(csv: Array((info.version ?? "").utf8))
        tail.append(byte: 0x2C)
        tail.append(csv: Array((info.upstreamRevision ?? "").utf8))
        tail.append(info.approximate ? ",1\r\n" : ",0\r\n")
        var out = ByteText(capacity: result.rows.count * 160)
        for row in result.rows {
            let d = row.drift
            out.bytes += lead.bytes
            out.bytes += trees[row.pair.tree]
            out.append(byte: 0x2C)
            if let upstream = row.pair.upstream { out.append(csvPath: upstream) }
            out.append(byte: 0x2C)
            out.append(csvPath: row.pair.fork)
            out.append(byte: 0x2C)
            out.append(row.state.rawValue)
            out.append(d.identical ? ",1," : ",0,")
            out.append(d.identicalIgnoringWhitespace ? "1," : "0,")
            out.append(fixed: d.similarity, digits: 4)
            for number in [
                d.sharedLines, d.forkOnlyLines, d.upstreamOnlyLines, d.divergentRegions, d.guardedForkLines,
                d.freeForkLines,
            ] {
                out.append(byte: 0x2C)
                out.append(number)
            }
            out.append(byte: 0x2C)
            if !d.changedFunctions.isEmpty { out.append(csvJoined: d.changedFunctions, separator: UInt8(ascii: ";")) }
            out.append(byte: 0x2C)
            if let cost = row.cost { out.append(cost.failed) }
            out.append(byte: 0x2C)
            if let cost = row.cost { out.append(cost.hunks) }
            out.append(row.reused ? ",1" : ",0")
            out.bytes += tail.bytes
        }
        return out.string
    }

    public mutating func end() -> String { "" }
}
