/// The names a fork spells its own way across its copies, read on first use: `tandem port` writes the lines a
/// hunk adds in the fork's spelling.
///
/// The pattern, from vendored code: pip keeps copies of the packages it vendors, and rewrites every import of
/// them (`from urllib3.util import Retry` becomes `from pip._vendor.urllib3.util import Retry`). Upstream then
/// adds `from urllib3.util import make_headers`: landed as written, the import names a package the fork does
/// not have (GNU patch and `git merge-file` land it so). The copy at hand often holds no other import of that
/// package; the fork's other copies do. A rename the fork made tree-wide (`foo()` written `xen_foo()`
/// wherever the originals call it) is the same pattern.
///
/// The ledger, over every pair of original and copy the fork map describes (`ForkMapSurvey.copied`):
/// 0. the copy is read against the original as the base has it or, when the port's patch changes it
///    (`PatchedOriginals`), as the patch leaves it: whichever the copy stands nearer, counting its lines
///    that are neither the original's nor a respelling of one; on a tie, the base (a copy the base explains
///    but for respellings is read against it alone). A second run over copies a first run ported stands
///    nearer the patched originals: against the base, the respelled lines the first run changed would
///    count no more, and a name learned from them drop out (the ported hunks then read in upstream's
///    spelling: a conflict, or an insertion made again). Upstream's rename a first run has yet to port
///    reads as a respelling against the patched original and as a line kept against the base: a tie, so it
///    is never learned backwards;
/// 1. the two files are aligned line by line (`LineDiff`); where a run of the original's lines and a run of
///    the copy's between two matched lines have the same length, their lines are paired in order; where
///    their lengths differ (the fork inserted lines beside the ones it respelled, or a port landed some
///    there), each line of the original is paired with the next line of the copy's run, not far on, that
///    respells it (`respellingsInOrder`);
/// 2. a pair of lines is a *respelling* when every token edit between them (`TokenMerge.edits`) puts a
///    name, or a name qualified with `.` or `::`, in place of one name (`urllib3` → `pip._vendor.urllib3`,
///    `foo` → `xen_foo`): a name written after `.`, `::` or `->` is a member, not a name, a word inside a
///    string is no name either (an architecture's copy writes `movl %%cr3` as `movq %%cr3` in its inline
///    assembly), and any other edit, or a second name changed in the line, makes the pair no respelling.
///    Each is counted under the line's first word (`from`, `import`, a call's name), which keeps a name's
///    imports apart from its mentions in comments;
/// 3. a name is respelled under a first word when the fork did so in at least `minimumLines` lines of at
///    least `minimumCopies` copies, always the same way, and no line of an original with that first word
///    that mentions the name stands unchanged in its copy (an identical copy keeps all its lines): one such
///    line means the fork keeps upstream's spelling somewhere, and nothing is respelled.
///
/// `respell` then rewrites each name the ledger holds for a line's first word in every line of the hunks,
/// added, removed and context, and in the base file alike: the merge runs between base, copy and
/// upstream all in the fork's spelling (as `git merge -X renormalize` runs a merge with both sides
/// normalized). A line the fork only respelled then stands in the copy as the base has it: upstream's change
/// of it, its deletion, or a change right beside it lands, where with upstream's spelling the respelling was a
/// fork edit and the hunk a conflict; the lines the hunk adds land as the fork writes them; and a hunk that
/// moves such a line moves the copy's line (with only added lines respelled, the line at its new place read
/// as made already while the old one stayed). The report notes each respelled name: a hunk that adds such a
/// line "adds" it as upstream spells it, one that only removes or keeps some "reads" it so. A name the
/// file's own hunks write as another (`renames(in:)`: upstream renames it) is left alone: copies that a
/// first run ported, or a fork that took the rename early, show upstream's rename as if it were the fork's
/// spelling, and a hunk "read" so changes nothing. Measured on real history (docs/benchmarks.md): every
/// respelling is pip's; on the kernel corpora the ledger finds nothing to respell.
///
/// Cost: nothing until a port asks; then one read of each pair (a patched original is made by applying the
/// patch's hunks for it to the base's file; a streamed port reads those file patches again where its first
/// pass found them), one line alignment per modified pair and image, token edits for the lines paired in
/// changed runs only (in runs of different lengths, for lines of the same `skeleton` within `searchReach` of
/// each other), and, when some name qualifies, the pairs whose original mentions it read (and the modified
/// ones aligned) again; no file is held between pairs. A range port reads the ledger once for all its steps. With a ledger, each port reads each hunk's lines once more, and the
/// lines of a base file that mention a name it holds.
public final class ForkSpellings {
    /// How many of the fork's lines must respell a name (under one first word) for the rule to take it.
    static let minimumLines = 3
    /// In how many copies.
    static let minimumCopies = 2

