import TandemCore

/// Minimal JSON text building for the renderers: string escaping (RFC 8259; control bytes as `\u00XX`) and
/// a raw-bytes-to-string rule that loses nothing a reader needs.
public enum JSONText {
    /// `value` as a JSON string literal, quotes included.
    public static func string(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20 || s.value == 0x7F:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A path for console text, spelled as git spells it (quoted when it holds control or non-ASCII bytes).
    public static func quotedPath(_ bytes: [UInt8]) -> String {
        String(decoding: PathQuoting.quoteIfNeeded(bytes), as: UTF8.self)
    }

    /// A path for people and JSON readers: its UTF-8 text when the bytes are valid UTF-8, otherwise git's
    /// quoted spelling (`"t\351st.c"`), which names the exact bytes.
    public static func pathText(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(decoding: PathQuoting.quoteIfNeeded(bytes), as: UTF8.self)
    }

    /// The bytes `pathText` was made from: a whole git-quoted spelling whose bytes are not UTF-8 is decoded
    /// (only such bytes are ever quoted); any other text is its UTF-8. One name stays ambiguous: a UTF-8
    /// name that is itself, quotes and backslashes included, git's spelling of a non-UTF-8 name.
    public static func pathBytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.first == ASCII.quote, let (name, end) = PathQuoting.unquote(prefixOf: utf8[...]), end == utf8.count,
            String(validating: name, as: UTF8.self) == nil
        else { return utf8 }
        return name
    }
}
