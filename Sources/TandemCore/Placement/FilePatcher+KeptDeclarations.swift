/// A declaration the fork still uses: a change block that removes a local variable's declaration
/// (`int cpu = _smp_processor_id();`) lands only when the lines the hunk leaves in that place no longer name
/// the variable. Upstream drops a declaration when its own code stopped using the variable; a fork whose
/// own lines there still use it (`if (cpu_is_offline(cpu))`, which the fork added) would no longer compile.
/// The block is refused: the hunk's other changes land on their own, the hunk stays a conflict that says
/// why, and the copy keeps its declaration, as a maintainer merging by hand does.
///
/// A local declaration is one indented line inside a function body (`CFunctions.spans` of the target:
/// struct members and the parameters of a prototype continued on a second line are not), shaped as
/// `CDeclaration` reads declarations for **declarations-first**: a type (keywords, a `struct`/`union`/`enum`
/// tag, or one type name), `*`s, the name, then `=`, `;`, `[` or `,`. Only the lines of the hunk's region are read: a use further down the function is not
/// seen, and the block lands.
///
/// Cost: nothing unless a landed block removes such a line; then one function scan of the target and a
/// token scan of the region.
extension FilePatcher {
    /// The name `line` declares, if it reads as a local variable's declaration: indented, and shaped as
    /// `CDeclaration.declaredName` reads (the line must also stand inside a function body, which
    /// `keepUsedDeclarations` checks).
    static func declaredLocal(_ line: Bytes) -> String? {
        guard let first = line.first, first == ASCII.space || first == ASCII.tab else { return nil }
        return CDeclaration.declaredName(line)
    }

    /// Takes out of `pieces` and `landed` (in step, one landed block per piece with a step) each block that
    /// drops a declaration the lines left there still use, into `refused`; the reason, if any was taken.
    func keepUsedDeclarations(
        _ images: HunkImages, pieces: inout [Piece], landed: inout [ChangeBlock], refused: inout [ChangeBlock]
    ) -> String? {
        guard landed.contains(where: { images.old[$0.old].contains { Self.declaredLocal($0) != nil } }) else {
            return nil
        }
        // The lines after each function's header (a one-line function has none).
        let bodies = CFunctions.spans((0..<table.count).map { table[$0] }).map {
            ($0.lines.lowerBound + 1)..<($0.lines.upperBound + 1)
        }
        var reason: String?
        while true {
            // The piece of each landed block: the pieces with a step, in order.
            let landedPieces = pieces.indices.filter { pieces[$0].step != nil }
            let removing = zip(landed, landedPieces).map { block, piece in
                let range = pieces[piece].range
                let inBody = bodies.contains {
                    $0.contains(range.lowerBound) && $0.contains(max(range.lowerBound, range.upperBound - 1))
                }
                return (lines: Array(images.old[block.old]), inBody: inBody)
            }
            guard let kept = Self.declarationStillUsed(removing: removing, region: joined(pieces)) else {
                return reason
            }
            reason = reason ?? "the fork's lines still use \(kept.name), which this change stops declaring"
            refused.append(landed.remove(at: kept.block))
            pieces.remove(at: landedPieces[kept.block])
        }
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
