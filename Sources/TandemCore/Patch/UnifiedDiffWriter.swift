/// Writes git-style file patches: `diff --git`, mode lines, rename lines, `---`/`+++`, and hunks with a chosen
/// context.
/// Names get `a/` and `b/` in front, or the prefixes given (a duplicate of a `diff -urN` file patch keeps its
/// `linux-2.6.11/` style, so one `-p` fits the whole rewritten patch).
///
/// Hunks come from a minimal line diff (`LineDiff`). Change blocks whose unchanged gap is at most twice the
/// context size share a hunk, as in git. A count of 1 is omitted from hunk headers (`@@ -3 +3 @@`), and
/// the section after `@@` is the nearest line above the hunk that starts with a letter, `_` or `$` (git's
/// default function-name rule), cut to 80 bytes. A last line without newline is followed by
/// `\ No newline at end of file`. A file with a NUL byte in its first 8,000 bytes is binary and gets
/// `Binary files a/X and b/X differ`, as in git without `--binary` (with `binary`, the data to apply it:
/// `GitBinaryPatch.dataLines`), unless the caller says it is text (as
/// `git diff --text` and `diff -a`): a duplicate of an upstream text hunk is text, whatever bytes the copy
/// holds around it, and `git apply`, GNU patch and `tandem apply` all read NUL bytes in a hunk's lines.
public enum UnifiedDiffWriter {
    /// One side of a file comparison: its path and content, or nil when the file does not exist there.
    public struct Side: Sendable {
        public var path: [UInt8]
        public var file: TreeFile

        public init(path: [UInt8], file: TreeFile) {
            self.path = path
            self.file = file
        }
    }

    /// The file patch from `old` to `new` (nil for a missing side); empty when they are identical. When both
    /// sides exist under different paths it is a rename, with git's headers (`similarity index N%`,
    /// `rename from`, `rename to`, after any mode lines); `similarity` is the percentage to write (by default
    /// the share of lines the two sides have in common), and a pure rename has no hunks. With `text`, a side
    /// holding a NUL byte is still written as hunks; with `binary` (and not `text`), such a file patch carries
    /// both sides as `GIT binary patch` data with a full `index` line, as `git diff --binary` writes it, so
    /// that it can be applied.
    public static func filePatch(
        old: Side?, new: Side?, context: Int = 3,
        prefixes: (old: [UInt8], new: [UInt8]) = (Array("a/".utf8), Array("b/".utf8)),
        similarity: Int? = nil, text: Bool = false, binary: Bool = false
    ) -> [UInt8] {
        guard let path = new?.path ?? old?.path else { return [] }
        if let old, let new, old.file.mode == new.file.mode, ByteCompare.equal(old.file.bytes, new.file.bytes),
            old.path == new.path
        {
            return []
        }
        var out: [UInt8] = []
        func line(_ parts: [UInt8]...) {
            for part in parts { out += part }
            out.append(ASCII.newline)
        }
        let a = prefixes.old + (old?.path ?? path), b = prefixes.new + (new?.path ?? path)
        line(Array("diff --git ".utf8), PathQuoting.quoteIfNeeded(a), [ASCII.space], PathQuoting.quoteIfNeeded(b))
        switch (old, new) {
        case (nil, let new?): line(Array("new file mode ".utf8), mode(new.file.mode))
        case (let old?, nil): line(Array("deleted file mode ".utf8), mode(old.file.mode))
        case (let old?, let new?) where old.file.mode != new.file.mode:
            line(Array("old mode ".utf8), mode(old.file.mode))
            line(Array("new mode ".utf8), mode(new.file.mode))
        default: break
        }
        if let old, let new, old.path != new.path {
            let percent = similarity ?? lineSimilarity(old.file.bytes, new.file.bytes)
            line(Array("similarity index \(percent)%".utf8))
            line(Array("rename from ".utf8), PathQuoting.quoteIfNeeded(old.path))
            line(Array("rename to ".utf8), PathQuoting.quoteIfNeeded(new.path))
        }
        let oldBytes = old?.file.bytes ?? [], newBytes = new?.file.bytes ?? []
        if old != nil && new != nil && ByteCompare.equal(oldBytes, newBytes) { return out }
        if oldBytes.isEmpty && newBytes.isEmpty { return out }
        let oldName = old == nil ? PatchPath.devNull : PathQuoting.quoteIfNeeded(a)
        let newName = new == nil ? PatchPath.devNull : PathQuoting.quoteIfNeeded(b)
        if !text, isBinary(oldBytes) || isBinary(newBytes) {
            guard binary else {
                line(Array("Binary files ".utf8), oldName, Array(" and ".utf8), newName, Array(" differ".utf8))
                return out
            }
            // As `git diff --binary`: both blobs named in full, then the data of both sides.
            let ids = (
                old: old.map { ObjectID.blob(of: $0.file.bytes).hex } ?? String(repeating: "0", count: 40),
                new: new.map { ObjectID.blob(of: $0.file.bytes).hex } ?? String(repeating: "0", count: 40)
            )
            let sameMode = old != nil && new != nil && old?.file.mode == new?.file.mode
            line(
                Array("index \(ids.old)..\(ids.new)".utf8), sameMode ? Array(" ".utf8) + mode(new?.file.mode ?? 0) : [])
            line(Array("GIT binary patch".utf8))
            out += GitBinaryPatch.dataLines(old: oldBytes, new: newBytes)
            return out
        }
        line(Array("--- ".utf8), oldName)
        line(Array("+++ ".utf8), newName)
        out += hunks(old: TextFile(bytes: oldBytes), new: TextFile(bytes: newBytes), context: context)
        return out
    }

