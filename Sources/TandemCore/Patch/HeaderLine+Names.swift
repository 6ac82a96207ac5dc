/// Where the path names sit inside header lines, so they can be read and rewritten in place.
///
/// A `NameField` is the byte range of one name in `raw` (quotes included when quoted) and the decoded name.
/// Rewriting a name splices new bytes into that range and keeps everything else (timestamps after the tab,
/// the terminator) as it was.
extension HeaderLine {
    public struct NameField: Sendable, Equatable {
        /// Range in `raw`'s index space covering the name as written (with its quotes).
        public var range: Range<Int>
        /// The decoded name.
        public var name: [UInt8]
    }

    /// The names this line carries, in order (old then new), or empty when it carries none or they cannot
    /// be split (a `diff --git` line with spaces in differing names).
    public var nameFields: [NameField] {
        let body = raw.withoutTerminator
        switch kind {
        case .oldName, .newName:
            return Self.tabTerminatedName(body.dropping(4)).map { [$0] } ?? []
        case .renameFrom, .copyFrom, .renameTo, .copyTo:
            let keyword =
                raw.hasPrefix("rename old ") || raw.hasPrefix("rename new ")
                ? 11
                : kind == .renameFrom ? 12 : kind == .renameTo ? 10 : kind == .copyFrom ? 10 : 8
            return Self.wholeName(body.dropping(keyword)).map { [$0] } ?? []
        case .gitDiff:
            return Self.twoNames(body.dropping(11), separator: [ASCII.space])
        case .binaryFiles:
            // "Binary files A and B differ"
            guard body.hasPrefix("Binary files "), body.count > 20 else { return [] }
            let inner = body[(body.startIndex + 13)..<(body.endIndex - 7)]
            guard body[(body.endIndex - 7)...].elementsEqual(" differ".utf8) else { return [] }
            return Self.twoNames(inner, separator: Array(" and ".utf8))
        case .command:
            // "diff -urN old/x new/x": the last two space-separated words.
            let words = body.split(separator: ASCII.space, omittingEmptySubsequences: true)
            guard words.count >= 3 else { return [] }
            return words.suffix(2).map { NameField(range: $0.startIndex..<$0.endIndex, name: Array($0)) }
        default:
            return []
        }
    }

    /// A name that ends at a tab (GNU diff puts the timestamp after one) or at the end of the line.
    static func tabTerminatedName(_ text: Bytes) -> NameField? {
        if text.first == ASCII.quote {
            guard let (name, end) = PathQuoting.unquote(prefixOf: text) else { return nil }
            return NameField(range: text.startIndex..<end, name: name)
        }
        let end = text.firstIndex(of: ASCII.tab) ?? text.endIndex
        guard end > text.startIndex else { return nil }
        return NameField(range: text.startIndex..<end, name: Array(text[..<end]))
    }

    /// A name that takes the rest of the line.
    static func wholeName(_ text: Bytes) -> NameField? {
        if text.first == ASCII.quote {
            guard let (name, end) = PathQuoting.unquote(prefixOf: text), end == text.endIndex else { return nil }
            return NameField(range: text.startIndex..<end, name: name)
        }
        guard !text.isEmpty else { return nil }
        return NameField(range: text.startIndex..<text.endIndex, name: Array(text))
    }

    /// Two names separated by `separator`, either possibly quoted. Unquoted names with the separator inside
    /// them are split in the middle, where both sides name the same path after their first component (git's
    /// rule for `diff --git a/x y b/x y`); when that fails the result is empty.
    static func twoNames(_ text: Bytes, separator: [UInt8]) -> [NameField] {
        if text.first == ASCII.quote {
            guard let (first, end) = PathQuoting.unquote(prefixOf: text),
                text[end...].hasPrefix(bytes: separator)
            else { return [] }
            let rest = text[(end + separator.count)...]
            guard let second = wholeName(rest) else { return [] }
            return [NameField(range: text.startIndex..<end, name: first), second]
        }
        // First name unquoted. With one separator the split is there. Otherwise the names are the same path
        // with different first components of equal length (`a/x y` and `b/x y`), so the split is in the
        // middle — git's rule — and that one candidate is checked: linear time, whatever the line holds.
        func field(_ range: Range<Int>) -> NameField? {
            let part = text[range]
            if part.first == ASCII.quote { return wholeName(part) }
            return part.isEmpty ? nil : NameField(range: range, name: Array(part))
        }
        var first: Int?
        var count = 0
        var i = text.startIndex
        while i + separator.count <= text.endIndex {
            if text[i...].hasPrefix(bytes: separator) {
                count += 1
                if first == nil { first = i }
            }
            i += 1
        }
        if count == 1, let split = first,
            let a = field(text.startIndex..<split), let b = field((split + separator.count)..<text.endIndex)
        {
            return [a, b]
        }
        guard count > 1, (text.count - separator.count) % 2 == 0 else { return [] }
        let split = text.startIndex + (text.count - separator.count) / 2
        guard text[split...].hasPrefix(bytes: separator),
            let a = field(text.startIndex..<split), let b = field((split + separator.count)..<text.endIndex),
            let sa = PatchPath.strip(a.name, components: 1), let sb = PatchPath.strip(b.name, components: 1), sa == sb
        else { return [] }
        return [a, b]
    }

    /// A copy of this line with the names in `replacements` (fields of this line, in any order) replaced by
    /// new names, quoted when git would quote them. Everything else in the line is kept.
    public func replacingNames(_ replacements: [(field: NameField, name: [UInt8])]) -> HeaderLine {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count + 16)
        var cursor = raw.startIndex
        for (field, name) in replacements.sorted(by: { $0.field.range.lowerBound < $1.field.range.lowerBound }) {
            bytes += raw[cursor..<field.range.lowerBound]
            bytes += PathQuoting.quoteIfNeeded(name)
            cursor = field.range.upperBound
        }
        bytes += raw[cursor...]
        return HeaderLine(kind: kind, raw: bytes[...])
    }
}
