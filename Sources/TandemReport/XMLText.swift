/// Text for XML and HTML documents (JUnit, the dashboard): `&`, `<`, `>`, quotes escaped; control
/// characters XML 1.0 cannot carry even as references (all below U+0020 except tab, line feed and carriage
/// return, plus U+FFFE/U+FFFF) are spelled `\u{XX}` so a hostile path shows what it holds and the document
/// stays well-formed.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case let s where s.value < 0x20 || s.value == 0x7F || s.value == 0xFFFE || s.value == 0xFFFF:
                out += "\\u{" + String(s.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
