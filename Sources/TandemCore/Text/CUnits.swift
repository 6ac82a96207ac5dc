/// A tolerant split of a C (or assembler `.S`) file into top-level units, the granularity at which `tandem
/// hooks` says where a copy differs: functions, macros, types (struct, union, enum, typedef), declarations,
/// preprocessor directives, and in assembler the code under each label. No C parser: one pass over the
/// lines that tracks comments, strings and character literals, brace and parenthesis depth and `\` line
/// continuations. It never fails. Where it cannot tell (an unbalanced brace, a comment or string left open
/// at the end of the file) it reports the region as unsegmented and keeps it as one `other` unit, so no
/// line is lost. Blank lines and comments between units belong to no unit.
public enum CUnits {
    public enum Kind: String, Sendable, CaseIterable {
        case function, macro, type, declaration, directive, label, other

        /// A function or a macro: what C allows to be defined only once.
        public var isDefinition: Bool { self == .function || self == .macro }
    }

    public struct Unit: Sendable, Equatable {
        public var kind: Kind
        /// `setup_arch`, `struct desc_struct`, `#ifdef CONFIG_XEN`, `ENTRY(ret_from_fork)` …
        public var name: String
        /// 0-based, half-open.
        public var lines: Range<Int>
    }

    public struct Segmentation: Sendable, Equatable {
        public var units: [Unit]
        /// Line ranges the scanner could not segment (each also kept as an `other` unit).
        public var unsegmented: [Range<Int>]
    }

    /// True for paths that hold assembler (`.S`, `.s`).
    public static func isAssembly(_ path: [UInt8]) -> Bool {
        path.count > 2 && path[path.count - 2] == UInt8(ascii: ".")
            && (path.last == UInt8(ascii: "S") || path.last == UInt8(ascii: "s"))
    }

    public static func segment(_ lines: [Bytes], assembly: Bool = false) -> Segmentation {
        assembly ? segmentAssembly(lines) : segmentC(lines)
    }

    // MARK: C

