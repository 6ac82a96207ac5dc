import TandemCore

/// `tandem port`'s summary for people: per copy, one line per hunk that was not an exact port, then counts.
///
/// A conflict is followed by the fork's lines beside the upstream hunk. Paths are quoted as git quotes them
/// and control characters in code lines and reasons are escaped (`TerminalText`): this text is for a
/// terminal; the rewritten patch and `--report` JSON keep the exact bytes.
///
/// With `--per-commit`, each commit's verdicts follow a `commit <id> <summary>` line.
///
/// ```
/// arch/i386/kernel/setup.c -> arch/xen/i386/kernel/setup.c
///   hunk 2: ported (offset, offset 76) at line 113
///   hunk 3: fork-conflict: the fork changed the lines this hunk changes; merge by hand (line 33)
/// verdicts: 15 ported, 2 already-applied, 4 fork-conflict, 1 ambiguous
/// ```
public enum PortTextRenderer {
    /// Column width of each side in the side-by-side view of a conflict.
    static let column = 48

    /// The fork's lines (left) beside the upstream hunk as `-`/`+`/` ` lines (right), so a maintainer sees
    /// both intentions at once. Each row starts with `indent`; the left column is `column` characters wide
    /// (longer lines cut with `…`), or, with nil, as wide as its widest line (the Markdown summary, which a
    /// browser scrolls).
    static func sideBySide(_ conflict: HunkConflict, line: Int, column: Int? = column, indent: String = "    ")
        -> String
    {
        let hunk = UnifiedDiffWriter.hunks(
            old: TextFile(lines: conflict.base), new: TextFile(lines: conflict.theirs),
            context: max(conflict.base.count, conflict.theirs.count))
        let rows = TextFile(bytes: hunk).lines.dropFirst().filter { !$0.starts(with: "\\".utf8) }
        // Rows line up where the fork kept a line of the upstream pre-image (histogram matching).
        let toOurs = LineMatching(conflict.base, conflict.ours).mapAtoB(countA: conflict.base.count)
        let header = "fork (copy, from line \(line))"
        let width = column ?? conflict.ours.map { 2 + display($0).count }.reduce(header.count, max)
        var out = indent + pad(header, width) + " | upstream hunk\n"
        var ours = 0, base = 0
        func emit(_ left: String, _ right: String) { out += indent + pad(left, width) + " | " + right + "\n" }
        for row in rows {
            let consumesBase = row.first != UInt8(ascii: "+")
            if consumesBase, base < toOurs.count, let match = toOurs[base], match >= ours {
                while ours < match { emit("  " + display(conflict.ours[ours]), ""); ours += 1 }
                emit("  " + display(conflict.ours[ours]), display(row))
                ours += 1
            } else {
                emit("", display(row))
            }
            if consumesBase { base += 1 }
        }
        while ours < conflict.ours.count { emit("  " + display(conflict.ours[ours]), ""); ours += 1 }
        return out
    }

    /// A line of code as shown: tabs as spaces, control characters escaped (`TerminalText`), so the
    /// columns line up and the copy's bytes cannot drive the terminal.
    static func display(_ line: Bytes) -> String {
        TerminalText.escaped(displayText(line.withoutTerminator).replacingTabs, keepingNewlines: false)
    }

    static func pad(_ text: String, _ width: Int = column) -> String {
        let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        return cut + String(repeating: " ", count: max(width - cut.count, 0))
    }

    public static func render(_ report: PortReport) -> String {
        var out = ""
        var current: ([UInt8], [UInt8])?
        var commit: PortReport.Commit?
        for entry in report.entries {
            // A port commit by commit groups each commit's verdicts under a line naming it.
            if let named = entry.commit, named != commit {
                out += "commit " + String(named.id.prefix(12)) + " " + named.summary + "\n"
                commit = named
                current = nil
            }
            if case .ported(let p) = entry.verdict, p.step == .exact { continue }
            if current.map({ $0.0 != entry.upstreamPath || $0.1 != entry.copyPath }) ?? true {
                out += JSONText.quotedPath(entry.upstreamPath) + " -> " + JSONText.quotedPath(entry.copyPath) + "\n"
                current = (entry.upstreamPath, entry.copyPath)
            }
            out += "  " + (entry.hunk == 0 ? "file" : "hunk \(entry.hunk)") + ": " + entry.verdict.message
            if entry.line > 0 { out += " (line \(entry.line))" }
            out += "\n"
            switch entry.verdict {
            case .forkConflict(let conflict), .upstreamDrift(let conflict?, _):
                out += sideBySide(conflict, line: entry.line)
            default:
                break
            }
        }
        // Copies whose base was the fork's own original: one line says how many, the JSON names them.
        let fromFork = report.notes.filter { $0.kind == .baseFromFork }
        if !fromFork.isEmpty {
            out +=
                "base: no base given; for \(fromFork.count) cop\(fromFork.count == 1 ? "y" : "ies") the fork's own "
                + "original holds the patch's pre-image and served as the base (--base names another tree)\n"
        }
        for note in report.notes where note.kind != .baseFromFork {
            out +=
                JSONText.quotedPath(note.upstreamPath) + " -> " + JSONText.quotedPath(note.copyPath) + "\n  note: "
                + note.message + "\n"
        }
        // Of the hunks nowhere in a copy, those whose code the fork removed (`ForkRemoval`): mostly nothing
        // to port, so the count says how many of them a person can take in at a glance.
        let removed = report.entries.filter { $0.verdict.removal?.isRemoved == true }.count
        let counts = report.counts.map {
            "\($0.count) \($0.label)"
                + ($0.label == VerdictKind.contextNotFound.rawValue && removed > 0
                    ? " (\(removed) in code the fork removed)" : "")
        }.joined(separator: ", ")
        out += "verdicts: " + (counts.isEmpty ? "none (no upstream file patch touches a mapped file)" : counts) + "\n"
        return TerminalText.escaped(out, keepingNewlines: true)
    }
}

private extension String {
    /// Tabs as four spaces, so columns line up.
    var replacingTabs: String { split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") }
}
