/// The line of a C file where a function or macro definition starts, read from that line alone (a hunk's
/// lines are a fragment of a file, which no segmentation can be trusted to read): `#define NAME`, or a line
/// at column 0 with `NAME(` that does not end a statement.
///
/// `looksLike` is the loose shape, the cheap test before a segmentation (`PortRisk`); `name` also reads the
/// name, and refuses keywords and all-capital names at column 0 (macro invocations such as `DO_ERROR(…)`,
/// which define through a macro rather than by name: `MoveLedger`).
public enum DefinitionLine {
    /// True when `text` (a line, without the patch's `+`/`-`) may begin a definition.
    public static func looksLike(_ text: Bytes) -> Bool {
        guard let first = text.first, first != ASCII.space, first != ASCII.tab else { return false }
        if first == UInt8(ascii: "#") { return text.contains(run: Array("define".utf8)) }
        let trimmed = text.withoutTerminator
        return trimmed.contains(UInt8(ascii: "(")) && trimmed.last != UInt8(ascii: ";")
    }

    /// The name `text` defines, if it is a definition line (see the type's notes).
    public static func name(_ text: Bytes) -> String? {
        guard looksLike(text) else { return nil }
        let line = Array(text.withoutTerminator)
        func identifier(at start: Int) -> String? {
            var end = start
            while end < line.count, CFunctions.isIdentifier(line[end]) { end += 1 }
            guard end > start, !(line[start] >= ASCII.zero && line[start] <= ASCII.nine) else { return nil }
            return String(decoding: line[start..<end], as: UTF8.self)
        }
        if line[0] == UInt8(ascii: "#") {
            var i = 1
            while i < line.count, line[i] == ASCII.space || line[i] == ASCII.tab { i += 1 }
            guard line[i...].starts(with: Array("define".utf8)) else { return nil }
            i += 6
            guard i < line.count, line[i] == ASCII.space || line[i] == ASCII.tab else { return nil }
            while i < line.count, line[i] == ASCII.space || line[i] == ASCII.tab { i += 1 }
            return identifier(at: i)
        }
        var last = line.count - 1
        while last >= 0, line[last] == ASCII.space || line[last] == ASCII.tab { last -= 1 }
        guard last >= 0, line[last] != UInt8(ascii: ";"), line[last] != ASCII.comma,
            let paren = line.firstIndex(of: UInt8(ascii: "("))
        else { return nil }
        var end = paren
        while end > 0, line[end - 1] == ASCII.space || line[end - 1] == ASCII.tab { end -= 1 }
        var start = end
        while start > 0, CFunctions.isIdentifier(line[start - 1]) { start -= 1 }
        guard start < end, let name = identifier(at: start), !CTokens.keywords.contains(name),
            name.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A })
        else { return nil }
        return name
    }
}
