/// Risk rule **a definition the fork removed** (`PortRisk`): a hunk's new code uses a name that the original
/// defines at file level (a function, a macro, or an object such as `static struct sysdev_driver
/// mtrr_sysdev_driver = {…}`), and the copy holds that name nowhere. The fork removed the definition and
/// every use of it; landed, upstream's new line refers to something the copy no longer has. The copy would
/// not build, or, for a macro tested by `#ifdef`, would silently drop the code: either way the fork took that
/// facility out on purpose, and a person decides. The Xen copy of the MTRR driver sets its ranges through
/// the hypervisor and has no `mtrr_sysdev_driver`; upstream's new `mtrr_init_finialize()` registers it.
///
/// The test, for each name on a line the hunk adds (code only: comments, string and character literals, and
/// `#include` lines aside, which `RemovedString` and `MissingHeader` read):
/// 1. no line the file patch adds at column 0 mentions it, and no `#define` it adds defines it (upstream
///    defining or declaring it anew). The hunk's own removed lines may mention it: where the copy lacks them
///    too, the hunk moves a use the fork had removed (`sysdev_driver_register(…, &mtrr_sysdev_driver)` out
///    of `mtrr_init()` into a new function), and what counts is what the ported copy would hold;
/// 2. the copy holds it nowhere, as a whole word (a mention in a comment counts: the rule stays quiet);
/// 3. the original defines it at file level: a function with a body, a macro, or a declaration that is not
///    `extern` and not a prototype (`CUnits`). A name declared `extern` is defined elsewhere, where the copy
///    may still reach it.
///
/// Measured on the Xen history (see benchmarks.md): 1 partial landing of a conflict held (the one above,
/// which the Xen developers did not port), 0 right hunks held back. Its loose cousin, "the new lines use a
/// name the original has and the copy lacks", was measured and dropped: names from headers, help texts and
/// comments held back more right hunks than it caught. A name defined in the file itself is the difference.
///
/// Cost: the hunks' added names are gathered once per file patch; the copy is scanned once for them, the
/// original once for those the copy lacks, and only when one of those stands in the original is it
/// segmented.
enum RemovedDefinition {
    /// The evidence against each hunk of `hunks` that has any, by index. `original` and `copy` are the two
    /// files' bytes (the copy differs from the original).
    static func evidence(_ hunks: [Hunk], original: [UInt8], copy: [UInt8]) -> [Int: PortRisk.Reason] {
        // Each hunk read once: the names its added code uses, and those it declares anew.
        let read = hunks.map(scan)
        let declaredAnew = read.reduce(into: Set<[UInt8]>()) { $0.formUnion($1.declared) }
        var used: [(index: Int, names: [[UInt8]])] = []
        var all = Set<[UInt8]>()
        for (index, hunk) in read.enumerated() {
            let names = hunk.used.filter { !declaredAnew.contains($0) }
            guard !names.isEmpty else { continue }
            used.append((index, names))
            all.formUnion(names)
        }
        guard !all.isEmpty else { return [:] }
        // The names the copy lacks, then those of them the original has at all: usually none, and no
        // segmentation is needed.
        let lacking = all.subtracting(words(of: copy, among: all))
        guard !lacking.isEmpty else { return [:] }
        let inOriginal = words(of: original, among: lacking)
        guard !inOriginal.isEmpty else { return [:] }
        let defined = definitions(in: TextFile(bytes: original).lines, among: inOriginal)
        guard !defined.isEmpty else { return [:] }
        var out: [Int: PortRisk.Reason] = [:]
        for (index, names) in used {
            if let name = names.first(where: { defined[$0] != nil }), let line = defined[name] {
                out[index] = .removedDefinition(name: String(decoding: name, as: UTF8.self), line: line)
            }
        }
        return out
    }

    /// The names the code of `hunk`'s added lines uses, in order, without repeats (`scan`).
    static func addedNames(_ hunk: Hunk) -> [[UInt8]] { scan(hunk).used }

    /// One pass over `hunk`'s new side. `used`: the names the code of its added lines uses, in order, without
    /// repeats (`#include` lines aside). `declared`: the names the code of each added line at column 0 uses
    /// (a definition or declaration at file level: upstream defining the name anew, which the rule leaves
    /// alone), and the name each added `#define` defines; other directives (`#ifdef NAME` uses NAME) aside.
    /// Comments are followed through the new side: a hunk can start inside one, so a `*/` before any `/*`
    /// closes it, and a line whose text starts with `*` and a blank (or `**`, or `*` alone) is taken as one.
    static func scan(_ hunk: Hunk) -> (used: [[UInt8]], declared: Set<[UInt8]>) {
        var inComment = false
        var added: [[UInt8]] = []
        var declared = Set<[UInt8]>()
        for line in hunk.body {
            let kind = HunkLineKind(line: line)
            guard kind == .context || kind == .addition else { continue }
            let text = Array(line.dropFirst().withoutTerminator)
            let names = code(text, inComment: &inComment)
            guard kind == .addition else { continue }
            let directive = directive(text)
            if directive != "include" { added += names }
            guard let first = text.first, !ASCII.isBlank(first) else { continue }
            if directive == nil {
                declared.formUnion(names)
            } else if directive == "define", names.count > 1 {
                // `#define NAME …` defines NAME and uses the rest.
                declared.insert(names[1])
            }
        }
        var seen = Set<[UInt8]>()
        return (added.filter { seen.insert($0).inserted }, declared)
    }