    /// A name under the first word of the lines that mention it.
    struct Key: Hashable {
        var first: [UInt8]
        var name: [UInt8]
    }

    /// One name respelled in one hunk, for the report: in a line it adds, or only in lines it reads.
    struct Change: Equatable {
        var hunk: Int
        var name: String
        var spelling: String
        var lines: Int
        var copies: Int
        var adds: Bool
    }

    /// How the fork spells one name, and on how much evidence.
    struct Spelling {
        var text: [UInt8]
        var lines: Int
        var copies: Int
    }

    private let map: ForkMap
    private let fork: FileTree
    private let base: FileTree
    private let after: PatchedOriginals?
    private var table: [Key: Spelling]?
    /// The names the ledger holds, under any first word: a line that mentions none is left as it is, untokenized.
    private var names: Set<[UInt8]> = []

    /// A ledger of the copies `map` pairs in `fork` with their originals in `base`, or, for a copy that stands
    /// nearer it, in `after` (the originals as the port leaves them); nothing is read until a port asks.
    public init(map: ForkMap, fork: FileTree, base: FileTree, after: PatchedOriginals? = nil) {
        self.map = map
        self.fork = fork
        self.base = base
        self.after = after
    }

    /// `hunks` with the names of all their lines in the fork's spelling (added, removed and context lines),
    /// and what was respelled in the lines they add, or, for a hunk that adds none so, in the lines it reads
    /// (empty: `hunks` as given).
    ///
    /// `base`, the file the hunks were made against, comes back respelled alike (nil when nothing in it was).
    /// The names the hunks themselves rename are left alone in both (`renames(in:)`), worked out only when
    /// the ledger holds some name.
    func respell(_ hunks: [Hunk], base: [UInt8]?) -> (hunks: [Hunk], base: [UInt8]?, changes: [Change]) {
        // The ledger is read when the first file asks.
        guard ledger() != nil else { return (hunks, nil, []) }
        let renamed = Self.renames(in: hunks)
        var out = hunks
        var changes: [Change] = []
        for (index, hunk) in hunks.enumerated() {
            var lines: [Bytes] = []
            var added: [Change] = [], read: [Change] = []
            for line in hunk.body {
                let kind = HunkLineKind(line: line)
                guard kind == .addition || kind == .deletion || kind == .context, let mark = line.first else {
                    lines.append(line)
                    continue
                }
                let new = respelled(line.dropFirst(), except: renamed)
                guard !new.names.isEmpty else {
                    lines.append(line)
                    continue
                }
                lines.append([mark] + new.line)
                for (name, spelling) in new.names {
                    let change = Change(
                        hunk: index + 1, name: String(decoding: name, as: UTF8.self),
                        spelling: String(decoding: spelling.text, as: UTF8.self), lines: spelling.lines,
                        copies: spelling.copies, adds: kind == .addition)
                    if kind == .addition {
                        if !added.contains(change) { added.append(change) }
                    } else if !read.contains(change) {
                        read.append(change)
                    }
                }
            }
            guard !added.isEmpty || !read.isEmpty else { continue }
            changes += added.isEmpty ? read : added
            out[index].body = LineBlock(lines: lines)
        }
        guard !changes.isEmpty else { return (hunks, nil, []) }
        return (out, base.flatMap { respell(base: $0, except: renamed) }, changes)
    }

