/// A declaration the fork still uses: a change block that removes a local variable's declaration
/// (`int cpu = _smp_processor_id();`) lands only when the lines the hunk leaves in that place no longer name
/// the variable. Upstream drops a declaration when its own code stopped using the variable; a fork whose
/// own lines there still use it (`if (cpu_is_offline(cpu))`, which the fork added) would no longer compile.
/// The block is refused: the hunk's other changes land on their own, the hunk stays a conflict that says
/// why, and the copy keeps its declaration, as a maintainer merging by hand does.
///
/// A local declaration is one line inside a function body (`CFunctions.spans` of the target: struct members
/// and the parameters of a prototype continued on a second line are not), of a C type (a keyword, a
/// `struct`/`union`/`enum` tag or a `…_t` name, qualifiers and `*` allowed) followed by the name and `=`,
/// `;`, `[` or `,`. Only the lines of the hunk's region are read: a use further down the function is not
/// seen, and the block lands.
///
/// Cost: nothing unless a landed block removes such a line; then one function scan of the target and a
/// token scan of the region.
extension FilePatcher {
    static let declarationTypes: Set<String> = [
        "int", "long", "short", "char", "unsigned", "signed", "float", "double", "void", "const", "volatile",
        "static", "register", "struct", "union", "enum", "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32",
        "s64",
    ]

    /// The name `line` declares, if it reads as a local variable's declaration (see the type's notes; the
    /// line must also stand inside a function body, which the caller checks).
    static func declaredLocal(_ line: Bytes) -> String? {
        guard let first = line.first, first == ASCII.space || first == ASCII.tab else { return nil }
        let tokens = CTokens.tokens(line)
        guard tokens.last == ";", let type = tokens.first, declarationTypes.contains(type) || type.hasSuffix("_t")
        else { return nil }
        var index = 1
        if ["struct", "union", "enum"].contains(type) { index += 1 }
        while index < tokens.count, declarationTypes.contains(tokens[index]) || tokens[index] == "*" { index += 1 }
        guard index + 1 < tokens.count, let start = tokens[index].utf8.first, CFunctions.isIdentifierStart(start),
            ["=", ";", "[", ","].contains(tokens[index + 1])
        else { return nil }
        return tokens[index]
    }

    /// The first local declaration that one of `removing` (each landed block's removed lines, with whether
    /// the block stands inside a function body) takes away while `region` (the lines the hunk leaves there)
    /// still uses it and declares it nowhere; with the index of that block.
    static func declarationStillUsed(removing: [(lines: [Bytes], inBody: Bool)], region: [Bytes])
        -> (block: Int, name: String)?
    {
        var candidates: [(block: Int, name: String)] = []
        for (block, removed) in removing.enumerated() where removed.inBody {
            for line in removed.lines { if let name = declaredLocal(line) { candidates.append((block, name)) } }
        }
        guard !candidates.isEmpty else { return nil }
        let declared = Set(region.compactMap(declaredLocal))
        let used = Set(region.flatMap { CTokens.tokens($0) })
        return candidates.first { !declared.contains($0.name) && used.contains($0.name) }
    }
}
