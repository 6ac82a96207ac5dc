import TandemCore

/// `--format markdown`: a summary for a CI job page or a merge-request comment (GitHub, GitLab). It has
/// the totals, one table of port verdicts per release, one table of drift per tree, then every finding
/// in a collapsible `<details>` with its reason; a conflict shows the copy's lines beside the upstream hunk
/// (as `tandem port` prints them), and an ambiguous hunk shows the hunk and the copy's lines at each place
/// it fits, with line numbers.
/// It stays under `maxBytes` (1 MiB, below the comment limits of both hosts): findings that do not fit are
/// counted in a closing note. Text from the tree goes into code spans or HTML with `&<>` escaped, and `|`
/// is escaped in table cells, so no path can break the layout.
public enum MarkdownRenderer {
    public static let maxBytes = 1 << 20

    public static func render(_ report: Report, failOn: String, maxBytes: Int = maxBytes) -> String {
        let findings = report.findings
        let errors = findings.filter { $0.level == .error }.count,
            warnings = findings.filter { $0.level == .warning }.count
        let notes = findings.count - errors - warnings
        var out = "## tandem: \(inline(report.title))\n\n"
        let headline =
            errors > 0
            ? "**\(errors) finding\(errors == 1 ? "" : "s") need\(errors == 1 ? "s" : "") a person**"
            : warnings > 0
                ? "**No errors; \(warnings) warning\(warnings == 1 ? "" : "s")**" : "**Nothing needs a person**"
        out += "\(headline) (errors \(errors), warnings \(warnings), notes \(notes); the job fails on: \(failOn))\n\n"
        for run in report.ports {
            var counts: [String: Int] = [:]
            for entry in run.entries { counts[entry.verdict, default: 0] += 1 }
            let failed = run.entries.filter(\.isFailure).count
            out += "**Port \(inline(run.label))**: \(run.entries.count) verdicts, \(failed) need a person\n\n"
            out += "| verdict | count |\n|---|---:|\n"
            for (verdict, count) in counts.sorted(by: { $0.key < $1.key }) { out += "| `\(verdict)` | \(count) |\n" }
            out += "\n"
        }
        if let drift = report.drift, let newest = drift.snapshots.last {
            out += "**Drift at \(inline(newest.info.label))** (similarity = 2·shared / (original + copy lines))\n\n"
            out +=
                "| tree | copies | identical | similarity | fork-only lines | upstream-only lines | last port |\n|---|---:|---:|---:|---:|---:|---|\n"
            for (index, mapping) in drift.map.mappings.enumerated() {
                let t = newest.trees[index]
                out +=
                    "| \(cell(DriftFormat.tree(mapping))) | \(t.pairs) | \(t.identical) | \(DriftFormat.fixed(t.similarity)) | \(t.forkOnlyLines) | \(t.upstreamOnlyLines) | \(port(drift.lastPort { $0.trees[index] })) |\n"
            }
            let t = newest.total
            out +=
                "| **all** | \(t.pairs) | \(t.identical) | \(DriftFormat.fixed(t.similarity)) | \(t.forkOnlyLines) | \(t.upstreamOnlyLines) | \(port(drift.lastPort(\.total))) |\n\n"
            if t.forkOnlyFiles > 0 {
                out +=
                    "Not in these totals: \(DriftFormat.forkOnly(t)) (no original upstream).\n\n"
            }
            out +=
                "_Last port: the newest upstream change in the series that reached the tree's originals, and how many of its hunks drift predicted would not apply._\n\n"
        }
        guard !findings.isEmpty else { return out }
        out += "### Findings\n\n"
        var shown = 0
        let closingRoom = 300
        let conflicts = entryIndex(report)
        var fixes: [String: Report.SiblingFix] = [:]
        for fix in report.siblings { fixes[conflictKey("siblings", fix.siblingPath, fix.path, fix.hunk)] = fix }
        for finding in findings {
            let key = conflictKey(finding.release, finding.copyPath, finding.upstreamPath, finding.hunk)
            let block = details(
                finding, conflict: conflicts[key], fix: finding.rule == .missedSiblingFix ? fixes[key] : nil)
            if out.utf8.count + block.utf8.count + closingRoom > maxBytes { break }
            out += block
            shown += 1
        }
        if shown < findings.count {
            out +=
                "\n_\(findings.count - shown) more findings not shown: this summary stays under \(maxBytes / 1024) KiB. The JSON and SARIF reports list them all._\n"
        }
        return out
    }

    /// A last port as a table cell: `F of H fail (A → B)`, `no change`, or `–` without a prediction.
    static func port(_ last: LastPort?) -> String {
        switch last {
        case .port(let hunks, let failed, let step)?: return "\(failed) of \(hunks) fail (\(inline(step)))"
        case .noChange?: return "no change"
        case nil: return "–"
        }
    }

