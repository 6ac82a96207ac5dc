/// A run of lines that is whole kbuild list appends: what `unit-union` needs to take both sides' insertions
/// at one point of a Makefile, as it takes Kconfig entries and top-level C units.
///
/// Kbuild builds its lists by appending: `obj-$(CONFIG_TCG_XEN) += tpm_xen.o`, `obj-y += char/`,
/// `foo-objs += a.o b.o`, continued past a `\`. Two runs of appends at one point give the same lists in
/// either order but for the order of their words, which is the link order (and with it the order in which
/// built-in initcalls of one level run): upstream's go first, then the fork's, each side's own order kept,
/// as the maintainers of the Xen tree put them. Blank lines and `#` comments may stand anywhere; the list's
/// name starts its line. Anything else, an assignment that replaces (`:=`, `=`, `?=`), a conditional
/// (`ifeq`, `ifdef`, `else`, `endif`), a rule, an `include`, an indented line (a recipe), makes it no run
/// of appends.
///
/// Two runs are independent when no word is appended by both (one object built twice) and neither side
/// appends to a list whose stem names a word of the other's (`foo-y += a.o` beside `obj-y += foo.o`: a
/// composite object and its parts).
///
/// Cost: one pass over the lines.
struct KbuildAppends {
    private(set) var lists = Set<String>()
    private(set) var words = Set<String>()

    init?(_ lines: [Bytes]) {
        var continued = false
        for line in lines {
            let text = String(decoding: line.withoutTerminator, as: UTF8.self)
            var value: Substring
            if continued {
                value = text[...]
            } else {
                let body = text.drop { $0 == " " || $0 == "\t" }
                if body.isEmpty || body.hasPrefix("#") { continue }
                // The list's name at the left edge, then `+=`.
                guard body.count == text.count, let plus = text.firstRange(of: "+=")?.lowerBound else { return nil }
                let name = text[..<plus].trimmingSuffix { $0 == " " || $0 == "\t" }
                guard Self.isListName(name) else { return nil }
                lists.insert(String(name))
                value = text[text.index(plus, offsetBy: 2)...]
            }
            if let comment = value.firstIndex(of: "#") { value = value[..<comment] }
            let trimmed = value.trimmingSuffix { $0 == " " || $0 == "\t" }
            continued = trimmed.hasSuffix("\\") && value.endIndex == text.endIndex
            for word in (continued ? trimmed.dropLast() : trimmed).split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                words.insert(String(word))
            }
        }
        guard !continued, !lists.isEmpty else { return nil }
    }

    /// No word appended by both, and no list of one whose stem is a word of the other's.
    func isIndependent(of other: KbuildAppends) -> Bool {
        guard words.isDisjoint(with: other.words) else { return false }
        let stems = Set(lists.map(Self.stem)), otherStems = Set(other.lists.map(Self.stem))
        return stems.isDisjoint(with: other.words.map(Self.stem)) && otherStems.isDisjoint(with: words.map(Self.stem))
    }

    /// A make variable name as kbuild lists are named: letters, digits, `_`, `-`, `.`, `/` and `$(…)`
    /// or `${…}` references (anything inside them: `obj-$(subst m,y,$(CONFIG_IPV6))`), nothing else outside (no
    /// blank, no `:` or `=`: `$(obj)/x.o: ccflags-y += …` is a rule's variable).
    private static func isListName(_ name: Substring) -> Bool {
        guard let first = name.first, first != "$" || name.hasPrefix("$(") || name.hasPrefix("${") else { return false }
        var depth = 0
        for c in name {
            switch c {
            case "(", "{": depth += 1
            case ")", "}":
                depth -= 1
                if depth < 0 { return false }
            case _ where depth > 0 || c.isLetter || c.isNumber || "_-./$".contains(c): continue
            default: return false
            }
        }
        return depth == 0
    }

    /// A list's or word's stem: `foo` for `foo-y`, `foo-objs`, `foo.o` or `foo/`.
    private static func stem(_ text: String) -> String {
        String(text.prefix { $0 != "-" && $0 != "." && $0 != "/" && $0 != "$" })
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while blank: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, blank(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}

extension String {
    fileprivate func trimmingSuffix(while blank: (Character) -> Bool) -> Substring {
        self[...].trimmingSuffix(while: blank)
    }
}
