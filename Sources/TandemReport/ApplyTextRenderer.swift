import TandemCore

/// `tandem apply`'s console text, in GNU patch's words:
///
/// ```
/// patching file arch/i386/kernel/process.c
/// Hunk #2 succeeded at 7 with fuzz 1 (offset 6 lines).
/// Hunk #3 FAILED at 40 (ambiguous: context matches at 40 and 212).
/// 1 out of 4 hunks FAILED -- saving rejects to file arch/i386/kernel/process.c.rej
/// ```
/// Exact placements print nothing, as in GNU patch. tandem's own steps read `succeeded at 12 by matching`,
/// `merged at 30 (3-way)`, `already applied at 9`, `CONFLICT at 80`. Paths are quoted as git quotes them,
/// and control characters in reasons are escaped (`TerminalText`), so a patch cannot drive the terminal.
public enum ApplyTextRenderer {
    public static func render(_ report: ApplyReport, checking: Bool) -> String {
        var out = ""
        for file in report.files {
            out += (checking ? "checking file " : "patching file ") + JSONText.quotedPath(file.path)
            if let source = file.sourcePath, file.action == .rename || file.action == .copy {
                out += " (\(file.action == .rename ? "renamed" : "copied") from \(JSONText.quotedPath(source)))"
            }
            out += "\n"
            if let lineEndings = file.lineEndings { out += "(\(lineEndings).)\n" }
            if let note = file.note {
                out += note + ": nothing else to do\n"
            } else if file.allAlreadyApplied {
                out += "Reversed (or previously applied) patch detected! Skipping patch.\n"
            }
            if let problem = file.problem { out += problem.message + "\n" }
            for hunk in file.hunks {
                if let line = hunkLine(hunk, file: file) { out += line + "\n" }
            }
            let failed = file.failedCount
            if failed > 0 {
                out += "\(failed) out of \(file.hunks.count) hunk\(file.hunks.count == 1 ? "" : "s") FAILED"
                if let reject = file.rejectPath { out += " -- saving rejects to file " + JSONText.quotedPath(reject) }
                out += "\n"
            }
            if file.wroteConflictMarkers {
                out += "conflict markers written to " + JSONText.quotedPath(file.path) + "\n"
            }
        }
        return TerminalText.escaped(out, keepingNewlines: true)
    }

    static func offsetText(_ offset: Int) -> String {
        "offset \(offset) line\(abs(offset) == 1 ? "" : "s")"
    }

    /// One hunk's line, nil when there is nothing to say (an exact placement, or a file-level problem
    /// already printed).
    static func hunkLine(_ hunk: ApplyReport.HunkResult, file: ApplyReport.FileResult) -> String? {
        let prefix = "Hunk #\(hunk.number)"
        switch hunk.outcome {
        case .applied(let p):
            var parts: [String] = []
            if p.fuzz > 0 { parts.append("with fuzz \(p.fuzz)") }
            switch p.step {
            case .exact: return nil
            case .offset, .fuzz:
                return "\(prefix) succeeded at \(hunk.line)" + (parts.isEmpty ? "" : " " + parts.joined(separator: " "))
                    + (p.offset != 0 ? " (\(offsetText(p.offset)))" : "") + "."
            case .matching:
                return "\(prefix) succeeded at \(hunk.line) by matching"
                    + (p.offset != 0 ? " (\(offsetText(p.offset)))" : "") + "."
            case .merge:
                return "\(prefix) merged at \(hunk.line) (3-way" + (p.offset != 0 ? ", \(offsetText(p.offset))" : "")
                    + ")."
            case .blocks, .words, .anchored, .includes, .units, .declarations, .attached, .slid, .upstreamForm,
                .deletions,
                .moved:
                return "\(prefix) merged at \(hunk.line) (\(p.step.rawValue)"
                    + (p.offset != 0 ? ", \(offsetText(p.offset))" : "") + ")."
            }
        case .alreadyApplied(let line):
            return file.allAlreadyApplied || file.note != nil ? nil : "\(prefix) already applied at \(line)."
        case .conflict:
            guard case .conflict(let conflict) = hunk.outcome else { return nil }
            return "\(prefix) CONFLICT at \(hunk.line): the file changed the lines this hunk changes"
                + (conflict.explanation.map { " (\($0))" } ?? "") + "."
        case .failed(let reason):
            if file.problem == reason { return nil }
            return "\(prefix) FAILED at \(hunk.line) (\(reason.message))."
        }
    }
}
