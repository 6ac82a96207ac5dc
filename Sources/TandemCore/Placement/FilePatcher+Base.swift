/// The base steps of the placement cascade (matching and 3-way through the file the patch was made against),
/// and the hints given when a hunk's context is not found. See `FilePatcher` for the whole cascade.
extension FilePatcher {
    /// Matching and 3-way through the base; nil when the base cannot place the hunk. A placement that
    /// would add again lines standing right there is mended or refused (`FilePatcher+MadeBefore`).
    mutating func placeThroughBase(
        _ images: HunkImages, pre: [Int], stated: Int,
        occupied: [Range<Int>]
    ) -> HunkOutcome? {
        let outcome = placeThroughBaseSteps(images, pre: pre, stated: stated, occupied: occupied)
        switch outcome {
        case .applied(let placement)?:
            return withoutRepeats(placement, images: images)
        case .conflict(var conflict)?:
            // The blocks of a conflict that land on their own must not add lines again either.
            guard let partial = conflict.partial else { return outcome }
            switch withoutRepeats(partial, images: images) {
            case .applied(let mended): conflict.partial = mended
            default:
                conflict.partial = nil
                conflict.landed = nil
            }
            return .conflict(conflict)
        default:
            return outcome
        }
    }

    private mutating func placeThroughBaseSteps(
        _ images: HunkImages, pre: [Int], stated: Int,
        occupied: [Range<Int>]
    ) -> HunkOutcome? {
        guard let (state, bs) = hunkInBase(images, pre: pre, stated: stated) else { return nil }
        let be = bs + pre.count
        // A block the target moved (above an earlier hunk, say) falls outside any order-keeping matching. When
        // the pre-image stands exactly once in the base and once in the whole target, that one place is the
        // hunk's place, wherever it is, as long as it does not overlap an earlier hunk, and the matching does
        // not put the hunk's lines elsewhere (`baseContradiction`: a look-alike, not a moved block).
        if state.locator.occurrences(of: pre[...], expected: bs, minIndex: 0, limit: 2).count == 1 {
            let places = locator().occurrences(of: pre[...], expected: stated, minIndex: 0, limit: 2)
            if places.count == 1, let place = places.first,
                !occupied.contains(where: { $0.overlaps(place..<(place + pre.count)) }),
                baseContradiction(images, pre: pre, stated: stated, at: place) == nil
            {
                return .applied(
                    Placement(
                        step: .matching, targetIndex: place, targetCount: pre.count,
                        replacement: images.new, offset: place - stated, fuzz: 0, confidence: 0.9))
            }
        }
        let mapped = (bs..<be).compactMap { state.toTarget[$0] }
        guard let first = mapped.first, let last = mapped.last else {
            return placeByBlocks(images, baseStart: bs, state: state, stated: stated, occupied: occupied).outcome
        }
        var t0 = first, t1 = last + 1
        // Widen over target lines that replace unmatched base lines at the region's edges.
        if state.toTarget[bs] == nil {
            while t0 > 0, !state.targetIsMapped[t0 - 1] { t0 -= 1 }
        }
        if state.toTarget[be - 1] == nil {
            while t1 < table.count, !state.targetIsMapped[t1] { t1 += 1 }
        }
        let region = t0..<t1
        if occupied.contains(where: { $0.overlaps(region) || (region.isEmpty && $0.contains(region.lowerBound)) }) {
            return placeByBlocks(images, baseStart: bs, state: state, stated: stated, occupied: occupied).outcome
        }
        let unmatchedTarget = region.filter { !state.targetIsMapped[$0] }.count
        guard unmatchedTarget <= 3 * pre.count + 20 else {
            return placeByBlocks(images, baseStart: bs, state: state, stated: stated, occupied: occupied).outcome
        }
        let ours = region.map { table[$0] }
        let merge = Merge3(base: images.old, ours: ours, theirs: images.new)
        let merged = TextFile(bytes: merge.render()).lines
        if merge.conflictCount > 0 {
            // Changes that only touch the target's are merged block by block; what remains is a conflict.
            let blocks = placeByBlocks(images, baseStart: bs, state: state, stated: stated, occupied: occupied)
            if let outcome = blocks.outcome { return outcome }
            return .conflict(
                HunkConflict(
                    targetIndex: t0, targetCount: t1 - t0, ours: ours, base: images.old,
                    theirs: images.new, merged: merged, note: blocks.reason, partial: blocks.partial,
                    landed: blocks.landed, alreadyThere: blocks.there?.blocks ?? [],
                    changeCount: blocks.there?.total ?? 0))
        }
        if merged.elementsEqual(ours) { return .alreadyApplied(line: t0 + 1) }
        let moved = mapped.count == pre.count && unmatchedTarget == 0
        let coverage = Double(mapped.count) / Double(pre.count)
        return .applied(
            Placement(
                step: moved ? .matching : .merge, targetIndex: t0, targetCount: t1 - t0,
                replacement: merged, offset: t0 - stated, fuzz: 0,
                confidence: (moved ? 0.9 : 0.8) * coverage))
    }

