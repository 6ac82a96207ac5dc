/// A run of lines that is whole Kconfig entries: what `unit-union` needs to take both sides' insertions at
/// one point of a Kconfig file, as it takes independent top-level C units.
///
/// Kconfig resolves symbols over the whole tree, so entries inserted at one point have no order but the
/// one a menu shows them in, provided each is whole: a `config` or `menuconfig` line at the start of a line
/// with its indented attribute and help lines, `comment` and `source` lines, and `menu`/`endmenu`,
/// `if`/`endif` and `choice`/`endchoice` balanced; blank lines anywhere. Anything else (an attribute line
/// with no entry above it, an unbalanced block, a line of another language) makes it no run of entries.
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
        for line in lines {
            let text = String(decoding: line.withoutTerminator, as: UTF8.self)
            let body = text.drop { $0 == " " || $0 == "\t" }
            if body.isEmpty { continue }
            let indent = text.count - body.count
            if let help = helpIndent {
                if indent > help { continue }  // help text
                helpIndent = nil
            }
            let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if indent > 0 {
                guard inEntry else { return nil }
                if words[0] == "help" || words[0] == "---help---" {
                    helpIndent = indent
                } else {
                    referenced.formUnion(Self.symbols(words.dropFirst()))
                }
                continue
            }
            switch words[0] {
            case "config", "menuconfig":
                guard words.count == 2 else { return nil }
                defined.insert(words[1])
                inEntry = true
            case "comment", "source":
                inEntry = words[0] == "comment"
            case "menu", "choice":
                depth += 1
                inEntry = true
            case "if":
                depth += 1
                referenced.formUnion(Self.symbols(words.dropFirst()))
                inEntry = false
            case "endmenu", "endchoice", "endif":
                depth -= 1
                guard depth >= 0 else { return nil }
                inEntry = false
            default:
                return nil
            }
            saysSomething = true
        }
        guard depth == 0, saysSomething else { return nil }
    }

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
