/// The macros a fork redefined in its copies of upstream files, and how, read on first use: for the word
/// merge's one exception (`TokenMerge.Carried`).
///
/// The pattern, from real fork history: the fork adapted a macro in its copy of a header
/// (`#define user_mode(regs) (… || (3 & (regs)->xcs))` became `… (2 & (regs)->xcs))`) and made the same
/// edit wherever its other copies spell the test out (`if (regs->xcs & 3)` became `& 2`). Upstream then
/// replaces the spelled-out test by the macro (`if (user_mode(regs))`). Both sides changed the same words,
/// yet the fork's edit lives on in its own `user_mode()`: taking upstream's line keeps what the fork meant.
///
/// So an edit of the fork is *carried* when upstream's new words name a macro whose `#define` in a copy
/// differs from the original's by that very edit: the same tokens replaced by the same tokens (blanks and
/// line continuations aside), among the definition's edits; and when the macro abstracts what upstream
/// replaced: the original's definition mentions every name of the replaced tokens (`xcs`). The second
/// test keeps one architecture's macro from speaking for another's line: i386's `user_mode()` tests
/// `xcs`, so it carries no edit of x86_64's `(regs->cs & 3) != 3`. Definitions are paired by name and order
/// within each (original, copy) pair the fork map describes (`ForkMapSurvey.pairs`, modified C-like
/// copies); a name defined a different number of times in the two files is left out, and a tree that cannot
/// be read gives no macros (the clash stays a conflict, as without this rule).
///
/// Cost: the first question reads every modified C-like pair once (a port that meets no such clash reads
/// nothing); later questions are dictionary look-ups.
final class ForkMacros {
    /// One edit between two definitions, blanks aside.
    struct Substitution: Hashable {
        var from: [String]
        var to: [String]
    }

    /// How the fork redefined one macro: the original definition's words and the edits to the copy's.
    struct Adaptation {
        var words: Set<String>
        var edits: Set<Substitution>
    }

    private let map: ForkMap
    private let fork: FileTree
    private let base: FileTree
    private var adaptations: [String: [Adaptation]]?

    init(map: ForkMap, fork: FileTree, base: FileTree) {
        self.map = map
        self.fork = fork
        self.base = base
    }

    /// True when some name among `upstream` (the tokens upstream's edits put in) is a macro the fork
    /// redefined by the edit `from` → `to`, and whose original definition mentions every name in
    /// `replaced` (the tokens upstream's edit replaced).
    func carries(from: [Bytes], to: [Bytes], replaced: [Bytes], upstream: [Bytes]) -> Bool {
        let edit = Substitution(from: Self.words(from), to: Self.words(to))
        guard !edit.from.isEmpty || !edit.to.isEmpty else { return false }
        let names = Self.words(replaced).filter { CFunctions.isIdentifierStart($0.utf8.first ?? 0) }
        let table = adaptations ?? load()
        adaptations = table
        return upstream.contains { token in
            guard let first = token.first, CFunctions.isIdentifierStart(first) else { return false }
            return table[String(decoding: token, as: UTF8.self)]?.contains {
                $0.edits.contains(edit) && names.allSatisfy($0.words.contains)
            } == true
        }
    }

    private func load() -> [String: [Adaptation]] {
        var table: [String: [Adaptation]] = [:]
        guard let pairs = try? ForkMapSurvey.pairs(map: map, upstream: base, fork: fork) else { return table }
        for pair in pairs where pair.state == .modified {
            guard let upstreamPath = pair.upstream, let copyPath = pair.fork, Porter.isCLike(copyPath),
                let original = try? base.file(at: upstreamPath), let copy = try? fork.file(at: copyPath)
            else { continue }
            let theirs = Self.definitions(original.bytes), ours = Self.definitions(copy.bytes)
            for (name, originals) in theirs {
                guard let copies = ours[name], copies.count == originals.count else { continue }
                for (a, b) in zip(originals, copies) where a != b {
                    table[name, default: []].append(Adaptation(words: Set(a), edits: Set(Self.substitutions(a, b))))
                }
            }
        }
        return table
    }

    /// Each `#define`'s name and its words (continuation lines joined), in file order.
    static func definitions(_ bytes: [UInt8]) -> [String: [[String]]] {
        let lines = TextFile(bytes: bytes).lines
        var out: [String: [[String]]] = [:]
        var k = 0
        while k < lines.count {
            let start = k
            while k < lines.count, lines[k].withoutTerminator.last == UInt8(ascii: "\\") { k += 1 }
            k += 1
            let words = Self.words(TokenMerge.tokens(Array(lines[start..<min(k, lines.count)])))
            guard words.count >= 3, words[0] == "#", words[1] == "define", let first = words[2].utf8.first,
                CFunctions.isIdentifierStart(first)
            else { continue }
            out[words[2], default: []].append(words)
        }
        return out
    }

    /// The edits turning one definition's words into the other's.
    static func substitutions(_ a: [String], _ b: [String]) -> [Substitution] {
        var interner = LineInterner()
        let bBytes = b.map { Array($0.utf8)[...] }
        let ai = a.map { interner.id(Array($0.utf8)[...]) }, bi = bBytes.map { interner.id($0) }
        return TokenMerge.edits(ai, bi, replacement: bBytes).map {
            Substitution(from: Array(a[$0.range]), to: $0.lines.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Tokens as words: blanks, line ends and line continuations left out.
    static func words(_ tokens: [Bytes]) -> [String] {
        tokens.compactMap { token in
            guard !TokenMerge.isBlankToken(token), !TokenMerge.isLineEnd(token),
                !token.elementsEqual([UInt8(ascii: "\\")])
            else { return nil }
            return String(decoding: token, as: UTF8.self)
        }
    }
}
