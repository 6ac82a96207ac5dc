/// The last step of the cascade, with a base known: code the fork re-indented.
///
/// A fork that wraps upstream's code in a new block (`if (flags & MAP_FIXED) { … }`) changes the blanks of
/// every line and none of its words, so no step finds the hunk's pre-image, and the base matching pairs none
/// of those lines either. Here the pre-image is looked for once more with blanks ignored (spaces and tabs
/// removed from each line, the line end aside). It must stand exactly once at or after the previous hunk's
/// place, hold at least one line that says something, and overlap no earlier hunk; then the copy's lines
/// are merged with upstream's three ways word by word (`TokenMerge`, the pre-image as the base): the fork's
/// blanks and upstream's words both land. Refused (nil, the hunk keeps its failure) when the lines stand
/// twice or more, or when upstream also changed blanks the fork changed (the merge clashes). When the
/// pre-image stands nowhere but the post-image stands once, blanks ignored, the change is made
/// (`already-applied`): what this step landed, met again.
///
/// Lines upstream adds or rewrites take the fork's indentation when the fork shifted every line alike: each
/// non-blank line of the copy starts with the same extra blanks before the original's own indentation (or
/// with the same blanks taken off). Those lines get the shift too; the lines upstream keeps are the fork's
/// already. A fork that re-indented lines unevenly gives nothing to carry: upstream's lines keep its
/// indentation.
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
        if places.isEmpty { return madeReindented(images, stated: stated, minIndex: minIndex, occupied: occupied) }
        guard places.count == 1, let place = places.first else { return nil }
        let region = place..<(place + pre.count)
        guard !occupied.contains(where: { $0.overlaps(region) }) else { return nil }
        let ours = region.map { table[$0] }
        let theirs = Self.shifted(images.new, old: images.old, ours: ours)
        guard let merged = TokenMerge.merge(base: images.old, ours: ours, theirs: theirs) else { return nil }
        if merged.elementsEqual(ours, by: ==) { return .alreadyApplied(line: place + 1) }
        return .applied(
            Placement(
                step: .words, targetIndex: place, targetCount: pre.count, replacement: merged,
                offset: place - stated, fuzz: 0, confidence: 0.6))
    }

    /// The change made in re-indented code: the pre-image stands nowhere, blanks ignored, and the post-image
    /// stands exactly once, at or after the previous hunk's place, overlapping no earlier hunk, with a line
    /// that says something among the lines the hunk adds (or, for a deletion, among the lines it keeps).
    /// What the forward search above lands, on a second run (`port` again over its own result), or where
    /// the fork carried the change by hand inside its block, is so found `already-applied`, as GNU patch
    /// finds a reversed patch; nil otherwise (the hunk keeps its failure).
    private mutating func madeReindented(
        _ images: HunkImages, stated: Int, minIndex: Int, occupied: [Range<Int>]
    ) -> HunkOutcome? {
        let added = Self.addedLines(images)
        guard (added.isEmpty ? images.new : added).contains(where: { Self.isDistinctive($0) }) else { return nil }
        let target = blanklessLocator()
        let post = images.new.map { blankless.interner.id($0.withoutBlanks[...]) }
        let places = target.occurrences(
            of: post[...], expected: min(max(stated, minIndex), table.count), minIndex: minIndex, limit: 2)
        guard places.count == 1, let place = places.first,
            !occupied.contains(where: { $0.overlaps(place..<(place + post.count)) })
        else { return nil }
        return .alreadyApplied(line: place + 1)
    }

    /// How the fork moved the copy's lines sideways against the original's: the same blanks put before every
    /// non-blank line, or the same blanks taken from the start of each; nil when the lines moved unevenly.
    enum IndentShift: Equatable {
        case added(Bytes)
        case removed(Bytes)

        init?(old: [Bytes], ours: [Bytes]) {
            var shift: IndentShift?
            for (o, c) in zip(old, ours) where !o.withoutBlanks.isEmpty {
                let a = o.leadingBlanks, b = c.leadingBlanks
                let this: IndentShift
                if b.count > a.count, b.suffix(a.count).elementsEqual(a) {
                    this = .added(b.prefix(b.count - a.count))
                } else if a.count > b.count, a.suffix(b.count).elementsEqual(b) {
                    this = .removed(a.prefix(a.count - b.count))
                } else {
                    return nil
                }
                if let shift, shift != this { return nil }
                shift = this
            }
            guard let shift else { return nil }
            self = shift
        }

        /// `line` moved the same way, or nil when it does not start with the blanks to take off.
        func apply(_ line: Bytes) -> Bytes? {
            switch self {
            case .added(let blanks): return (Array(blanks) + Array(line))[...]
            case .removed(let blanks):
                guard line.starts(with: blanks) else { return nil }
                return line.dropFirst(blanks.count)
            }
        }
    }

    /// Upstream's new lines with the fork's shift (`IndentShift`) on those it adds or rewrites (lines not
    /// paired with an old line); the new lines as they are when there is no shift, or one does not take it.
    static func shifted(_ new: [Bytes], old: [Bytes], ours: [Bytes]) -> [Bytes] {
        guard let shift = IndentShift(old: old, ours: ours) else { return new }
        let kept = LineMatching(old, new).mapBtoA(countB: new.count)
        var out = new
        for (k, line) in new.enumerated() where kept[k] == nil && !line.withoutBlanks.isEmpty {
            guard let moved = shift.apply(line) else { return new }
            out[k] = moved
        }
        return out
    }
}
