/// Evidence, read from the copy itself, that the fork probably does not want a hunk that would apply. A hunk
/// with such evidence is not landed silently: `tandem port` gives it the verdict `review` (it would apply;
/// a person decides) and leaves it out of the rewritten patch and `--apply` unless the user accepts it.
///
/// Each rule looks at the copy as it was and as it would be, the upstream original before the patch, and
/// the hunk; none knows any fork's names:
///
/// - **second definition**: after porting, the copy would define a function or macro more times than it did
///   before, beyond what upstream's own change adds (upstream added `play_dead()`, the copy already had its
///   own). Definitions are counted with `CUnits` in the copy before and after, and in the original before
///   and after, so a function upstream *moves* is not flagged where the copy's move is complete.
/// - **commented out**: the fork turned a line of the hunk's neighbourhood into a comment (`#config X`,
///   `// foo();`, `/* … */`): it disabled that code, and a change beside it is probably not wanted.
/// - **identifiers the fork removed**: the hunk's new lines use a name that the original has and the copy
///   has nowhere (the fork took that variable, function or option out).
/// - **disabled block**: the hunk lands inside `#if 0` in the copy (code the fork keeps but never builds).
///
/// Cost: one segmentation of four short line lists per file with landed hunks, and one pass over the copy
/// per landed hunk.
public enum PortRisk {
    /// One piece of evidence.
    public enum Reason: Sendable, Equatable {
        case secondDefinition(name: String)
        case commentedOut(line: Int)
        case removedIdentifiers([String])
        case disabledBlock(line: Int)

        /// The evidence in words.
        public var message: String {
            switch self {
            case .secondDefinition(let name): return "the copy would define \(name) twice"
            case .commentedOut(let line): return "the fork commented out line \(line) beside this change"
            case .removedIdentifiers(let names):
                return "it uses \(names.prefix(3).joined(separator: ", ")), which the original has and the copy does not"
            case .disabledBlock(let line): return "it lands inside the block the fork disabled at line \(line) (#if 0)"
            }
        }
    }

    /// The reasons for each landed hunk (by index) that has any. `copy` and `ported` are the copy before
    /// and after porting, `base` the original before the patch, `original` after it (when known), `isC`
    /// whether the file is C or assembler (comments are `/* */` and `//`) rather than a Makefile or Kconfig
    /// file (`#` comments).
    public static func assess(hunks: [Hunk], outcomes: [HunkOutcome], copy: [Bytes], ported: [Bytes],
                              base: [Bytes]?, original: [Bytes]?, isC: Bool) -> [Int: [Reason]] {
        var reasons: [Int: [Reason]] = [:]
        let landed = outcomes.indices.filter { if case .applied = outcomes[$0] { return true } else { return false } }
        guard !landed.isEmpty else { return [:] }
        let extra = extraDefinitions(copy: copy, ported: ported, base: base, original: original, isC: isC)
        let copyWords = base == nil ? [] : identifiers(copy, isC: isC)
        let baseWords = base.map { identifiers($0, isC: isC) } ?? []
        let disabled = disabledBlocks(copy)
        for index in landed {
            guard case .applied(let placement) = outcomes[index] else { continue }
            let images = hunks[index].images
            var found: [Reason] = []
            let added = addedLines(images)
            if !extra.isEmpty {
                let defined = definedNames(in: images.new, isC: isC).subtracting(definedNames(in: images.old, isC: isC))
                for name in defined.sorted() where extra.contains(name) { found.append(.secondDefinition(name: name)) }
            }
            if let line = commentedOut(images.old, in: copy, around: placement.targetIndex..<(placement.targetIndex + placement.targetCount), isC: isC) {
                found.append(.commentedOut(line: line + 1))
            }
            if base != nil {
                let used = identifiers(added, isC: isC).subtracting(identifiers(images.old, isC: isC))
                let gone = used.filter { baseWords.contains($0) && !copyWords.contains($0) }.sorted()
                if !gone.isEmpty { found.append(.removedIdentifiers(gone)) }
            }
            if let opening = disabled.first(where: { $0.range.contains(placement.targetIndex) })?.opening {
                found.append(.disabledBlock(line: opening + 1))
            }
            if !found.isEmpty { reasons[index] = found }
        }
        return reasons
    }

    /// The lines a hunk adds (post-image lines that are not in the pre-image, by a minimal diff).
    static func addedLines(_ images: HunkImages) -> [Bytes] {
        var interner = LineInterner()
        let old = interner.ids(images.old), new = interner.ids(images.new)
        let kept = Set(LineDiff.pairs(old, new).map(\.b))
        return images.new.indices.filter { !kept.contains($0) }.map { images.new[$0] }
    }

    // MARK: Second definitions

