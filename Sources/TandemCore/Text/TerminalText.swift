/// Text from inputs made safe to show on a terminal: control characters become visible escapes, as git
/// writes them when `core.quotePath` quotes a name (`\a \b \t \n \v \f \r`, other bytes in three octal
/// digits: ESC is `\033`, DEL `\177`).
///
/// A patch is written by someone else. A path or a code line holding ESC, CR or backspace could, printed
/// raw, move the cursor, rewrite lines already shown, retitle the window or hide a warning. So every message
/// to standard error and every text report that quotes paths or lines escapes:
/// - C0 controls (U+0000–U+001F) except tab, and except line feed where the text is several lines;
/// - DEL (U+007F);
/// - C1 controls (U+0080–U+009F), which some terminals obey as escapes too; each of their two UTF-8 bytes
///   is written in octal, as git writes bytes above 0x7F (`\302\233` for U+009B).
/// Everything else is kept: printable ASCII, tab, and UTF-8 text (invalid UTF-8 is already U+FFFD in a
/// `String`). Unlike git, backslashes and quotes are not doubled: this is for people to read, not to parse
/// back, so machine outputs (patches, JSON, numstat) never go through it. Linear in the text; text without
/// controls is returned as is after one scan.
public enum TerminalText {
    /// True when `scalar` would be escaped (`keepingNewlines`: a line feed is kept).
    @inlinable
    public static func needsEscape(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        let value = scalar.value
        if value == 0x09 || (value == 0x0A && keepingNewlines) { return false }
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// `text` with its control characters escaped; line feeds kept when `keepingNewlines` (a report of
    /// several lines), escaped otherwise (a one-line message stays one line).
    public static func escaped(_ text: String, keepingNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines: keepingNewlines) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingNewlines: keepingNewlines) else {
                out.append(scalar)
                continue
            }
            out.append("\\")
            switch scalar.value {
            case 0x07: out.append("a")
            case 0x08: out.append("b")
            case 0x0A: out.append("n")
            case 0x0B: out.append("v")
            case 0x0C: out.append("f")
            case 0x0D: out.append("r")
            default:
                for (index, byte) in String(scalar).utf8.enumerated() {
                    if index > 0 { out.append("\\") }
                    for shift: UInt8 in [6, 3, 0] {
                        out.append(Unicode.Scalar(UInt8(ascii: "0") + ((byte >> shift) & 7)))
                    }
                }
            }
        }
        return String(out)
    }
}
