/// A run of lines that is whole Kconfig entries: what `unit-union` needs to take both sides' insertions at
/// one point of a Kconfig file, as it takes independent top-level C units.
///
/// Kconfig resolves symbols over the whole tree, so entries inserted at one point have no order but the
/// one a menu shows them in, provided each is whole: a `config` or `menuconfig` line with its attribute
/// lines (`bool`, `depends on`, `select`, …, continued past a `\`) and help text (the lines after `help`
/// indented at least as deep as the first of them), `comment` and `source` lines, and `menu`/`endmenu`,
/// `if`/`endif` and `choice`/`endchoice` balanced; blank lines and `#` comments anywhere. Anything else (an
/// attribute line with no entry above it, an unbalanced block, a line of another language) makes it no run
/// of entries.
///
/// What the entries define (`config FOO`: `FOO`) and reference (the upper-case symbols of their attribute
/// lines and `if` conditions, help text aside) tells whether two runs are independent: neither defines what
/// the other defines or references.
///
/// Cost: one pass over the lines.
struct KconfigEntries {
    private(set) var defined = Set<String>()
    private(set) var referenced = Set<String>()

    init?(_ lines: [Bytes]) {
        var depth = 0
        var inEntry = false
        var helpIndent: Int?
        var saysSomething = false
        var continued = false
        for line in lines {
            let text = String(decoding: line.withoutTerminator, as: UTF8.self)
            let body = text.drop { $0 == " " || $0 == "\t" }
            let all = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            // A line after one ending in `\` goes on with it (a long `depends on` expression).
            if continued {
                continued = body.hasSuffix("\\")
                referenced.formUnion(Self.symbols(all[...]))
                continue
            }
            if body.isEmpty { continue }
            let indent = text.prefix(text.count - body.count).reduce(0) { $1 == "\t" ? ($0 / 8 + 1) * 8 : $0 + 1 }
            // Help text: the lines after `help` indented at least as deep as its first one (in columns, a tab
            // to the next multiple of 8, as Kconfig reads it); the first that is not ends it.
            if let help = helpIndent {
                if help < 0, indent > 0 { helpIndent = indent }
                if indent >= max(helpIndent ?? 1, 1) { continue }
                helpIndent = nil
            }
            // A comment line, or what follows `#` on a line, says nothing.
            let words = all.prefix { !$0.hasPrefix("#") }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "config", "menuconfig":
                guard words.count == 2 else { return nil }
                defined.insert(words[1])
                inEntry = true
            case "comment", "menu", "choice":
                if keyword != "comment" { depth += 1 }
                inEntry = true
            case "source", "rsource", "osource", "orsource":
                inEntry = false
            case "if":
                depth += 1
                referenced.formUnion(Self.symbols(words.dropFirst()))
                inEntry = false
            case "endmenu", "endchoice", "endif":
                depth -= 1
                guard depth >= 0 else { return nil }
                inEntry = false
            case "help", "---help---":
                guard inEntry else { return nil }
                helpIndent = -1  // set by the first line of the text
            case _ where Self.attributes.contains(keyword):
                guard inEntry else { return nil }
                referenced.formUnion(Self.symbols(words.dropFirst()))
                continued = body.hasSuffix("\\")
            default:
                return nil
            }
            saysSomething = true
        }
        guard depth == 0, saysSomething else { return nil }
    }

    /// The words that begin an entry's attribute lines.
    private static let attributes: Set<String> = [
        "bool", "tristate", "string", "hex", "int", "def_bool", "def_tristate", "prompt", "depends", "select",
        "imply", "default", "range", "option", "visible", "modules", "optional", "transitional",
    ]

    /// Whether two runs of entries can stand in either order: neither defines a symbol the other defines or
    /// references.
    func isIndependent(of other: KconfigEntries) -> Bool {
        defined.isDisjoint(with: other.defined) && defined.isDisjoint(with: other.referenced)
            && other.defined.isDisjoint(with: referenced)
    }

    /// The Kconfig symbols among `words`: upper-case names (`X86_PAE`, `PCI`), quoted prompts aside.
    private static func symbols(_ words: ArraySlice<String>) -> [String] {
        var out: [String] = []
        var quoted = false
        for word in words {
            let quotes = word.filter { $0 == "\"" }.count
            if quoted || quotes > 0 {
                if quotes % 2 == 1 { quoted.toggle() }
                continue
            }
            for name in word.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
            where name.first?.isUppercase == true && name.allSatisfy({ !$0.isLowercase }) {
                out.append(String(name))
            }
        }
        return out
    }
}
