/// Lines upstream wraps stand as upstream had them. A hunk that adds `#ifdef __KERNEL__` … `#else` above a
/// line it keeps and `#endif` below it makes that line conditional: its two insertions are one edit of the
/// line between them. Change by change, each insertion finds its place beside the line the other one keeps,
/// so where the fork rewrote the wrapped line (`char name[];` for upstream's
/// `__DECLARE_FLEX_ARRAY(char, name);`) both land, and the fork's version ends up under upstream's condition
/// with nobody having decided that it belongs there. diff3 calls the same hunk a conflict (the changes touch
/// the fork's); so does this step now.
///
/// The test: read the hunk's change blocks in order, each deepening the conditionals' nesting by some
/// amount (`ConditionalShape`, the post-image's depth change less the pre-image's); a block that opens a
/// conditional and the later block that closes it again (the running sum back where it was) enclose the
/// base lines between them. When both blocks land, those lines must stand in the target as they are, one
/// after another: a line the fork changed, removed or inserted among them refuses both blocks (the hunk's
/// other blocks still land, as a partial conflict). Blocks that touch no directive, and a conditional
/// opened and closed within one block (an `#ifdef` block added whole), are not asked.
///
/// Cost: one pass over the hunk's blocks; the enclosed lines are compared only for a matched pair.
extension FilePatcher {
    /// Takes out of `pieces` and `landed` (into `refused`) the landing pairs of blocks that wrap base lines
    /// the target changed in a conditional; the reason, if any pair was taken.
    func keepWrappedLinesStanding(
        _ images: HunkImages, blocks: [ChangeBlock], baseStart: Int, state: BaseState,
        pieces: inout [Piece], landed: inout [ChangeBlock], refused: inout [ChangeBlock]
    ) -> String? {
        guard options.directives else { return nil }
        func isLanded(_ block: ChangeBlock) -> Bool { landed.contains { $0.old == block.old && $0.new == block.new } }
        // Open conditionals: the block that opened each, innermost last.
        var open: [Int] = []
        var taken: [ChangeBlock] = []
        var example: Bytes?
        for (index, block) in blocks.enumerated() {
            let shape =
                ConditionalShape(images.new[block.new]).depthChange
                - ConditionalShape(images.old[block.old]).depthChange
            if shape > 0 {
                open += Array(repeating: index, count: shape)
                continue
            }
            for _ in 0 ..< -shape {
                guard let opener = open.popLast() else { break }
                let first = blocks[opener]
                guard isLanded(first), isLanded(block), !standsWhole(first.old.upperBound..<block.old.lowerBound)
                else { continue }
                taken += [first, block]
                example = example ?? images.new[first.new].first { ConditionalShape.directive($0) == .open }
            }
        }
        guard !taken.isEmpty else { return nil }
        for block in taken {
            guard let at = landed.firstIndex(where: { $0.old == block.old && $0.new == block.new }) else { continue }
            refused.append(landed.remove(at: at))
            pieces.removeAll { $0.old == block.old.lowerBound && $0.step != nil }
        }
        let opener = example.map {
            " (" + String(decoding: $0.withoutTerminator.drop { ASCII.isBlank($0) }, as: UTF8.self) + ")"
        }
        return "upstream puts lines the fork changed under a conditional" + (opener ?? "")

        /// True when the pre-image lines `range` stand in the target one after another, as the base has them.
        func standsWhole(_ range: Range<Int>) -> Bool {
            guard !range.isEmpty else { return true }
            guard let start = state.toTarget[baseStart + range.lowerBound] else { return false }
            return range.allSatisfy { k in
                state.toTarget[baseStart + k] == start + (k - range.lowerBound)
                    && table.line(start + k - range.lowerBound, equals: state.baseLine(baseStart + k))
            }
        }
    }
}
