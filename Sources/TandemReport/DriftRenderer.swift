import TandemCore

/// A drift renderer streams: `begin` once, `snapshot` per measured snapshot (oldest first), `end` once, each
/// returning text to write, so a long history never has to be held in memory.
public protocol DriftRenderer {
    mutating func begin() -> String
    mutating func snapshot(_ result: DriftSnapshot.Result) -> String
    mutating func end() -> String
}

/// Small formatting rules shared by the drift renderers.
public enum DriftFormat {
    /// `value` with exactly `digits` decimals (`0.9130`), no locale, no exponent.
    public static func fixed(_ value: Double, _ digits: Int = 4) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale), fraction = abs(scaled % Int(scale))
        var text = String(fraction)
        text = String(repeating: "0", count: digits - text.count) + text
        return (scaled < 0 && whole == 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + text : "")
    }

    /// A UTC date `YYYY-MM-DD` for seconds since 1970 (days-from-civil inverted, proleptic Gregorian).
    public static func date(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The fork-only files of a total as people read them: `1 fork-only file, 59 lines`.
    public static func forkOnly(_ t: DriftTotals) -> String {
        "\(t.forkOnlyFiles) fork-only file\(t.forkOnlyFiles == 1 ? "" : "s"), \(t.forkOnlyFileLines) line\(t.forkOnlyFileLines == 1 ? "" : "s")"
    }

    /// A mapping as people read it: `arch/i386/ -> arch/xen/i386/`.
    public static func tree(_ mapping: ForkMapping) -> String { "\(mapping.upstream) -> \(mapping.fork)" }
}
