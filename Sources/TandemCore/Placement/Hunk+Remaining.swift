/// What is left of a conflicting hunk once some of its changes landed on their own (`FilePatcher+Blocks`),
/// or stood in the file already: the hunk with every change that stands in the file turned into context,
/// in its new form, and only the others still marked `-` and `+` (`HunkConflict.openChanges`).
///
/// A reject holding the whole hunk would be a trap after a partial landing: its pre-image no longer matches
/// the file (the landed changes altered it), and a tool that places it loosely (`patch` with fuzz, `wiggle`)
/// could add a landed insertion a second time. The remaining hunk's pre-image is the hunk's own pre-image
/// with the landed changes made, which is what the file holds around them; its post-image is the hunk's.
///
/// Example: upstream inserts `X` after `a` and rewrites `f` as `F`; the fork had rewritten `f` as `f2`. `X`
/// lands. The reject then reads ` a`, ` X`, … ` e`, `-f`, `+F`, ` g`: one change left, the landed one as
/// context.
///
/// The changes are the hunk's change blocks as the placement split them (a minimal diff of its pre- and
/// post-image), numbered in order; `refused` lists the ones that did not land. Lines keep their bytes; a
/// line without a terminator gets a `\ No newline at end of file` marker. The header keeps the hunk's start
/// lines (hints, as in any reject) with the counts of the new body.
///
/// Cost: one line diff of the hunk's two images.
extension Hunk {
    /// The hunk with only the change blocks numbered in `refused` left as changes; the others, which
    /// landed or stood in the file already, are context in their new form. `reverse`: the blocks are those
    /// of the reversed images (`apply -R`), and the result still reads in the patch's direction. The hunk
    /// itself when every block is refused or the numbers do not fit its blocks.
    public func remaining(refusing refused: [Int], reverse: Bool = false) -> Hunk {
        let images = reverse ? self.images.reversed : self.images
        let blocks = FilePatcher.changeBlocks(images)
        let refusedSet = Set(refused)
        guard !refused.isEmpty, refusedSet.count < blocks.count, refusedSet.allSatisfy(blocks.indices.contains) else {
            return self
        }
        var body = LineBlock()
        var counts = (old: 0, new: 0)
        func emit(_ prefix: UInt8, _ text: Bytes) {
            guard text.last != ASCII.newline else { return body.append([prefix] + Array(text)) }
            body.append([prefix] + Array(text) + [ASCII.newline])
            body.append(Array("\\ No newline at end of file\n".utf8))
        }
        func context(_ lines: ArraySlice<Bytes>) {
            for line in lines { emit(ASCII.space, line) }
            counts.old += lines.count
            counts.new += lines.count
        }
        // In the patch's direction: removed lines are the placed images' old side, or their new side when
        // the images were reversed.
        func change(old: ArraySlice<Bytes>, new: ArraySlice<Bytes>) {
            let (removed, added) = reverse ? (new, old) : (old, new)
            for line in removed { emit(ASCII.minus, line) }
            for line in added { emit(ASCII.plus, line) }
            counts.old += removed.count
            counts.new += added.count
        }
        var oi = 0
        for (index, block) in blocks.enumerated() {
            context(images.old[oi..<block.old.lowerBound])
            if refusedSet.contains(index) {
                change(old: images.old[block.old], new: images.new[block.new])
            } else {
                // Landed, or there already: the file holds the block's new lines, in the placed direction.
                context(images.new[block.new])
            }
            oi = block.old.upperBound
        }
        context(images.old[oi...])
        let h = header
        return Hunk(
            header: HunkHeader(
                oldStart: h.oldStart, oldCount: counts.old, newStart: h.newStart, newCount: counts.new,
                section: h.section, terminator: h.raw.terminator.isEmpty ? [ASCII.newline] : h.raw.terminator),
            body: body)
    }
}
