import TandemCore

/// `tandem.prom`: the Prometheus text exposition format (0.0.4), for node_exporter's textfile collector.
/// Gauges of the newest drift snapshot per copy and per tree, port verdict counts per release, and finding
/// counts per level. Label values escape `\`, `"` and line feeds as the format requires.
///
/// Metrics: `tandem_fork_similarity{tree,copy}`, `tandem_fork_only_lines{tree,copy}`,
/// `tandem_upstream_only_lines{tree,copy}`, `tandem_tree_similarity{tree}`, `tandem_tree_copies{tree}`,
/// `tandem_tree_identical_copies{tree}`, `tandem_tree_fork_only_files{tree}` and
/// `tandem_tree_fork_only_file_lines{tree}` (copies with no original upstream, in none of the other tree
/// gauges), `tandem_tree_predicted_port_failures{tree}` (when the series has
/// a next change), `tandem_port_hunks{release,verdict}`, `tandem_findings{level}`,
/// `tandem_snapshot_timestamp_seconds` (the newest snapshot's commit time, when known).
public enum PrometheusRenderer {
    public static let metricNames = [
        "tandem_fork_similarity", "tandem_fork_only_lines", "tandem_upstream_only_lines", "tandem_tree_similarity",
        "tandem_tree_copies", "tandem_tree_identical_copies", "tandem_tree_fork_only_files",
        "tandem_tree_fork_only_file_lines", "tandem_tree_predicted_port_failures",
        "tandem_port_hunks",
        "tandem_findings", "tandem_snapshot_timestamp_seconds",
    ]

    public static func render(_ report: Report) -> String {
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: String)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
                out += name + (labels.isEmpty ? "" : "{\(labels)}") + " " + sample.value + "\n"
            }
        }
        if let drift = report.drift, let newest = drift.snapshots.last {
            let trees = drift.map.mappings.map(DriftFormat.tree)
            func perCopy(_ value: (DriftRow) -> String) -> [(labels: [(String, String)], value: String)] {
                newest.rows.map {
                    ([("tree", trees[$0.pair.tree]), ("copy", JSONText.pathText($0.pair.fork))], value($0))
                }
            }
            family(
                "tandem_fork_similarity",
                "Similarity of each forked copy to its original, 2*shared/(original+copy lines), at the newest snapshot.",
                perCopy { DriftFormat.fixed($0.drift.similarity, 6) })
            family(
                "tandem_fork_only_lines", "Lines only the copy has (the fork's edits).",
                perCopy { String($0.drift.forkOnlyLines) })
            family(
                "tandem_upstream_only_lines", "Lines only the original has.",
                perCopy { String($0.drift.upstreamOnlyLines) })
            let indices = Array(trees.indices)
            family(
                "tandem_tree_similarity",
                "Similarity over the copies of a tree (fork-map entry) that have an original.",
                indices.map { ([("tree", trees[$0])], DriftFormat.fixed(newest.trees[$0].similarity, 6)) })
            family(
                "tandem_tree_copies", "Forked copies with an original upstream in a tree.",
                indices.map { ([("tree", trees[$0])], String(newest.trees[$0].pairs)) })
            family(
                "tandem_tree_identical_copies", "Copies byte-identical to their original (could be shared).",
                indices.map { ([("tree", trees[$0])], String(newest.trees[$0].identical)) })
            family(
                "tandem_tree_fork_only_files",
                "Fork-only files in a tree (no original upstream; in no other tree gauge).",
                indices.map { ([("tree", trees[$0])], String(newest.trees[$0].forkOnlyFiles)) })
            family(
                "tandem_tree_fork_only_file_lines", "Lines of the fork-only files in a tree.",
                indices.map { ([("tree", trees[$0])], String(newest.trees[$0].forkOnlyFileLines)) })
            family(
                "tandem_tree_predicted_port_failures",
                "Hunks of the next upstream change predicted to fail on the tree's copies.",
                indices.compactMap { index in
                    newest.trees[index].portFailed.map { ([("tree", trees[index])], String($0)) }
                })
            family(
                "tandem_snapshot_timestamp_seconds", "Commit time of the newest drift snapshot.",
                newest.info.time.map { [([], String($0))] } ?? [])
        }
        var ports: [(labels: [(String, String)], value: String)] = []
        for run in report.ports {
            var counts: [String: Int] = [:]
            for entry in run.entries { counts[entry.verdict, default: 0] += 1 }
            for (verdict, count) in counts.sorted(by: { $0.key < $1.key }) {
                ports.append(([("release", run.label), ("verdict", verdict)], String(count)))
            }
        }
        family("tandem_port_hunks", "Port verdicts (upstream hunk x copy) per release and verdict.", ports)
        let findings = report.findings
        family(
            "tandem_findings", "Findings per level.",
            [Finding.Level.error, .warning, .note].map { level in
                ([("level", level.rawValue)], String(findings.filter { $0.level == level }.count))
            })
        return out
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}
