/// Where the C functions of a file are, found by a tolerant line scan — no C parser, never fails.
///
/// A function starts at a line in column 0 that holds an identifier followed by `(` (possibly after a
/// return type and qualifiers), does not end in `;`, and is followed — on the same line or within the next
/// three lines, which may continue the parameter list — by a line that opens the body with `{`. It ends at
/// the next line that starts with `}`. The name is the identifier right before the first `(`. Macros,
/// declarations and code the scan cannot read simply belong to no function. Linear in the file.
public enum CFunctions {
    /// A function's name and its 0-based line range (header to closing brace, inclusive).
    public struct Span: Sendable, Equatable {
        public var name: String
        public var lines: ClosedRange<Int>
    }

    public static func spans(_ lines: [Bytes]) -> [Span] {
        var out: [Span] = []
        var i = 0
        while i < lines.count {
            guard let name = headerName(lines[i]) else {
                i += 1
                continue
            }
            // The body opens on this line or within three more lines (a wrapped parameter list).
            var open: Int?
            for k in i..<min(i + 4, lines.count) {
                let text = lines[k].withoutTerminator
                if text.contains(UInt8(ascii: "{")) { open = k; break }
                if text.last == UInt8(ascii: ";") { break }
            }
            guard let start = open else {
                i += 1
                continue
            }
            var end = start
            let opening = lines[start].withoutTerminator
            if opening.last != UInt8(ascii: "}") {  // not a one-line body `{ … }`
                end = start + 1
                while end < lines.count, lines[end].first != UInt8(ascii: "}") { end += 1 }
            }
            if end >= lines.count { break }
            out.append(Span(name: name, lines: i...end))
            i = end + 1
        }
        return out
    }

    /// The function name of a header line, or nil.
    static func headerName(_ line: Bytes) -> String? {
        let text = line.withoutTerminator
        guard let first = text.first, isIdentifierStart(first) else { return nil }
        if text.last == UInt8(ascii: ";") { return nil }
        if text.starts(with: "typedef".utf8) || text.starts(with: "struct".utf8) && !text.contains(UInt8(ascii: "(")) {
            return nil
        }
        guard let paren = text.firstIndex(of: UInt8(ascii: "(")) else { return nil }
        var end = paren
        while end > text.startIndex, text[end - 1] == ASCII.space || text[end - 1] == ASCII.tab { end -= 1 }
        var start = end
        while start > text.startIndex, isIdentifier(text[start - 1]) { start -= 1 }
        guard start < end else { return nil }
        let name = String(decoding: text[start..<end], as: UTF8.self)
        // Control flow and macro-like uppercase names are not functions.
        if ["if", "for", "while", "switch", "return", "sizeof"].contains(name) { return nil }
        return name
    }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    static func isIdentifier(_ c: UInt8) -> Bool { isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) }

    /// Names of the functions that contain any of `lineIndices`.
    public static func names(containing lineIndices: [Int], in spans: [Span]) -> [String] {
        var names: [String] = []
        var k = 0
        for index in lineIndices.sorted() {
            while k < spans.count, spans[k].lines.upperBound < index { k += 1 }
            if k < spans.count, spans[k].lines.contains(index), !names.contains(spans[k].name) {
                names.append(spans[k].name)
            }
        }
        return names
    }
}
