/// Risk rule **kind the fork rewrote** (`PortRisk`): a hunk adds a line that is one more of a kind the fork
/// rewrote or dropped around that place. Upstream adds `pte_mkhuge()` beside `pte_mkwrite()`,
/// `pte_mkdirty()`, … written `set_pte(&pte, __pte(pte_val(pte) | FLAG))`, and the fork rewrote every one of
/// those as `__pte_val(pte) |= FLAG`; or upstream adds `source "drivers/pci/pcie/Kconfig"` where the fork
/// commented out every `source` line around it. Landing the line as upstream wrote it would put upstream's
/// form among the fork's: the fork probably wants it in its own form, or not at all.
///
/// The test, for each line the hunk adds that says something (not blank, not a lone brace or comment) and
/// that the copy does not hold already:
/// 1. its *shape*: its first word as written, then every other token with names, numbers and strings
///    abstracted (`CTokens.shape`);
/// 2. the original's lines within `reach` lines of the hunk's pre-image (the hunk's own removed lines
///    aside) that have the same shape: at least `minimumKin` of them, and the added line mentions every name
///    they all mention (an import of another module than theirs is no line of their kind);
/// 3. none of those stands anywhere in the copy (compared without blanks): the fork rewrote or dropped
///    them all. One of them standing means the fork kept the kind, and the rule says nothing.
///
/// The hunk must stand where its header says in the original (else the neighbourhood is unknown and the
/// rule says nothing). Cost: one pass over the hunk and its neighbourhood; the copy's lines are squeezed
/// into a set once per file, and only when some added line has kin.
enum RewrittenKind {
    /// How far around the hunk's pre-image kin are looked for, in lines of the original.
    static let reach = 8
    /// How many lines of the kind the original must have there.
    static let minimumKin = 2

    /// The evidence against `hunk`, or nil. `base` is the original's lines; `copyLines` gives the copy's
    /// lines with blanks removed.
    static func evidence(_ hunk: Hunk, base: [Bytes], copyLines: () -> Set<[UInt8]>) -> PortRisk.Reason? {
        let images = hunk.images
        let start = hunk.header.oldCount == 0 ? hunk.header.oldStart : hunk.header.oldStart - 1
        guard start >= 0, start + images.old.count <= base.count,
            images.old.indices.allSatisfy({ base[start + $0] == images.old[$0] })
        else { return nil }
        // The original's lines the hunk removes are not kin: they are the hunk's own business.
        var removed = Set<Int>()
        var index = start
        for line in hunk.body {
            switch HunkLineKind(line: line) {
            case .context: index += 1
            case .deletion:
                removed.insert(index)
                index += 1
            default: break
            }
        }
        let neighbourhood = (max(0, start - reach)..<min(base.count, start + images.old.count + reach)).filter {
            !removed.contains($0) && FilePatcher.isDistinctive(base[$0])
        }
        guard neighbourhood.count >= minimumKin else { return nil }
        let shapes = neighbourhood.map { CTokens.shape(base[$0]) }
        var copy: Set<[UInt8]>?
        for line in hunk.body where HunkLineKind(line: line) == .addition {
            let added = line.dropFirst()
            guard FilePatcher.isDistinctive(added) else { continue }
            let shape = CTokens.shape(added)
            guard shape.utf8.count > 1 else { continue }
            let kin = zip(neighbourhood, shapes).filter { $0.1 == shape }.map(\.0)
            guard kin.count >= minimumKin else { continue }
            // The names every one of them mentions make them a kind (`tenacity` in `from tenacity import
            // _utils` and `from tenacity import retry`); a line without those names is of another kind
            // (`from datetime import timedelta`), whatever its shape.
            let names = { (line: Bytes) in Set(CTokens.tokens(line).filter { CTokens.isName($0) }) }
            let shared = kin.dropFirst().reduce(names(base[kin[0]])) { $0.intersection(names(base[$1])) }
            guard shared.isSubset(of: names(added)) else { continue }
            let held = copy ?? copyLines()
            copy = held
            guard !held.contains(added.withoutBlanks) else { continue }
            if kin.allSatisfy({ !held.contains(base[$0].withoutBlanks) }) {
                return .rewrittenKind(count: kin.count, line: kin[0] + 1, example: base[kin[0]])
            }
        }
        return nil
    }
}