    /// The base file with the names the ledger holds in the fork's spelling, as `respell` reads the hunks
    /// (nil: nothing to respell). The fork's copies then differ from it only where the fork changed more than
    /// a spelling: the merge no longer reads a respelled line as a fork edit beside or under upstream's.
    private func respell(base bytes: [UInt8], except renamed: Set<Key>) -> [UInt8]? {
        guard names.contains(where: { bytes.contains(run: $0) }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var changed = false
        for line in TextFile(bytes: bytes).lines {
            let new = respelled(line, except: renamed)
            changed = changed || !new.names.isEmpty
            out += new.line
        }
        return changed ? out : nil
    }

    /// `line` with the names the ledger holds for its first word in the fork's spelling, and those names.
    private func respelled(_ line: Bytes, except renamed: Set<Key>) -> (line: Bytes, names: [(Bytes, Spelling)]) {
        guard let table = ledger(), names.contains(where: { line.contains(run: $0) }) else { return (line, []) }
        let tokens = TokenMerge.tokens([line])
        guard let first = Self.firstWord(tokens) else { return (line, []) }
        var out: [UInt8] = []
        var names: [(Bytes, Spelling)] = []
        for (position, token) in tokens.enumerated() {
            let key = Key(first: first, name: Array(token))
            if Self.isName(tokens, at: position), !renamed.contains(key), let spelling = table[key] {
                out += spelling.text
                names.append((token, spelling))
            } else {
                out += token
            }
        }
        return names.isEmpty ? (line, []) : (out[...], names)
    }

    private func ledger() -> [Key: Spelling]? {
        if table == nil {
            table = load()
            names = Set(table?.keys.map(\.name) ?? [])
        }
        return table?.isEmpty == false ? table : nil
    }

    private func load() -> [Key: Spelling] {
        guard let pairs = try? ForkMapSurvey.copied(map: map, upstream: base, fork: fork) else { return [:] }
        var seen: [Key: [[UInt8]: Int]] = [:]
        var copiesOf: [Key: Set<[UInt8]>] = [:]
        // For the last test: the modified pairs, read again only where they mention a name that qualifies (a
        // ledger of a large tree holds no file), and the originals their copies keep whole.
        var modified: [(original: [UInt8], copy: [UInt8], patched: Bool)] = []
        var identical: [(original: [UInt8], patched: Bool)] = []
        after?.prepare(Set(pairs.map(\.original)))
        for pair in pairs {
            guard let original = try? base.file(at: pair.original), let copy = try? fork.file(at: pair.copy) else {
                continue
            }
            guard original.bytes != copy.bytes else {
                identical.append((pair.original, false))
                continue
            }
            // The copy is read against the image it stands nearer, counting the lines that differ by more than
            // a respelling: the base, or (ported already) the patched original; on a tie, the base. (Upstream's
            // rename, not yet ported, reads as a respelling against the patched original, and as a line kept
            // against the base: a tie.) A copy the base explains but for respellings is read against it alone.
            let lines = TextFile(bytes: copy.bytes).lines
            var found = Self.respellings(TextFile(bytes: original.bytes).lines, lines)
            var readsPatched = false
            if found.distance > 0,
                let patched = after?.file(at: pair.original, ledgerBase: original.bytes), patched != original.bytes
            {
                guard patched != copy.bytes else {
                    identical.append((pair.original, true))
                    continue
                }
                let other = Self.respellings(TextFile(bytes: patched).lines, lines)
                if other.distance < found.distance {
                    found = other
                    readsPatched = true
                }
            }
            for (key, spelling) in found.respelled {
                seen[key, default: [:]][spelling, default: 0] += 1
                copiesOf[key, default: []].insert(pair.copy)
            }
            modified.append((pair.original, pair.copy, readsPatched))
        }
        var table: [Key: Spelling] = [:]
        for (key, spellings) in seen {
            guard spellings.count == 1, let (text, lines) = spellings.first, lines >= Self.minimumLines,
                let count = copiesOf[key]?.count, count >= Self.minimumCopies
            else { continue }
            table[key] = Spelling(text: text, lines: lines, copies: count)
        }
        guard !table.isEmpty else { return table }
        // A line of the original that a copy keeps as it is keeps upstream's spelling of its names there.
        let names = Set(table.keys.map(\.name))
        func drop(_ lines: [Bytes]) {
            for line in lines where names.contains(where: { line.contains(run: $0) }) {
                let tokens = TokenMerge.tokens([line])
                guard let first = Self.firstWord(tokens) else { continue }
                for position in tokens.indices where Self.isName(tokens, at: position) {
                    table[Key(first: first, name: Array(tokens[position]))] = nil
                }
            }
        }
        for pair in modified where !table.isEmpty {
            guard let original = image(pair.original, patched: pair.patched),
                names.contains(where: { original.contains(run: $0) }), let copy = try? fork.file(at: pair.copy)?.bytes
            else { continue }
            drop(Self.respellings(TextFile(bytes: original).lines, TextFile(bytes: copy).lines).kept)
        }
        for pair in identical where !table.isEmpty {
            guard let bytes = image(pair.original, patched: pair.patched),
                names.contains(where: { bytes.contains(run: $0) })
            else { continue }
            drop(TextFile(bytes: bytes).lines)
        }
        return table
    }

    /// The original at `path` as the base has it, or as the port leaves it.
    private func image(_ path: [UInt8], patched: Bool) -> [UInt8]? {
        patched ? after?.file(at: path) : (try? base.file(at: path))?.map(\.bytes)
    }

    /// The respellings between an original and its copy: (name under first word, the copy's spelling), one
    /// per respelled name of each paired line; the original's lines the copy keeps as they are; and how many
    /// of the copy's lines are neither one of the original's nor a respelling of one (how far the copy stands
    /// from the original, beyond the fork's spelling).
    static func respellings(_ original: [Bytes], _ copy: [Bytes]) -> (
        respelled: [(Key, [UInt8])], kept: [Bytes], distance: Int
    ) {
        var interner = LineInterner()
        let a = interner.ids(original), b = interner.ids(copy)
        var out: [(Key, [UInt8])] = []
        var kept: [Bytes] = []
        var ai = 0, bi = 0
        for pair in LineDiff.pairs(a, b) + [(a: a.count, b: b.count)] {
            if pair.a - ai == pair.b - bi {
                for k in 0..<(pair.a - ai) { out += respellings(line: original[ai + k], copy: copy[bi + k]) }
            } else if pair.a > ai, pair.b > bi {
                out += respellingsInOrder(original[ai..<pair.a], copy[bi..<pair.b])
            }
            if pair.a < a.count { kept.append(original[pair.a]) }
            ai = pair.a + 1
            bi = pair.b + 1
        }
        // One name per respelled line (`respellings(line:copy:)`).
        return (out, kept, copy.count - kept.count - out.count)
    }

    /// The names `hunks` themselves write as another (a line they remove is, respelled, a line they add):
    /// upstream's own rename, which copies a first run ported (or a fork that took the change early) show as
    /// if the fork spelled the name so. Not the fork's spelling: `respell` leaves them alone.
    static func renames(in hunks: [Hunk]) -> Set<Key> {
        var out: Set<Key> = []
        for hunk in hunks {
            var removed: [Bytes] = [], added: [Bytes] = []
            for line in hunk.body {
                switch HunkLineKind(line: line) {
                case .deletion: removed.append(line.dropFirst())
                case .addition: added.append(line.dropFirst())
                default: break
                }
            }
            guard !removed.isEmpty, !added.isEmpty else { continue }
            for (key, _) in respellingsInOrder(removed[...], added[...]) { out.insert(key) }
        }
        return out
    }

    /// How far past the last paired line of a copy's changed run `respellingsInOrder` looks.
    static let searchReach = 32

    /// Two changed runs of different lengths (the fork inserted or removed lines beside the ones it
    /// respelled; or a port landed lines there): each line of the original is paired with the first line of
    /// the copy's run after the last one paired, within `searchReach`, that respells it (and has its
    /// `skeleton`, which a respelling keeps).
    static func respellingsInOrder(_ original: ArraySlice<Bytes>, _ copy: ArraySlice<Bytes>) -> [(Key, [UInt8])] {
        var out: [(Key, [UInt8])] = []
        var cursor = copy.startIndex
        var skeletons: [Int: [UInt8]] = [:]
        for line in original {
            guard cursor < copy.endIndex else { break }
            let shape = skeleton(line)
            for j in cursor..<min(copy.endIndex, cursor + searchReach) {
                if skeletons[j] == nil { skeletons[j] = skeleton(copy[j]) }
                guard skeletons[j] == shape else { continue }
                let found = respellings(line: line, copy: copy[j])
                if !found.isEmpty {
                    out += found
                    cursor = j + 1
                    break
                }
            }
        }
        return out
    }

    /// A line without its words and without `.` and `:`: what a respelling (a name written as another, or
    /// qualified) leaves as it was.
    static func skeleton(_ line: Bytes) -> [UInt8] {
        line.filter { !CFunctions.isIdentifier($0) && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ":") }
    }

