/// **An insertion the fork made already, in its own form.** A fix that reached the fork before upstream's
/// patch did (a stable fix applied to the next release, which has it in its own words; a fork that carried
/// the fix by hand) is often not where the patch puts it, or not word for word: the next release renamed a
/// call on one of its lines (6.12's `alternative_has_cap_unlikely` for 6.1's
/// `alternative_has_feature_unlikely` in a block of arm64's `tlbflush.h`), put it a few lines further on
/// (below three lines of its own), or changed a member of it. The patch's context then still stands, or the
/// base steps place the hunk around the fork's version, and the block lands a second time: two definitions
/// of one function, a check made twice (git's merge conflicts there; GNU patch writes it twice).
///
/// So, with a base, before a hunk lands its inserted lines are looked for among the target's own: each
/// stretch it inserts (runs of inserted lines with nothing but blank lines between them) that holds three
/// lines or more saying something (`isDistinctive`), of which four in five or more stand in order (a
/// longest common subsequence) among the target lines near the place — within three times the stretch's
/// length plus twenty lines either side, as the merge step reaches — that the base lacks (left unpaired by
/// the matching of base and target: lines the fork wrote) and that the landing keeps, is the fork's own
/// copy of the change. The hunk is then *ambiguous*, naming the place and the fork's copy: made there before
/// in another form, for a person to judge; of a conflict, the changes that would land on their own stay out.
/// Lines the base has are never the evidence: an entry added to a table beside look-alike entries upstream
/// had (a quirk list, a device table), or a block upstream copies next to its original, lands as before.
/// Without a base, which lines are the fork's own cannot be told, and the hunk lands as GNU patch lands it.
///
/// Cost: for a hunk placed with a base, one look at the window's lines as text; only where three of the lines
/// it adds stand there, the base matching (made once per file) and one common-subsequence table per
/// stretch, its length times the window's (on the kernel port benchmark, no change in time).
extension FilePatcher {
    /// The outcome, unless what it inserts is the fork's own copy of the change (see above): then ambiguous,
    /// or for a conflict, without the changes that would have landed on their own.
    mutating func unlessMadeInForkForm(_ outcome: HunkOutcome) -> HunkOutcome {
        guard baseBytes != nil, !readsBackwards else { return outcome }
        switch outcome {
        case .applied(let placement):
            guard let copy = forkCopy(of: placement) else { return outcome }
            return .failed(
                .ambiguous(
                    lines: [placement.targetIndex + 1],
                    note: "what it adds stands at line \(copy.line) already, \(copy.held) of its \(copy.of) lines "
                        + "that say something, in lines the base lacks (made there before in another form?)"))
        case .conflict(var conflict):
            guard let partial = conflict.partial, forkCopy(of: partial) != nil else { return outcome }
            conflict.partial = nil
            conflict.landed = nil
            return .conflict(conflict)
        case .alreadyApplied, .failed:
            return outcome
        }
    }

    /// Where the fork's copy of a stretch `placement` inserts begins (1-based), how many of the stretch's
    /// lines that say something it holds, and of how many; nil when no stretch has such a copy.
    private mutating func forkCopy(of placement: Placement) -> (line: Int, held: Int, of: Int)? {
        guard standsNear(placement) else { return nil }
        let (lines, inserted, removed, _) = changes(of: placement)
        let replacement = placement.replacement
        // The stretches: inserted lines, joined over blank lines between them.
        var stretches: [[Int]] = []
        var current: [Int] = []
        for k in lines.indices {
            if inserted[k] {
                if Self.isDistinctive(replacement[k]) { current.append(lines[k]) }
            } else if interner.isBlank(lines[k]) {
                continue
            } else if !current.isEmpty {
                stretches.append(current)
                current = []
            }
        }
        if !current.isEmpty { stretches.append(current) }
        stretches.removeAll { $0.count < 3 }
        guard !stretches.isEmpty, let state = baseState ?? makeBaseState() else { return nil }
        baseState = state
        let ids = targetIDs()
        let gone = Set(removed)
        let start = placement.targetIndex, end = start + placement.targetCount
        for stretch in stretches {
            let reach = 3 * stretch.count + 20
            let window = (max(0, start - reach)..<min(ids.count, end + reach)).filter {
                !state.targetIsMapped[$0] && !gone.contains($0) && Self.isDistinctive(table[$0])
            }
            let lines = window.map { ids[$0] }
            let held = Self.commonSubsequence(stretch, lines)
            guard held * 5 >= stretch.count * 4 else { continue }
            // Where the copy starts: the last window line from which all of it still stands (a binary search;
            // the rule fires seldom).
            var low = 0, high = lines.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if Self.commonSubsequence(stretch, Array(lines[middle...])) == held {
                    low = middle
                } else {
                    high = middle - 1
                }
            }
            return (window[low] + 1, held, stretch.count)
        }
        return nil
    }

    /// The cheap test first, as text (a hunk placed where it says has not interned the target, and need not):
    /// do three or more of the lines that say something that the placement adds (more often than the lines it
    /// replaces hold them) stand in the target within the widest window a stretch of them could have?
    private func standsNear(_ placement: Placement) -> Bool {
        let start = placement.targetIndex, end = start + placement.targetCount
        var added: [[UInt8]: Int] = [:]
        for line in placement.replacement where Self.isDistinctive(line) { added[line.withoutBlanks, default: 0] += 1 }
        for k in start..<end { added[table[k].withoutBlanks]? -= 1 }
        let new = Set(added.filter { $0.value > 0 }.keys)
        guard new.count >= 3 else { return false }
        let reach = 3 * placement.replacement.count + 20
        var held = 0
        for k in max(0, start - reach)..<min(table.count, end + reach) where new.contains(table[k].withoutBlanks) {
            held += 1
            if held >= 3 { return true }
        }
        return false
    }
}
