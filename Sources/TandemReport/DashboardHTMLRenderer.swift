import TandemCore

/// The dashboard's `index.html`: one self-contained page with inline CSS and SVG charts, no script and
/// nothing fetched, so it opens from a file, a CI artifact or a mail. It shows:
/// - cards with the newest snapshot's totals and the findings;
/// - similarity over time per tree, and for the `top` least similar copies (line charts);
/// - port verdicts per upstream release (stacked bars and a table);
/// - every copy at the newest snapshot, least similar first, with its numbers and changed functions;
/// - missed sibling fixes (`--siblings`) and the copies' sharing verdicts with their hooks (`--hooks`).
/// All text from trees and patches is escaped (`XMLText`).
public enum DashboardHTMLRenderer {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    public static func render(_ report: Report, top: Int = 8, version: String) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>tandem: \(XMLText.escape(report.title))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1b1f24;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .sub{color:#57606a;margin:0 0 16px}.cards{display:flex;flex-wrap:wrap;gap:10px}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:20px}
        .card span{color:#57606a;font-size:12px}.bad b{color:#cf222e}.ok b{color:#1a7f37}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}td.n{white-space:nowrap}
        th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}
        .bar{display:inline-block;height:8px;background:#1f77b4;vertical-align:middle;margin-right:6px}
        .legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
        svg text{font:11px system-ui,sans-serif;fill:#57606a}.none{color:#57606a}
        </style></head><body>

        """
        out += "<h1>tandem: fork drift dashboard</h1>\n<p class=\"sub\">\(XMLText.escape(report.title))"
        let findings = report.findings
        let errors = findings.filter { $0.level == .error }.count, warnings = findings.filter { $0.level == .warning }.count
        if let drift = report.drift, let newest = drift.snapshots.last {
            out += " · newest snapshot <code>\(XMLText.escape(newest.info.label))</code>"
            if let time = newest.info.time { out += " (\(DriftFormat.date(time)))" }
            out += " · \(drift.snapshots.count) snapshot\(drift.snapshots.count == 1 ? "" : "s")</p>\n"
            let t = newest.total
            out += "<div class=\"cards\">\n"
            out += card("\(t.pairs)", "forked copies") + card("\(t.identical)", "identical (could be shared)")
            out += card(DriftFormat.fixed(t.similarity), "similarity") + card("\(t.forkOnlyLines)", "fork-only lines")
            out += card("\(t.upstreamOnlyLines)", "upstream-only lines")
            if let hunks = t.portHunks { out += card("\(t.portFailed ?? 0) / \(hunks)", "next port: failing hunks", bad: (t.portFailed ?? 0) > 0) }
            out += card("\(errors)", "errors", bad: errors > 0) + card("\(warnings)", "warnings", bad: warnings > 0)
            out += "</div>\n"
            let labels = drift.snapshots.map(\.info.label)
            out += "<h2>Similarity over time, per tree</h2>\n"
            let treeSeries = drift.map.mappings.indices.map { index in
                (DriftFormat.tree(drift.map.mappings[index]), drift.snapshots.map { $0.trees[index].pairs == 0 ? nil : Optional($0.trees[index].similarity) })
            }
            out += lineChart(treeSeries, labels: labels)
            let worst = leastSimilarFirst(newest.rows).filter { !$0.drift.identical }.prefix(top)
            if !worst.isEmpty {
                out += "<h2>The \(worst.count) least similar copies, over time</h2>\n"
                let series = worst.map { row -> (String, [Double?]) in
                    (JSONText.pathText(row.pair.fork), drift.snapshots.map { snapshot in
                        snapshot.rows.first { $0.pair.tree == row.pair.tree && $0.pair.fork == row.pair.fork }.map(\.drift.similarity)
                    })
                }
                out += lineChart(series, labels: labels)
            }
        } else {
            out += "</p>\n<div class=\"cards\">" + card("\(errors)", "errors", bad: errors > 0) + card("\(warnings)", "warnings", bad: warnings > 0) + "</div>\n"
            out += "<h2>Drift</h2><p class=\"none\">No drift series in this report (give --drift FILE.json from tandem drift --format json).</p>\n"
        }
        out += portSection(report)
        if let drift = report.drift, let newest = drift.snapshots.last {
            out += "<h2>Copies at <code>\(XMLText.escape(newest.info.label))</code>, least similar first</h2>\n"
            out += "<table><thead><tr><th>copy</th><th>original</th><th>similarity</th><th>fork+</th><th>upstream+</th><th>regions</th><th>guarded</th><th>next port</th><th>functions that differ</th></tr></thead><tbody>\n"
            for row in leastSimilarFirst(newest.rows) {
                let d = row.drift
                let width = Int((d.similarity * 80).rounded())
                out += "<tr><td><code>\(XMLText.escape(JSONText.pathText(row.pair.fork)))</code></td>"
                out += "<td>" + (row.pair.upstream.map { "<code>\(XMLText.escape(JSONText.pathText($0)))</code>" } ?? "<em>fork-only</em>") + "</td>"
                out += "<td class=\"n\"><span class=\"bar\" style=\"width:\(width)px\"></span>\(DriftFormat.fixed(d.similarity))</td>"
                out += "<td class=\"n\">\(d.forkOnlyLines)</td><td class=\"n\">\(d.upstreamOnlyLines)</td><td class=\"n\">\(d.divergentRegions)</td>"
                out += "<td class=\"n\">\(d.guardedForkLines)</td><td>" + (row.cost.map { $0.hunks == 0 ? "no change" : "\($0.failed) of \($0.hunks) fail" } ?? "–") + "</td>"
                out += "<td>\(XMLText.escape(d.changedFunctions.joined(separator: ", ")))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += siblingSection(report) + hookSection(report)
        out += "<p class=\"sub\">Written by tandem \(XMLText.escape(version)). The numbers are in drift.json, drift.csv and tandem.prom beside this page.</p>\n</body></html>\n"
        return out
    }

    /// The possible missed sibling fixes, most confident first.
    static func siblingSection(_ report: Report) -> String {
        var out = "<h2>Missed sibling fixes</h2>\n"
        guard !report.siblings.isEmpty else {
            return out + "<p class=\"none\">None in this report (give --siblings FILE.json from tandem siblings --format json).</p>\n"
        }
        out += "<table><thead><tr><th>fix</th><th>did not reach</th><th>confidence</th><th>why</th></tr></thead><tbody>\n"
        let ranked = report.siblings.sorted { ($1.confidence, $0.siblingPath, $0.siblingLine) < ($0.confidence, $1.siblingPath, $1.siblingLine) }
        for fix in ranked {
            let place = fix.function.map { " in <code>\(XMLText.escape($0))()</code>" } ?? ""
            out += "<tr><td><code>\(XMLText.escape(fix.path))</code> hunk \(fix.hunk)\(place)</td>"
            out += "<td><code>\(XMLText.escape(fix.siblingPath))</code>:\(fix.siblingLine)</td>"
            out += "<td class=\"n\">\(DriftFormat.fixed(fix.confidence, 2))</td><td>\(XMLText.escape(fix.why))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// The copies by sharing verdict: counts, then the copies that could be shared now or through hooks.
    static func hookSection(_ report: Report) -> String {
        var out = "<h2>Sharing and hook candidates</h2>\n"
        guard !report.hooks.isEmpty else {
            return out + "<p class=\"none\">None in this report (give --hooks FILE.json from tandem hooks --format json).</p>\n"
        }
        let verdicts = HookAnalysis.Verdict.allCases.map(\.rawValue)
        out += "<div class=\"cards\">" + verdicts.map { verdict in
            card("\(report.hooks.filter { $0.verdict == verdict }.count)", verdict)
        }.joined() + "</div>\n"
        let candidates = report.hooks.filter { $0.verdict != "keep-copy" }
        guard !candidates.isEmpty else { return out }
        out += "<table><thead><tr><th>copy</th><th>original</th><th>verdict</th><th>lines</th><th>hooks</th><th>why</th></tr></thead><tbody>\n"
        for copy in candidates.sorted(by: { (verdicts.firstIndex(of: $0.verdict) ?? 9, $0.fork) < (verdicts.firstIndex(of: $1.verdict) ?? 9, $1.fork) }) {
            out += "<tr><td><code>\(XMLText.escape(copy.fork))</code></td><td><code>\(XMLText.escape(copy.upstream))</code></td>"
            out += "<td>\(XMLText.escape(copy.verdict))</td><td class=\"n\">\(copy.copyLines)</td>"
            out += "<td>\(copy.hooks.map { "<code>\(XMLText.escape($0))</code>" }.joined(separator: ", "))</td><td>\(XMLText.escape(copy.reason))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func leastSimilarFirst(_ rows: [DriftRow]) -> [DriftRow] {
        rows.sorted { $0.drift.similarity != $1.drift.similarity ? $0.drift.similarity < $1.drift.similarity
                                                                 : $0.pair.fork.lexicographicallyPrecedes($1.pair.fork) }
    }

    static func card(_ value: String, _ label: String, bad: Bool? = nil) -> String {
        let kind = bad.map { $0 ? " bad" : " ok" } ?? ""
        return "<div class=\"card\(kind)\"><b>\(XMLText.escape(value))</b><span>\(XMLText.escape(label))</span></div>\n"
    }

    /// Port verdicts per release: stacked bars (one per release) and a table.
    static func portSection(_ report: Report) -> String {
        var out = "<h2>Port verdicts per upstream release</h2>\n"
        guard !report.ports.isEmpty else {
            return out + "<p class=\"none\">No port verdicts in this report (give --port FILE.json from tandem port --report).</p>\n"
        }
        let verdicts = Array(Set(report.ports.flatMap { $0.entries.map(\.verdict) })).sorted()
        func color(_ verdict: String) -> String {
            switch verdict {
            case "ported": return "#2da44e"
            case "already-applied": return "#54aeff"
            case "fork-conflict": return "#cf222e"
            case "upstream-drift": return "#fb8500"
            case "ambiguous": return "#bf3989"
            case "review": return "#d4a72c"
            case "context-not-found", "missing-fork-file", "binary", "upstream-deleted": return "#8c564b"
            default: return "#afb8c1"
            }
        }
        let width = 900, rowHeight = 26, left = 160
        let height = report.ports.count * rowHeight + 10
        out += "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"port verdicts per release\">\n"
        for (index, run) in report.ports.enumerated() {
            let y = index * rowHeight + 4
            out += "<text x=\"\(left - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(XMLText.escape(run.label))</text>\n"
            let total = max(run.entries.count, 1)
            var x = Double(left)
            for verdict in verdicts {
                let count = run.entries.filter { $0.verdict == verdict }.count
                guard count > 0 else { continue }
                let w = Double(width - left - 10) * Double(count) / Double(total)
                out += "<rect x=\"\(DriftFormat.fixed(x, 1))\" y=\"\(y)\" width=\"\(DriftFormat.fixed(w, 1))\" height=\"18\" fill=\"\(color(verdict))\"><title>\(XMLText.escape(verdict)): \(count)</title></rect>\n"
                x += w
            }
        }
        out += "</svg>\n<div class=\"legend\">" + verdicts.map { "<span><i style=\"background:\(color($0));height:10px\"></i>\(XMLText.escape($0))</span>" }.joined() + "</div>\n"
        out += "<table><thead><tr><th>release</th>" + verdicts.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "<th>need a person</th></tr></thead><tbody>\n"
        for run in report.ports {
            out += "<tr><td><code>\(XMLText.escape(run.label))</code></td>"
            for verdict in verdicts { out += "<td class=\"n\">\(run.entries.filter { $0.verdict == verdict }.count)</td>" }
            out += "<td class=\"n\">\(run.entries.filter(\.isFailure).count)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// A line chart of `series` (values in 0…1, nil where a series has no point) over `labels`.
    static func lineChart(_ series: [(String, [Double?])], labels: [String]) -> String {
        let width = 900, height = 260, left = 48, right = 16, topPad = 12, bottom = 54
        let values = series.flatMap { $0.1.compactMap { $0 } }
        let low = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10 - 0.05)
        let high = 1.0
        let plotWidth = Double(width - left - right), plotHeight = Double(height - topPad - bottom)
        func x(_ i: Int) -> Double { Double(left) + (labels.count <= 1 ? plotWidth / 2 : plotWidth * Double(i) / Double(labels.count - 1)) }
        func y(_ v: Double) -> Double { Double(topPad) + plotHeight * (1 - (v - low) / max(high - low, 1e-9)) }
        var out = "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"similarity over time\">\n"
        for step in 0...4 {
            let v = low + (high - low) * Double(step) / 4
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(DriftFormat.fixed(y(v), 1))\" y2=\"\(DriftFormat.fixed(y(v), 1))\" stroke=\"#eaeef2\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(DriftFormat.fixed(y(v) + 4, 1))\" text-anchor=\"end\">\(DriftFormat.fixed(v, 2))</text>\n"
        }
        let every = max(1, (labels.count + 9) / 10)
        for (i, label) in labels.enumerated() where i % every == 0 || i == labels.count - 1 {
            let shown = label.count > 14 ? String(label.prefix(13)) + "…" : label
            out += "<text x=\"\(DriftFormat.fixed(x(i), 1))\" y=\"\(height - bottom + 16)\" text-anchor=\"end\" transform=\"rotate(-30 \(DriftFormat.fixed(x(i), 1)) \(height - bottom + 16))\">\(XMLText.escape(shown))</text>\n"
        }
        for (index, (name, points)) in series.enumerated() {
            let color = palette[index % palette.count]
            var path = "", pen = false
            for (i, value) in points.enumerated() {
                guard let value else { pen = false; continue }
                path += (pen ? " L" : " M") + "\(DriftFormat.fixed(x(i), 1)) \(DriftFormat.fixed(y(value), 1))"
                pen = true
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(XMLText.escape(name))</title></path>\n"
            for (i, value) in points.enumerated() {
                guard let value else { continue }
                out += "<circle cx=\"\(DriftFormat.fixed(x(i), 1))\" cy=\"\(DriftFormat.fixed(y(value), 1))\" r=\"3\" fill=\"\(color)\"><title>\(XMLText.escape(name)) at \(XMLText.escape(labels[i])): \(DriftFormat.fixed(value))</title></circle>\n"
            }
        }
        out += "</svg>\n<div class=\"legend\">"
        out += series.enumerated().map { index, item in "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(XMLText.escape(item.0))</span>" }.joined()
        return out + "</div>\n"
    }
}