    /// The name one line of the original has respelled in the copy's line (one name, at most), or none when
    /// anything else differs.
    static func respellings(line: Bytes, copy: Bytes) -> [(Key, [UInt8])] {
        let old = TokenMerge.tokens([line]), new = TokenMerge.tokens([copy])
        guard let first = firstWord(old) else { return [] }
        var interner = LineInterner()
        let ids = old.map { interner.id($0) }, newIDs = new.map { interner.id($0) }
        var out: [(Key, [UInt8])] = []
        for edit in TokenMerge.edits(ids, newIDs, replacement: new) {
            let inserted = edit.lines.flatMap { $0 }
            if edit.range.count == 1, isName(old, at: edit.range.lowerBound), isQualifiedName(edit.lines) {
                // One name written as another.
                out.append((Key(first: first, name: Array(old[edit.range.lowerBound])), inserted))
            } else if edit.range.isEmpty, isName(old, at: edit.range.lowerBound),
                isQualifiedName(edit.lines + [old[edit.range.lowerBound]])
            {
                // A qualifier put before a name.
                let name = Array(old[edit.range.lowerBound])
                out.append((Key(first: first, name: name), inserted + name))
            } else {
                return []
            }
        }
        // One name per line: a line whose words change in several places (`from x import y` written
        // `import z as w`) is rewritten in its form, not respelled.
        return out.count == 1 ? out : []
    }

