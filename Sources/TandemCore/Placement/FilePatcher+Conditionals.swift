/// Conditionals stay matched: the hunks that land on a file must not leave its `#if…`/`#else`/`#endif` lines
/// unmatched when they were matched before. Upstream often removes or adds the two ends of a conditional in
/// two hunks (`#ifdef CONFIG_MCA` in one, its `#endif` thirty lines down in the next). When the fork
/// rewrote the lines around one end, that hunk is a conflict, while the other may still find its place: a
/// lone `-#endif` whose context stands in the copy removes the `#endif` there, which in the copy closes the
/// fork's own `#ifdef CONFIG_XEN_PRIVILEGED_GUEST`. The copy no longer builds, and no single hunk looked
/// wrong.
///
/// After every hunk of the file has been placed, each landed change (a whole hunk, or the changes of a
/// conflicting hunk that landed on their own) whose new lines have another `ConditionalShape` than the lines
/// they replace is a candidate: it adds or removes one end of a conditional. When there is one, the target
/// was balanced, and the result with every landed change is not, the culprits are withdrawn: each becomes a
/// conflict that says why (none of a conflicting hunk's changes land), and the copy keeps its conditionals.
///
/// The culprits come from what upstream meant. Each hunk deepens the nesting by some amount (its post-image's
/// `depthChange` less its pre-image's: `-#ifdef CONFIG_MCA` is -1, its `-#endif` +1, a hunk adding a whole
/// `#ifdef`…`#endif` 0). Read in order, the hunks that change the depth form groups whose changes sum to zero:
/// the two ends of one conditional, or of several nested ones. A hunk whose landed change deepens the nesting
/// by another amount than it meant did not land as upstream wrote it (it conflicted, or one of its lines
/// counted as already there where the copy's line closes another conditional): it is a culprit, and so are
/// the landed members of its group. A group that landed whole stays, as upstream moved it (an `#else` and
/// `#endif` moved down a function in two hunks). Should the result still be unmatched, every candidate goes.
/// A target that was not balanced already (a fragment, a Makefile comment starting with `# if`) is left to
/// the steps' own judgement.
///
/// The same holds inside one conflicting hunk: when the blocks that land on their own change the nesting by
/// another amount than the whole hunk does (the block removing `#ifdef CONFIG_DISCONTIGMEM` lands, the one
/// removing its `#else` and `#endif` is refused where the fork commented a line out), the landing blocks
/// that touch a directive stay out with the refused ones, and the hunk's other blocks still land. Inside a
/// hunk the braces of C blocks are held to the same measure (`CTokens.braceDepth`: a function's `return 0;`
/// and `}` removed while the block adding its new end was refused); across hunks they are not, since a
/// file's raw brace count is often off already (an opening line written twice, under `#ifdef` and
/// `#else`).
///
/// Cost: nothing unless a landed change adds or removes a directive line; then one scan of the target, of the
/// result, and of the hunks' images.
extension FilePatcher {
    /// Withdraws, as above, the landed changes that leave the file's conditionals unmatched; `images` holds
    /// each hunk's images (by hunk index, nil for a hunk never placed).
    func keepConditionalsBalanced(
        images: [HunkImages?], changes: inout [Change], owners: [Int], outcomes: inout [HunkOutcome]
    ) {
        guard options.directives else { return }
        let withdrawn = Self.unbalancing(
            table: table, changes: changes, owners: owners, images: images, excluding: [])
        guard !withdrawn.isEmpty else { return }
        let why =
            "landing it would leave the file's #if/#endif lines unmatched (the other end of the conditional "
            + "it changes did not land)"
        for index in withdrawn {
            let conflict: HunkConflict
            switch changes[index] {
            case .placement(let placement):
                let ours = targetLines(placement)
                let base = images[owners[index]]?.old ?? ours
                conflict = HunkConflict(
                    targetIndex: placement.targetIndex, targetCount: placement.targetCount, ours: ours, base: base,
                    theirs: placement.replacement,
                    merged: TextFile(bytes: Merge3.markers(ours: ours, base: base, theirs: placement.replacement))
                        .lines, note: why)
            case .conflict(var held):
                held.partial = nil
                held.landed = nil
                held.note = held.note.map { $0 + "; none of its changes landed: " + why } ?? why
                conflict = held
            }
            changes[index] = .conflict(conflict)
            outcomes[owners[index]] = .conflict(conflict)
        }
    }

    /// The hunks (by index) whose conditionals did not land as upstream wrote them, with the other members of
    /// their groups (see the notes above): `landedDepth` is how much each hunk's landed change deepens the
    /// nesting (0 for one that did not land).
    static func unmatchedHunks(images: [HunkImages?], landedDepth: [Int]) -> [Int] {
        var out: [Int] = []
        var group: [Int] = [], sum = 0, broken = false
        for (index, hunk) in images.enumerated() {
            let meant = hunk.map { ConditionalShape($0.new).depthChange - ConditionalShape($0.old).depthChange } ?? 0
            let off = landedDepth[index] != meant
            if meant == 0 {
                // Outside a group, or inside one: either way it stands for itself.
                if off { out.append(index) }
                continue
            }
            group.append(index)
            sum += meant
            broken = broken || off
            if sum == 0 {
                if broken { out += group }
                group = []
                broken = false
            }
        }
        // A group left open at the end (a patch that does not balance on its own) counts as broken.
        return out + group
    }

