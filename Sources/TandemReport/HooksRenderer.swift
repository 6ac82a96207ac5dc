import TandemCore

/// `tandem hooks` output: a table for people, `tandem.hooks/1` JSON, and a Markdown proposal a maintainer
/// could post to a mailing list.
public enum HooksRenderer {
    /// The table for a terminal, control characters in names and reasons escaped (`TerminalText`).
    public static func text(_ results: [HookAnalysis.CopyResult], map: ForkMap) -> String {
        let summary = HookSummary(results)
        var out = ""
        let ranked = rankedCopies(results)
        for result in ranked {
            out += "\(result.verdict.rawValue)  \(JSONText.quotedPath(result.forkPath))  (\(result.copyLines) lines; \(result.reason))\n"
            for step in result.shareSteps { out += "    \(step)\n" }
            for d in result.differences {
                let ops = d.operations.isEmpty ? "" : " [" + d.operations.joined(separator: ", ") + "]"
                let place = d.copyLine > 0 ? ":\(d.copyLine)" : ""
                let pain = d.pain > 0 ? ", pain \(d.pain)" : ""
                out += "    \(d.change.rawValue) \(d.kind.rawValue) \(d.name)\(place) (\(d.group.rawValue)\(pain))\(ops)\n"
                if let hook = d.hook, result.verdict == .hookPoints { out += "        hook: \(hook)\n" }
            }
            if !result.unsegmented.isEmpty {
                out += "    not segmented: lines " + result.unsegmented.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ") + "\n"
            }
        }
        out += "\nhook groups, by lines of copy saved per hook:\n"
        if summary.groups.isEmpty { out += "  (none: no copy is within \(HookAnalysis.maxHooks) hooks of its original)\n" }
        for group in summary.groups {
            out += "  \(group.group.rawValue): \(group.hooks.count) hook\(group.hooks.count == 1 ? "" : "s") over \(group.copies) cop\(group.copies == 1 ? "y" : "ies"), "
            out += "\(DriftFormat.fixed(group.linesSavedPerHook, 1)) lines saved per hook"
            out += group.pain > 0 ? ", pain \(group.pain)" : ""
            out += group.operations.isEmpty ? "\n" : " (" + group.operations.prefix(8).joined(separator: ", ") + ")\n"
        }
        let counts = HookAnalysis.Verdict.allCases.map { "\(summary.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        out += "copies: \(counts); sharing would remove \(summary.removableLines) lines of copies\n"
        return TerminalText.escaped(out, keepingNewlines: true)
    }

    /// Copies ranked: share-now, cosmetic-sync, hook-points (most lines saved per hook first), keep-copy.
    public static func rankedCopies(_ results: [HookAnalysis.CopyResult]) -> [HookAnalysis.CopyResult] {
        let order = HookAnalysis.Verdict.allCases
        return results.sorted { a, b in
            // order is allCases: it holds every verdict.
            // swift-format-ignore: NeverForceUnwrap
            let (x, y) = (order.firstIndex(of: a.verdict)!, order.firstIndex(of: b.verdict)!)
            if x != y { return x < y }
            if a.verdict == .hookPoints, a.linesSavedPerHook != b.linesSavedPerHook { return a.linesSavedPerHook > b.linesSavedPerHook }
            if a.pain != b.pain { return a.pain > b.pain }
            return a.forkPath.lexicographicallyPrecedes(b.forkPath)
        }
    }

    public static func json(_ results: [HookAnalysis.CopyResult], map: ForkMap) -> String {
        let summary = HookSummary(results)
        var out = "{\"schema\":\"tandem.hooks/1\",\"copies\":["
        out += rankedCopies(results).map { r in
            "\n{\"upstream\":\(JSONText.string(JSONText.pathText(r.upstreamPath))),\"fork\":\(JSONText.string(JSONText.pathText(r.forkPath))),"
                + "\"tree\":\(r.tree),\"verdict\":\"\(r.verdict.rawValue)\",\"reason\":\(JSONText.string(r.reason)),\"copyLines\":\(r.copyLines),"
                + "\"units\":\(r.units),\"linesSavedPerHook\":\(DriftFormat.fixed(r.linesSavedPerHook, 1)),\"pain\":\(r.pain),"
                + "\"shareSteps\":[\(r.shareSteps.map(JSONText.string).joined(separator: ","))],"
                + "\"unsegmented\":[\(r.unsegmented.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ","))],"
                + "\"differences\":[" + r.differences.map { d in
                    "{\"kind\":\"\(d.kind.rawValue)\",\"name\":\(JSONText.string(d.name)),\"change\":\"\(d.change.rawValue)\",\"line\":\(d.copyLine),"
                        + "\"lines\":\(d.copyLines),\"group\":\"\(d.group.rawValue)\",\"operations\":[\(d.operations.map(JSONText.string).joined(separator: ","))],"
                        + "\"hook\":\(d.hook.map(JSONText.string) ?? "null"),\"pain\":\(d.pain)}"
                }.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        out += "],\n\"groups\":[" + summary.groups.map { g in
            "\n{\"group\":\"\(g.group.rawValue)\",\"hooks\":[\(g.hooks.map(JSONText.string).joined(separator: ","))],\"copies\":\(g.copies),"
                + "\"linesSaved\":\(DriftFormat.fixed(g.linesSaved, 1)),\"linesSavedPerHook\":\(DriftFormat.fixed(g.linesSavedPerHook, 1)),"
                + "\"pain\":\(g.pain),\"operations\":[\(g.operations.map(JSONText.string).joined(separator: ","))]}"
        }.joined(separator: ",")
        out += "],\n\"totals\":{" + HookAnalysis.Verdict.allCases.map { "\"\($0.rawValue)\":\(summary.counts[$0] ?? 0)" }.joined(separator: ",")
        out += ",\"removableLines\":\(summary.removableLines)}}\n"
        return out
    }

    /// A short proposal for a mailing list: what can be shared now, which hooks would share more, why the
    /// rest stays forked.
    public static func markdown(_ results: [HookAnalysis.CopyResult], map: ForkMap, title: String) -> String {
        let summary = HookSummary(results)
        let ranked = rankedCopies(results)
        var out = "# Sharing forked files in \(MarkdownRenderer.inline(title))\n\n"
        out += "Of \(results.count) forked copies, \(summary.counts[.shareNow] ?? 0) are identical to their original, "
        out += "\(summary.counts[.cosmeticSync] ?? 0) differ only in white space or comments, "
        out += "\(summary.counts[.hookPoints] ?? 0) differ in at most \(HookAnalysis.maxHooks) units, and "
        out += "\(summary.counts[.keepCopy] ?? 0) are deeply forked. Sharing the first three kinds would remove "
        out += "\(summary.removableLines) lines of copied code.\n\n"
        let now = ranked.filter { $0.verdict == .shareNow || $0.verdict == .cosmeticSync }
        if !now.isEmpty {
            out += "## Share now\n\n"
            for r in now {
                out += "- `\(JSONText.pathText(r.forkPath))` (\(r.verdict == .shareNow ? "identical" : "white space and comments only")):\n"
                for step in r.shareSteps { out += "  - `\(step)`\n" }
            }
            out += "\n"
        }
        if !summary.groups.isEmpty {
            out += "## Proposed hook points\n\n"
            out += "| group | hooks | copies | lines saved per hook | porting pain |\n|---|---:|---:|---:|---:|\n"
            for g in summary.groups {
                out += "| \(g.group.rawValue) | \(g.hooks.count) | \(g.copies) | \(DriftFormat.fixed(g.linesSavedPerHook, 1)) | \(g.pain) |\n"
            }
            out += "\n"
            for g in summary.groups {
                out += "### \(g.group.rawValue)\n\n"
                for hook in g.hooks { out += "- `\(hook)`\n" }
                if !g.operations.isEmpty { out += "\nOperations the fork does differently: " + g.operations.map { "`\($0)`" }.joined(separator: ", ") + ".\n" }
                out += "\n"
            }
            out += "With these hooks, these copies could go:\n\n"
            for r in ranked where r.verdict == .hookPoints {
                out += "- `\(JSONText.pathText(r.forkPath))` (\(r.copyLines) lines): " + r.differences.map { d in
                    "`\(d.name)` " + (d.hook == nil ? "(fork-only, moves to a fork file)" : "(\(d.group.rawValue) hook)")
                }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        let kept = ranked.filter { $0.verdict == .keepCopy }
        if !kept.isEmpty {
            out += "## Keep as copies\n\n"
            for r in kept { out += "- `\(JSONText.pathText(r.forkPath))`: \(r.reason)\n" }
            out += "\n"
        }
        return out
    }
}
