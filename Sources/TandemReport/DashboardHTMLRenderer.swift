import TandemCore

/// The dashboard's `index.html`: one self-contained page with inline CSS and SVG charts, no script and
/// nothing fetched, so it opens from a file, a CI artifact or a mail. It shows:
/// - cards with the newest snapshot's totals and the findings (the error and warning cards link to their
///   lists at the end of the page); fork-only files (no original upstream) are in none of the totals but
///   on a card of their own, with their lines;
/// - similarity over time per tree, and for the `top` least similar copies that have an original (line
///   charts);
/// - port verdicts per upstream release (stacked bars and a table, one colour per verdict: `VerdictColours`);
/// - every copy at the newest snapshot, least similar first, with its numbers, its last predicted port and
///   changed functions, copies over `--max-drift` marked; the fork-only files after them, under a line
///   counting them;
/// - missed sibling fixes (`--siblings`) and the copies' sharing verdicts with their hooks (`--hooks`);
/// - every finding, by level.
/// All text from trees and patches is escaped (`XMLText`).
public enum DashboardHTMLRenderer {
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
            a.card{color:inherit;text-decoration:none}a.card:hover{border-color:#0969da}a.card span{text-decoration:underline}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}td.n{white-space:nowrap}
            th{background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}
            tr.over td{background:#fff5f5}tr.over td:first-child{box-shadow:inset 3px 0 #cf222e}.flag{color:#cf222e;font-size:11px;font-weight:600;margin-left:6px}
            .step{display:block;color:#57606a;font-size:11px;font-weight:normal}td.port{white-space:nowrap}td .flag{display:block;margin:0}td.rule{white-space:nowrap}h3{font-size:15px;margin:18px 0 6px}
            .bar{display:inline-block;height:8px;background:#1f77b4;vertical-align:middle;margin-right:6px}
            .legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
            svg text{font:11px system-ui,sans-serif;fill:#57606a}.none{color:#57606a}
            </style></head><body>

            """
        out += "<h1>tandem: fork drift dashboard</h1>\n<p class=\"sub\">\(XMLText.escape(report.title))"
        let findings = report.findings
        let errors = findings.filter { $0.level == .error }.count,
            warnings = findings.filter { $0.level == .warning }.count
        if let drift = report.drift, let newest = drift.snapshots.last {
            out += " · newest snapshot <code>\(XMLText.escape(newest.info.label))</code>"
            if let time = newest.info.time { out += " (\(DriftFormat.date(time)))" }
            out += " · \(drift.snapshots.count) snapshot\(drift.snapshots.count == 1 ? "" : "s")</p>\n"
            let t = newest.total
            out += "<div class=\"cards\">\n"
            out += card("\(t.pairs)", "forked copies") + card("\(t.identical)", "identical (could be shared)")
            out += card(DriftFormat.fixed(t.similarity), "similarity") + card("\(t.forkOnlyLines)", "fork-only lines")
            out += card("\(t.upstreamOnlyLines)", "upstream-only lines")
            if t.forkOnlyFiles > 0 {
                out += card("\(t.forkOnlyFiles)", "fork-only files, \(t.forkOnlyFileLines) lines (not in the totals)")
            }
            if case .port(let hunks, let failed, let step)? = drift.lastPort(\.total) {
                out += card("\(failed) / \(hunks)", "failing hunks, last port (\(step))", bad: failed > 0)
            }
            out += findingCards(errors: errors, warnings: warnings)
            out += "</div>\n"
            let labels = drift.snapshots.map(\.info.label)
            out += "<h2>Similarity over time, per tree</h2>\n"
            let treeSeries = drift.map.mappings.indices.map { index in
                (
                    DriftFormat.tree(drift.map.mappings[index]),
                    drift.snapshots.map { $0.trees[index].pairs == 0 ? nil : Optional($0.trees[index].similarity) }
                )
            }
            out += lineChart(treeSeries, labels: labels)
            let worst = leastSimilarFirst(newest.rows).filter { !$0.drift.identical && $0.state != .forkOnly }
                .prefix(top)
            if !worst.isEmpty {
                out += "<h2>The \(worst.count) least similar copies, over time</h2>\n"
                let series = worst.map { row -> (String, [Double?]) in
                    (
                        JSONText.pathText(row.pair.fork),
                        drift.snapshots.map { snapshot in
                            snapshot.rows.first { $0.pair.tree == row.pair.tree && $0.pair.fork == row.pair.fork }.map(
                                \.drift.similarity)
                        }
                    )
                }
                out += lineChart(series, labels: labels)
            }
        } else {
            out += "</p>\n<div class=\"cards\">" + findingCards(errors: errors, warnings: warnings) + "</div>\n"
            out +=
                "<h2>Drift</h2><p class=\"none\">No drift series in this report (give --drift FILE.json from tandem drift --format json).</p>\n"
        }
        out += portSection(report)
        if let drift = report.drift, let newest = drift.snapshots.last {
            out += copiesSection(report, drift: drift, newest: newest)
        }
        out += siblingSection(report) + hookSection(report) + findingSection(findings)
        out +=
            "<p class=\"sub\">Written by tandem \(XMLText.escape(version)). The numbers are in drift.json, drift.csv and tandem.prom beside this page.</p>\n</body></html>\n"
        return out
    }

    /// The possible missed sibling fixes, most confident first.
    static func siblingSection(_ report: Report) -> String {
        var out = "<h2>Missed sibling fixes</h2>\n"
        guard !report.siblings.isEmpty else {
            return out
                + "<p class=\"none\">None in this report (give --siblings FILE.json from tandem siblings --format json).</p>\n"
        }
        out +=
            "<table><thead><tr><th>fix</th><th>did not reach</th><th>confidence</th><th>why</th></tr></thead><tbody>\n"
        let ranked = report.siblings.sorted {
            ($1.confidence, $0.siblingPath, $0.siblingLine) < ($0.confidence, $1.siblingPath, $1.siblingLine)
        }
        for fix in ranked {
            let place = fix.function.map { " in <code>\(XMLText.escape($0))()</code>" } ?? ""
            out += "<tr><td><code>\(XMLText.escape(fix.path))</code> hunk \(fix.hunk)\(place)</td>"
            out += "<td><code>\(XMLText.escape(fix.siblingPath))</code>:\(fix.siblingLine)</td>"
            out +=
                "<td class=\"n\">\(DriftFormat.fixed(fix.confidence, 2))</td><td>\(XMLText.escape(fix.why))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// The copies by sharing verdict: counts, then the copies that could be shared now or through hooks.
    static func hookSection(_ report: Report) -> String {
        var out = "<h2>Sharing and hook candidates</h2>\n"
        guard !report.hooks.isEmpty else {
            return out
                + "<p class=\"none\">None in this report (give --hooks FILE.json from tandem hooks --format json).</p>\n"
        }
        let verdicts = HookAnalysis.Verdict.allCases.map(\.rawValue)
        out +=
            "<div class=\"cards\">"
            + verdicts.map { verdict in
                card("\(report.hooks.filter { $0.verdict == verdict }.count)", verdict)
            }.joined() + "</div>\n"
        if !report.hookOperations.isEmpty {
            let shown = report.hookOperations.prefix(20)
            out +=
                "<h3>Proposed operations</h3>\n<table><thead><tr><th>operation</th><th>group</th><th>kind</th><th>signature</th>"
            out += "<th>sites</th><th>copies freed</th></tr></thead><tbody>\n"
            for operation in shown {
                out +=
                    "<tr><td><code>\(XMLText.escape(operation.name))</code></td><td>\(XMLText.escape(operation.group))</td>"
                out +=
                    "<td>\(XMLText.escape(operation.kind))</td><td>"
                    + (operation.signature.map { "<code>\(XMLText.escape($0))</code>" } ?? "") + "</td>"
                out += "<td class=\"n\">\(operation.sites)</td><td class=\"n\">\(operation.copiesFreed)</td></tr>\n"
            }
            out += "</tbody></table>\n"
            if report.hookOperations.count > shown.count {
                out += "<p class=\"none\">\(report.hookOperations.count - shown.count) more in the hooks file.</p>\n"
            }
        }
        let candidates = report.hooks.filter { $0.verdict != "keep-copy" }
        guard !candidates.isEmpty else { return out }
        out +=
            "<table><thead><tr><th>copy</th><th>original</th><th>verdict</th><th>lines</th><th>operations</th><th>why</th></tr></thead><tbody>\n"
        for copy in candidates.sorted(by: {
            (verdicts.firstIndex(of: $0.verdict) ?? 9, $0.fork) < (verdicts.firstIndex(of: $1.verdict) ?? 9, $1.fork)
        }) {
            out +=
                "<tr><td><code>\(XMLText.escape(copy.fork))</code></td><td><code>\(XMLText.escape(copy.upstream))</code></td>"
            out += "<td>\(XMLText.escape(copy.verdict))</td><td class=\"n\">\(copy.copyLines)</td>"
            out +=
                "<td>\(copy.hooks.map { "<code>\(XMLText.escape($0))</code>" }.joined(separator: ", "))</td><td>\(XMLText.escape(copy.reason))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func leastSimilarFirst(_ rows: [DriftRow]) -> [DriftRow] {
        rows.sorted {
            $0.drift.similarity != $1.drift.similarity
                ? $0.drift.similarity < $1.drift.similarity
                : $0.pair.fork.lexicographicallyPrecedes($1.pair.fork)
        }
    }

    /// A card; with `link`, a link to that anchor on the page.
    static func card(_ value: String, _ label: String, bad: Bool? = nil, link: String? = nil) -> String {
        let kind = bad.map { $0 ? " bad" : " ok" } ?? ""
        let tag = link == nil ? "div" : "a"
        let href = link.map { " href=\"#\($0)\"" } ?? ""
        return
            "<\(tag) class=\"card\(kind)\"\(href)><b>\(XMLText.escape(value))</b><span>\(XMLText.escape(label))</span></\(tag)>\n"
    }

    /// The error and warning cards, each a link to its list (`findingSection`) when there is one.
    static func findingCards(errors: Int, warnings: Int) -> String {
        card("\(errors)", "errors", bad: errors > 0, link: errors > 0 ? "errors" : nil)
            + card("\(warnings)", "warnings", bad: warnings > 0, link: warnings > 0 ? "warnings" : nil)
    }

    /// Every finding, one table per level (`id` errors, warnings, notes: the cards' anchors), most severe
    /// first as `Report.findings` orders them.
    static func findingSection(_ findings: [Finding]) -> String {
        var out = "<h2 id=\"findings\">Findings</h2>\n"
        guard !findings.isEmpty else { return out + "<p class=\"none\">No findings.</p>\n" }
        for (level, id) in [(Finding.Level.error, "errors"), (.warning, "warnings"), (.note, "notes")] {
            let list = findings.filter { $0.level == level }
            guard !list.isEmpty else { continue }
            out += "<h3 id=\"\(id)\">\(list.count) \(list.count == 1 ? String(id.dropLast()) : id)</h3>\n"
            out += "<table><thead><tr><th>rule</th><th>copy</th><th>what</th></tr></thead><tbody>\n"
            for finding in list {
                let place = finding.copyPath + (finding.line > 0 ? ":\(finding.line)" : "")
                out +=
                    "<tr><td class=\"rule\"><code>\(finding.rule.id)</code></td><td><code>\(XMLText.escape(place))</code></td>"
                out += "<td>\(XMLText.escape(finding.message))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    /// `value` as a percentage without needless decimals (`30`, `12.5`).
    static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : DriftFormat.fixed(value, 1)
    }

    /// Every copy at the newest snapshot, least similar first; copies over `--max-drift` are marked (each
    /// is a drift-threshold warning).
    static func copiesSection(_ report: Report, drift: Report.Drift, newest: DriftSnapshot.Result) -> String {
        var out = "<h2>Copies at <code>\(XMLText.escape(newest.info.label))</code>, least similar first</h2>\n"
        out +=
            "<p class=\"sub\"><b>last port</b>: the newest upstream change to the copy's original in the series, "
            + "and how many of its hunks drift predicted would not apply (snapshot → next snapshot)"
        if let maxDrift = report.maxDrift {
            out +=
                "; copies drifted more than --max-drift \(percent(maxDrift))% (100·(1 − similarity)) are marked "
                + "<span class=\"flag\">over \(percent(maxDrift))%</span>, each a <a href=\"#warnings\">warning</a>"
        }
        out += ".</p>\n"
        let ports = drift.lastPorts()
        // The step most copies' last port is: named once in the header, in a cell only where it differs.
        var steps: [String: Int] = [:]
        for case .port(_, _, let step) in ports.values { steps[step, default: 0] += 1 }
        let common = steps.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        out +=
            "<table><thead><tr><th>copy</th><th>original</th><th class=\"n\">similarity</th><th class=\"n\">fork+</th>"
            + "<th class=\"n\">upstream+</th><th class=\"n\">regions</th><th class=\"n\">guarded</th><th class=\"port\">last port"
            + (common.map { "<span class=\"step\">\(XMLText.escape($0))</span>" } ?? "") + "</th>"
            + "<th>functions that differ</th></tr></thead><tbody>\n"
        // The pairs least similar first, then the fork-only files (similarity 0 says nothing about them).
        let pairs = leastSimilarFirst(newest.rows.filter { $0.state != .forkOnly })
        let forkOnly = newest.rows.filter { $0.state == .forkOnly }
        for (index, row) in (pairs + forkOnly).enumerated() {
            if index == pairs.count {
                out +=
                    "<tr><th colspan=\"9\">\(DriftFormat.forkOnly(newest.total)): no original upstream, "
                    + "not in the totals</th></tr>\n"
            }
            let d = row.drift
            let width = Int((d.similarity * 80).rounded())
            let over = report.maxDrift.map { 100 * (1 - d.similarity) > $0 } ?? false
            out += over ? "<tr class=\"over\">" : "<tr>"
            out += "<td><code>\(XMLText.escape(JSONText.pathText(row.pair.fork)))</code></td>"
            out +=
                "<td>"
                + (row.pair.upstream.map { "<code>\(XMLText.escape(JSONText.pathText($0)))</code>" }
                    ?? "<em>fork-only</em>") + "</td>"
            out +=
                "<td class=\"n\"><span class=\"bar\" style=\"width:\(width)px\"></span>\(DriftFormat.fixed(d.similarity))"
            if over, let maxDrift = report.maxDrift { out += "<span class=\"flag\">over \(percent(maxDrift))%</span>" }
            out +=
                "</td><td class=\"n\">\(d.forkOnlyLines)</td><td class=\"n\">\(d.upstreamOnlyLines)</td><td class=\"n\">\(d.divergentRegions)</td>"
            out += "<td class=\"n\">\(d.guardedForkLines)</td><td class=\"port\">"
            // A fork-only copy has no original left to port from.
            if let port = row.pair.upstream == nil
                ? nil : ports[LastPort.Copy(tree: row.pair.tree, fork: row.pair.fork)]
            {
                out += port.text
                if case .port(_, _, let step) = port, step != common {
                    out += "<span class=\"step\">\(XMLText.escape(step))</span>"
                }
            } else {
                out += "–"
            }
            out += "</td><td>\(XMLText.escape(d.changedFunctions.joined(separator: ", ")))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}