    /// The changes (indices into `changes`) to withdraw so that the landed ones, less those of the hunks in
    /// `excluding`, leave the file's conditionals matched (see the notes above); none when they do already,
    /// or when the target's did not match before.
    static func unbalancing(
        table: LineTable, changes: [Change], owners: [Int], images: [HunkImages?], excluding: Set<Int>
    ) -> [Int] {
        // How each landed change deepens the nesting, by hunk; the changes that alter the conditionals' shape.
        var landedDepth = [Int](repeating: 0, count: images.count)
        var candidates: [Int] = []
        for (index, change) in changes.enumerated() where !excluding.contains(owners[index]) {
            guard let landed = landedPart(of: change) else { continue }
            let before = ConditionalShape(replaced(by: landed, in: table)), after = ConditionalShape(landed.replacement)
            guard before != after else { continue }
            candidates.append(index)
            landedDepth[owners[index]] = after.depthChange - before.depthChange
        }
        func balanced(withdrawing withdrawn: [Int]) -> Bool {
            let kept = changes.indices.filter { !withdrawn.contains($0) && !excluding.contains(owners[$0]) }
            return ConditionalShape(TextFile(bytes: assemble(table, kept.map { changes[$0] }, conflicts: false)).lines)
                == .balanced
        }
        guard !candidates.isEmpty, ConditionalShape((0..<table.count).lazy.map { table[$0] }) == .balanced,
            !balanced(withdrawing: [])
        else { return [] }
        let culprits = Set(unmatchedHunks(images: images, landedDepth: landedDepth))
        let withdrawn = candidates.filter { culprits.contains(owners[$0]) }
        return !withdrawn.isEmpty && balanced(withdrawing: withdrawn) ? withdrawn : candidates
    }

    /// Within one conflicting hunk: when the blocks that land on their own deepen the conditionals' nesting by
    /// another amount than the whole hunk meant to (`#ifdef X` removed while the block removing its `#else` and
    /// `#endif` was refused), the landed blocks that add or remove a directive are taken out of `pieces` and
    /// `landed` (in step) into `refused`; the others still land. The same for the braces of C blocks (a
    /// function's `return 0;` and `}` removed while the block adding its new end was refused). The reason, if
    /// any was taken.
    func keepConditionalsWhole(
        _ images: HunkImages, pieces: inout [Piece], landed: inout [ChangeBlock], refused: inout [ChangeBlock]
    ) -> String? {
        // A hunk whose landing blocks move lines to or from refused ones lands nothing anyway (`moveLines`).
        guard !refused.isEmpty, !Self.moveLines(between: landed, and: refused, images: images) else { return nil }
        var reasons: [String] = []
        if options.directives,
            keepNestingWhole(
                images, pieces: &pieces, landed: &landed, refused: &refused,
                depth: { ConditionalShape($0).depthChange }, touches: { ConditionalShape($0) != ConditionalShape($1) })
        {
            reasons.append("its other changes add or remove only one end of a conditional")
        }
        if keepNestingWhole(
            images, pieces: &pieces, landed: &landed, refused: &refused, depth: CTokens.braceDepth,
            touches: { CTokens.braceDepth($0) != CTokens.braceDepth($1) })
        {
            reasons.append("its other changes open or close a block without the other brace")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// One measure of nesting for `keepConditionalsWhole`: `depth` tells how much deeper a run of lines leaves
    /// it, `touches` whether a piece's lines (before, after) change it at all. True when blocks were taken.
    private func keepNestingWhole(
        _ images: HunkImages, pieces: inout [Piece], landed: inout [ChangeBlock], refused: inout [ChangeBlock],
        depth: ([Bytes]) -> Int, touches: ([Bytes], [Bytes]) -> Bool
    ) -> Bool {
        let meant = depth(images.new) - depth(images.old)
        var sum = 0
        var changing: [Int] = []  // indices into `landed`, with their pieces'
        var landedPieces = pieces.indices.filter { pieces[$0].step != nil }
        for (block, piece) in landedPieces.enumerated() {
            let before = pieces[piece].range.map { table[$0] }, after = pieces[piece].lines
            guard touches(before, after) else { continue }
            sum += depth(after) - depth(before)
            changing.append(block)
        }
        guard sum != meant, !changing.isEmpty else { return false }
        for block in changing.reversed() {
            refused.append(landed.remove(at: block))
            pieces.remove(at: landedPieces.remove(at: block))
        }
        return true
    }

    /// The target lines a placement replaces.
    func targetLines(_ placement: Placement) -> [Bytes] { Self.replaced(by: placement, in: table) }

    /// The lines of `table` that `placement` replaces.
    static func replaced(by placement: Placement, in table: LineTable) -> [Bytes] {
        (placement.targetIndex..<(placement.targetIndex + placement.targetCount)).map { table[$0] }
    }

    /// What a change lands: the whole placement, or a conflict's changes that landed on their own.
    static func landedPart(of change: Change) -> Placement? {
        switch change {
        case .placement(let placement): return placement
        case .conflict(let conflict): return conflict.partial
        }
    }
}
