/// The last step of the cascade, with a base known: code the fork re-indented.
///
/// A fork that wraps upstream's code in a new block (`if (flags & MAP_FIXED) { … }`) changes the blanks of
/// every line and none of its words, so no step finds the hunk's pre-image, and the base matching pairs none
/// of those lines either. Here the pre-image is looked for once more with blanks ignored (spaces and tabs
/// removed from each line, the line end aside). It must stand exactly once at or after the previous hunk's
/// place, hold at least one line that says something, and overlap no earlier hunk; then the copy's lines
/// are merged with upstream's three ways word by word (`TokenMerge`, the pre-image as the base): the fork's
/// blanks and upstream's words both land. Refused (nil, the hunk keeps its failure) when the lines stand
/// twice or more, or when upstream also changed blanks the fork changed (the merge clashes). Lines upstream
/// adds keep upstream's indentation.
///
/// Cost: one pass over the copy to key its lines, on the first hunk that reaches this step; then a search
/// per such hunk.
extension FilePatcher {
    /// The copy's lines keyed with blanks ignored, made on first need and kept for the file's other hunks.
    struct BlanklessLines {
        var interner = LineInterner()
        var locator: HunkLocator?
    }

    private mutating func blanklessLocator() -> HunkLocator {
        if let locator = blankless.locator { return locator }
        let ids = (0..<table.count).map { blankless.interner.id(table[$0].withoutBlanks[...]) }
        let locator = HunkLocator(target: ids)
        blankless.locator = locator
        return locator
    }

    mutating func placeReindented(
        _ images: HunkImages, stated: Int, minIndex: Int, occupied: [Range<Int>]
    ) -> HunkOutcome? {
        guard !images.old.isEmpty, images.old.contains(where: { Self.isDistinctive($0) }) else { return nil }
        let target = blanklessLocator()
        let pre = images.old.map { blankless.interner.id($0.withoutBlanks[...]) }
        let places = target.occurrences(
            of: pre[...], expected: min(max(stated, minIndex), table.count), minIndex: minIndex, limit: 2)
        guard places.count == 1, let place = places.first else { return nil }
        let region = place..<(place + pre.count)
        guard !occupied.contains(where: { $0.overlaps(region) }) else { return nil }
        let ours = region.map { table[$0] }
        guard let merged = TokenMerge.merge(base: images.old, ours: ours, theirs: images.new) else { return nil }
        if merged.elementsEqual(ours, by: ==) { return .alreadyApplied(line: place + 1) }
        return .applied(
            Placement(
                step: .words, targetIndex: place, targetCount: pre.count, replacement: merged,
                offset: place - stated, fuzz: 0, confidence: 0.6))
    }
}
