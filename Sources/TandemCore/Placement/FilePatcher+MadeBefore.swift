/// **A change made before**, read backwards: GNU patch's "Reversed (or previously applied) patch
/// detected", done through the base.
///
/// A fork that was ported once and is ported again (a second run after `git apply`, a maintainer who carried
/// part of a release by hand) holds upstream's change already, with the fork's own edits around it. Its
/// post-image then does not stand whole where the hunk says, so the textual look-up for it fails, while the
/// lines of the pre-image that do stand (a neighbour the fork kept, a change block's own lines) let the
/// tolerant base steps place the hunk a second time: an insertion lands twice beside its anchor, a line is
/// merged in again beside the fork's, a change block is a conflict with its own result.
///
/// So before the base steps place a hunk, it is read backwards: its post-image as the pre-image, upstream's
/// new file (the base with every hunk of the file patch applied) as the base. When the base steps would
/// place that reversed hunk on the target, and that reversal takes out every line the hunk adds and puts
/// back every line it removes (blank lines aside), the change is made already: *already-applied*, at that
/// place. Both halves are needed: reverting a deletion is an insertion, which the anchor steps land beside
/// any neighbour whatever the target holds; and a merge keeps a removed line the target still holds as a
/// change both sides made, so a target with upstream's new lines but also the old ones would pass. A hunk
/// that only deletes lines is asked too (a deletion landed beside a fork edit is the commonest change a
/// second run meets), but as its reversal anchors beside any kept neighbour, none of the lines it deletes
/// may stand anywhere in the target, unless upstream's new file has it too (the Xen `pgtable.h` still
/// held swap macros upstream moved to another file: reverting their deletion found a place elsewhere). A
/// hunk that deletes blank lines only is not asked (putting one back proves nothing). Nor does a line put
/// back beside a line of the fork's own that names what it names prove anything: that line may be the
/// fork's version of it (`xen_rcu_read_unlock();` where upstream deleted `rcu_read_unlock();`), unless it
/// names a line the hunk keeps as context, which the target lacks, more than any line put back: then it is
/// the fork's version of that line (`set_pte_batched(kpte, mk_pte(page, prot))` for the kept
/// `set_pte_atomic(…)`, beside the `mk_pte(page, PAGE_KERNEL)` upstream removed). A change made only in
/// part reverts as a conflict, so the hunk goes on through the cascade as before.
///
/// The same question is asked cheaply first, by text: the post-image standing whole at the place the hunk
/// states (plus the offset carried from earlier hunks) is the change made, wherever else the pre-image may
/// still stand (a twin the fork keeps: porting the hunk there would change the wrong copy).
///
/// Cost: for a file whose hunks reach the base steps, upstream's new file is built once (the hunks applied
/// to the base by text) and matched to the target once, as the base is: at most twice the base steps' work.
extension FilePatcher {
    /// The reversed hunk's patcher: the same target, upstream's new file as its base. Boxed, as a struct
    /// cannot hold one of its own kind.
    final class Backwards {
        var patcher: FilePatcher
        init(_ patcher: FilePatcher) { self.patcher = patcher }
        /// The target's line ids, as a set made once (not once per hunk: a long file with many hunks).
        lazy var targetHas = Set(patcher.targetIDs())
        /// Upstream's new file's line ids, as a set made once; nil before the base steps have matched it.
        var newHas: Set<Int>? {
            if let madeNewHas { return madeNewHas }
            madeNewHas = patcher.baseState.map { Set($0.ids) }
            return madeNewHas
        }
        private var madeNewHas: Set<Int>?
    }