    /// The file patch of a submodule (gitlink, mode 160000) whose commit goes from `old` to `new` (nil: no
    /// submodule on that side), as git writes it: an `index` line with 7-digit ids (git's shortest
    /// abbreviation; git lengthens it on big repositories) and one `Subproject commit <id>` line per side.
    public static func gitlinkPatch(
        path: [UInt8], old: ObjectID?, new: ObjectID?,
        prefixes: (old: [UInt8], new: [UInt8]) = (Array("a/".utf8), Array("b/".utf8))
    ) -> [UInt8] {
        guard old != new else { return [] }
        let a = PathQuoting.quoteIfNeeded(prefixes.old + path), b = PathQuoting.quoteIfNeeded(prefixes.new + path)
        let zero = String(repeating: "0", count: 7)
        let short = { (id: ObjectID?) in id.map { String($0.hex.prefix(7)) } ?? zero }
        var text = "diff --git \(String(decoding: a, as: UTF8.self)) \(String(decoding: b, as: UTF8.self))\n"
        switch (old, new) {
        case (nil, _): text += "new file mode 160000\nindex \(zero)..\(short(new))\n"
        case (_, nil): text += "deleted file mode 160000\nindex \(short(old))..\(zero)\n"
        default: text += "index \(short(old))..\(short(new)) 160000\n"
        }
        var out = Array(text.utf8)
        out += Array("--- ".utf8) + (old == nil ? PatchPath.devNull : a) + [ASCII.newline]
        out += Array("+++ ".utf8) + (new == nil ? PatchPath.devNull : b) + [ASCII.newline]
        out += Array("@@ -\(old == nil ? "0,0" : "1") +\(new == nil ? "0,0" : "1") @@\n".utf8)
        if let old { out += Array("-Subproject commit \(old.hex)\n".utf8) }
        if let new { out += Array("+Subproject commit \(new.hex)\n".utf8) }
        return out
    }

    /// `2·shared / (old lines + new lines)` as a whole percentage (100 only when the bytes are equal).
    static func lineSimilarity(_ old: [UInt8], _ new: [UInt8]) -> Int {
        if ByteCompare.equal(old, new) { return 100 }
        let a = TextFile(bytes: old), b = TextFile(bytes: new)
        guard a.lines.count + b.lines.count > 0 else { return 0 }
        var interner = LineInterner(capacity: a.lines.count + b.lines.count)
        let shared = LineDiff.pairs(interner.ids(a.lines), interner.ids(b.lines)).count
        return min(99, 200 * shared / (a.lines.count + b.lines.count))
    }

