/// `MovedFromCopy.removals` read straight from a patch's bytes, a chunk at a time, without parsing hunks:
/// the first pass of a streamed `tandem port` over a patch file, which must know every definition the patch
/// moves before the first file patch is ported. Parsing the whole patch twice cost a tenth of the port's
/// time on the kernel benchmark; this pass reads only the lines that matter.
///
/// How it reads. A `--- NAME` line followed by a `+++ NAME` line starts a file patch (its path is the old
/// name, or the new one for a created file, `strip` components off); a `diff --git` line ends the file patch
/// before it, so that a mode change or binary patch without `---`/`+++` lines owns none of the lines after.
/// In a file patch, a line that starts with `-` or `+` followed by anything but a blank is read by
/// `DefinitionLine.name`. When the file patch ends, each name whose definition it removes and does not add
/// back is recorded against its path (C files only), as `MoveLedger` does. A removed line that reads
/// `-- x` looks like a header only when an added `++ y` follows it; then it is taken for one, which costs at
/// most a move noticed in the wrong file. Quoted names (`"a/b c.c"`) are passed over.
///
/// Cost: one pass over the bytes; `DefinitionLine.name` on the changed lines that may begin a definition.
public struct MovedAwayScan {
    private let strip: Int
    private var table: [String: Set<[UInt8]>] = [:]
    private var path: [UInt8]?
    private var removed = Set<String>(), added = Set<String>()
    /// The name of a `--- ` line just read (nil: the line before was not one).
    private var oldName: [UInt8]?
    /// Bytes of a line not yet ended.
    private var carry: [UInt8] = []

    public init(strip: Int) { self.strip = strip }

    /// Reads `bytes`, the patch's next bytes.
    public mutating func feed(_ bytes: [UInt8]) {
        var start = 0
        if !carry.isEmpty {
            guard let end = bytes.firstIndex(of: ASCII.newline) else {
                carry += bytes
                return
            }
            let line = carry + bytes[..<end]
            carry = []
            read(line[...])
            start = end + 1
        }
        var i = start
        while let end = bytes[i...].firstIndex(of: ASCII.newline) {
            read(bytes[i..<end])
            i = end + 1
        }
        carry = Array(bytes[i...])
    }

    /// The table, once every byte has been fed.
    public mutating func finish() -> [String: Set<[UInt8]>] {
        if !carry.isEmpty {
            read(carry[...])
            carry = []
        }
        endFile()
        return table
    }

    /// One line, without its newline.
    private mutating func read(_ line: ArraySlice<UInt8>) {
        let previous = oldName
        oldName = nil
        guard let first = line.first else { return }
        if first == ASCII.minus, line.starts(with: "--- ".utf8) {
            oldName = name(line.dropFirst(4))
            return
        }
        if first == ASCII.plus, line.starts(with: "+++ ".utf8), let previous {
            endFile()
            let new = name(line.dropFirst(4))
            let old = previous.elementsEqual("/dev/null".utf8) ? nil : previous
            path = (old ?? new).flatMap { PatchPath.strip($0, components: strip) }
            return
        }
        if first == UInt8(ascii: "d"), line.starts(with: "diff --git ".utf8) {
            endFile()
            return
        }
        guard path != nil, first == ASCII.minus || first == ASCII.plus, line.count > 1 else { return }
        let second = line[line.startIndex + 1]
        guard second != ASCII.space, second != ASCII.tab, let defined = DefinitionLine.name(line.dropFirst()) else {
            return
        }
        if first == ASCII.minus { removed.insert(defined) } else { added.insert(defined) }
    }

    /// Records the file patch read so far.
    private mutating func endFile() {
        if let path, Porter.isCLike(path) {
            for name in removed where !added.contains(name) { table[name, default: []].insert(path) }
        }
        path = nil
        removed = []
        added = []
    }

    /// A header's file name: up to a tab (a date may follow), with a trailing carriage return dropped;
    /// nil for a quoted name.
    private func name(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.first != ASCII.quote else { return nil }
        var name = text.prefix { $0 != ASCII.tab }
        if name.last == ASCII.carriageReturn { name = name.dropLast() }
        return Array(name)
    }
}
