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
/// Cost: one pass over the landed changes' lines, only for files with a hunk already applied.
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
}
