import TandemCore

/// A possible missed fix shown as a maintainer compares it: the sibling's lines (left) beside the fix's hunk
/// (right), one row per line, lined up where the sibling holds a line of the fix's old code, as
/// `tandem port` shows a conflict (`PortTextRenderer.sideBySide`).
///
/// Lines are lined up by their tokens with white space dropped (`CTokens.normalized`), or, when more lines
/// that say something (not braces or blank lines) pair so, with identifiers abstracted too
/// (`CTokens.abstracted`: a drifted sibling's code differs in names); the matching is the histogram
/// matching of the diffs (`LineMatching`), so a line that stands once anchors before `}` and blank lines do. An old line that pairs with none stands
/// beside the sibling's next line that pairs with none (the same line in another form, most often); other
/// lines of the sibling stand alone on the left, and lines the fix adds alone on the right.
///
/// Cost: one line matching of the hunk's old lines against the sibling's few lines.
extension SiblingsRenderer {
    /// The rows of a finding: the hunk's `@@` line, a header (the sibling's first line number), then each row
    /// `indent` + sibling line + ` | ` + hunk line. The left column is `column` characters wide (longer lines cut with `…`), or
    /// with nil as wide as its widest line (Markdown, which a browser scrolls). Empty when the finding
    /// carries no sibling code or no hunk body (a hand-made `tandem.siblings/1` file may hold none).
    static func sideBySide(
        hunkText: [String], siblingCode: [String], siblingStart: Int, column: Int? = PortTextRenderer.column,
        indent: String = "    "
    ) -> String {
        let rows = Array(hunkText.dropFirst())
        guard !siblingCode.isEmpty, !rows.isEmpty else { return "" }
        // The hunk's rows that hold old code (context and removed lines), and their text without the mark.
        let old = rows.indices.filter { !rows[$0].hasPrefix("+") && !rows[$0].hasPrefix("\\") }
        let isOld = Set(old)
        let toSibling = alignment(old.map { String(rows[$0].dropFirst()) }, siblingCode)
        var siblingOf = [Int: Int]()
        for (k, row) in old.enumerated() { if let s = toSibling[k] { siblingOf[row] = s } }
        let left = siblingCode.map { "  " + PortTextRenderer.display(Array($0.utf8)[...]) }
        let header = "sibling (from line \(siblingStart))"
        let width = column ?? left.map(\.count).reduce(header.count, max)
        var out = indent + PortTextRenderer.display(Array(hunkText[0].utf8)[...]) + "\n"
        out += indent + PortTextRenderer.pad(header, width) + " | the fix\n"
        func emit(_ l: String, _ r: String) { out += indent + PortTextRenderer.pad(l, width) + " | " + r + "\n" }
        let paired = Set(siblingOf.values)
        var next = 0
        for (index, row) in rows.enumerated() {
            let right = PortTextRenderer.display(Array(row.utf8)[...])
            if let s = siblingOf[index], s >= next {
                while next < s {
                    emit(left[next], "")
                    next += 1
                }
                emit(left[s], right)
                next = s + 1
            } else if isOld.contains(index), next < left.count, !paired.contains(next) {
                // An old line the sibling holds in another form: the sibling's next unpaired line beside it.
                emit(left[next], right)
                next += 1
            } else {
                emit("", right)
            }
        }
        while next < left.count {
            emit(left[next], "")
            next += 1
        }
        return out
    }

    /// For each of `old`, the index of its line in `sibling`: by tokens with white space dropped, or with
    /// identifiers abstracted too when that pairs more lines that say something.
    static func alignment(_ old: [String], _ sibling: [String]) -> [Int?] {
        func matched(_ key: (String) -> String) -> [Int?] {
            var ids = [String: Int]()
            func id(_ line: String) -> Int {
                let k = key(line)
                if let known = ids[k] { return known }
                ids[k] = ids.count
                return ids.count - 1
            }
            let a = old.map(id), b = sibling.map(id)
            return LineMatching(a, b).mapAtoB(countA: a.count)
        }
        func telling(_ map: [Int?]) -> Int {
            map.indices.filter { map[$0] != nil && !CTokens.isTrivial(CTokens.normalized(Array(old[$0].utf8))) }
                .count
        }
        let exact = matched { CTokens.normalized(Array($0.utf8)) }
        let abstracted = matched { CTokens.abstracted(Array($0.utf8)) }
        return telling(abstracted) > telling(exact) ? abstracted : exact
    }
}
