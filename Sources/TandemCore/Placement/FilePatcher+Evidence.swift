/// **Evidence another hunk takes away.** A hunk is *already applied* when the file holds what it adds:
/// its post-image where it says, or, read backwards through the base (`FilePatcher+MadeBefore`), its new
/// lines beside the fork's own. Each hunk is asked on its own, so a hunk can find its new lines in lines
/// that another hunk of the same file patch removes. That is what a move looks like: upstream deletes a
/// block in one place (hunk 1) and adds it in another (hunk 2), and a file that still has the block only in
/// the old place shows hunk 2's lines there. Hunk 1 lands, deleting the block; hunk 2, "already applied",
/// adds nothing; the block is gone from the file (a kernel revert applied three commits later lost the
/// `x86_num_cores` test of `amd.c` so, claiming every hunk made).
///
/// So once every hunk is placed, an already-applied hunk is not made when, at the place that showed it
/// made, one of its new lines (one that says something, and that its pre-image does not hold) is a line
/// another hunk's landing removes: it fails, and says why. Its lines are there, but not for long.
///
/// The mirror case: the file never had the block, or the fork removed it. The hunk deleting it is already
/// applied (its post-image stands, and the block is nowhere), and the hunk adding it in the new place lands,
/// so the file gains a block it did not have: code of another change, or one the fork took out (a Kconfig
/// entry upstream moved to another menu, backported onto a tree that predates it). So a landed hunk is not
/// made either when an already-applied hunk of the same file patch removes lines that say something, most of
/// which (three at least) stand nowhere in the file, and the lines it adds hold four in five of those: it
/// fails, and says why. ("Most": a block's lines such as `default y` or `return 0;` stand elsewhere in any
/// file.) A file that has the block in the old place makes the move; one that has it in the new place
/// already finds both hunks made; a hunk adding other lines lands.
///
/// Cost: one pass over the landed changes' lines, only for files with a hunk already applied; one set of the
/// file's lines when such a hunk removes three lines or more.
extension FilePatcher {
    /// Where an already-applied hunk found itself: its index, the target lines (0-based) that show it, and
    /// its new lines that say something and that its pre-image lacks.
    struct Evidence {
        var hunk: Int
        var lines: Range<Int>
        var added: Set<Bytes>
    }

    /// The evidence of an already-applied hunk at 1-based `line`, or nil when it adds nothing that says
    /// something.
    func evidence(hunk: Int, images: HunkImages, line: Int) -> Evidence? {
        let old = Set(images.old)
        let added = Set(images.new.filter { !old.contains($0) && Self.isDistinctive($0) })
        guard !added.isEmpty else { return nil }
        let start = min(max(line - 1, 0), table.count)
        return Evidence(hunk: hunk, lines: start..<min(start + images.new.count, table.count), added: added)
    }

    /// The already-applied hunks whose evidence another hunk's landed change removes, each with the first
    /// such hunk (`owners` maps each change to its hunk).
    func evidenceTakenAway(_ evidence: [Evidence], changes: [Change], owners: [Int]) -> [(hunk: Int, by: Int)] {
        guard !evidence.isEmpty else { return [] }
        var removed: [(index: Int, by: Int)] = []
        for (change, owner) in zip(changes, owners) {
            let placement: Placement?
            switch change {
            case .placement(let p): placement = p
            case .conflict(let c): placement = c.partial
            }
            guard let placement else { continue }
            let kept = Set(placement.replacement)
            let end = min(placement.targetIndex + placement.targetCount, table.count)
            for index in placement.targetIndex..<end where !kept.contains(table[index]) {
                removed.append((index, owner))
            }
        }
        return evidence.compactMap { item in
            removed.first {
                $0.by != item.hunk && item.lines.contains($0.index) && item.added.contains(table[$0.index])
            }
            .map { (item.hunk, $0.by) }
        }
    }

    /// The landed hunks that add four in five of the lines an already-applied hunk removes and the file has
    /// nowhere, when those are most of what it removes (see above), each with that hunk. `images` by hunk,
    /// `changes` with their `owners`.
    func movesOfLinesTheFileLacks(
        _ outcomes: [HunkOutcome], images: [HunkImages?], changes: [Change], owners: [Int]
    ) -> [(hunk: Int, from: Int)] {
        var removedBy: [(hunk: Int, lines: Set<Bytes>)] = []
        var targetLines: Set<Bytes>?
        for (hunk, outcome) in outcomes.enumerated() {
            guard case .alreadyApplied = outcome, let images = images[hunk] else { continue }
            let kept = Set(images.new)
            let removed = Set(images.old.filter { !kept.contains($0) && Self.isDistinctive($0) })
            guard removed.count >= 3 else { continue }
            let lines = targetLines ?? Set((0..<table.count).map { table[$0] })
            targetLines = lines
            let nowhere = removed.filter { !lines.contains($0) }
            if nowhere.count >= 3, nowhere.count * 2 > removed.count { removedBy.append((hunk, nowhere)) }
        }
        guard !removedBy.isEmpty else { return [] }
        var found: [(hunk: Int, from: Int)] = []
        for (change, owner) in zip(changes, owners) {
            guard case .placement(let placement) = change else { continue }
            let end = min(placement.targetIndex + placement.targetCount, table.count)
            let replaced = Set((placement.targetIndex..<end).map { table[$0] })
            let added = Set(placement.replacement.filter { !replaced.contains($0) })
            if let from = removedBy.first(where: { item in
                item.hunk != owner && item.lines.filter(added.contains).count * 5 >= item.lines.count * 4
            }) {
                found.append((owner, from.hunk))
            }
        }
        return found
    }
}
