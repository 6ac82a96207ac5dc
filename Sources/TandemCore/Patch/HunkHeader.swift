/// The `@@ -oldStart,oldCount +newStart,newCount @@ section` line of a hunk.
///
/// `raw` keeps the line exactly as read (terminator included) so printing is byte-exact; the numbers are what
/// it says. A count omitted in the text (`@@ -1 +1 @@`) means 1, as in GNU diff's output.
public struct HunkHeader: Sendable, Equatable {
    /// The header line as read or rendered, terminator included.
    public var raw: Bytes
    /// 1-based first line of the pre-image (0 for an empty pre-image).
    public var oldStart: Int
    public var oldCount: Int
    /// 1-based first line of the post-image (0 for an empty post-image).
    public var newStart: Int
    public var newCount: Int

    /// The text after the closing `@@` (usually ` function name`), without the terminator; empty if none.
    public var section: Bytes {
        // "@@ -a,b +c,d @@" then the section; find the second "@@".
        let body = raw.withoutTerminator
        var i = body.startIndex + 2
        while i + 1 < body.endIndex {
            if body[i] == ASCII.at && body[i + 1] == ASCII.at { return body[(i + 2)...] }
            i += 1
        }
        return body[body.endIndex...]
    }

    /// A header rendered from numbers, in `diff -u`'s spelling (counts of 1 omitted), ending in `terminator`.
    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int,
        section: Bytes = [], terminator: Bytes = [ASCII.newline]
    ) {
        func range(_ start: Int, _ count: Int) -> String {
            count == 1 ? "\(start)" : "\(start),\(count)"
        }
        var line = Array(text: "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
        line.append(contentsOf: section)
        line.append(contentsOf: terminator)
        self.raw = line[...]
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
    }

    /// Reads a header line; nil when it is not one. Numbers that overflow `Int` make it not a header.
    public init?(parsing line: Bytes) {
        let body = line.withoutTerminator
        guard body.hasPrefix("@@ -") else { return nil }
        var i = body.startIndex + 4
        func number() -> Int? {
            var value = 0
            let start = i
            while i < body.endIndex, body[i] >= ASCII.zero, body[i] <= ASCII.nine {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(body[i] - ASCII.zero))
                if o1 || o2 { return nil }
                value = s
                i += 1
            }
            return i == start ? nil : value
        }
        func range() -> (Int, Int)? {
            guard let start = number() else { return nil }
            if i < body.endIndex, body[i] == ASCII.comma {
                i += 1
                guard let count = number() else { return nil }
                return (start, count)
            }
            return (start, 1)
        }
        guard let old = range(), i < body.endIndex, body[i] == ASCII.space else { return nil }
        i += 1
        guard i < body.endIndex, body[i] == ASCII.plus else { return nil }
        i += 1
        guard let new = range() else { return nil }
        guard body[i...].hasPrefix(" @@") else { return nil }
        raw = line
        (oldStart, oldCount) = old
        (newStart, newCount) = new
    }
}