    /// The first token of a line that is not blank, when it says something.
    static func firstWord(_ tokens: [Bytes]) -> [UInt8]? {
        guard let first = tokens.first(where: { !TokenMerge.isBlankToken($0) && !TokenMerge.isLineEnd($0) })
        else { return nil }
        return Array(first)
    }

    /// Whether the token at `position` is a name: not a member (written after `.`, `::` or `->`), nor a word
    /// inside a string (`"movl %%cr3, %0"` in inline assembly, which an architecture's copy writes `movq`:
    /// what a string says is not the fork's spelling of a name).
    static func isName(_ tokens: [Bytes], at position: Int) -> Bool {
        guard position < tokens.count, let byte = tokens[position].first, CFunctions.isIdentifierStart(byte) else {
            return false
        }
        guard position > 0 else { return true }
        let before = tokens[position - 1]
        return
            !(before.elementsEqual([UInt8(ascii: ".")]) || before.elementsEqual([UInt8(ascii: ":")])
            || before.elementsEqual([UInt8(ascii: ">")])) && !insideString(tokens, at: position)
    }

    /// Whether the token at `position` stands inside a quoted string of its line (`"` or `'`, a quote after a
    /// backslash escaped).
    static func insideString(_ tokens: [Bytes], at position: Int) -> Bool {
        var open: UInt8?
        var escaped = false
        for token in tokens[..<position] {
            guard token.count == 1, let byte = token.first else {
                escaped = false
                continue
            }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = open != nil
            } else if byte == UInt8(ascii: "\""), open == nil || open == byte {
                open = open == nil ? byte : nil
            } else if byte == UInt8(ascii: "'"), open == nil || open == byte {
                open = open == nil ? byte : nil
            }
        }
        return open != nil
    }

    /// Whether `tokens` spell a name, or names joined by `.` or `::`, with no blanks.
    static func isQualifiedName(_ tokens: [Bytes]) -> Bool {
        var expectName = true
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if expectName {
                guard let byte = token.first, CFunctions.isIdentifierStart(byte) else { return false }
                expectName = false
                index += 1
            } else if token.elementsEqual([UInt8(ascii: ".")]) {
                expectName = true
                index += 1
            } else if token.elementsEqual([UInt8(ascii: ":")]), index + 1 < tokens.count,
                tokens[index + 1].elementsEqual([UInt8(ascii: ":")])
            {
                expectName = true
                index += 2
            } else {
                return false
            }
        }
        return !tokens.isEmpty && !expectName
    }
}