    static func segmentC(_ lines: [Bytes]) -> Segmentation {
        var units: [Unit] = []
        var unsegmented: [Range<Int>] = []
        var inComment = false
        var depth = 0, parens = 0
        var start: Int?  // first line of the unit being read
        var header: [UInt8] = []  // its text up to the first `{` at depth 0
        var tail: [UInt8] = []  // its text after the closing `}` (a typedef's name)
        var opened = false  // a `{` was seen at depth 0
        var externC = 0  // open `extern "C" {` blocks, which are not units
        var i = 0
        func finish(_ end: Int, kind: Kind? = nil) {
            guard let first = start else { return }
            let (k, name) = kind.map { ($0, "?") } ?? describe(header, opened: opened, tail: tail)
            units.append(Unit(kind: k, name: name, lines: first..<end))
            start = nil
            header = []
            tail = []
            opened = false
            parens = 0
        }
        while i < lines.count {
            let text = Array(lines[i].withoutTerminator)
            let trimmed = text.drop { $0 == ASCII.space || $0 == ASCII.tab }
            // Code left without its `;` (a macro call such as `__SYSCALL(__NR_read, sys_read)`) ends before a
            // preprocessor line at the top level.
            if !inComment, depth == 0, parens == 0, !opened, start != nil, trimmed.first == UInt8(ascii: "#") {
                finish(i)
            }
            // An assembler directive in a header's `#ifdef __ASSEMBLY__` part (`.macro`, `.pushsection`).
            if !inComment, depth == 0, start == nil, trimmed.first == UInt8(ascii: ".") {
                units.append(Unit(kind: .other, name: CTokens.tokens(trimmed).prefix(2).joined(), lines: i..<(i + 1)))
                i += 1
                continue
            }
            // A preprocessor line outside any unit: one directive or macro unit (with its continuations).
            if !inComment, depth == 0, start == nil, trimmed.first == UInt8(ascii: "#") {
                var end = i
                while end < lines.count, lines[end].withoutTerminator.last == UInt8(ascii: "\\") { end += 1 }
                end = min(end, lines.count - 1)
                var joined: [UInt8] = []
                for k in i...end {
                    joined += lines[k].withoutTerminator.filter { $0 != UInt8(ascii: "\\") } + [ASCII.space]
                }
                // A comment opened on the directive's last line and closed further down (`#define X 1 /* …`).
                inComment = leavesCommentOpen(joined)
                let words = CTokens.tokens(joined)
                if words.count >= 3, words[1] == "define" {
                    units.append(Unit(kind: .macro, name: words[2], lines: i..<(end + 1)))
                } else {
                    units.append(
                        Unit(kind: .directive, name: directiveName(lines[i].withoutTerminator), lines: i..<(end + 1)))
                }
                i = end + 1
                continue
            }
            // Scan the line's code.
            var sawCode = false
            var k = 0
            while k < text.count {
                let c = text[k]
                if inComment {
                    if c == UInt8(ascii: "*"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "/") {
                        inComment = false; k += 2
                    } else {
                        k += 1
                    }
                    continue
                }
                if c == UInt8(ascii: "/"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "*") {
                    inComment = true; k += 2; continue
                }
                if c == UInt8(ascii: "/"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "/") { break }
                if c == ASCII.space || c == ASCII.tab {
                    if start != nil && depth == 0 && !opened { header.append(ASCII.space) }
                    k += 1
                    continue
                }
                if !sawCode && start == nil { start = i }
                sawCode = true
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    let end = Self.endOfLiteral(text, at: k)
                    if depth == 0 && !opened { header += text[k..<min(end, text.count)] }
                    k = end
                    continue
                }
                if depth == 0 && !opened { header.append(c) } else if depth == 0 { tail.append(c) }
                switch c {
                case UInt8(ascii: "("): parens += 1
                case UInt8(ascii: ")"): parens = max(0, parens - 1)
                case UInt8(ascii: "{"):
                    if depth == 0 && CTokens.tokens(header.dropLast()) == ["extern", "\"C\""] {
                        // `extern "C" {` wraps units; it is not one.
                        externC += 1
                        start = nil
                        header = []
                        k += 1
                        continue
                    }
                    if depth == 0 { opened = true }
                    depth += 1
                case UInt8(ascii: "}"):
                    if depth == 0 && externC > 0 && start == i && header.count <= 1 {
                        externC -= 1
                        start = nil
                        header = []
                        k += 1
                        continue
                    }
                    depth -= 1
                    if depth < 0 {
                        // An unbalanced brace: keep the line as its own unsegmented unit and start afresh.
                        depth = 0
                        unsegmented.append(i..<(i + 1))
                        if start == nil { start = i }
                        finish(i + 1, kind: .other)
                        k = text.count
                        continue
                    }
                    if depth == 0 && isFunctionHeader(header) {
                        finish(i + 1)
                        k = text.count  // text after a function's closing brace is not code in practice
                        continue
                    }
                case UInt8(ascii: ";"):
                    if depth == 0 && parens == 0 { finish(i + 1) }
                default: break
                }
                k += 1
            }
            if start != nil, depth == 0, !opened { header.append(ASCII.space) }
            i += 1
        }
        if let first = start {
            unsegmented.append(first..<lines.count)
            finish(lines.count, kind: .other)
        } else if inComment || depth > 0 {
            unsegmented.append((units.last?.lines.upperBound ?? 0)..<lines.count)
        }
        return Segmentation(units: units, unsegmented: unsegmented)
    }

    /// A directive as people write it: `#include <linux/types.h>`, `#ifdef CONFIG_XEN` (comments dropped,
    /// white space collapsed, `# if` spelled `#if`, at most 60 characters).
    static func directiveName(_ line: Bytes) -> String {
        var text = Array(line.drop { $0 == ASCII.space || $0 == ASCII.tab })
        if let comment = text.indices.first(where: {
            $0 + 1 < text.count && text[$0] == UInt8(ascii: "/")
                && (text[$0 + 1] == UInt8(ascii: "*") || text[$0 + 1] == UInt8(ascii: "/"))
        }) {
            text = Array(text[..<comment])
        }
        var out: [UInt8] = []
        for byte in text {
            let blank = byte == ASCII.space || byte == ASCII.tab || byte == UInt8(ascii: "\\")
            if blank {
                if out.last != ASCII.space && out.count > 1 { out.append(ASCII.space) }
            } else {
                out.append(byte)
            }
        }
        while out.last == ASCII.space { out.removeLast() }
        return String(decoding: out.prefix(60), as: UTF8.self)
    }

    /// Just past the string or character literal whose opening quote is at `k` (backslash escapes
    /// skipped); past the line's end when the literal is not closed on it.
    static func endOfLiteral(_ text: [UInt8], at k: Int) -> Int {
        let quote = text[k]
        var j = k + 1
        while j < text.count, text[j] != quote { j += text[j] == UInt8(ascii: "\\") ? 2 : 1 }
        return j + 1
    }

    /// True when a block comment is still open at the end of `text` (strings and `//` comments respected).
    static func leavesCommentOpen(_ text: [UInt8]) -> Bool {
        var open = false, k = 0
        while k < text.count {
            let c = text[k]
            if open {
                if c == UInt8(ascii: "*"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "/") {
                    open = false; k += 2
                } else {
                    k += 1
                }
                continue
            }
            if c == UInt8(ascii: "/"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "*") {
                open = true; k += 2; continue
            }
            if c == UInt8(ascii: "/"), k + 1 < text.count, text[k + 1] == UInt8(ascii: "/") { return false }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                k = endOfLiteral(text, at: k)
                continue
            }
            k += 1
        }
        return open
    }

    /// A function definition's header (the text before its `{`): it has a `(`, and no `=` (an initializer)
    /// before it. `struct task_struct *__switch_to(…)` is a function; `struct s {` has no `(` before its `{`.
    static func isFunctionHeader(_ header: [UInt8]) -> Bool {
        guard let paren = header.firstIndex(of: UInt8(ascii: "(")) else { return false }
        return !header[..<paren].contains(UInt8(ascii: "=")) && !header.starts(with: "typedef".utf8)
    }

    /// The kind and name of a unit from its header text.
    static func describe(_ header: [UInt8], opened: Bool, tail: [UInt8] = []) -> (Kind, String) {
        let tokens = CTokens.tokens(header)
        let identifiers = tokens.filter { $0.utf8.first.map(CFunctions.isIdentifierStart) ?? false }
        if let first = tokens.first, ["struct", "union", "enum"].contains(first), opened,
            tokens.firstIndex(of: "(").map({ $0 > tokens.firstIndex(of: "{") ?? 0 }) ?? true
        {
            let name = tokens.count > 1 && tokens[1] != "{" ? "\(first) \(tokens[1])" : first
            return (.type, name)
        }
        if tokens.first == "typedef" {
            let after = CTokens.tokens(tail).filter { $0.utf8.first.map(CFunctions.isIdentifierStart) ?? false }
            return (.type, after.last ?? identifiers.last ?? "typedef")
        }
        if opened && isFunctionHeader(header), let paren = tokens.firstIndex(of: "("), paren > 0 {
            return (.function, tokens[paren - 1])
        }
        // A declaration, prototype or initialized object: the name before `=`, `[`, `(` or `;`.
        if let stop = tokens.firstIndex(where: { ["=", "[", "(", ";", "{", ":"].contains($0) }), stop > 0 {
            return (.declaration, tokens[stop - 1])
        }
        return (.declaration, identifiers.last ?? "?")
    }

    // MARK: assembler

    static func segmentAssembly(_ lines: [Bytes]) -> Segmentation {
        var units: [Unit] = []
        var current: (name: String, start: Int)?
        for (i, line) in lines.enumerated() {
            let text = Array(line.withoutTerminator)
            let trimmed = Array(text.drop { $0 == ASCII.space || $0 == ASCII.tab })
            var label: String?
            if let first = text.first, CFunctions.isIdentifierStart(first) || first == UInt8(ascii: ".") {
                if let colon = text.firstIndex(of: UInt8(ascii: ":")),
                    text[..<colon].allSatisfy({ CFunctions.isIdentifier($0) || $0 == UInt8(ascii: ".") })
                {
                    label = String(decoding: text[..<colon], as: UTF8.self)
                } else if let paren = text.firstIndex(of: UInt8(ascii: "(")) {
                    let macro = String(decoding: text[..<paren], as: UTF8.self)
                    if [
                        "ENTRY", "GLOBAL", "SYM_FUNC_START", "SYM_CODE_START", "SYM_FUNC_START_LOCAL",
                        "SYM_CODE_START_LOCAL", "SYM_INNER_LABEL",
                    ].contains(macro),
                        let close = text.firstIndex(of: UInt8(ascii: ")")), close > paren
                    {
                        label = macro + "(" + String(decoding: text[(paren + 1)..<close], as: UTF8.self) + ")"
                    }
                }
            }
            if trimmed.first == UInt8(ascii: "#") && current == nil {
                let words = CTokens.tokens(trimmed)
                let macro = words.count >= 3 && words[1] == "define"
                units.append(
                    Unit(
                        kind: macro ? .macro : .directive,
                        name: macro ? words[2] : directiveName(line.withoutTerminator), lines: i..<(i + 1)))
                continue
            }
            if let label {
                if let open = current { units.append(Unit(kind: .label, name: open.name, lines: open.start..<i)) }
                current = (label, i)
            } else if current == nil && !trimmed.isEmpty {
                current = ("(before the first label)", i)
            }
        }
        if let open = current { units.append(Unit(kind: .label, name: open.name, lines: open.start..<lines.count)) }
        return Segmentation(units: units, unsegmented: [])
    }
}
