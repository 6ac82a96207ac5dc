/// `MovedFromCopy.removals` read straight from a patch's bytes, a chunk at a time, without building file
/// patches: the first pass of a streamed `tandem port` over a patch file, which must know every definition
/// the patch moves before the first file patch is ported. Parsing the whole patch twice cost a tenth of the
/// port's time on the kernel benchmark; this pass reads only the lines that matter.
///
/// How it reads. Outside a hunk, a `--- NAME` line followed by a `+++ NAME` line starts a file patch (its
/// path is the old name, or the new one for a created file, `strip` components off), and a `diff --git`
/// line ends the file patch before it, so that a mode change or binary patch without `---`/`+++` lines
/// owns none of the lines after. An `@@ -a,b +c,d @@` line opens a hunk of `b` old and `d` new lines,
/// counted down as the parser counts them, so a removed line reading `-- x` inside one is a removed line,
/// not a header. In a hunk, a line that starts with `-` or `+` followed by anything but a blank is read by
/// `DefinitionLine.name`. When the file patch ends, each name whose definition it removes and does not add
/// back is recorded against its path (C files only), as `MoveLedger` does. Quoted names (`"a/b c.c"`) are
/// decoded as the parser decodes them. On a well-formed patch the table is the parser's; a malformed one
/// may differ where the parser drops a hunk whose body runs short.
///
/// It also records where each file patch lies in the bytes (`spans`: from its `--- ` line to the next file
/// patch's header, by path), so that the fork's spelling (`PatchedOriginals`) can read again the few file
/// patches it needs, not the whole patch; and the old names of git's renames (`renamed`), which a pure
/// rename gives without `---`/`+++` lines.
///
/// Cost: one pass over the bytes; `DefinitionLine.name` on the changed lines that may begin a definition.
public struct MovedAwayScan {
    private let strip: Int
    private var table: [String: Set<[UInt8]>] = [:]
    private var path: [UInt8]?
    private var removed = Set<String>(), added = Set<String>()
    /// The name of a `--- ` line just read (nil: the line before was not one).
    private var oldName: [UInt8]?
    /// Old and new lines left in the hunk being read.
    private var oldLeft = 0, newLeft = 0
    /// Bytes of a line not yet ended.
    private var carry: [UInt8] = []
    /// Where the line being read starts in the patch; where the last `--- ` line started; where the file
    /// patch being read started.
    private var lineStart = 0, oldNameStart = 0, fileStart = 0
    /// Each file patch's bytes in the patch, by its path (`strip` components off), once every byte was fed.
    public private(set) var spans: [[UInt8]: [Range<Int>]] = [:]
    /// The old names of git's `rename from` lines (`strip` less the `a/` git leaves out there), which a pure
    /// rename has without `---`/`+++` lines: files the patch changes that `spans` may not name.
    public private(set) var renamed = Set<[UInt8]>()

    /// Whether changed lines are read for definitions (without, only `spans` is made).
    private let definitions: Bool

    /// A scan of a patch whose names lose `strip` components; with `definitions` false, it finds the spans
    /// only.
    public init(strip: Int, definitions: Bool = true) {
        self.strip = strip
        self.definitions = definitions
    }

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
            lineStart += line.count + 1
            start = end + 1
        }
        var i = start
        while let end = bytes[i...].firstIndex(of: ASCII.newline) {
            read(bytes[i..<end])
            lineStart += end - i + 1
            i = end + 1
        }
        carry = Array(bytes[i...])
    }

    /// The table, once every byte has been fed.
    public mutating func finish() -> [String: Set<[UInt8]>] {
        if !carry.isEmpty {
            read(carry[...])
            lineStart += carry.count
            carry = []
        }
        endFile(at: lineStart)
        return table
    }

    /// One line, without its newline.
    private mutating func read(_ line: ArraySlice<UInt8>) {
        if oldLeft > 0 || newLeft > 0 {
            readInHunk(line)
            return
        }
        let previous = oldName
        oldName = nil
        guard let first = line.first else { return }
        if first == UInt8(ascii: "@"), path != nil, let header = HunkHeader(parsing: line) {
            (oldLeft, newLeft) = (header.oldCount, header.newCount)
            return
        }
        if first == ASCII.minus, line.starts(with: "--- ".utf8) {
            oldName = name(line.dropFirst(4))
            oldNameStart = lineStart
            return
        }
        if first == ASCII.plus, line.starts(with: "+++ ".utf8), let previous {
            endFile(at: oldNameStart)
            let new = name(line.dropFirst(4))
            let old = previous.elementsEqual("/dev/null".utf8) ? nil : previous
            path = (old ?? new).flatMap { PatchPath.strip($0, components: strip) }
            fileStart = oldNameStart
            return
        }
        if first == UInt8(ascii: "d"), line.starts(with: "diff --git ".utf8) {
            endFile(at: lineStart)
        }
        if first == UInt8(ascii: "r"), line.starts(with: "rename from ".utf8), let old = name(line.dropFirst(12)),
            let stripped = PatchPath.strip(old, components: max(strip - 1, 0))
        {
            renamed.insert(stripped)
        }
    }

    /// One line of a hunk: context, removed or added (a `\ No newline` marker counts for neither side).
    private mutating func readInHunk(_ line: ArraySlice<UInt8>) {
        var kind = line.first ?? ASCII.space
        if kind == ASCII.carriageReturn { kind = ASCII.space }  // an empty context line, CRLF
        switch kind {
        case ASCII.space:
            oldLeft -= 1
            newLeft -= 1
        case ASCII.minus: oldLeft -= 1
        case ASCII.plus: newLeft -= 1
        case ASCII.backslash: return
        default:
            // The hunk ended early (a malformed patch): the line is read again outside it.
            (oldLeft, newLeft) = (0, 0)
            read(line)
            return
        }
        if oldLeft < 0 || newLeft < 0 { (oldLeft, newLeft) = (max(oldLeft, 0), max(newLeft, 0)) }
        guard definitions, kind == ASCII.minus || kind == ASCII.plus, line.count > 1 else { return }
        let second = line[line.startIndex + 1]
        guard second != ASCII.space, second != ASCII.tab, let defined = DefinitionLine.name(line.dropFirst()) else {
            return
        }
        if kind == ASCII.minus { removed.insert(defined) } else { added.insert(defined) }
    }

    /// Records the file patch read so far, which ends where byte `end` starts.
    private mutating func endFile(at end: Int) {
        if let path, Porter.isCLike(path) {
            for name in removed where !added.contains(name) { table[name, default: []].insert(path) }
        }
        if let path, end > fileStart { spans[path, default: []].append(fileStart..<end) }
        path = nil
        removed = []
        added = []
    }

    /// A header's file name: up to a tab (a date may follow), with a trailing carriage return dropped; a
    /// quoted name (`"a/t\303\251st.c"`) decoded as git quotes it (nil when its quoting is broken).
    private func name(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        if text.first == ASCII.quote { return PathQuoting.unquote(prefixOf: text)?.name }
        var name = text.prefix { $0 != ASCII.tab }
        if name.last == ASCII.carriageReturn { name = name.dropLast() }
        return Array(name)
    }
}
