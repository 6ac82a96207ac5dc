/// Placement step **attached-first** (`FilePatcher+Blocks`): both sides inserted lines at one point of a C
/// file right after a top-level definition, and upstream's lines only say something about that definition:
/// each is a macro call at the left edge naming it (`EXPORT_SYMBOL(end_pfn);` after
/// `unsigned long end_pfn;`, `module_init(foo_init);` after `foo_init()`'s closing brace), while the fork's
/// lines never name it. Such a call belongs right below what it names; the fork's lines, whatever they are
/// (more definitions, a conditional they open), follow. Upstream's lines go first.
///
/// Refused — the conflict stays — when the line before the point does not end a top-level function or
/// declaration, when any line upstream inserts is anything else than such a call (blank lines aside), or
/// when the fork's lines name the definition too (the fork may have exported it its own way).
///
/// Cost: the file's segmentation (`CUnits`, made once per file, shared with `unit-union`), on this rare
/// path only.
extension FilePatcher {
    /// Upstream's lines, then the fork's (see above); nil when the rule does not hold. `fork` is the fork's
    /// inserted lines in the target, `upstream` upstream's.
    mutating func attachedFirst(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        guard fork.lowerBound > 0 else { return nil }
        guard
            let unit = targetUnits().first(where: { $0.lines.upperBound == fork.lowerBound }),
            unit.kind == .function || unit.kind == .declaration,
            let first = unit.name.utf8.first, CFunctions.isIdentifierStart(first),
            !CTokens.keywords.contains(unit.name)
        else { return nil }
        let name = unit.name
        var said = false
        for line in upstream where !line.allSatisfy(ASCII.isBlank) {
            guard Self.isTopLevelCall(line, naming: name) else { return nil }
            said = true
        }
        guard said, !fork.contains(where: { CTokens.tokens(table[$0]).contains(name) }) else { return nil }
        return upstream + fork.map { table[$0] }
    }

    /// `NAME(…);` at the left edge, whose arguments hold `name`.
    static func isTopLevelCall(_ line: Bytes, naming name: String) -> Bool {
        guard let first = line.first, CFunctions.isIdentifierStart(first) else { return false }
        let tokens = CTokens.tokens(line)
        guard tokens.count >= 4, tokens[1] == "(", tokens[tokens.count - 2] == ")", tokens.last == ";",
            !CTokens.keywords.contains(tokens[0])
        else { return false }
        return tokens[2..<(tokens.count - 2)].contains(name)
    }
}
