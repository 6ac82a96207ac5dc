/// Placement step **declarations-first** (`FilePatcher+Blocks`): both sides inserted lines at one point at
/// the top of a C block, where only declarations stand above, and one side inserted only declarations
/// (`int i;`, under an `#ifdef` of its own at most) while the other inserted only statements. C89, and the
/// kernel's `-Wdeclaration-after-statement`, want a block's declarations before its statements, so the order
/// is not a guess: the declarations go first, then the statements. Upstream adds `set_nx();` at the top of
/// `paging_init()` where the fork declared `int i;`: the fork's declaration, then upstream's statement.
///
/// Refused — the conflict stays — when either side mixes declarations and statements, when a line above the
/// point is a statement, when the two sides mention a name or number in common (`CTokens.mentions`), or when
/// either side leaves a brace or a conditional open.
///
/// A declaration line is told by its shape (`CDeclaration`): it ends with `;`, and starts with a type
/// keyword or storage class, or with a type name followed by a declarator (`pte_t *p`, `cpumask_t map`).
/// A macro that declares (`DECLARE_BITMAP(map, 8);`) reads as a statement, which only makes the step refuse.
///
/// Cost: a walk back over the declarations above the point; linear in the two insertions.
extension FilePatcher {
    /// The two insertions in C order (declarations, then statements), or nil (see above). `fork` is the
    /// fork's inserted lines in the target, `upstream` upstream's.
    func declarationsFirst(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        let theirs = fork.map { table[$0] }
        guard let forkKind = CDeclaration.kind(of: theirs), let upstreamKind = CDeclaration.kind(of: upstream),
            forkKind.isDeclarations != upstreamKind.isDeclarations,
            forkKind.names.isDisjoint(with: upstreamKind.names)
        else { return nil }
        // Above the point, up to the block's `{`: declarations, blank lines and preprocessor lines only.
        var line = fork.lowerBound - 1
        while line >= 0 {
            let text = table[line].filter { !ASCII.isBlank($0) }
            if text.isEmpty || text.first == UInt8(ascii: "#") || CDeclaration.isDeclaration(table[line]) {
                line -= 1
                continue
            }
            guard text.last == UInt8(ascii: "{") else { return nil }
            break
        }
        guard line >= 0 else { return nil }
        return forkKind.isDeclarations ? theirs + upstream : upstream + theirs
    }
}

/// Reading C lines as declarations or statements, by their shape (`FilePatcher.declarationsFirst`, and
/// the declared names for `FilePatcher.keepUsedDeclarations`).
enum CDeclaration {
    /// What a run of inserted lines holds: declarations only, or statements only, and what it mentions.
    struct Kind {
        var isDeclarations: Bool
        var names: Set<String>
    }

    static let typeWords: Set<String> = [
        "int", "char", "short", "long", "unsigned", "signed", "float", "double", "void", "struct", "union", "enum",
        "const", "static", "volatile", "register", "_Bool", "bool",
    ]

    /// Declarations only, or statements only (each side's blank and preprocessor lines aside, braces and
    /// conditionals balanced, something said), with what they mention (`CTokens.mentions`); nil for a mix or
    /// anything unbalanced.
    static func kind(of lines: [Bytes]) -> Kind? {
        guard let names = CTokens.mentions(in: lines) else { return nil }
        var declarations = 0, statements = 0, braces = 0
        for line in lines {
            let tokens = CTokens.tokens(line)
            guard let first = tokens.first, first != "#" else { continue }
            for token in tokens {
                if token == "{" { braces += 1 }
                if token == "}" { braces -= 1 }
            }
            guard braces >= 0 else { return nil }
            if isDeclaration(line) { declarations += 1 } else { statements += 1 }
        }
        guard braces == 0, (declarations == 0) != (statements == 0) else { return nil }
        return Kind(isDeclarations: declarations > 0, names: names)
    }

    /// True for a line shaped like a declaration: it ends with `;`, and starts with a type keyword or storage
    /// class (`unsigned long flags;`), or with a name and then a declarator (`pte_t *pte = NULL;`).
    static func isDeclaration(_ line: Bytes) -> Bool {
        let tokens = CTokens.tokens(line)
        guard tokens.count >= 3, tokens.last == ";", let first = tokens.first else { return false }
        if typeWords.contains(first) { return true }
        guard CTokens.isName(first, minimumLength: 1) else { return false }
        var index = 1
        while index < tokens.count, tokens[index] == "*" { index += 1 }
        guard index < tokens.count, CTokens.isName(tokens[index], minimumLength: 1) else { return false }
        let next = index + 1 < tokens.count ? tokens[index + 1] : ";"
        return next == ";" || next == "=" || next == "," || next == "["
    }

    /// The name a one-line declaration declares (`cpu` in `int cpu = f();`, `page` in
    /// `struct page *page;`, `pte` in `pte_t pte[4];`): type words (a tag after `struct`, `union` or `enum`)
    /// or one type name, `*`s, then the name and `=`, `;`, `[` or `,`; nil for any other line.
    static func declaredName(_ line: Bytes) -> String? {
        let tokens = CTokens.tokens(line)
        guard tokens.count >= 3, tokens.last == ";", let first = tokens.first else { return nil }
        var index = 0
        if typeWords.contains(first) {
            while index < tokens.count, typeWords.contains(tokens[index]) {
                index += ["struct", "union", "enum"].contains(tokens[index]) ? 2 : 1
            }
        } else {
            guard CTokens.isName(first, minimumLength: 1) else { return nil }
            index = 1
        }
        while index < tokens.count, tokens[index] == "*" { index += 1 }
        guard index + 1 < tokens.count, CTokens.isName(tokens[index], minimumLength: 1),
            ["=", ";", "[", ","].contains(tokens[index + 1])
        else { return nil }
        return tokens[index]
    }
}
