/// Moved code: upstream moved a function or macro within a file (removed it in one place, added it in
/// another, the body the same apart from the edit), and the fork had changed that unit in its copy. Placed
/// hunk by hunk, the removal is a `fork-conflict` (the copy's lines are not upstream's) while the addition
/// would append upstream's body beside the fork's version: two definitions. Instead, the copy's own version
/// moves, with the fork's changes kept.
///
/// 1. *Find the moves.* Segment the original before and after the patch (`CUnits`). A unit defined once on
///    each side, whose non-blank lines the patch removes on the old side and adds on the
///    new side (its first line and four in five of the others: a diff may match a brace with another
///    unit's), and whose old and new bodies share at least half their lines, is a move. The copy must
///    define it exactly once, differently from the original (else the hunks place as they are), and under
///    the same conditionals (a guard the fork put around it would stay behind).
/// 2. *Carry the fork's changes.* Merge the unit three ways: the original's old body as base, the copy's body
///    as ours, upstream's new body as theirs (`Merge3`). A conflict (the fork changed lines upstream's edit
///    changes) refuses the move: the hunks keep their verdicts, and nothing lands twice (`PortRisk`).
/// 3. *Place.* The copy with its unit replaced by the original's old body takes the hunks as the original
///    does at that place; each hunk placed before must place again, and every hunk of the move must place.
///    In the result the unit, now defined once at upstream's new place, is replaced by the merged body.
///
/// The move's hunks are reported `ported` with the step `moved`, naming the unit. Moves between files are
/// not carried (each file patch is ported on its own): the removal stays a conflict there.
///
/// Cost: nothing unless a hunk of a C file conflicts; then a segmentation of the original before and after
/// and of the copy, a three-way merge of the unit, and one more placement of the file's hunks.
extension Porter {
    /// A unit that upstream moved and that the copy will move with it.
    struct UnitMove: Equatable {
        var name: String
        /// The hunks that remove or add it.
        var hunks: Set<Int>
        /// Where the copy defines it (0-based, half-open).
        var copyRange: Range<Int>
        /// The original's body before the patch.
        var baseBody: [Bytes]
        /// Upstream's new body with the fork's changes merged in.
        var merged: [Bytes]
    }

    /// The placement with the moves carried: the hunks placed on the copy whose moved units hold the
    /// original's bodies, and how to turn its bytes into the ported copy.
    struct CarriedMoves {
        var placed: FilePatcher.Result
        var moves: [UnitMove]

        /// The 1-based line in the copy of a 0-based index in the placed text (which held the original's
        /// bodies in place of the copy's).
        func copyLine(_ index: Int) -> Int {
            var line = index
            for move in moves where index >= move.copyRange.lowerBound + move.baseBody.count {
                line += move.copyRange.count - move.baseBody.count
            }
            return line + 1
        }

        /// The name of the unit hunk `index` moves, if any.
        func unit(moving index: Int) -> String? { moves.first { $0.hunks.contains(index) }?.name }

