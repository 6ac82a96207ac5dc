import TandemCore

/// `tandem hooks` output, all from one model (`OperationTable` over the copies' `HookAnalysis` results): a
/// table for people, `tandem.hooks/2` JSON (operations with signature, group and sites; copies with the
/// operations they need), and a Markdown proposal a maintainer could post to a mailing list.
public enum HooksRenderer {
    /// The table for a terminal, control characters in names and reasons escaped (`TerminalText`).
    public static func text(_ results: [HookAnalysis.CopyResult], map: ForkMap) -> String {
        let table = OperationTable(results)
        var out =
            "operations, ranked" + (table.operations.contains { $0.pain > 0 } ? " by porting pain, then" : "")
            + " by the copies they would free:\n"
        if table.operations.isEmpty { out += "  (none: no copy can be shared through operations)\n" }
        for (rank, operation) in table.operations.enumerated() {
            out +=
                "  \(rank + 1). \(operation.group): \(operation.name) (\(operation.kind.rawValue)"
                + (operation.definition.map { ": \($0.signature)" } ?? "") + ")"
                + "; frees \(operation.copiesFreed) cop\(operation.copiesFreed == 1 ? "y" : "ies"), "
                + "\(DriftFormat.fixed(operation.linesFreed, 1)) lines"
                + (operation.pain > 0 ? "; pain \(operation.pain)" : "") + "\n"
            for site in operation.sites.prefix(4) {
                out += "       \(JSONText.quotedPath(site.copy)):\(site.line) in \(site.unit): \(site.replacement)\n"
            }
            if operation.sites.count > 4 { out += "       … and \(operation.sites.count - 4) more sites\n" }
        }
        out += "\ngroups:\n"
        for group in table.groups {
            out +=
                "  \(group.name): \(group.operations.joined(separator: ", ")) (\(group.copies) cop\(group.copies == 1 ? "y" : "ies"))\n"
        }
        out += "\ncopies:\n"
        for result in rankedCopies(results) {
            out +=
                "\(result.verdict.rawValue)  \(JSONText.quotedPath(result.forkPath))  (\(result.copyLines) lines; \(result.reason))\n"
            for step in result.shareSteps { out += "    \(step)\n" }
            if result.verdict == .hookPoints && !result.operations.isEmpty {
                out += "    needs: \(result.operations.joined(separator: ", "))\n"
            }
            for d in result.differences where d.change == .forkOnly || !d.rewrites.isEmpty {
                let place = d.copyLine > 0 ? ":\(d.copyLine)" : ""
                if d.change == .forkOnly {
                    out += "    fork-only \(d.kind.rawValue) \(d.name)\(place): moves to a fork file\n"
                }
                for rewrite in d.rewrites { out += "    not an operation: \(rewrite.why)\n" }
            }
            if !result.unsegmented.isEmpty {
                out +=
                    "    not segmented: lines "
                    + result.unsegmented.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ") + "\n"
            }
        }
        let counts = HookAnalysis.Verdict.allCases.map { "\(table.counts[$0] ?? 0) \($0.rawValue)" }.joined(
            separator: ", ")
        out += "copies: \(counts); sharing would remove \(table.removableLines) lines of copies\n"
        return TerminalText.escaped(out, keepingNewlines: true)
    }

    /// Copies ranked: share-now, cosmetic-sync, hook-points (most lines saved per operation first),
    /// keep-copy.
    public static func rankedCopies(_ results: [HookAnalysis.CopyResult]) -> [HookAnalysis.CopyResult] {
        let order = Dictionary(uniqueKeysWithValues: HookAnalysis.Verdict.allCases.enumerated().map { ($1, $0) })
        func perOperation(_ r: HookAnalysis.CopyResult) -> Double {
            Double(r.copyLines) / Double(max(r.operations.count, 1))
        }
        return results.sorted { a, b in
            let (x, y) = (order[a.verdict] ?? 0, order[b.verdict] ?? 0)
            if x != y { return x < y }
            if a.verdict == .hookPoints, perOperation(a) != perOperation(b) { return perOperation(a) > perOperation(b) }
            if a.pain != b.pain { return a.pain > b.pain }
            return a.forkPath.lexicographicallyPrecedes(b.forkPath)
        }
    }

