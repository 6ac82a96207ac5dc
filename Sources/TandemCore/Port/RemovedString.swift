/// Risk rule **string the fork removed** (`PortRisk`): a hunk adds a string literal that the original holds
/// elsewhere and that the copy holds nowhere. A string is a precise token (an instruction in inline
/// assembly, a message, a prompt): when the fork removed or rewrote every occurrence of it, it did so on
/// purpose, and upstream's new code that brings it back is code the fork probably does not want as written.
/// The Xen tree writes `%cr3` through the hypervisor and has no `"movq %0,%%cr3"` left, so upstream's new
/// `load_cr3()` using it is held; and it spells `"lock ; incl %0"` as `LOCK "incl %0"`.
///
/// The test, for each double-quoted literal of four characters or more on a line the hunk adds (not an
/// `#include` line: `MissingHeader` reads those): the original holds it somewhere, the hunk's own removed
/// lines do not (upstream moving a line is not the fork's business), and the copy does not hold it at all.
/// Exact bytes, escapes as written.
///
/// Measured on the Xen history: 3 wrong landings caught, 0 right held back (see benchmarks.md). The
/// unquoted cousin, "the new lines use a name the original has and the copy lacks", was measured and
/// dropped: names in comments, help texts and mnemonics held back more right hunks than it caught.
///
/// Cost: the literals of the added lines, each searched once in the original and once in the copy.
enum RemovedString {
    /// The shortest literal that counts, quotes aside.
    static let minimumLength = 4

    /// The evidence against `hunk`, or nil. `original` and `copy` are the two files' bytes.
    static func evidence(_ hunk: Hunk, original: [UInt8], copy: [UInt8]) -> PortRisk.Reason? {
        var removed = Set<[UInt8]>()
        for line in hunk.body where HunkLineKind(line: line) == .deletion {
            removed.formUnion(literals(line.dropFirst()))
        }
        for line in hunk.body where HunkLineKind(line: line) == .addition {
            let added = line.dropFirst()
            guard MissingHeader.header(added) == nil else { continue }
            for literal in literals(added) where !removed.contains(literal) {
                guard let at = original[...].firstIndex(ofRun: literal), !copy[...].contains(run: literal)
                else { continue }
                let lineNumber = original[..<at].reduce(1) { $1 == ASCII.newline ? $0 + 1 : $0 }
                return .removedString(literal: String(decoding: literal, as: UTF8.self), line: lineNumber)
            }
        }
        return nil
    }

    /// The double-quoted literals of one line (quotes included), of `minimumLength` characters or more
    /// inside; a backslash escapes the next byte, and a character literal (`'"'`) is passed over. Nothing
    /// after an unclosed quote.
    static func literals(_ line: some Collection<UInt8>) -> [[UInt8]] {
        let bytes = Array(line)
        var out: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "'") {
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "'"), bytes[j] != ASCII.newline {
                    j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
                }
                i = j + 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            var j = i + 1
            while j < bytes.count, bytes[j] != UInt8(ascii: "\""), bytes[j] != ASCII.newline {
                j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else { break }
            if j - i - 1 >= minimumLength { out.append(Array(bytes[i...j])) }
            i = j + 1
        }
        return out
    }
}