    /// The 1-based target line where the base steps would revert the hunk (`images`, whose post-image the
    /// new file holds at 0-based `statedAfter`), when they would: the change is made there. Nil without a
    /// base, or when reverting would change nothing, conflict, or find no place.
    mutating func madeBefore(_ images: HunkImages, statedAfter: Int) -> Int? {
        guard !images.new.isEmpty, images.old != images.new, let b = backwardsPatcher() else { return nil }
        // What the hunk adds and removes, blank lines aside: reverting must take out the one and put back the
        // other (see above).
        let new = b.patcher.interned(images.new), old = b.patcher.interned(images.old)
        var adds = Multiset(new), removes = Multiset(old)
        adds.subtract(Multiset(old))
        removes.subtract(Multiset(new))
        adds.removeAll(where: b.patcher.interner.isBlank)
        removes.removeAll(where: b.patcher.interner.isBlank)
        guard !adds.isEmpty || !removes.isEmpty else { return nil }
        let reversed = images.reversed
        guard let outcome = b.patcher.placeThroughBase(reversed, pre: new, stated: statedAfter, occupied: [])
        else { return nil }
        let targetHas = b.targetHas
        // Names the hunk's kept lines also use are the region's common words (a parameter every line passes),
        // which say nothing of which line is whose version (below).
        let keptLines = Self.keptLines(images)
        let common = Set(keptLines.flatMap(Self.names))
        // A deletion reverts by an insertion, which the anchor steps land beside a kept neighbour wherever
        // that stands: so no line it deletes may stand anywhere in the target (upstream's new file aside).
        if adds.isEmpty {
            guard let newHas = b.newHas else { return nil }
            if removes.elements.contains(where: { targetHas.contains($0) && !newHas.contains($0) }) { return nil }
            if case .conflict(let conflict) = outcome {
                return deletedBesideForkLines(conflict, removes: removes, common: common, interner: b)
            }
        }
        guard case .applied(let placement) = outcome else { return nil }
        let (_, inserted, removed, sides) = b.patcher.changes(of: placement)
        // Compared with indentation ignored: a word merge keeps the fork's indentation in the lines it merged,
        // so upstream's added line stands in the target, and goes back, indented the fork's way. (Other
        // spacing inside a line is not the same line: a change the fork wrote by hand in its own spacing is
        // `upstream-form`'s to rewrite.)
        var keys: [[UInt8]: Int] = [:]
        func keyed(_ lines: [Bytes]) -> Multiset {
            Multiset(
                lines.filter { !$0.allSatisfy(ASCII.isBlank) }.map { line in
                    let key = Array(line.drop(while: ASCII.isBlank))
                    if let id = keys[key] { return id }
                    keys[key] = keys.count
                    return keys.count - 1
                })
        }
        let oldKeys = keyed(images.old), newKeys = keyed(images.new)
        var added = newKeys, deleted = oldKeys
        added.subtract(oldKeys)
        deleted.subtract(newKeys)
        guard keyed(removed.map { table[$0] }).contains(added),
            keyed(placement.replacement.indices.filter { inserted[$0] }.map { placement.replacement[$0] })
                .contains(deleted)
        else { return nil }
        // Lines put back beside a line of the fork's own (one the matching with upstream's new file leaves
        // unpaired, blank lines skipped) that names what they name prove nothing, unless that line names a
        // line the hunk keeps, and the target lacks, more: then it is the fork's version of that one. Common
        // names aside.
        guard let mapped = b.patcher.baseState?.targetIsMapped else { return nil }
        let putBack = placement.replacement.indices.filter { inserted[$0] }.flatMap {
            Self.names(placement.replacement[$0])
        }.filter { !common.contains($0) }
        // The names of each kept line the target lacks (worked out once, when first needed).
        var lacked: [[String]]?
        for side in sides {
            for (from, step) in [(side.before, -1), (side.after, 1)] {
                var k = from
                while mapped.indices.contains(k), table[k].allSatisfy(ASCII.isBlank) { k += step }
                guard mapped.indices.contains(k), !mapped[k] else { continue }
                let theirs = Self.names(table[k]).filter { !common.contains($0) }
                let shared = Self.shared(theirs, putBack)
                guard shared > 0 else { continue }
                let context =
                    lacked ?? keptLines.filter { !targetHas.contains(b.patcher.interned([$0])[0]) }.map(Self.names)
                lacked = context
                if !context.contains(where: { Self.shared(theirs, $0) > shared }) { return nil }
            }
        }
        return placement.targetIndex + 1
    }

    /// A deletion whose reversal conflicts only because the fork's own lines stand where the deleted ones
    /// went back: blank lines aside, the region's base (upstream's new lines) stands whole on both sides,
    /// the target with lines of its own at one point, the reversal with the deleted lines at that point.
    /// The deletion is made there (the fork had put lines beside the deleted ones: `#if 0` after them, an
    /// `#endif` before), unless the fork's lines share a line or a name with the deleted ones (one not in
    /// `common`, the names the hunk's kept lines use too): then they may be the fork's version of them, for
    /// a person to judge. The 1-based line of the point, or nil.
    private func deletedBesideForkLines(
        _ conflict: HunkConflict, removes: Multiset, common: Set<String>, interner b: Backwards
    ) -> Int? {
        func solid(_ lines: [Bytes]) -> [Int] { lines.indices.filter { !lines[$0].allSatisfy(ASCII.isBlank) } }
        let ours = conflict.ours, base = conflict.base, theirs = conflict.theirs
        let o = solid(ours), s = solid(base), t = solid(theirs)
        var prefix = 0
        while prefix < s.count, prefix < o.count, prefix < t.count, ours[o[prefix]] == base[s[prefix]],
            theirs[t[prefix]] == base[s[prefix]]
        {
            prefix += 1
        }
        var suffix = 0
        while suffix < s.count - prefix, suffix < o.count - prefix, suffix < t.count - prefix,
            ours[o[o.count - 1 - suffix]] == base[s[s.count - 1 - suffix]],
            theirs[t[t.count - 1 - suffix]] == base[s[s.count - 1 - suffix]]
        {
            suffix += 1
        }
        guard prefix + suffix == s.count else { return nil }
        let forks = o[prefix..<(o.count - suffix)].map { ours[$0] }
        let deleted = t[prefix..<(t.count - suffix)].map { theirs[$0] }
        guard !forks.isEmpty, Multiset(b.patcher.interned(deleted)).contains(removes) else { return nil }
        func names(_ line: Bytes) -> [String] { Self.names(line).filter { !common.contains($0) } }
        let deletedNames = deleted.flatMap(names)
        for line in forks where deleted.contains(line) || Self.shared(names(line), deletedNames) > 0 {
            return nil
        }
        return conflict.targetIndex + o[prefix] + 1
    }