        /// `bytes` (the placement's result) with each moved unit's body replaced by its merged body; nil
        /// when a unit is not defined there exactly once.
        func finish(_ bytes: [UInt8], assembly: Bool) -> [UInt8]? {
            var lines = TextFile(bytes: bytes).lines
            // From the last unit up, so earlier ranges stay valid.
            var edits: [(range: Range<Int>, body: [Bytes])] = []
            let units = CUnits.segment(lines, assembly: assembly).units
            for move in moves {
                let found = units.filter { $0.name == move.name && $0.kind.isDefinition }
                guard found.count == 1 else { return nil }
                edits.append((found[0].lines, move.merged))
            }
            for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                lines.replaceSubrange(edit.range, with: edit.body)
            }
            return TextFile(lines: lines).bytes
        }
    }

    /// The moves `hunks` make in a file whose original before the patch is `base` and after it `original`,
    /// that the copy can follow (steps 1 and 2).
    static func unitMoves(hunks: [Hunk], base: [Bytes], original: [Bytes], copy: [Bytes], assembly: Bool)
        -> [UnitMove]
    {
        // The original's lines each hunk removes (old side) and adds (new side), 0-based.
        var removedBy: [Int: Int] = [:], addedBy: [Int: Int] = [:]
        for (index, hunk) in hunks.enumerated() {
            var old = max(hunk.header.oldStart - 1, 0), new = max(hunk.header.newStart - 1, 0)
            if hunk.header.oldCount == 0 { old = hunk.header.oldStart }
            if hunk.header.newCount == 0 { new = hunk.header.newStart }
            for line in hunk.body {
                switch HunkLineKind(line: line) {
                case .context:
                    old += 1
                    new += 1
                case .deletion:
                    removedBy[old] = index
                    old += 1
                case .addition:
                    addedBy[new] = index
                    new += 1
                default: break
                }
            }
        }
        func definitions(_ lines: [Bytes]) -> [String: [Range<Int>]] {
            var out: [String: [Range<Int>]] = [:]
            for unit in CUnits.segment(lines, assembly: assembly).units where unit.kind.isDefinition {
                out[unit.name, default: []].append(unit.lines)
            }
            return out
        }
        let before = definitions(base), after = definitions(original), inCopy = definitions(copy)
        func isBlank(_ line: Bytes) -> Bool { line.allSatisfy(ASCII.isBlank) }
        var moves: [UnitMove] = []
        for (name, ranges) in before.sorted(by: { $0.key < $1.key }) {
            guard ranges.count == 1, let newRanges = after[name], newRanges.count == 1,
                let copyRanges = inCopy[name], copyRanges.count == 1
            else { continue }
            let old = ranges[0], new = newRanges[0], mine = copyRanges[0]
            let oldLines = old.filter { !isBlank(base[$0]) }, newLines = new.filter { !isBlank(original[$0]) }
            // A diff may keep a brace or a common line of the unit as context (matched with another
            // unit's): most of the unit, its first line included, is enough.
            func mostly(_ lines: [Int], in changed: [Int: Int]) -> Bool {
                guard let first = lines.first, changed[first] != nil else { return false }
                return lines.filter { changed[$0] != nil }.count * 5 >= lines.count * 4
            }
            guard oldLines.count >= 2, mostly(oldLines, in: removedBy), mostly(newLines, in: addedBy) else { continue }
            let baseBody = Array(base[old]), upstreamBody = Array(original[new]), copyBody = Array(copy[mine])
            guard copyBody != baseBody,
                LineMatching(baseBody, upstreamBody).pairs.count * 2 >= max(baseBody.count, upstreamBody.count)
            else { continue }
            // A unit the fork put under conditionals of its own (`#ifdef CONFIG_XEN` around it) would leave
            // them behind at the old place: only a unit under the same conditionals as the original's moves.
            guard
                PortRisk.conditionalBranches(copy, at: [mine.lowerBound])
                    == PortRisk.conditionalBranches(base, at: [old.lowerBound])
            else { continue }
            let merge = Merge3(base: baseBody, ours: copyBody, theirs: upstreamBody)
            guard merge.conflictCount == 0 else { continue }
            let merged = TextFile(bytes: merge.render()).lines
            let involved = Set(oldLines.compactMap { removedBy[$0] } + newLines.compactMap { addedBy[$0] })
            moves.append(
                UnitMove(name: name, hunks: involved, copyRange: mine, baseBody: baseBody, merged: merged))
        }
        return moves
    }

    /// Step 3: the hunks placed on the copy with the moved units' bodies put back to the original's, when
    /// every hunk that placed on the copy as it is places again and every hunk of a move places; nil
    /// otherwise (the first placement stands).
    /// `upstream` gives the original after the patch (nil when the patch does not apply to the base).
    static func carryMoves(
        _ hunks: [Hunk], copy: [UInt8], base: [UInt8], upstream: () -> [Bytes]?, first: FilePatcher.Result,
        assembly: Bool, options: FilePatcher.Options
    ) -> CarriedMoves? {
        guard first.outcomes.contains(where: { if case .conflict = $0 { return true } else { return false } }),
            let original = upstream()
        else { return nil }
        let baseLines = TextFile(bytes: base).lines
        let copyLines = TextFile(bytes: copy).lines
        let moves = unitMoves(
            hunks: hunks, base: baseLines, original: original, copy: copyLines, assembly: assembly
        ).filter { move in
            // Only a move the copy could not follow as it is.
            move.hunks.contains { !first.outcomes[$0].isSuccess }
        }
        guard !moves.isEmpty else { return nil }
        var prepared = copyLines
        for move in moves.sorted(by: { $0.copyRange.lowerBound > $1.copyRange.lowerBound }) {
            prepared.replaceSubrange(move.copyRange, with: move.baseBody)
        }
        let second = FilePatcher.apply(
            hunks, toBytes: TextFile(lines: prepared).bytes, baseBytes: base, options: options)
        for (index, outcome) in first.outcomes.enumerated() where outcome.isSuccess {
            guard second.outcomes[index].isSuccess else { return nil }
        }
        for move in moves {
            for index in move.hunks {
                guard case .applied = second.outcomes[index] else { return nil }
            }
        }
        return CarriedMoves(placed: second, moves: moves)
    }

}