    static func details(_ finding: Finding, conflict: Report.PortEntry?, fix: Report.SiblingFix? = nil) -> String {
        let mark = finding.level == .error ? "❌" : finding.level == .warning ? "⚠️" : "ℹ️"
        let place = finding.copyPath + (finding.line > 0 ? ":\(finding.line)" : "")
        var out = "<details><summary>\(mark) <code>\(XMLText.escape(place))</code> \(finding.rule.id)"
        if finding.hunk > 0 { out += " — <code>\(XMLText.escape(finding.upstreamPath))</code> hunk \(finding.hunk)" }
        out += "</summary>\n\n"
        out += fenced(finding.message, language: "text")
        if let entry = conflict, !entry.fork.isEmpty {
            func bytes(_ lines: [String]) -> [Bytes] { lines.map { Array($0.utf8)[...] } }
            let sides = HunkConflict(
                targetIndex: max(entry.line - 1, 0), targetCount: entry.fork.count, ours: bytes(entry.fork),
                base: bytes(entry.upstreamBefore), theirs: bytes(entry.upstreamAfter), merged: [], note: nil)
            out +=
                "The copy's lines beside the upstream hunk (`-` before, `+` after), lined up where the copy kept a line of the hunk:\n\n"
            out += fenced(
                PortTextRenderer.sideBySide(sides, line: entry.line, column: nil, indent: ""), language: "text")
        }
        if let entry = conflict, !entry.hunkText.isEmpty || !entry.places.isEmpty {
            out += ambiguity(entry)
        }
        if let fix, !fix.hunkText.isEmpty {
            let sides = SiblingsRenderer.sideBySide(
                hunkText: fix.hunkText, siblingCode: fix.siblingCode,
                siblingStart: SiblingsRenderer.siblingStart(fix.siblingLine), column: nil, indent: "")
            if sides.isEmpty {
                out +=
                    "The fix, as it reached <code>\(XMLText.escape(fix.path))</code>:\n\n"
                    + fenced(fix.hunkText.joined(separator: "\n"), language: "diff")
            } else {
                out +=
                    "The sibling's lines beside the fix as it reached <code>\(XMLText.escape(fix.path))</code> (`-` before, `+` after), lined up where the sibling holds a line of the fix's old code:\n\n"
                    + fenced(sides, language: "text")
            }
        }
        return out + "</details>\n\n"
    }

    /// An ambiguous hunk: the hunk, then the copy's lines at each place it fits, numbered, with `>` on the
    /// lines the hunk's pre-image would cover there.
    static func ambiguity(_ entry: Report.PortEntry) -> String {
        var out = ""
        if !entry.hunkText.isEmpty {
            out += "The hunk, which fits at more than one place in the copy (tandem applies it at none):\n\n"
            out += fenced(entry.hunkText.map(terminated).joined(), language: "diff")
        }
        let span = max(
            entry.hunkText.dropFirst().filter { $0.hasPrefix(" ") || $0.hasPrefix("-") || $0 == "\n" }.count, 1)
        for place in entry.places.prefix(AmbiguousPlaces.limit) {
            let last = place.firstLine + max(place.lines.count - 1, 0)
            let width = max(3, String(last).count)
            var excerpt = ""
            for (offset, line) in place.lines.enumerated() {
                let number = place.firstLine + offset
                let mark = number >= place.line && number - place.line < span ? ">" : " "
                let digits = String(number)
                excerpt += mark + String(repeating: " ", count: width - digits.count) + digits + " | "
                excerpt += TerminalText.escaped(terminated(line).replacing("\t", with: "    "), keepingNewlines: true)
            }
            out +=
                "At line \(place.line) of the copy (`>` marks the lines the hunk's pre-image matches):\n\n"
                + fenced(excerpt, language: "text")
        }
        return out
    }

    /// The entries that carry what a finding's details show (a conflict's lines, an ambiguous hunk's
    /// places), by (release, copy, original, hunk): built once, so a report of thousands of findings does
    /// not search every entry per finding.
    static func entryIndex(_ report: Report) -> [String: Report.PortEntry] {
        var index: [String: Report.PortEntry] = [:]
        for run in report.ports {
            for entry in run.entries where !entry.fork.isEmpty || !entry.hunkText.isEmpty || !entry.places.isEmpty {
                let key = conflictKey(run.label, entry.copyPath, entry.upstreamPath, entry.hunk)
                if index[key] == nil { index[key] = entry }
            }
        }
        return index
    }

    static func conflictKey(_ release: String, _ copy: String, _ upstream: String, _ hunk: Int) -> String {
        [release, copy, upstream, String(hunk)].joined(separator: "\u{0}")
    }

    static func terminated(_ line: String) -> String { line.hasSuffix("\n") ? line : line + "\n" }

    /// A fenced block whose fence is longer than any backtick run inside, so the text cannot close it.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for c in text { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + terminated(text) + fence + "\n\n"
    }

    /// Inline text: Markdown punctuation that could start structure is escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>|#".contains(c) { out += "\\" }
            out.append(c == "\n" || c == "\r" ? " " : c)
        }
        return out
    }

    /// A table cell: a code span with HTML escaping inside `<code>`, pipes escaped.
    static func cell(_ text: String) -> String {
        "<code>" + XMLText.escape(text).replacing("|", with: "&#124;") + "</code>"
    }
}
