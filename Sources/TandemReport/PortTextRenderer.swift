import TandemCore

/// `tandem port`'s summary for people: per copy, one line per hunk that was not an exact port, then counts.
///
/// ```
/// arch/i386/kernel/setup.c -> arch/xen/i386/kernel/setup.c
///   hunk 2: ported (offset, offset 76) at line 113
///   hunk 3: fork-conflict: the fork changed the lines this hunk changes; merge by hand (line 33)
/// verdicts: 15 ported, 2 already-applied, 4 fork-conflict, 1 ambiguous
/// ```
public enum PortTextRenderer {
    public static func render(_ report: PortReport) -> String {
        var out = ""
        var current: ([UInt8], [UInt8])?
        for entry in report.entries {
            if case .ported(let p) = entry.verdict, p.step == .exact { continue }
            if current.map({ $0.0 != entry.upstreamPath || $0.1 != entry.copyPath }) ?? true {
                out += ApplyTextRenderer.path(entry.upstreamPath) + " -> " + ApplyTextRenderer.path(entry.copyPath) + "\n"
                current = (entry.upstreamPath, entry.copyPath)
            }
            out += "  " + (entry.hunk == 0 ? "file" : "hunk \(entry.hunk)") + ": " + entry.verdict.message
            if entry.line > 0 { out += " (line \(entry.line))" }
            out += "\n"
        }
        let counts = report.counts.map { "\($0.count) \($0.label)" }.joined(separator: ", ")
        out += "verdicts: " + (counts.isEmpty ? "none (no upstream file patch touches a mapped file)" : counts) + "\n"
        return out
    }
}
