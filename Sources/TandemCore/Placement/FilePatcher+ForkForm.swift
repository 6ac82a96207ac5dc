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
/// longest common subsequence) among the target lines near the place — within eight times the stretch's
/// count of such lines plus sixty lines either side — that the base lacks (left unpaired by the matching of
/// base and target: lines the fork wrote) and that the landing keeps, is the fork's own copy of the change.
/// A stretch holding a line that starts at the line's start (a function's or macro's head, a `config`
/// entry) is also looked for wherever that line stands word for word in the target, as far around it as the
/// stretch reaches, half as much again: a definition the fork wrote anywhere in the file (6.12's
/// `gve_rx_starvation_timer()`, 180 lines from where 6.1's fix adds it). The hunk is then *ambiguous*,
/// naming the fork's copy: made there before in another form, for a person to judge; of a conflict, the
/// changes that would land on their own stay out. Lines the base has are never the evidence: an entry
/// added to a table beside look-alike entries upstream had (a quirk list, a device table), or a block
/// upstream copies next to its original, lands as before. Four in five, not fewer: two of three lines are
/// what a new entry shares with its neighbours (on the kernel's stable fixes, 2/3 also held back 5 files
/// git merges cleanly, on evidence of two lines). Without a base, which lines are the fork's own cannot be
/// told, and the hunk lands as GNU patch lands it.
///
/// Cost: for a hunk placed with a base, one look at the window's lines as text; only where three of the lines
/// it adds stand there, or it adds a line at the line's start, the base matching (made once per file), the
/// target interned, and one common-subsequence table per stretch and place, its length times the window's.
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
        // The stretches: inserted lines, joined over blank lines between them, each with the index of its
        // first line that starts at the line's start (a definition's head), if any.
        var stretches: [(lines: [Int], head: Int?)] = []
        var current: [Int] = []
        var head: Int?
        for k in lines.indices {
            if inserted[k] {
                guard Self.isDistinctive(replacement[k]) else { continue }
                if head == nil, let first = replacement[k].first, !ASCII.isBlank(first) { head = current.count }
                current.append(lines[k])
            } else if interner.isBlank(lines[k]) {
                continue
            } else if !current.isEmpty {
                stretches.append((current, head))
                current = []
                head = nil
            }
        }
        if !current.isEmpty { stretches.append((current, head)) }
        stretches.removeAll { $0.lines.count < 3 }
        guard !stretches.isEmpty, let state = baseState ?? makeBaseState() else { return nil }
        baseState = state
        let ids = targetIDs()
        let gone = Set(removed)
        let start = placement.targetIndex, end = start + placement.targetCount
        func fork(_ range: Range<Int>) -> [Int] {
            range.filter { !state.targetIsMapped[$0] && !gone.contains($0) && Self.isDistinctive(table[$0]) }
        }
        for (stretch, head) in stretches {
            let reach = 8 * stretch.count + 60
            var window = fork(max(0, start - reach)..<min(ids.count, end + reach))
            var held = Self.commonSubsequence(stretch, window.map { ids[$0] })
            if held * 5 < stretch.count * 4 {
                // A definition the fork wrote elsewhere, its head line word for word: around each place of
                // that line, as far as the stretch and half as much again.
                guard let head else { continue }
                let places = locator().occurrences(of: stretch[head...].prefix(1), expected: start, minIndex: 0)
                let before = 3 * head / 2 + 10, after = 3 * (stretch.count - head) / 2 + 10
                var found: ([Int], Int)?
                for place in places where !state.targetIsMapped[place] && !gone.contains(place) {
                    let copy = fork(max(0, place - before)..<min(ids.count, place + after))
                    let n = Self.commonSubsequence(stretch, copy.map { ids[$0] })
                    if n * 5 >= stretch.count * 4 {
                        found = (copy, n)
                        break
                    }
                }
                guard let found else { continue }
                (window, held) = found
            }
            let lines = window.map { ids[$0] }
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
        for line in placement.replacement {
            let key = line.withoutBlanks
            if Self.isDistinctive(trimmed: key) { added[key, default: 0] += 1 }
        }
        for k in start..<end { added[table[k].withoutBlanks]? -= 1 }
        let new = Set(added.filter { $0.value > 0 }.keys)
        guard new.count >= 3 else { return false }
        // A definition's head: the search goes over the whole file (interned).
        if placement.replacement.contains(where: { line in
            line.first.map { !ASCII.isBlank($0) } ?? false && new.contains(line.withoutBlanks)
        }) {
            return true
        }
        let reach = 8 * placement.replacement.count + 60
        var held = 0
        for k in max(0, start - reach)..<min(table.count, end + reach) where new.contains(table[k].withoutBlanks) {
            held += 1
            if held >= 3 { return true }
        }
        return false
    }
}