    /// The identifiers of one line's code, outside comments (`inComment` carries a `/* */` comment from line
    /// to line) and outside string and character literals. Numbers are not names.
    static func code(_ text: [UInt8], inComment: inout Bool) -> [[UInt8]] {
        let star = UInt8(ascii: "*"), slash = UInt8(ascii: "/")
        var out: [[UInt8]] = []
        var k = 0
        // A line that starts inside a comment the hunk did not open (` * text`, ` *`, ` **`, or text before a
        // `*/`); `*ptr = 0;` is code.
        if !inComment, let first = text.firstIndex(where: { !ASCII.isBlank($0) }), text[first] == star {
            let next = first + 1 < text.count ? text[first + 1] : nil
            if next == nil || next == star || next.map(ASCII.isBlank) == true { return [] }
        }
        if !inComment, let close = text[...].firstIndex(ofRun: [star, slash]),
            text[...].firstIndex(ofRun: [slash, star]).map({ $0 > close }) ?? true
        {
            k = close + 2
        }
        while k < text.count {
            let c = text[k]
            if inComment {
                if c == star, k + 1 < text.count, text[k + 1] == slash {
                    inComment = false
                    k += 2
                } else {
                    k += 1
                }
                continue
            }
            if c == slash, k + 1 < text.count, text[k + 1] == star {
                inComment = true
                k += 2
                continue
            }
            if c == slash, k + 1 < text.count, text[k + 1] == slash { break }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                k = CUnits.endOfLiteral(text, at: k)
                continue
            }
            if CFunctions.isIdentifierStart(c) {
                var end = k + 1
                while end < text.count, CFunctions.isIdentifier(text[end]) { end += 1 }
                out.append(Array(text[k..<end]))
                k = end
                continue
            }
            if CFunctions.isIdentifier(c) {
                // A number (`0x1f`, `10UL`): its letters are not a name.
                while k < text.count, CFunctions.isIdentifier(text[k]) { k += 1 }
                continue
            }
            k += 1
        }
        return out
    }

    /// Which of `names` stand in `bytes` as whole words (one pass).
    static func words(of bytes: [UInt8], among names: Set<[UInt8]>) -> Set<[UInt8]> {
        // Looked up as slices of `bytes` (no copy per word), and only words of a length and first byte some
        // name has: most of a file's words are passed over without hashing.
        let wanted = Set(names.map { $0[...] })
        var lengths = [Bool](repeating: false, count: (names.map(\.count).max() ?? 0) + 1)
        var firsts = [Bool](repeating: false, count: 256)
        for name in names {
            lengths[name.count] = true
            if let first = name.first { firsts[Int(first)] = true }
        }
        var found = Set<[UInt8]>()
        var k = 0
        while k < bytes.count, found.count < names.count {
            guard CFunctions.isIdentifier(bytes[k]) else {
                k += 1
                continue
            }
            var end = k + 1
            while end < bytes.count, CFunctions.isIdentifier(bytes[end]) { end += 1 }
            let length = end - k
            if length < lengths.count, lengths[length], firsts[Int(bytes[k])], wanted.contains(bytes[k..<end]) {
                found.insert(Array(bytes[k..<end]))
            }
            k = end
        }
        return found
    }

    /// For each of `names` that `lines` define at file level (a function with a body, a macro, or a
    /// declaration neither `extern` nor a prototype), the 1-based line of its first definition.
    static func definitions(in lines: [Bytes], among names: Set<[UInt8]>) -> [[UInt8]: Int] {
        var out: [[UInt8]: Int] = [:]
        for unit in CUnits.segment(lines).units {
            let name = Array(unit.name.utf8)
            guard names.contains(name), out[name] == nil else { continue }
            switch unit.kind {
            case .function, .macro:
                out[name] = unit.lines.lowerBound + 1
            case .declaration:
                var text: [UInt8] = []
                for index in unit.lines { text += lines[index].withoutTerminator + [ASCII.space] }
                let tokens = CTokens.tokens(text)
                guard let at = tokens.firstIndex(of: unit.name), !tokens[..<at].contains("extern"),
                    at + 1 >= tokens.count || tokens[at + 1] != "("
                else { continue }
                out[name] = unit.lines.lowerBound + 1
            default:
                continue
            }
        }
        return out
    }

    /// The word after a leading `#` (blanks allowed around it), or nil.
    static func directive(_ text: [UInt8]) -> String? {
        var k = 0
        while k < text.count, ASCII.isBlank(text[k]) { k += 1 }
        guard k < text.count, text[k] == UInt8(ascii: "#") else { return nil }
        k += 1
        while k < text.count, ASCII.isBlank(text[k]) { k += 1 }
        var end = k
        while end < text.count, CFunctions.isIdentifier(text[end]) { end += 1 }
        return String(decoding: text[k..<end], as: UTF8.self)
    }
}