    /// The 1-based line where the post-image `post` stands whole (at the file's start or end when the hunk
    /// is anchored there), when it stands nearer to `expected` than `found`, where the pre-image was found;
    /// nil otherwise, and for a hunk that only deletes lines (its post-image is context alone, which says
    /// too little).
    mutating func madeNearer(
        _ post: [Int], _ images: HunkImages, than found: Int, expected: Int, anchorStart: Bool, anchorEnd: Bool
    ) -> Int? {
        guard images.new.count > images.leadingContext + images.trailingContext,
            let place = locator().occurrences(of: post[...], expected: expected, minIndex: 0, limit: 1).first,
            abs(place - expected) < abs(found - expected),
            !anchorStart || place == 0, !anchorEnd || place + post.count == table.count
        else { return nil }
        return place + 1
    }

    /// How many of `theirs` name one of `mine`: one containing the other (`xen_rcu_read_unlock` names
    /// `rcu_read_unlock`), or two words of three letters or more in common between their `_`-separated
    /// parts, in any order and case (`xen_tlb_flush` names `flush_tlb`).
    static func shared(_ theirs: [String], _ mine: [String]) -> Int {
        func parts(_ name: String) -> Set<String> {
            Set(name.lowercased().split(separator: "_").filter { $0.count >= 3 }.map(String.init))
        }
        let mineParts = mine.map(parts)
        return theirs.filter { t in
            let tParts = parts(t)
            return mine.indices.contains { i in
                mine[i].contains(t) || t.contains(mine[i]) || tParts.intersection(mineParts[i]).count >= 2
            }
        }.count
    }

    /// The lines a hunk keeps (its context): those of its pre-image that the matching of the two images
    /// pairs.
    static func keptLines(_ images: HunkImages) -> [Bytes] {
        LineMatching(images.old, images.new).pairs.map { images.old[$0.a] }
    }

    /// The lines the hunk adds: those of its post-image the same matching leaves unpaired.
    static func addedLines(_ images: HunkImages) -> [Bytes] {
        let kept = LineMatching(images.old, images.new).mapBtoA(countB: images.new.count)
        return images.new.indices.filter { kept[$0] == nil }.map { images.new[$0] }
    }

    /// The identifiers of `line` that say something: four characters or more, C keywords and preprocessor
    /// words aside.
    static func names(_ line: Bytes) -> [String] {
        CTokens.tokens(line).filter { CTokens.isName($0, minimumLength: 4) && !preprocessorWords.contains($0) }
    }

    private static let preprocessorWords: Set<String> = [
        "ifdef", "ifndef", "endif", "elif", "else", "define", "undef", "include", "defined", "pragma", "error",
    ]

    /// Made on first need: nil without a base, or in the backwards patcher itself.
    private mutating func backwardsPatcher() -> Backwards? {
        if let backwards { return backwards }
        guard let baseBytes, !readsBackwards else { return nil }
        let after = FilePatcher.apply(
            hunksForAfter, toBytes: baseBytes, options: Options(maxFuzz: 0, reverse: options.reverse))
        var patcher = FilePatcher(table: table, baseBytes: after.bytes, options: options, carried: nil)
        patcher.readsBackwards = true
        let made = Backwards(patcher)
        backwards = made
        return made
    }
}

