import TandemCore

/// `tandem stat`'s table for people: one row per file patch, then the totals.
///
/// ```
///  added removed hunks kind         path
///     12       3     2 modify       arch/i386/kernel/process.c
///      0       0     0 rename       arch/i386/kernel/old.c => arch/i386/kernel/new.c
///     12       3     2 total        2 files
/// ```
/// Paths are shown as git shows them (quoted when they hold control or non-ASCII bytes).
public enum StatTextRenderer {
    public static func render(_ stats: PatchStatistics) -> String {
        var rows: [[String]] = [["added", "removed", "hunks", "kind", "path"]]
        for file in stats.files {
            var path = JSONText.quotedPath(file.path)
            if let old = file.oldPath { path = JSONText.quotedPath(old) + " => " + path }
            rows.append(["\(file.added)", "\(file.removed)", "\(file.hunks)", file.change.label, path])
        }
        let count = stats.files.count
        rows.append([
            "\(stats.added)", "\(stats.removed)", "\(stats.hunks)", "total",
            "\(count) file\(count == 1 ? "" : "s")",
        ])
        // The first four columns are ASCII (numbers and kinds): their UTF-8 length is their width, and
        // counting it avoids grapheme breaking, which dominated this renderer on 10,000-file patches.
        var widths = [Int](repeating: 0, count: 4)
        for row in rows { for i in 0..<4 { widths[i] = max(widths[i], row[i].utf8.count) } }
        var out = ""
        out.reserveCapacity(rows.count * 64)
        for row in rows {
            for i in 0..<3 { out += String(repeating: " ", count: widths[i] - row[i].utf8.count) + row[i] + " " }
            out += row[3] + String(repeating: " ", count: widths[3] - row[3].utf8.count) + " " + row[4] + "\n"
        }
        return out
    }

}