    /// `tandem.hooks/2`.
    public static func json(_ results: [HookAnalysis.CopyResult], map: ForkMap) -> String {
        let table = OperationTable(results)
        func path(_ bytes: [UInt8]) -> String { JSONText.string(JSONText.pathText(bytes)) }
        func strings(_ list: [String]) -> String { "[" + list.map(JSONText.string).joined(separator: ",") + "]" }
        var out = "{\"schema\":\"tandem.hooks/2\",\"operations\":["
        out += table.operations.map { o in
            var fields =
                "\n{\"name\":\(JSONText.string(o.name)),\"kind\":\"\(o.kind.rawValue)\",\"group\":\(JSONText.string(o.group)),"
            fields +=
                "\"signature\":\(o.definition.map { JSONText.string($0.signature) } ?? "null"),\"primitive\":\(o.isPrimitive),"
            fields +=
                "\"copiesFreed\":\(o.copiesFreed),\"linesFreed\":\(DriftFormat.fixed(o.linesFreed, 1)),\"pain\":\(o.pain),"
            fields += "\"copies\":[" + o.copies.map(path).joined(separator: ",") + "],\"sites\":["
            fields += o.sites.map { s in
                "{\"copy\":\(path(s.copy)),\"line\":\(s.line),\"unit\":\(JSONText.string(s.unit)),\"replacement\":\(JSONText.string(s.replacement))}"
            }.joined(separator: ",")
            return fields + "]}"
        }.joined(separator: ",")
        out +=
            "],\n\"groups\":["
            + table.groups.map { g in
                "\n{\"name\":\(JSONText.string(g.name)),\"operations\":\(strings(g.operations)),\"copies\":\(g.copies)}"
            }.joined(separator: ",")
        out +=
            "],\n\"copies\":["
            + rankedCopies(results).map { r in
                var fields = "\n{\"upstream\":\(path(r.upstreamPath)),\"fork\":\(path(r.forkPath)),\"tree\":\(r.tree),"
                fields +=
                    "\"verdict\":\"\(r.verdict.rawValue)\",\"reason\":\(JSONText.string(r.reason)),\"copyLines\":\(r.copyLines),"
                fields += "\"units\":\(r.units),\"pain\":\(r.pain),\"operations\":\(strings(r.operations)),"
                fields += "\"shareSteps\":\(strings(r.shareSteps)),"
                fields +=
                    "\"unsegmented\":[\(r.unsegmented.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ","))],"
                fields +=
                    "\"differences\":["
                    + r.differences.map { d in
                        "{\"kind\":\"\(d.kind.rawValue)\",\"name\":\(JSONText.string(d.name)),\"change\":\"\(d.change.rawValue)\",\"line\":\(d.copyLine),"
                            + "\"lines\":\(d.copyLines),\"operations\":\(strings(d.operations)),\"rewrites\":\(strings(d.rewrites.map(\.why))),"
                            + "\"pain\":\(d.pain)}"
                    }.joined(separator: ",")
                return fields + "]}"
            }.joined(separator: ",")
        out +=
            "],\n\"totals\":{"
            + HookAnalysis.Verdict.allCases.map { "\"\($0.rawValue)\":\(table.counts[$0] ?? 0)" }.joined(separator: ",")
        out += ",\"operations\":\(table.operations.count),\"removableLines\":\(table.removableLines)}}\n"
        return out
    }

    /// A short proposal for a mailing list: what can be shared now, which operations would share more (by
    /// group, with their signatures and the copies they free), why the rest stays forked.
    public static func markdown(_ results: [HookAnalysis.CopyResult], map: ForkMap, title: String) -> String {
        let table = OperationTable(results)
        let ranked = rankedCopies(results)
        var out = "# Sharing forked files in \(MarkdownRenderer.inline(title))\n\n"
        out += "Of \(results.count) forked copies, \(table.counts[.shareNow] ?? 0) are identical to their original, "
        out += "\(table.counts[.cosmeticSync] ?? 0) differ only in white space or comments, "
        out +=
            "\(table.counts[.hookPoints] ?? 0) differ only where they substitute \(table.operations.count) operations, and "
        out +=
            "\(table.counts[.keepCopy] ?? 0) hold differences no operation expresses. Sharing the first three kinds would remove "
        out += "\(table.removableLines) lines of copied code.\n\n"
        let now = ranked.filter { $0.verdict == .shareNow || $0.verdict == .cosmeticSync }
        if !now.isEmpty {
            out += "## Share now\n\n"
            for r in now {
                out +=
                    "- `\(JSONText.pathText(r.forkPath))` (\(r.verdict == .shareNow ? "identical" : "white space and comments only")):\n"
                for step in r.shareSteps { out += "  - `\(step)`\n" }
            }
            out += "\n"
        }
        if !table.operations.isEmpty {
            out += "## Proposed operations\n\n"
            out +=
                "Each is a primitive the fork substitutes; made a hook (native by default, the fork's version where it runs), "
            out += "it lets the copies below go.\n\n"
            let byName = Dictionary(uniqueKeysWithValues: table.operations.map { ($0.name, $0) })
            for group in table.groups {
                out += "### \(MarkdownRenderer.inline(group.name))\n\n"
                out +=
                    "| operation | kind | signature | sites | copies freed | porting pain |\n|---|---|---|---:|---:|---:|\n"
                for name in group.operations {
                    guard let o = byName[name] else { continue }
                    out +=
                        "| `\(o.name)` | \(o.kind.rawValue) | " + (o.definition.map { "`\($0.signature)`" } ?? "–")
                        + " | \(o.sites.count) | \(o.copiesFreed) | \(o.pain) |\n"
                }
                out += "\n"
            }
            out += "With these operations, these copies could go:\n\n"
            for r in ranked where r.verdict == .hookPoints {
                let helpers = r.differences.filter { $0.change == .forkOnly }.map { "`\($0.name)`" }
                out +=
                    "- `\(JSONText.pathText(r.forkPath))` (\(r.copyLines) lines): "
                    + (r.operations.isEmpty ? "no operation" : r.operations.map { "`\($0)`" }.joined(separator: ", "))
                    + (helpers.isEmpty ? "" : "; fork-only " + helpers.joined(separator: ", ") + " move to a fork file")
                    + "\n"
            }
            out += "\n"
        }
        let kept = ranked.filter { $0.verdict == .keepCopy }
        if !kept.isEmpty {
            out += "## Keep as copies\n\n"
            for r in kept { out += "- `\(JSONText.pathText(r.forkPath))`: \(MarkdownRenderer.inline(r.reason))\n" }
            out += "\n"
        }
        return out
    }
}