    /// Names defined more often in `ported` than in `copy`, beyond upstream's own change in their number.
    static func extraDefinitions(copy: [Bytes], ported: [Bytes], base: [Bytes]?, original: [Bytes]?, isC: Bool) -> Set<String> {
        guard isC else { return [] }
        let before = definitionCounts(copy), after = definitionCounts(ported)
        let upstreamBefore = base.map(definitionCounts) ?? [:], upstreamAfter = original.map(definitionCounts) ?? [:]
        var extra = Set<String>()
        for (name, count) in after where count > (before[name] ?? 0) {
            let grown = count - (before[name] ?? 0)
            let upstreamGrown = original == nil ? 0 : (upstreamAfter[name] ?? 0) - (upstreamBefore[name] ?? 0)
            if grown > upstreamGrown && (before[name] ?? 0) > 0 { extra.insert(name) }
        }
        return extra
    }

    /// How many times each function and macro is defined.
    static func definitionCounts(_ lines: [Bytes]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for unit in CUnits.segment(lines).units where unit.kind == .function || unit.kind == .macro {
            counts[unit.name, default: 0] += 1
        }
        return counts
    }

    /// The functions and macros defined in `lines`.
    static func definedNames(in lines: [Bytes], isC: Bool) -> Set<String> {
        guard isC else { return [] }
        return Set(CUnits.segment(lines).units.filter { $0.kind == .function || $0.kind == .macro }.map(\.name))
    }

    // MARK: Commented-out lines

    /// The first copy line near `region` (two lines around it) that is a pre-image line turned into a
    /// comment.
    static func commentedOut(_ pre: [Bytes], in copy: [Bytes], around region: Range<Int>, isC: Bool) -> Int? {
        let wanted = Set(pre.map { squeezed($0) }.filter { $0.count >= 4 })
        let window = max(region.lowerBound - 2, 0)..<min(region.upperBound + 2, copy.count)
        return window.first { index in
            guard let inner = uncommented(copy[index], isC: isC) else { return false }
            return wanted.contains(inner)
        }
    }

    /// The text inside a comment line (`# text`, `// text`, `/* text */`), blanks removed; nil when the
    /// line is not a whole-line comment.
    static func uncommented(_ line: Bytes, isC: Bool) -> [UInt8]? {
        let text = squeezed(line)
        if isC {
            if text.starts(with: Array("//".utf8)) { return Array(text.dropFirst(2)) }
            if text.starts(with: Array("/*".utf8)), text.count >= 4, Array(text.suffix(2)) == Array("*/".utf8) {
                return Array(text.dropFirst(2).dropLast(2))
            }
            return nil
        }
        return text.first == UInt8(ascii: "#") ? Array(text.dropFirst()) : nil
    }

    static func squeezed(_ line: Bytes) -> [UInt8] {
        line.filter { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.newline && $0 != ASCII.carriageReturn }
    }

    // MARK: Identifiers

    static let keywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "return", "short", "signed", "sizeof",
        "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "define",
        "ifdef", "ifndef", "endif", "include", "undef", "defined", "elif", "config", "bool", "tristate",
        "depends", "select", "help", "source", "menu", "endmenu", "choice", "endchoice",
    ]

    /// The identifiers (three or more characters, not keywords) in the code of `lines`, comments left out.
    static func identifiers(_ lines: [Bytes], isC: Bool) -> Set<String> {
        var out = Set<String>()
        var inBlock = false
        for line in lines {
            var i = line.startIndex
            var word: [UInt8] = []
            func flush() {
                if word.count >= 3, let first = word.first, !(first >= 0x30 && first <= 0x39) {
                    let text = String(decoding: word, as: UTF8.self)
                    if !keywords.contains(text) { out.insert(text) }
                }
                word = []
            }
            while i < line.endIndex {
                let byte = line[i]
                let next: UInt8? = i + 1 < line.endIndex ? line[i + 1] : nil
                if inBlock {
                    if byte == UInt8(ascii: "*") && next == UInt8(ascii: "/") { inBlock = false; i += 2; continue }
                    i += 1
                    continue
                }
                if isC && byte == UInt8(ascii: "/") && next == UInt8(ascii: "*") { flush(); inBlock = true; i += 2; continue }
                if isC && byte == UInt8(ascii: "/") && next == UInt8(ascii: "/") { break }
                if !isC && byte == UInt8(ascii: "#") { break }
                let isWord = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
                if isWord { word.append(byte) } else { flush() }
                i += 1
            }
            flush()
        }
        return out
    }

    // MARK: Disabled blocks

    /// The `#if 0` blocks of the copy: the line of each `#if 0` and the lines up to its `#else` or `#endif`.
    static func disabledBlocks(_ lines: [Bytes]) -> [(opening: Int, range: Range<Int>)] {
        var blocks: [(opening: Int, range: Range<Int>)] = []
        var stack: [(line: Int, disabled: Bool)] = []
        for (index, line) in lines.enumerated() {
            let text = squeezed(line)
            guard text.first == UInt8(ascii: "#") else { continue }
            if text.starts(with: Array("#if".utf8)) {
                stack.append((index, text == Array("#if0".utf8)))
            } else if text.starts(with: Array("#el".utf8)) || text.starts(with: Array("#endif".utf8)) {
                if let top = stack.last, top.disabled, top.line >= 0 { blocks.append((top.line, (top.line + 1)..<index)) }
                if text.starts(with: Array("#endif".utf8)) { _ = stack.popLast() } else if !stack.isEmpty { stack[stack.count - 1].disabled = false }
            }
        }
        return blocks
    }
}
