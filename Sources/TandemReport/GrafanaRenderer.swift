/// `grafana-dashboard.json`: a classic-model Grafana dashboard (graph and table panels, schemaVersion 16,
/// importable by Grafana 5 and later) over the metrics of `tandem.prom`, with a Prometheus data-source
/// variable. Panels: similarity per tree over time, the ten least similar copies now, predicted port
/// failures per tree, port verdicts per release, and findings per level.
public enum GrafanaRenderer {
    /// The PromQL of each panel, in order (the tests check every metric they name is exported).
    public static let panels: [(title: String, type: String, expr: String, legend: String)] = [
        ("Similarity per tree (1 = identical copies)", "graph", "tandem_tree_similarity", "{{tree}}"),
        ("Least similar copies now", "table", "bottomk(10, tandem_fork_similarity)", "{{copy}}"),
        (
            "Predicted port failures per tree (next upstream change)", "graph", "tandem_tree_predicted_port_failures",
            "{{tree}}"
        ),
        (
            "Port verdicts per release", "graph", "sum by (release, verdict) (tandem_port_hunks)",
            "{{release}} {{verdict}}"
        ),
        ("Findings per level", "graph", "tandem_findings", "{{level}}"),
    ]

    public static func render(title: String) -> String {
        var out =
            "{\n  \"title\": \(JSONText.string(title)),\n  \"uid\": \"tandem-drift\",\n  \"schemaVersion\": 16,\n  \"version\": 1,\n"
        out +=
            "  \"editable\": true,\n  \"tags\": [\"tandem\", \"fork\", \"drift\"],\n  \"time\": {\"from\": \"now-90d\", \"to\": \"now\"},\n"
        out +=
            "  \"templating\": {\"list\": [{\"name\": \"datasource\", \"type\": \"datasource\", \"query\": \"prometheus\", \"label\": \"Data source\"}]},\n"
        out += "  \"panels\": [\n"
        out += panels.enumerated().map { index, panel in
            let x = (index % 2) * 12, y = (index / 2) * 8
            var text =
                "    {\"id\": \(index + 1), \"type\": \"\(panel.type)\", \"title\": \(JSONText.string(panel.title)), "
            text += "\"datasource\": \"${datasource}\", \"gridPos\": {\"x\": \(x), \"y\": \(y), \"w\": 12, \"h\": 8}, "
            text +=
                "\"targets\": [{\"expr\": \(JSONText.string(panel.expr)), \"legendFormat\": \(JSONText.string(panel.legend)), \"refId\": \"A\""
            text += panel.type == "table" ? ", \"instant\": true, \"format\": \"table\"}]" : "}]"
            if panel.type == "graph" {
                text += ", \"lines\": true, \"linewidth\": 2, \"legend\": {\"show\": true, \"values\": false}, "
                text +=
                    "\"yaxes\": [{\"format\": \"short\", \"show\": true}, {\"format\": \"short\", \"show\": false}], \"xaxis\": {\"mode\": \"time\", \"show\": true}"
            }
            return text + "}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }
}
