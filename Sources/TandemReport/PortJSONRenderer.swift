import TandemCore

/// `tandem port --report FILE.json`: schema `tandem.port/1`, one entry per (upstream hunk × copy).
///
/// ```json
/// {"schema": "tandem.port/1",
///  "entries": [{"upstreamPath": "arch/i386/kernel/setup.c", "hunk": 3, "copyPath": "arch/xen/i386/kernel/setup.c",
///               "verdict": "fork-conflict", "reason": "fork-conflict: …", "step": null, "line": 33,
///               "confidence": null, "commit": null, "lacks": null}],
///  "totals": {"entries": 26, "failures": 6, "ported": 15, "fork-conflict": 4}}
/// ```
/// Conflicts (`fork-conflict`, `upstream-drift`) also carry `fork` (the copy's lines), `upstreamBefore` and
/// `upstreamAfter` (the hunk's pre- and post-image), each a list of lines with their terminators. An
/// `ambiguous` entry carries `hunkText` (the hunk: its `@@` line, then its body lines) and `places`, one
/// `{"line", "firstLine", "lines"}` per place it fits (at most 4): the start of the pre-image there, and the
/// copy's lines from `firstLine`, two lines either side of the pre-image. A `context-not-found` entry whose
/// lines are all gone from the copy carries `removal`: `"removed"` (the fork removed the code: most likely
/// nothing to port) or `"rewritten"` (the copy still has the function, in its own words), `ForkRemoval`.
/// `hunk` is 0 for file-level verdicts (`new-upstream-file`, `upstream-deleted`, `missing-fork-file`,
/// `shared`, `binary`). `commit` is the id of the upstream commit the hunk comes from (`--per-commit`; null for
/// a patch or a whole range), and `lacks` names the upstream change an `upstream-drift` copy lacks. `notes`,
/// present only when there are some, says things once per copy: `{"upstreamPath", "copyPath", "message"}`
/// (the patch's line endings were not the copy's, and the hunks were ported with the copy's), with
/// `"kind": "moved-elsewhere"` when the copy keeps functions upstream moved to another file.
public enum PortJSONRenderer {
    public static let schema = "tandem.port/1"

    public static func render(_ report: PortReport) -> String {
        var out = "{\n  \"schema\": \(JSONText.string(schema)),\n  \"entries\": ["
        for (i, entry) in report.entries.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            var step = "null", confidence = "null", lacks = "null"
            switch entry.verdict {
            case .ported(let p), .review(let p, _):
                step = JSONText.string(p.step.rawValue)
                confidence = "\((p.confidence * 100).rounded() / 100)"
            default:
                break
            }
            if case .upstreamDrift(_, let c) = entry.verdict { lacks = JSONText.string(c) }
            let commit = entry.commit.map { JSONText.string($0.id) } ?? "null"
            var sides = ""
            switch entry.verdict {
            case .forkConflict(let conflict), .upstreamDrift(let conflict?, _):
                func lines(_ list: [Bytes]) -> String {
                    "[" + list.map { JSONText.string(JSONText.pathText(Array($0))) }.joined(separator: ", ") + "]"
                }
                sides =
                    ", \"fork\": \(lines(conflict.ours)), \"upstreamBefore\": \(lines(conflict.base)), \"upstreamAfter\": \(lines(conflict.theirs))"
            default:
                break
            }
            if let removal = entry.verdict.removal { sides += ", \"removal\": \(JSONText.string(removal.label))" }
            if let places = entry.places {
                func lines(_ list: [Bytes]) -> String {
                    "[" + list.map { JSONText.string(JSONText.pathText(Array($0))) }.joined(separator: ", ") + "]"
                }
                sides += ", \"hunkText\": \(lines(places.hunk)), \"places\": ["
                sides +=
                    places.places.map {
                        "{\"line\": \($0.line), \"firstLine\": \($0.firstLine), \"lines\": \(lines($0.lines))}"
                    }
                    .joined(separator: ", ") + "]"
            }
            out +=
                "    {\"upstreamPath\": \(JSONText.string(JSONText.pathText(entry.upstreamPath))), \"hunk\": \(entry.hunk), "
            out += "\"copyPath\": \(JSONText.string(JSONText.pathText(entry.copyPath))), "
            out +=
                "\"verdict\": \(JSONText.string(entry.verdict.label)), \"reason\": \(JSONText.string(entry.verdict.message)), "
            out +=
                "\"step\": \(step), \"line\": \(entry.line), \"confidence\": \(confidence), \"commit\": \(commit), \"lacks\": \(lacks)\(sides)}"
        }
        out += report.entries.isEmpty ? "],\n" : "\n  ],\n"
        if !report.notes.isEmpty {
            out +=
                "  \"notes\": ["
                + report.notes.map { note in
                    "\n    {\"upstreamPath\": \(JSONText.string(JSONText.pathText(note.upstreamPath))), "
                        + "\"copyPath\": \(JSONText.string(JSONText.pathText(note.copyPath))), \"message\": \(JSONText.string(note.message))"
                        + (note.kind == .info ? "" : ", \"kind\": \(JSONText.string(note.kind.rawValue))") + "}"
                }.joined(separator: ",") + "\n  ],\n"
        }
        out += "  \"totals\": {\"entries\": \(report.entries.count), \"failures\": \(report.failures)"
        for (label, count) in report.counts { out += ", \(JSONText.string(label)): \(count)" }
        out += "}\n}\n"
        return out
    }
}
