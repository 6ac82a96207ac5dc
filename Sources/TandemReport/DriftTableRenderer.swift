import TandemCore

/// `tandem drift` for people: one line per snapshot (the total, then one indented line per tree, named by its
/// copies' side, when the map has several, then a `fork-only files` line when the snapshot has any), with a
/// bar of the similarity so the trend shows at a glance, then the most drifted copies of the newest snapshot
/// with the functions that differ, its fork-only files, how many pairs were measured and reused, and the
/// upstream versions the run visited. A snapshot compared with a stand-in for an untagged upstream version
/// has `≈` after its label.
///
/// Fork-only files (no original upstream) are not pairs: they are in no column of the total and tree lines,
/// and not among the most drifted copies. Their line has their count under `copies` and their lines under
/// `fork+`.
///
/// Columns: `copies` pairs; `same` byte-identical copies; `similarity` 2·shared/(original+copy lines);
/// `fork+` lines only in the copies (of them `guarded` inside `guards` #if blocks); `upstream+` lines only in
/// the originals; `regions` divergent regions; `next port` failing/total hunks of the next snapshot's
/// upstream change.
public struct DriftTableRenderer: DriftRenderer {
    public let map: ForkMap
    public let top: Int
    private var last: DriftSnapshot.Result?
    private var measured = 0
    private var reused = 0
    private var snapshots = 0
    private var visited = VisitedVersions()

    /// The label column fits the tree names (known up front) and labels up to 20 characters.
    private let widths: [Int]

    public init(map: ForkMap, top: Int = 10) {
        self.map = map
        self.top = top
        let label = max(20, (map.mappings.map { $0.fork.description.count + 2 }.max() ?? 0))
        widths = [label, 10, 6, 5, 10, Self.barWidth, 7, 9, 7, 7, 0]
    }

    static let barWidth = 20

    public mutating func begin() -> String {
        Self.pad(
            [
                "snapshot", "date", "copies", "same", "similarity", "", "fork+", "upstream+", "regions", "guarded",
                "next port",
            ],
            widths: widths) + "\n"
    }

    public mutating func snapshot(_ result: DriftSnapshot.Result) -> String {
        snapshots += 1
        measured += result.recomputed
        reused += result.rows.count - result.recomputed
        last = result
        visited.add(result.info)
        var out = Self.line(
            label: result.info.label + (result.info.approximate ? " ≈" : ""),
            date: result.info.time.map(DriftFormat.date) ?? "-", result.total, widths: widths)
        if map.mappings.count > 1 {
            for (index, totals) in result.trees.enumerated() {
                out += Self.line(label: "  " + map.mappings[index].fork.description, date: "", totals, widths: widths)
            }
        }
        let t = result.total
        if t.forkOnlyFiles > 0 {
            out +=
                Self.pad(
                    ["  fork-only files", "", "\(t.forkOnlyFiles)", "", "", "", "\(t.forkOnlyFileLines)"],
                    widths: widths)
                + "\n"
        }
        return out
    }

    public mutating func end() -> String {
        guard let last else { return "no snapshots\n" }
        var out = ""
        let pairs = last.rows.filter { $0.state != .forkOnly }
        let drifted = pairs.filter { !$0.drift.identical }
            .sorted {
                $0.drift.similarity != $1.drift.similarity
                    ? $0.drift.similarity < $1.drift.similarity
                    : $0.pair.fork.lexicographicallyPrecedes($1.pair.fork)
            }
        if drifted.isEmpty {
            out += "\nat \(last.info.label) every one of \(pairs.count) copies is identical to its original\n"
        } else {
            let shown = drifted.prefix(top)
            out +=
                "\nmost drifted copies at \(last.info.label) (\(shown.count) of \(drifted.count) modified, \(pairs.count) copies):\n"
            out +=
                Self.pad(
                    ["similarity", "fork+", "upstream+", "regions", "guarded", "copy"], widths: [10, 6, 9, 7, 7, 0])
                + "\n"
            for row in shown {
                let d = row.drift
                var name = JSONText.quotedPath(row.pair.fork)
                if !d.changedFunctions.isEmpty {
                    let functions =
                        d.changedFunctions.prefix(6).joined(separator: ", ")
                        + (d.changedFunctions.count > 6 ? ", …" : "")
                    name += "  [" + functions + "]"
                }
                out +=
                    Self.pad(
                        [
                            DriftFormat.fixed(d.similarity), "\(d.forkOnlyLines)", "\(d.upstreamOnlyLines)",
                            "\(d.divergentRegions)", "\(d.guardedForkLines)", name,
                        ], widths: [10, 6, 9, 7, 7, 0]) + "\n"
            }
        }
        let forkOnly = last.rows.filter { $0.state == .forkOnly }
        if !forkOnly.isEmpty {
            let t = last.total
            out +=
                "\nfork-only files at \(last.info.label) (no original upstream; not in the totals): \(t.forkOnlyFiles) file\(t.forkOnlyFiles == 1 ? "" : "s"), \(t.forkOnlyFileLines) line\(t.forkOnlyFileLines == 1 ? "" : "s")\n"
            for row in forkOnly.prefix(top) {
                out +=
                    Self.pad(["\(row.drift.forkOnlyLines)", JSONText.quotedPath(row.pair.fork)], widths: [10, 0]) + "\n"
            }
            if forkOnly.count > top { out += "  … and \(forkOnly.count - top) more\n" }
        }
        out +=
            "\n\(snapshots) snapshot\(snapshots == 1 ? "" : "s"): \(measured) pair measurements computed, \(reused) reused (ids unchanged)\n"
        if !visited.versions.isEmpty {
            out += "upstream versions visited: \(visited.text)\n"
            if visited.versions.contains(where: \.approximate) {
                out += "≈: the upstream repository has no revision for the version; the nearest tag below it stood in\n"
            }
        }
        return out
    }

    static func line(label: String, date: String, _ t: DriftTotals, widths: [Int]) -> String {
        let filled = Int((t.similarity * Double(barWidth)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        let port =
            t.portHunks.map { hunks in hunks == 0 ? "no change" : "\(t.portFailed ?? 0) of \(hunks) fail" } ?? "-"
        return pad(
            [
                label, date, "\(t.pairs)", "\(t.identical)", DriftFormat.fixed(t.similarity), bar, "\(t.forkOnlyLines)",
                "\(t.upstreamOnlyLines)", "\(t.divergentRegions)", "\(t.guardedForkLines)", port,
            ], widths: widths) + "\n"
    }

    /// Cells padded to `widths` (text columns left-aligned, numbers right-aligned); 0 means "as is".
    static func pad(_ cells: [String], widths: [Int]) -> String {
        var out = ""
        for (index, cell) in cells.enumerated() {
            let width = index < widths.count ? widths[index] : 0
            let numeric = !cell.isEmpty && cell.allSatisfy { $0.isNumber || $0 == "." }
            let gap = max(0, width - cell.count)
            if index > 0 { out += " " }
            out += numeric ? String(repeating: " ", count: gap) + cell : cell + String(repeating: " ", count: gap)
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}
