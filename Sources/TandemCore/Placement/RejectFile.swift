/// The `.rej` file for hunks that did not apply: a unified diff of just those hunks, whose headers carry the
/// reason in the section text (`@@ -40,7 +40,8 @@ ambiguous: context matches at 40 and 212`), so the
/// reject explains itself and still applies with `patch` once the reason is fixed.
public enum RejectFile {
    /// The reject bytes for `hunks` (each with its reason) of the file patch that changes `oldPath` →
    /// `newPath`.
    public static func bytes(
        oldPath: [UInt8], newPath: [UInt8], hunks: [(hunk: Hunk, reason: String)],
        prefixes: (old: [UInt8], new: [UInt8]) = (Array("a/".utf8), Array("b/".utf8))
    ) -> [UInt8] {
        var out: [UInt8] = Array("--- ".utf8) + PathQuoting.quoteIfNeeded(prefixes.old + oldPath) + [ASCII.newline]
        out += Array("+++ ".utf8) + PathQuoting.quoteIfNeeded(prefixes.new + newPath) + [ASCII.newline]
        for (hunk, reason) in hunks {
            let h = hunk.header
            let section = Array((" " + reason).utf8).filter { $0 != ASCII.newline && $0 != ASCII.carriageReturn }
            out +=
                HunkHeader(
                    oldStart: h.oldStart, oldCount: h.oldCount, newStart: h.newStart, newCount: h.newCount,
                    section: section[...]
                ).raw
            out += hunk.body.bytes
            if out.last != ASCII.newline { out.append(ASCII.newline) }
        }
        return out
    }
}