    /// A text match away from the stated place, at target line index `found`, that the base matching
    /// contradicts: the matching pairs half or more of the pre-image's lines with target lines (the base is
    /// matched to the target as whole files, in order), within a stretch no longer than the merge step takes,
    /// and pairs none of them with the line the text match gives it. The text match then rests on lines
    /// that are the same elsewhere by chance (`}`, `#endif`, blank lines at the end of another function)
    /// while the hunk's own place, changed by the fork, is where the matching says: the base steps decide.
    /// Nil without a base, or when the matching agrees or says too little (a block the fork moved is left
    /// unpaired, so its text match stands).
    mutating func baseContradiction(_ images: HunkImages, pre: [Int], stated: Int, at found: Int) -> FailureReason? {
        guard let (state, bs) = hunkInBase(images, pre: pre, stated: stated) else { return nil }
        var paired: [Int] = []
        for k in pre.indices {
            guard let t = state.toTarget[bs + k] else { continue }
            if t == found + k { return nil }
            paired.append(t)
        }
        guard let first = paired.first, let last = paired.last, paired.count * 2 >= pre.count,
            last - first < 4 * pre.count + 20
        else { return nil }
        return .ambiguous(
            lines: [found + 1, first + 1],
            note: "its context matches at line \(found + 1), but the base's lines are at line \(first + 1), changed")
    }

    /// The pre-image stands whole at `places` in the target (the code is duplicated there). When the base holds
    /// it exactly as many times, upstream's author saw the same twins and changed one of them; when the base
    /// matching carries that one, every line in order, onto one of the target's places (clear of earlier
    /// hunks), that place is the hunk's. Nil otherwise: the target has twins the base lacks, or the
    /// matching does not tie the hunk to one of them.
    mutating func placeAmongBaseTwins(
        _ images: HunkImages, pre: [Int], stated: Int, places: [Int], occupied: [Range<Int>]
    ) -> HunkOutcome? {
        guard let (state, bs) = hunkInBase(images, pre: pre, stated: stated) else { return nil }
        let twins = state.locator.occurrences(of: pre[...], expected: bs, minIndex: 0, limit: places.count + 1)
        guard twins.count == places.count, let place = state.toTarget[bs], places.contains(place),
            pre.indices.allSatisfy({ state.toTarget[bs + $0] == place + $0 }),
            !occupied.contains(where: { $0.overlaps(place..<(place + pre.count)) })
        else { return nil }
        return .applied(
            Placement(
                step: .matching, targetIndex: place, targetCount: pre.count, replacement: images.new,
                offset: place - stated, fuzz: 0, confidence: 0.9))
    }

    /// The base (matched to the target on first need) and where the hunk's pre-image stands in it, exactly
    /// (the stated line first, as the patch was made against the base); nil without a base or when the
    /// pre-image is not there.
    private mutating func hunkInBase(_ images: HunkImages, pre: [Int], stated: Int) -> (BaseState, Int)? {
        guard let state = baseState ?? makeBaseState() else { return nil }
        baseState = state
        guard
            case .found(let found, _) = state.locator.locate(
                pre: pre, leadingContext: images.leadingContext, trailingContext: images.trailingContext,
                expected: min(stated, state.ids.count), minIndex: 0, anchorStart: false, anchorEnd: false, maxFuzz: 0)
        else { return nil }
        return (state, found.index)
    }

    mutating func makeBaseState() -> BaseState? {
        guard let baseBytes else { return nil }
        let targetIDs = self.targetIDs()
        let baseTable = LineTable(baseBytes)
        let ids = interner.ids(baseTable)
        let matching = LineMatching(ids, targetIDs, blank: interner.isBlank)
        var targetIsMapped = [Bool](repeating: false, count: targetIDs.count)
        for pair in matching.pairs { targetIsMapped[pair.b] = true }
        return BaseState(
            table: baseTable, ids: ids, toTarget: matching.mapAtoB(countA: ids.count), targetIsMapped: targetIsMapped,
            locator: HunkLocator(target: ids))
    }

    /// The target's lines without their line ends, interned (made on first need), taken out of `endingFree`
    /// so that adding a hunk's lines to the interner does not copy it; put it back after.
    private mutating func takeEndingFree() -> (interner: LineInterner, locator: HunkLocator) {
        if let made = endingFree {
            endingFree = nil
            return made
        }
        var normal = LineInterner(capacity: table.count)
        let ids = (0..<table.count).map { normal.id(table[$0].withoutTerminator) }
        return (normal, HunkLocator(target: ids))
    }

    /// Why the context was not found, when something close was: the pre-image stands above the previous
    /// hunk's place (a block the target moved up), or it matches once line ends are ignored. Then the hint
    /// names the first line end that differs: "line endings differ" only when a CR is involved on one side;
    /// a line end present on one side only (`\ No newline at end of file`) is said as such.
    mutating func notFoundHint(_ pre: [Int], _ images: HunkImages, minIndex: Int) -> String? {
        let anywhere = locator().occurrences(of: pre[...], expected: 0, minIndex: 0, limit: 2)
        if let first = anywhere.first, first < minIndex {
            return "it matches at line \(first + 1), above the previous hunk's place"
        }
        guard anywhere.isEmpty, !images.old.isEmpty else { return nil }
        var free = takeEndingFree()
        let p = images.old.map { free.interner.id($0.withoutTerminator) }
        endingFree = free
        guard let at = free.locator.occurrences(of: p[...], expected: 0, minIndex: 0, limit: 1).first,
            let k = images.old.indices.first(where: {
                !table[at + $0].terminator.elementsEqual(images.old[$0].terminator)
            })
        else { return nil }
        func name(_ terminator: Bytes) -> String {
            terminator.isEmpty ? "no line end" : terminator.count == 2 ? "CRLF" : "LF"
        }
        let ours = images.old[k].terminator, theirs = table[at + k].terminator
        if ours.count == 2 || theirs.count == 2 {
            return "line endings differ: the patch has \(name(ours)), the file \(name(theirs))"
        }
        return "only the end of line \(at + k + 1) differs: the patch has \(name(ours)), the file \(name(theirs))"
            + " (a '\\ No newline at end of file' marker)"
    }
}
