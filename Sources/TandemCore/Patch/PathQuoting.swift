/// Git's C-style quoting of path names in patch headers (`"a/t\303\251st.c"`).
///
/// Git quotes a name when it holds a byte below 0x20, `"`, `\`, DEL or any byte ≥ 0x80 (with the default
/// `core.quotePath`); inside the quotes it writes `\a \b \t \n \v \f \r \" \\` and other such bytes as three
/// octal digits. Decoding accepts every escape git writes; anything else is refused (nil) so the caller keeps
/// the text as it was.
public enum PathQuoting {
    /// True when git would quote `name`.
    @inlinable
    public static func needsQuoting<C: Collection<UInt8>>(_ name: C) -> Bool {
        for byte in name where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x7F { return true }
        return false
    }

    /// `name` quoted as git writes it, or unchanged when it needs no quotes.
    @inlinable
    public static func quoteIfNeeded<C: Collection<UInt8>>(_ name: C) -> [UInt8] {
        guard needsQuoting(name) else { return Array(name) }
        return quote(Array(name))
    }

    /// `name` in quotes with git's escapes.
    public static func quote(_ name: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [ASCII.quote]
        for byte in name {
            switch byte {
            case 0x07: out += [ASCII.backslash, UInt8(ascii: "a")]
            case 0x08: out += [ASCII.backslash, UInt8(ascii: "b")]
            case 0x09: out += [ASCII.backslash, UInt8(ascii: "t")]
            case 0x0A: out += [ASCII.backslash, UInt8(ascii: "n")]
            case 0x0B: out += [ASCII.backslash, UInt8(ascii: "v")]
            case 0x0C: out += [ASCII.backslash, UInt8(ascii: "f")]
            case 0x0D: out += [ASCII.backslash, UInt8(ascii: "r")]
            case ASCII.quote, ASCII.backslash: out += [ASCII.backslash, byte]
            case let b where b < 0x20 || b >= 0x7F:
                out += [ASCII.backslash, 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)]
            default: out.append(byte)
            }
        }
        out.append(ASCII.quote)
        return out
    }

    /// Decodes a quoted name at the start of `text` (which must begin with `"`). Returns the name and the
    /// index just past the closing quote, or nil when the quoting is broken.
    public static func unquote(prefixOf text: Bytes) -> (name: [UInt8], end: Int)? {
        guard text.first == ASCII.quote else { return nil }
        var out: [UInt8] = []
        var i = text.startIndex + 1
        while i < text.endIndex {
            let byte = text[i]
            if byte == ASCII.quote { return (out, i + 1) }
            if byte == ASCII.newline { return nil }
            if byte != ASCII.backslash {
                out.append(byte)
                i += 1
                continue
            }
            i += 1
            guard i < text.endIndex else { return nil }
            let escape = text[i]
            switch escape {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case ASCII.quote, ASCII.backslash: out.append(escape)
            case UInt8(ascii: "0")...UInt8(ascii: "3"):
                guard i + 2 < text.endIndex else { return nil }
                let digits = [text[i], text[i + 1], text[i + 2]]
                guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) else { return nil }
                out.append((digits[0] - 0x30) << 6 | (digits[1] - 0x30) << 3 | (digits[2] - 0x30))
                i += 2
            default: return nil
            }
            i += 1
        }
        return nil
    }
}
