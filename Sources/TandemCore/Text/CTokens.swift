/// C lines as token sequences, for comparing code that was reformatted or renamed: `normalized` drops white
/// space between tokens (`if(x)` = `if (x)`), `abstracted` also replaces every identifier that is not a C
/// keyword by `$` (`mask_evtchn(port)` = `mask_irq(irq)`), so a fix carried to a sibling under other names
/// still compares equal. A tolerant scanner: any byte it does not know is a token of its own.
public enum CTokens {
    /// True for an identifier that is not a C keyword, `minimumLength` characters or more: a name a line
    /// mentions.
    static func isName(_ token: String, minimumLength: Int = 3) -> Bool {
        guard let first = token.utf8.first, CFunctions.isIdentifierStart(first) else { return false }
        return token.utf8.count >= minimumLength && !keywords.contains(token)
    }

    static let keywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float",
        "for", "goto", "if", "inline", "int", "long", "register", "return", "short", "signed", "sizeof", "static",
        "struct",
        "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "asm", "__asm__", "__volatile__", "NULL",
    ]

    /// The tokens of one line (comments `/* … */` on the line and `//` to its end are dropped).
    public static func tokens(_ line: some Collection<UInt8>) -> [String] {
        let bytes = Array(line)
        var out: [String] = []
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == ASCII.space || c == ASCII.tab || c == ASCII.carriageReturn || c == ASCII.newline {
                i += 1; continue
            }
            if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") { break }
            if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) {
                    i += 1
                }
                i += 2
                continue
            }
            var j = i + 1
            if CFunctions.isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) {
                while j < bytes.count,
                    CFunctions.isIdentifier(bytes[j]) || bytes[j] == UInt8(ascii: ".") && (c >= 0x30 && c <= 0x39)
                { j += 1 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                while j < bytes.count, bytes[j] != c { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                j = min(j + 1, bytes.count)
            }
            out.append(String(decoding: bytes[i..<j], as: UTF8.self))
            i = j
        }
        return out
    }

    /// How much deeper the braces of C blocks nest after `lines` than before them: `{` tokens less `}` tokens,
    /// those in strings, character literals and comments on one line not counted.
    public static func braceDepth(_ lines: [Bytes]) -> Int {
        var depth = 0
        for line in lines where line.contains(UInt8(ascii: "{")) || line.contains(UInt8(ascii: "}")) {
            for token in tokens(line) {
                if token == "{" { depth += 1 } else if token == "}" { depth -= 1 }
            }
        }
        return depth
    }

    /// The line without white space between tokens (and without comments); empty for blank lines.
    public static func normalized(_ line: some Collection<UInt8>) -> String { tokens(line).joined(separator: " ") }

    /// The line with every non-keyword identifier replaced by `$`.
    /// With `strings`, the words inside string literals too (`abstractedString`): assembler templates
    /// spelt for another architecture (`movl`/`movq`) then read alike.
    public static func abstracted(_ line: some Collection<UInt8>, strings: Bool = false) -> String {
        tokens(line).map { token in
            guard let first = token.utf8.first else { return token }
            if strings && first == UInt8(ascii: "\"") { return abstractedString(token) }
            guard CFunctions.isIdentifierStart(first), !keywords.contains(token) else { return token }
            return "$"
        }.joined(separator: " ")
    }

    /// A string literal with each word of two characters or more in it (letters, digits and `_`, starting
    /// with a letter or `_`) replaced by `$`: `"movl %%cr0, %0"` and `"movq %%cr0, %0"` read alike. A single
    /// letter stays: an operand constraint (`"=r"`, a register, is not `"=m"`, memory) or an escape (`\n`).
    static func abstractedString(_ literal: String) -> String {
        var out: [UInt8] = []
        var word: [UInt8] = []
        func flush() {
            out += word.count >= 2 ? [UInt8(ascii: "$")] : word
            word = []
        }
        for byte in literal.utf8 {
            if CFunctions.isIdentifier(byte) && (!word.isEmpty || CFunctions.isIdentifierStart(byte)) {
                word.append(byte)
            } else {
                flush()
                out.append(byte)
            }
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    /// The line's shape: its first token as written when it is a word (`source`, `extern`, `movl`), then
    /// every other token with names as `$`, numbers as `0` and string or character literals as `"`. Lines
    /// of one kind share a shape: `pte_t pte_mkdirty(pte_t pte) { … _PAGE_DIRTY … }` and its `pte_mkwrite`
    /// twin, `source "drivers/pci/Kconfig"` and `source "fs/Kconfig"`. Empty for a blank or comment line.
    public static func shape(_ line: some Collection<UInt8>) -> String {
        tokens(line).enumerated().map { index, token in
            guard let first = token.utf8.first else { return token }
            if CFunctions.isIdentifierStart(first) {
                return index == 0 || keywords.contains(token) ? token : "$"
            }
            if first >= 0x30 && first <= 0x39 { return isZero(token) ? "0" : "1" }
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") { return "\"" }
            return token
        }.joined(separator: " ")
    }

    /// True for a number literal whose value is zero (`0`, `0x0000000000000000`, `0UL`).
    static func isZero(_ number: String) -> Bool {
        var digits = Substring(number)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        digits = digits.prefix { !"uUlL".contains($0) }
        return !digits.isEmpty && digits.allSatisfy { $0 == "0" }
    }

    /// What a run of C lines mentions, to tell whether two insertions depend on each other: every name that
    /// is not a keyword, every number but 0 and 1 (two sides that took the same free flag bit, `0x01000000`,
    /// collide although their names differ), and each `#include`d header as one name, its path as written.
    /// Nil when the lines leave an `#if…` open, close one they did not open, or hold an `#else` outside any.
    public static func mentions(in lines: [Bytes]) -> Set<String>? {
        guard ConditionalShape(lines) == .balanced else { return nil }
        var names = Set<String>()
        for line in lines {
            let tokens = tokens(line)
            if let header = includedHeader(tokens) {
                names.insert(header)
                continue
            }
            for (index, token) in tokens.enumerated() {
                // The directive's own word (`define`, `ifdef`) is not a name.
                guard let first = token.utf8.first, !(index == 1 && tokens[0] == "#") else { continue }
                if first >= 0x30 && first <= 0x39 {
                    if token != "0" && token != "1" { names.insert(token) }
                } else if CFunctions.isIdentifierStart(first) && !keywords.contains(token) {
                    names.insert(token)
                }
            }
        }
        return names
    }

    /// The header an `#include` line's tokens name, as one name with its path as written (`<linux/init.h>`:
    /// not `linux` and `init`, which other includes share); nil for any other line.
    public static func includedHeader(_ tokens: [String]) -> String? {
        guard tokens.count > 2, tokens[0] == "#", tokens[1] == "include" else { return nil }
        return tokens.dropFirst(2).joined()
    }

    /// True for a line that says nothing on its own (blank, a lone brace, `else`, `break;`, a comment).
    public static func isTrivial(_ normalized: String) -> Bool {
        ["", "{", "}", "};", "} else {", "else", "break ;", "return ;", "default :"].contains(normalized)
    }
}