    /// git's test: a NUL byte among the first 8,000 bytes.
    public static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.prefix(8000).contains(0) }

    static func mode(_ mode: UInt32) -> [UInt8] {
        if mode & 0o170000 == 0o120000 { return Array("120000".utf8) }
        let full = mode & 0o111 != 0 ? 0o100755 : 0o100644
        return Array(String(full, radix: 8).utf8)
    }

    /// The hunks (headers and bodies) turning `old` into `new`.
    public static func hunks(old: TextFile, new: TextFile, context: Int) -> [UInt8] {
        var interner = LineInterner(capacity: old.lines.count + new.lines.count)
        let a = interner.ids(old.lines), b = interner.ids(new.lines)
        let pairs = LineDiff.gitPairs(a, b, oldLines: old.lines, newLines: new.lines)
        // Change blocks between matched pairs: (a range, b range).
        var blocks: [(a: Range<Int>, b: Range<Int>)] = []
        var ai = 0, bi = 0
        for pair in pairs + [(a: a.count, b: b.count)] {
            if pair.a > ai || pair.b > bi { blocks.append((ai..<pair.a, bi..<pair.b)) }
            ai = pair.a + 1
            bi = pair.b + 1
        }
        var out: [UInt8] = []
        var index = 0
        while index < blocks.count {
            var last = index
            while last + 1 < blocks.count, blocks[last + 1].a.lowerBound - blocks[last].a.upperBound <= 2 * context {
                last += 1
            }
            let first = blocks[index], end = blocks[last]
            let lead = min(context, first.a.lowerBound)
            let aStart = first.a.lowerBound - lead, bStart = first.b.lowerBound - lead
            let trail = min(context, a.count - end.a.upperBound)
            let aEnd = end.a.upperBound + trail, bEnd = end.b.upperBound + trail
            let oldCount = aEnd - aStart, newCount = bEnd - bStart
            var section: [UInt8] = []
            if let name = functionName(old.lines, before: aStart) { section = [ASCII.space] + name }
            out +=
                HunkHeader(
                    oldStart: oldCount == 0 ? aStart : aStart + 1, oldCount: oldCount,
                    newStart: newCount == 0 ? bStart : bStart + 1, newCount: newCount,
                    section: section[...]
                ).raw
            var ai = aStart, bi = bStart
            func emit(_ prefix: UInt8, _ text: Bytes) {
                out.append(prefix)
                out += text
                if text.last != ASCII.newline {
                    out.append(ASCII.newline)
                    out += Array("\\ No newline at end of file\n".utf8)
                }
            }
            for k in index...last {
                let block = blocks[k]
                while ai < block.a.lowerBound {
                    emit(ASCII.space, old.lines[ai])
                    ai += 1
                    bi += 1
                }
                for i in block.a { emit(ASCII.minus, old.lines[i]) }
                for j in block.b { emit(ASCII.plus, new.lines[j]) }
                ai = block.a.upperBound
                bi = block.b.upperBound
            }
            while ai < aEnd {
                emit(ASCII.space, old.lines[ai])
                ai += 1
            }
            index = last + 1
        }
        return out
    }

    /// git's default function-name rule: the nearest line above `index` starting with a letter, `_` or `$`,
    /// without its trailing white space, at most 80 bytes.
    static func functionName(_ lines: [Bytes], before index: Int) -> [UInt8]? {
        var i = index - 1
        while i >= 0 {
            let line = lines[i]
            if let first = line.first,
                (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first == 0x5F || first == 0x24
            {
                var text = Array(line.withoutTerminator)
                while let last = text.last, last == ASCII.space || last == ASCII.tab { text.removeLast() }
                return Array(text.prefix(80))
            }
            i -= 1
        }
        return nil
    }
}