/// **No line added twice.** The base steps place a hunk by what stands around its changes, not by the
/// changes themselves, so lines upstream adds can be added where the target holds them already (the second
/// run above; a fork that carried the lines by hand; diff3 drawing the two sides' equal insertions at two
/// points a line apart). So a base step's placement is compared with the lines it replaces: each run of
/// lines it inserts that leaves a run repeated back to back (the same lines twice in a row, however the run
/// slides among equal lines), where upstream's own post-image has no such repetition, is a run the target
/// holds already, and is left out. A placement left with nothing to do is the change made already; one that
/// still changes something lands without the repeated runs. Runs of blank lines only are left alone (a
/// blank line beside another says nothing). In the backwards patcher a repeated run means the reversed
/// hunk is not cleanly there, and its placement is refused.
extension FilePatcher {
    mutating func withoutRepeats(_ placement: Placement, images: HunkImages) -> HunkOutcome {
        let lines = placement.replacement
        let start = placement.targetIndex, end = start + placement.targetCount
        // A placement that changes nothing is the change made (an anchor step that put a line back where
        // it stands).
        // (In the backwards patcher any outcome but `applied` only says "not cleanly reverted".)
        if lines.elementsEqual((start..<end).map { table[$0] }) {
            return readsBackwards ? .failed(.contextNotFound(hint: nil)) : .alreadyApplied(line: start + 1)
        }
        guard !lines.isEmpty else { return .applied(placement) }
        let ids = targetIDs()
        let (added, inserted, _, _) = changes(of: placement)
        guard inserted.contains(true) else { return .applied(placement) }
        let reach = min(added.count, 64)
        let before = Array(ids[max(0, start - reach)..<start])
        let around = before + added + ids[end..<min(ids.count, end + reach)]
        let post = interned(images.new)
        var dropped = [Bool](repeating: false, count: added.count)
        var i = 0
        while i < added.count {
            guard inserted[i] else {
                i += 1
                continue
            }
            var j = i
            while j < added.count, inserted[j] { j += 1 }
            if repeats(around, run: (before.count + i)..<(before.count + j), post: post) {
                for k in i..<j { dropped[k] = true }
            }
            i = j
        }
        guard dropped.contains(true) else { return .applied(placement) }
        if readsBackwards { return .failed(.contextNotFound(hint: nil)) }
        let kept = lines.indices.filter { !dropped[$0] }.map { lines[$0] }
        if kept.elementsEqual((start..<end).map { table[$0] }) { return .alreadyApplied(line: start + 1) }
        var mended = placement
        mended.replacement = kept
        return .applied(mended)
    }

    /// What `placement` does to the target: its lines as ids, which of them it inserts (not paired with a
    /// target line it replaces), the target lines it removes (0-based), and for each stretch where it
    /// inserts lines the target lines that stand on either side of it, kept (-1 or the line count past an
    /// end of the file).
    mutating func changes(of placement: Placement)
        -> (lines: [Int], inserted: [Bool], removed: [Int], sides: [(before: Int, after: Int)])
    {
        let ids = targetIDs()
        let start = placement.targetIndex, end = start + placement.targetCount
        let added = interned(placement.replacement)
        let matching = LineMatching(Array(ids[start..<end]), added, blank: interner.isBlank)
        var inserted = [Bool](repeating: true, count: added.count)
        var kept = [Bool](repeating: false, count: end - start)
        for pair in matching.pairs {
            inserted[pair.b] = false
            kept[pair.a] = true
        }
        var sides: [(before: Int, after: Int)] = []
        var previous = (a: -1, b: -1)
        for pair in matching.pairs.map({ (a: $0.a, b: $0.b) }) + [(a: end - start, b: added.count)] {
            if pair.b > previous.b + 1 { sides.append((start + previous.a, start + pair.a)) }
            previous = pair
        }
        return (added, inserted, kept.indices.filter { !kept[$0] }.map { start + $0 }, sides)
    }

    /// True when some run of `run.count` lines covering `run` in `lines` is followed at once by the same
    /// lines, holds a line that is not blank, and stands twice in a row nowhere in `post`.
    private func repeats(_ lines: [Int], run: Range<Int>, post: [Int]) -> Bool {
        let n = run.count
        for s in max(0, run.lowerBound - n)...run.lowerBound where s + 2 * n <= lines.count {
            let first = lines[s..<(s + n)]
            guard first.elementsEqual(lines[(s + n)..<(s + 2 * n)]),
                first.contains(where: { !interner.isBlank($0) })
            else { continue }
            let twice = Array(first) + first
            if !post.contains(run: twice) { return true }
        }
        return false
    }
}

/// Counts of line ids.
struct Multiset {
    private var counts: [Int: Int] = [:]

    init(_ ids: [Int]) { for id in ids { counts[id, default: 0] += 1 } }

    /// The ids held, each once.
    var elements: Dictionary<Int, Int>.Keys { counts.keys }

    var isEmpty: Bool { counts.isEmpty }

    /// Takes away each id of `other` as often as `other` holds it (down to none).
    mutating func subtract(_ other: Multiset) {
        for (id, n) in other.counts {
            guard let m = counts[id] else { continue }
            counts[id] = m > n ? m - n : nil
        }
    }

    mutating func removeAll(where drop: (Int) -> Bool) { counts = counts.filter { !drop($0.key) } }

    /// True when every id of `other` is here at least as often.
    func contains(_ other: Multiset) -> Bool { other.counts.allSatisfy { counts[$0.key, default: 0] >= $0.value } }
}
