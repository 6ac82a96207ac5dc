import TandemCore

/// `tandem stat --format json`: a versioned object with one entry per file patch and the totals.
///
/// ```json
/// {"schema": "tandem.stat/1", "files": [{"path": "…", "oldPath": null, "kind": "modify", "binary": false,
///  "modeChanged": false, "added": 12, "removed": 3, "hunks": 2, "line": 1}],
///  "totals": {"files": 1, "added": 12, "removed": 3, "hunks": 2},
///  "diagnostics": [{"line": 42, "severity": "error", "message": "…"}]}
/// ```
public enum StatJSONRenderer {
    public static let schema = "tandem.stat/1"

    public static func render(_ stats: PatchStatistics, diagnostics: [Diagnostic] = []) -> String {
        var out = "{\n  \"schema\": \(JSONText.string(schema)),\n  \"files\": ["
        for (i, file) in stats.files.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            let old = file.oldPath.map { JSONText.string(JSONText.pathText($0)) } ?? "null"
            out += "    {\"path\": \(JSONText.string(JSONText.pathText(file.path))), \"oldPath\": \(old), "
            out += "\"kind\": \(JSONText.string(file.change.kind.rawValue)), \"binary\": \(file.change.isBinary), "
            out += "\"modeChanged\": \(file.change.modeChanged), \"added\": \(file.added), "
            out += "\"removed\": \(file.removed), \"hunks\": \(file.hunks), \"line\": \(file.line)}"
        }
        out += stats.files.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"totals\": {\"files\": \(stats.files.count), \"added\": \(stats.added), "
        out += "\"removed\": \(stats.removed), \"hunks\": \(stats.hunks)},\n  \"diagnostics\": ["
        for (i, diagnostic) in diagnostics.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"line\": \(diagnostic.line), \"severity\": \(JSONText.string(diagnostic.severity.rawValue)), "
            out += "\"message\": \(JSONText.string(diagnostic.message))}"
        }
        out += diagnostics.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}
