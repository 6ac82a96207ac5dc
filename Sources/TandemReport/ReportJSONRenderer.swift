import TandemCore

/// `--format json`, schema `tandem.report/1`: the report model itself.
///
/// ```
/// {"schema":"tandem.report/1","title":…,
///  "totals":{"errors":N,"warnings":N,"notes":N,"verdicts":{"ported":N,…}},
///  "findings":[{"rule","level","copyPath","line","message","upstreamPath","hunk","release","fingerprint","tree"}],
///  "ports":[{"label","entries":[{"upstreamPath","hunk","copyPath","verdict","reason","line","commit"}]}],
///  "drift":null | {"trees":[{"upstream","fork"}],
///                  "snapshots":[{"label","time","total":TOTALS,"trees":[TOTALS]}]}}
/// ```
/// TOTALS as in `tandem.drift/2` (fork-only files apart, in `forkOnly`). Per-pair drift rows are in the drift
/// file itself (and the dashboard's `drift.json`); the report keeps the series' totals.
public enum ReportJSONRenderer {
    public static func render(_ report: Report) -> String {
        let findings = report.findings
        var out = "{\"schema\":\"\(Report.schema)\",\"title\":\(JSONText.string(report.title)),\"totals\":{"
        for level in [Finding.Level.error, .warning, .note] {
            out += "\"\(level.rawValue)s\":\(findings.filter { $0.level == level }.count),"
        }
        out +=
            "\"verdicts\":{"
            + report.verdictCounts.map { "\(JSONText.string($0.verdict)):\($0.count)" }.joined(separator: ",") + "}},\n"
        out +=
            "\"findings\":["
            + findings.map { f in
                "\n{\"rule\":\"\(f.rule.id)\",\"level\":\"\(f.level.rawValue)\",\"copyPath\":\(JSONText.string(f.copyPath)),\"line\":\(f.line),"
                    + "\"message\":\(JSONText.string(f.message)),\"upstreamPath\":\(JSONText.string(f.upstreamPath)),\"hunk\":\(f.hunk),"
                    + "\"release\":\(JSONText.string(f.release)),\"fingerprint\":\"\(f.fingerprint)\",\"tree\":\(f.tree.map(String.init) ?? "null")}"
            }.joined(separator: ",") + "],\n"
        out +=
            "\"ports\":["
            + report.ports.map { run in
                "\n{\"label\":\(JSONText.string(run.label)),\"entries\":["
                    + run.entries.map { e in
                        "{\"upstreamPath\":\(JSONText.string(e.upstreamPath)),\"hunk\":\(e.hunk),\"copyPath\":\(JSONText.string(e.copyPath)),"
                            + "\"verdict\":\(JSONText.string(e.verdict)),\"reason\":\(JSONText.string(e.reason)),\"line\":\(e.line),"
                            + "\"commit\":\(e.commit.map(JSONText.string) ?? "null")}"
                    }.joined(separator: ",") + "]}"
            }.joined(separator: ",") + "],\n"
        if let drift = report.drift {
            out +=
                "\"drift\":{\"trees\":["
                + drift.map.mappings.map {
                    "{\"upstream\":\(JSONText.string($0.upstream.description)),\"fork\":\(JSONText.string($0.fork.description))}"
                }.joined(separator: ",") + "],\"snapshots\":["
                + drift.snapshots.map { s in
                    "\n{\"label\":\(JSONText.string(s.info.label)),\"time\":\(s.info.time.map(String.init) ?? "null"),"
                        + "\"total\":\(DriftJSONRenderer.totals(s.total)),\"trees\":[\(s.trees.map(DriftJSONRenderer.totals).joined(separator: ","))]}"
                }.joined(separator: ",") + "]}}\n"
        } else {
            out += "\"drift\":null}\n"
        }
        return out
    }
}
