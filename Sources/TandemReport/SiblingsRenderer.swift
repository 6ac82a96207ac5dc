import TandemCore

/// `tandem siblings` output: a readable list, `tandem.siblings/1` JSON, and Markdown for a mailing list.
public enum SiblingsRenderer {
    /// The list for a terminal, control characters in code and reasons escaped (`TerminalText`).
    public static func text(_ result: SiblingCheck.Result) -> String {
        var out = ""
        for fix in result.missed {
            out +=
                "possible missed fix (confidence \(DriftFormat.fixed(fix.confidence, 2))): \(JSONText.quotedPath(fix.path)) hunk \(fix.hunk)"
            out += fix.function.map { " in \($0)()" } ?? ""
            out += fix.commit.map { " (commit \($0.prefix(12)))" } ?? ""
            out +=
                "\n  did not reach \(JSONText.quotedPath(fix.siblingPath)):\(fix.siblingLine)"
                + (fix.siblingFunction.map { " in \($0)()" } ?? "") + ": \(fix.why)\n"
            out += sideBySide(fix)
        }
        for later in result.reachedLater {
            out +=
                "reached later: \(JSONText.quotedPath(later.fix.path)) hunk \(later.fix.hunk)"
                + (later.fix.commit.map { " (commit \($0.prefix(12)))" } ?? "")
                + " reached \(JSONText.quotedPath(later.fix.siblingPath)):\(later.fix.siblingLine) in \(later.commit.prefix(12)) "
                + "\(later.lagDays) day\(later.lagDays == 1 ? "" : "s") later (\(later.how.rawValue)): \(later.summary)\n"
        }
        out +=
            "siblings: \(result.checked) hunk\(result.checked == 1 ? "" : "s") checked, \(result.reached) reached the sibling, "
        out += "\(result.missed.count) possible missed fix\(result.missed.count == 1 ? "" : "es")"
        out +=
            result.reachedLater.isEmpty ? "" : ", \(result.reachedLater.count) reached the sibling later in the range"
        out +=
            result.belowThreshold > 0
            ? " (\(result.belowThreshold) more under the confidence threshold: --all shows them)\n" : "\n"
        return TerminalText.escaped(out, keepingNewlines: true)
    }

    /// A finding's sibling lines beside its hunk (`sideBySide`).
    static func sideBySide(_ fix: SiblingCheck.MissedFix, column: Int? = PortTextRenderer.column, indent: String = "  ")
        -> String
    {
        sideBySide(
            hunkText: fix.hunkText, siblingCode: fix.siblingCode, siblingStart: siblingStart(fix.siblingLine),
            column: column, indent: indent)
    }

    /// The sibling's first line in `siblingCode`: two lines before the match, as `SiblingCheck` cuts it.
    static func siblingStart(_ siblingLine: Int) -> Int { max(1, siblingLine - 2) }

    public static func json(_ result: SiblingCheck.Result) -> String {
        var out =
            "{\"schema\":\"tandem.siblings/1\",\"checked\":\(result.checked),\"reached\":\(result.reached),"
            + "\"belowThreshold\":\(result.belowThreshold),\"missed\":["
        out += result.missed.map { fix in
            "\n{" + fields(fix) + ",\"why\":\(JSONText.string(fix.why)),"
                + "\"hunkText\":[\(fix.hunkText.map(JSONText.string).joined(separator: ","))],"
                + "\"siblingCode\":[\(fix.siblingCode.map(JSONText.string).joined(separator: ","))]}"
        }.joined(separator: ",")
        out += "],\"reachedLater\":["
        out += result.reachedLater.map { later in
            "\n{" + fields(later.fix)
                + ",\"reachedIn\":\(JSONText.string(later.commit)),\"summary\":\(JSONText.string(later.summary)),"
                + "\"lagDays\":\(later.lagDays),\"how\":\(JSONText.string(later.how.rawValue))}"
        }.joined(separator: ",")
        return out + "]}\n"
    }

    /// The JSON fields that place a finding: both places, the function, the commit, the confidence and why.
    static func fields(_ fix: SiblingCheck.MissedFix) -> String {
        "\"path\":\(JSONText.string(JSONText.pathText(fix.path))),\"hunk\":\(fix.hunk),\"line\":\(fix.line),"
            + "\"function\":\(fix.function.map(JSONText.string) ?? "null"),\"siblingPath\":\(JSONText.string(JSONText.pathText(fix.siblingPath))),"
            + "\"siblingLine\":\(fix.siblingLine),\"siblingFunction\":\(fix.siblingFunction.map(JSONText.string) ?? "null"),"
            + "\"alsoAt\":[\(fix.alsoAt.map(String.init).joined(separator: ","))],"
            + "\"evidence\":[\(fix.evidence.map(JSONText.string).joined(separator: ","))],\"confidence\":\(DriftFormat.fixed(fix.confidence, 2)),"
            + "\"commit\":\(fix.commit.map(JSONText.string) ?? "null")"
    }

    public static func markdown(_ result: SiblingCheck.Result, title: String) -> String {
        var out = "# Fixes that reached one sibling but not the other: \(MarkdownRenderer.inline(title))\n\n"
        out += "\(result.checked) hunks changed a sibling; \(result.reached) also reached the other sibling; "
        out += "\(result.missed.count) may be missing there.\n\n"
        for fix in result.missed {
            out +=
                "## `\(JSONText.pathText(fix.path))` hunk \(fix.hunk)" + (fix.function.map { " in `\($0)()`" } ?? "")
                + "\n\n"
            out +=
                "Not in `\(JSONText.pathText(fix.siblingPath))` line \(fix.siblingLine)"
                + (fix.siblingFunction.map { " in `\($0)()`" } ?? "")
                + " (confidence \(DriftFormat.fixed(fix.confidence, 2))): \(fix.why).\n\n"
            out +=
                "The sibling's lines beside the fix (`-` before, `+` after), lined up where the sibling holds a line of the fix's old code:\n\n"
            out += MarkdownRenderer.fenced(
                sideBySide(fix, column: nil, indent: ""), language: "text")
        }
        if !result.reachedLater.isEmpty {
            out +=
                "## Reached the sibling later in the range\n\n| change | sibling | reached in | after | how |\n|---|---|---|---|---|\n"
            for later in result.reachedLater {
                out +=
                    "| `\(MarkdownRenderer.cell(JSONText.pathText(later.fix.path)))` hunk \(later.fix.hunk)"
                    + (later.fix.commit.map { " (`\($0.prefix(12))`)" } ?? "")
                    + " | `\(MarkdownRenderer.cell(JSONText.pathText(later.fix.siblingPath)))` line \(later.fix.siblingLine)"
                    + " | `\(later.commit.prefix(12))` \(MarkdownRenderer.cell(later.summary)) | \(later.lagDays) days | \(later.how.rawValue) |\n"
            }
            out += "\n"
        }
        return out
    }
}
