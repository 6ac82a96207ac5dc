/// The finest base step of the placement cascade: a hunk that the 3-way merge of its region calls a conflict
/// is split into its change blocks (each run of removed and added lines), and each block is placed on its
/// own through the whole-file matching of base and target (`BaseState`). A merge of the whole region conflicts
/// whenever the target changed a line *next to* a change (diff3 treats touching changes as one); most such
/// conflicts on real forks are a fork edit beside an upstream edit, both wanted.
///
/// A block lands when:
/// - **change-blocks**: the base lines it removes all stand in the target, in order and with nothing
///   inserted between them; they are replaced, whatever the target did right before or after them. Lines
///   that are all blank say nothing about the place: such a block lands only between standing neighbours. An
///   insertion whose two neighbouring base lines stand side by side in the target goes between them; a
///   neighbour the matching paired elsewhere (one of several equal blank lines) stands if its text is there.
/// - **word-merge**: the target changed some of the lines the block changes. The smallest stretch around
///   the block whose edges stand in the target is merged token by token (`TokenMerge`): upstream's edit
///   lands when the fork's edits in that stretch touch other words.
/// - **anchored-insertion**: an insertion one of whose neighbouring base lines the target changed or
///   removed goes beside the other neighbour, when that one stands in the target and says something (not a
///   blank line or a lone brace). Where the fork's own lines right beside that anchor are the insertion's
///   lines exactly, it is made already (a second run, after the first landed it there).
/// - **include-union**: both sides inserted `#include` lines at one point (nothing else: blank lines and
///   balanced conditionals around the includes at most). Upstream's go first, right after the line they
///   follow upstream, then the fork's, less the includes upstream's already hold. Which order includes
///   come in rarely matters, unlike statements or definitions.
/// - **unit-union**: both sides inserted whole top-level C units at one point (declarations, macros,
///   functions, types; conditionals balanced), outside any function or type, and neither side mentions a
///   name, header or number (other than 0 and 1) that the other does. Upstream's go first, then the fork's:
///   C gives independent file-scope units no order. The same for whole Kconfig entries (`KconfigEntries`)
///   that define different symbols and reference none the other defines, inserted between entries, and for
///   Makefile list appends (`KbuildAppends`) that append no word twice. Where both sides replaced the same
///   blank lines with lines of their own (a list ending in a blank line), that is an insertion at one point
///   too.
/// - **declarations-first**: both sides inserted lines at the top of a C block, one side declarations
///   only and the other statements only, naming nothing in common: declarations first, as C wants
///   (`FilePatcher+Declarations`).
/// - **upstream-form**: the target already holds the block's new lines in other spacing (a blank line
///   more, `x-1` for `x - 1`, a line joined): the fork wrote upstream's change by hand before upstream
///   did. Upstream's own text replaces it, so that the copy follows upstream's form again and later
///   patches find their context. Not where the fork's spacing stands apart from upstream's words
///   throughout, line for line (what the word merge gives a line the fork only re-spaced, met again):
///   that is already applied, the fork's spacing kept.
/// - **deletion-union**: upstream's block only deletes lines, and the fork's lines in the stretch around it
///   are the base's with some deleted (one way only), among them some upstream deletes: the lines neither
///   side deleted stay. Two deletions of one stretch commute; only a line changed on one side and deleted
///   on the other is a real clash.
/// A block whose new lines the target already holds there exactly, or indented otherwise line for line (the
/// fork's indentation, its style, unless it puts a space before a tab: then upstream's form), is already
/// applied; among lines the fork inserted at the same point, only when those open and close conditionals as
/// the block's do (`ConditionalShape`).
///
/// Refused — the hunk stays a conflict — when any block cannot land: the fork inserted lines between lines
/// the block removes (a fork-only line would be orphaned), both sides inserted at one point (which order?)
/// anything but `#include` lines or independent top-level units,
/// both changed the same words (or the fork changed a line upstream deletes), or no neighbour of an insertion
/// is a trustworthy anchor; the two ends of a conditional upstream wraps around lines the fork changed stay
/// out together (`FilePatcher+Wrapped`); and a block dropping a local declaration the fork's lines there still use
/// (`FilePatcher+KeptDeclarations`) stays out while the others land, as do the landing blocks that add or
/// remove one end of a conditional, or one brace of a C block, whose other end is refused
/// (`FilePatcher+Conditionals`). A hunk lands whole
/// or not at all.
///
/// Cost: a token diff per word-merged block; otherwise linear in the hunk.
extension FilePatcher {
    /// How one block was resolved.
    private enum BlockResolution {
        case replace(Range<Int>, [Bytes], PlacementStep)
        case already(Range<Int>)
        case refused(String)
    }

    /// What placing a hunk block by block gave: an outcome; or why some block could not land, with the
    /// blocks that could (a partial placement, when any of them changes the target).
    enum BlockPlacement {
        case placed(HunkOutcome)
        case refused(String, partial: Placement?, landed: HunkConflict.LandedChanges? = nil, there: AlreadyThere? = nil)

        /// The changes whose new lines the target held already, and how many changes the hunk has.
        struct AlreadyThere {
            var blocks: [Int]
            var total: Int
        }

        var outcome: HunkOutcome? { if case .placed(let outcome) = self { return outcome } else { return nil } }
        var reason: String? { if case .refused(let why, _, _, _) = self { return why } else { return nil } }
        var partial: Placement? { if case .refused(_, let partial, _, _) = self { return partial } else { return nil } }
        var landed: HunkConflict.LandedChanges? {
            if case .refused(_, _, let landed, _) = self { return landed } else { return nil }
        }
        var there: AlreadyThere? { if case .refused(_, _, _, let there) = self { return there } else { return nil } }
    }

    /// Places `images`, whose pre-image stands at base line index `baseStart`, block by block; refused when
    /// some block cannot land (see the notes above) or the result would overlap an earlier hunk.
    mutating func placeByBlocks(
        _ images: HunkImages, baseStart: Int, state: BaseState, stated: Int,
        occupied: [Range<Int>]
    ) -> BlockPlacement {
        var pieces: [Piece] = []
        var refusal: String?
        let blocks = Self.changeBlocks(images)
        var landedBlocks: [ChangeBlock] = [], refusedBlocks: [ChangeBlock] = []
        var there = BlockPlacement.AlreadyThere(blocks: [], total: blocks.count)
        for (index, block) in blocks.enumerated() {
            let resolution = resolve(block, images: images, baseStart: baseStart, state: state)
            switch resolution {
            case .replace(let range, let lines, let step):
                pieces.append((range, lines, step, block.old.lowerBound))
                landedBlocks.append(block)
            case .already(let range):
                pieces.append((range, Array((range).map { table[$0] }), nil, block.old.lowerBound))
                there.blocks.append(index)
            case .refused(let why):
                refusal = refusal ?? why
                refusedBlocks.append(block)
            }
        }
        if let why = keepUsedDeclarations(images, pieces: &pieces, landed: &landedBlocks, refused: &refusedBlocks) {
            refusal = refusal ?? why
        }
        if let why = keepWrappedLinesStanding(
            images, blocks: blocks, baseStart: baseStart, state: state, pieces: &pieces, landed: &landedBlocks,
            refused: &refusedBlocks)
        {
            refusal = refusal.map { $0 + "; " + why } ?? why
        }
        if let why = keepConditionalsWhole(images, pieces: &pieces, landed: &landedBlocks, refused: &refusedBlocks) {
            refusal = refusal.map { $0 + "; " + why } ?? why
        }
        guard let first = pieces.first, let last = pieces.last else {
            return .refused(refusal ?? "the hunk changes nothing", partial: nil)
        }
        // Blocks must land in order, each after the one before.
        for (a, b) in zip(pieces, pieces.dropFirst()) where b.range.lowerBound < a.range.upperBound {
            return .refused("its changes would land out of order", partial: nil)
        }
        let region = first.range.lowerBound..<max(last.range.upperBound, first.range.lowerBound)
        if occupied.contains(where: { $0.overlaps(region) || (region.isEmpty && $0.contains(region.lowerBound)) }) {
            return .refused(refusal ?? "it would overlap an earlier hunk", partial: nil)
        }
        let steps = pieces.compactMap(\.step)
        if let refusal {
            // The blocks that can land, land; the hunk stays a conflict for the rest. Not when the hunk moves
            // lines from a block that lands to one that does not (or back): half a move loses or doubles them.
            guard !steps.isEmpty else { return .refused(refusal, partial: nil, there: there) }
            if Self.moveLines(between: landedBlocks, and: refusedBlocks, images: images) {
                return .refused(
                    refusal + "; its other changes move the same lines, so none landed", partial: nil, there: there)
            }
            let landed = pieces.filter { $0.step != nil }.count
            let refused = blocks.indices.filter { i in
                refusedBlocks.contains { $0.old == blocks[i].old && $0.new == blocks[i].new }
            }
            return .refused(
                refusal, partial: placement(of: pieces, region: region, stated: stated, steps: steps),
                landed: .init(count: landed, total: blocks.count, refused: refused), there: there)
        }
        if steps.isEmpty { return .placed(.alreadyApplied(line: region.lowerBound + 1)) }
        return .placed(.applied(placement(of: pieces, region: region, stated: stated, steps: steps)))
    }

    /// True when lines that some of `landed` remove are added by some of `refused`, or the reverse, two
    /// or more distinctive lines of them (not blank lines, braces or `#endif`s): the hunk moves them. One line
    /// is enough when it is all a refused change removes or adds (upstream moved `import chardet` into a
    /// `try:` block; the fork had rewritten the line it removes, and the block adding it again would land
    /// alone, importing it twice).
    static func moveLines(between landed: [ChangeBlock], and refused: [ChangeBlock], images: HunkImages) -> Bool {
        guard !landed.isEmpty, !refused.isEmpty else { return false }
        func lines(_ blocks: [ChangeBlock], old: Bool) -> [[UInt8]: Int] {
            var counts: [[UInt8]: Int] = [:]
            for block in blocks {
                for line in old ? images.old[block.old] : images.new[block.new] {
                    let trimmed = line.filter { !ASCII.isBlank($0) }
                    guard isDistinctive(trimmed: trimmed) else { continue }
                    counts[trimmed, default: 0] += 1
                }
            }
            return counts
        }
        func shared(_ a: [[UInt8]: Int], _ b: [[UInt8]: Int]) -> Int {
            a.reduce(0) { $0 + min($1.value, b[$1.key] ?? 0) }
        }
        let landedOld = lines(landed, old: true), landedNew = lines(landed, old: false)
        if shared(landedOld, lines(refused, old: false)) >= 2 || shared(landedNew, lines(refused, old: true)) >= 2 {
            return true
        }
        return refused.contains { block in
            let removed = lines([block], old: true), added = lines([block], old: false)
            return (!removed.isEmpty && added.isEmpty && shared(removed, landedNew) == removed.values.reduce(0, +))
                || (!added.isEmpty && removed.isEmpty && shared(added, landedOld) == added.values.reduce(0, +))
        }
    }

    /// One resolved block: the target lines it replaces, what replaces them, the step (nil: the block's new
    /// lines were already there), and where the block starts in the hunk's pre-image.
    typealias Piece = (range: Range<Int>, lines: [Bytes], step: PlacementStep?, old: Int)

    /// The lines from the first piece's start to the last one's end: each piece's lines, and the target's
    /// own lines between them.
    func joined(_ pieces: [Piece]) -> [Bytes] {
        var out: [Bytes] = []
        var cursor = pieces.first?.range.lowerBound ?? 0
        for piece in pieces where piece.range.lowerBound >= cursor {
            out += (cursor..<piece.range.lowerBound).map { table[$0] }
            out += piece.lines
            cursor = piece.range.upperBound
        }
        return out
    }

    /// One placement for the resolved blocks over `region`: the target's own lines between them kept. Its
    /// offset is the first block's, from where the hunk's header puts that block (`stated` is the hunk's
    /// first line): as GNU patch counts it, not from the hunk's first context line, which the region holds
    /// only when a block starts there.
    private func placement(of pieces: [Piece], region: Range<Int>, stated: Int, steps: [PlacementStep])
        -> Placement
    {
        let replacement = joined(pieces)
        // The hunk is named after the boldest step any of its blocks took.
        let boldest: [PlacementStep] = [
            .words, .includes, .units, .declarations, .attached, .slid, .upstreamForm, .deletions, .anchored,
        ]
        let step = boldest.first(where: steps.contains) ?? .blocks
        let offset = region.lowerBound - stated - (pieces.first?.old ?? 0)
        return Placement(
            step: step, targetIndex: region.lowerBound, targetCount: region.count, replacement: replacement,
            offset: offset, fuzz: 0, confidence: step == .blocks ? 0.75 : 0.6)
    }

    /// One block: pre-image lines `old` (indices into `images.old`) replaced by post-image lines `new`.
    struct ChangeBlock {
        var old: Range<Int>
        var new: Range<Int>
    }

    /// The hunk's change blocks, from a minimal diff of its pre- and post-image.
    static func changeBlocks(_ images: HunkImages) -> [ChangeBlock] {
        var interner = LineInterner()
        let old = interner.ids(images.old), new = interner.ids(images.new)
        var blocks: [ChangeBlock] = []
        var oi = 0, ni = 0
        for pair in LineDiff.pairs(old, new) + [(a: old.count, b: new.count)] {
            if pair.a > oi || pair.b > ni { blocks.append(ChangeBlock(old: oi..<pair.a, new: ni..<pair.b)) }
            oi = pair.a + 1
            ni = pair.b + 1
        }
        return blocks
    }

    private mutating func resolve(_ block: ChangeBlock, images: HunkImages, baseStart: Int, state: BaseState)
        -> BlockResolution
    {
        let x = baseStart + block.old.lowerBound, y = baseStart + block.old.upperBound
        let added = Array(images.new[block.new])
        let baseCount = state.ids.count
        /// Where base line `i` stands in the target; the ends of the file stand just outside it.
        func at(_ i: Int) -> Int? { i < 0 ? -1 : i >= baseCount ? table.count : state.toTarget[i] }
        if x < y {
            // Intact: the removed lines stand in the target as one run where the matching puts them (a blank
            // line the matching paired elsewhere does not count against it, the text decides).
            if let (offset, target) = (x..<y).lazy.compactMap({ i in state.toTarget[i].map { (i - x, $0) } }).first {
                let start = target - offset
                if start >= 0, start + (y - x) <= table.count,
                    (x..<y).allSatisfy({ table.line(start + $0 - x, equals: state.baseLine($0)) })
                {
                    // Blank lines alone say nothing about the place: a change that only replaces blank lines
                    // is an insertion, and lands only where both its neighbours stand around them.
                    let blankOnly = (x..<y).allSatisfy { state.baseLine($0).allSatisfy(ASCII.isBlank) }
                    if blankOnly, at(x - 1) != start - 1 || at(y) != start + (y - x) {
                        return .refused(
                            "the fork changed the lines around the blank lines at line \(x + 1) of the original")
                    }
                    return .replace(start..<(start + (y - x)), added, .blocks)
                }
            }
        } else if let (before, after) = neighbours(of: x, at: at, state: state) {
            if after == before + 1 { return .replace(after..<after, added, .blocks) }
            // The fork inserted lines here too: already the same, or two insertions at one point. Lines that
            // open or close a conditional are there only where the fork's lines open or close one alike: the
            // fork's own `#ifdef X` … `#endif` block does not hold upstream's lone `#ifdef X`.
            let theirs = (before + 1)..<after
            if contains(theirs, added),
                ConditionalShape(added) == ConditionalShape(theirs.map { table[$0] })
            {
                return .already(theirs)
            }
            if let union = union(fork: theirs, upstream: added) {
                return .replace(theirs, union.lines, union.step)
            }
            if let ordered = declarationsFirst(fork: theirs, upstream: added) {
                return .replace(theirs, ordered, .declarations)
            }
            if let ordered = attachedFirst(fork: theirs, upstream: added) {
                return .replace(theirs, ordered, .attached)
            }
            if let ordered = slidInsertion(fork: theirs, upstream: added) {
                return .replace(theirs, ordered, .slid)
            }
            return .refused("both sides insert lines at line \(after + 1)")
        } else if let before = at(x - 1), x == 0 || isAnchor(edge: x - 1, step: -1, state: state) {
            if let there = insertedBeside(added, from: before + 1, state: state) { return .already(there) }
            return .replace((before + 1)..<(before + 1), added, .anchored)
        } else if let after = at(x), x == baseCount || isAnchor(edge: x, step: 1, state: state) {
            if let there = insertedBeside(added, from: after - added.count, state: state) { return .already(there) }
            return .replace(after..<after, added, .anchored)
        } else {
            // Both neighbours changed: when the fork edited the lines between the nearest standing lines in
            // place (as many lines on both sides, as when it commented them out), the point is found by
            // counting, provided one of those standing lines is a trustworthy anchor.
            var p = x - 1, q = x
            while p >= max(x - 12, -1), at(p) == nil { p -= 1 }
            while q <= min(x + 12, baseCount), at(q) == nil { q += 1 }
            if let left = at(p), let right = at(q), right - left == q - p,
                p < 0 || q >= baseCount || isAnchor(edge: p, step: -1, state: state)
                    || isAnchor(edge: q, step: 1, state: state)
            {
                let point = left + (x - p)
                return .replace(point..<point, added, .anchored)
            }
            return .refused("the fork changed both lines around the insertion at line \(x + 1) of the original")
        }
        // The target changed some of the removed lines: merge the smallest stretch with standing edges.
        var p = x - 1, q = y
        while p >= max(x - 4, -1), at(p) == nil { p -= 1 }
        while q <= min(y + 3, baseCount), at(q) == nil { q += 1 }
        guard let left = at(p), let right = at(q), left < right else {
            return .refused("the fork rewrote the lines around line \(x + 1) of the original")
        }
        let forkRange = (left + 1)..<right
        let fork = forkRange.map { table[$0] }
        let baseStretch = ((p + 1)..<q).map { state.baseLine($0) }
        let theirs = ((p + 1)..<x).map { state.baseLine($0) } + added + (y..<q).map { state.baseLine($0) }
        if fork.elementsEqual(theirs, by: ==) { return .already(forkRange) }
        // Where the fork's lines and upstream's correspond one for one, the lines the hunk keeps stay the
        // fork's (a second run then finds the change made): `keptBefore` and `keptAfter` of them.
        let keptBefore = x - p - 1, keptAfter = q - y
        func withAdded() -> [Bytes] { Array(fork[..<keptBefore]) + added + fork[(fork.count - keptAfter)...] }
        if Self.sameButIndentation(fork, theirs) {
            // The fork's indentation is its style; a space before a tab in it (git's `space-before-tab`) is a
            // slip, which upstream's own text mends, in the lines the hunk adds.
            if zip(fork[keptBefore..<(fork.count - keptAfter)], added).contains(where: {
                Self.spaceBeforeTab($0) && !Self.spaceBeforeTab($1)
            }) {
                return .replace(forkRange, withAdded(), .upstreamForm)
            }
            return .already(forkRange)
        }
        // The fork wrote upstream's change by hand, in other spacing: upstream's own text replaces it (only
        // the lines the hunk adds, where the lines correspond one for one).
        if Self.sameIgnoringBlanks(fork, theirs) {
            // Met again, what a fork that only re-spaced these lines got from the merge below: its spacing
            // stands only apart from upstream's words, so read backwards and merged again it comes out the
            // same. Made; the fork's spacing stays.
            if case .success(let back) = TokenMerge.mergeOrRefusal(
                base: theirs, ours: fork, theirs: baseStretch, blanksYield: true),
                Self.onlyRespaced(back, baseStretch),
                case .success(let again) = TokenMerge.mergeOrRefusal(
                    base: baseStretch, ours: back, theirs: theirs, blanksYield: true),
                again.elementsEqual(fork, by: ==)
            {
                return .already(forkRange)
            }
            guard fork.count == theirs.count, zip(fork, theirs).allSatisfy({ $0.withoutBlanks == $1.withoutBlanks })
            else { return .replace(forkRange, theirs, .upstreamForm) }
            let lines = withAdded()
            if lines.elementsEqual(fork, by: ==) { return .already(forkRange) }
            return .replace(forkRange, lines, .upstreamForm)
        }
        // The fork's lines hold a line this change rewrites twice (blanks aside), more often than the
        // original's lines there do: the word merge would pick one copy, and which one upstream meant is a
        // guess. A line the original repeats too (`help` in two Kconfig entries) is no twin of the fork's.
        let forkKeys = fork.map(\.withoutBlanks)
        if (x..<y).contains(where: { i in
            let key = state.baseLine(i).withoutBlanks
            return Self.isDistinctive(state.baseLine(i))
                && forkKeys.lazy.filter({ $0 == key }).count
                    > max(1, baseStretch.lazy.filter({ $0.withoutBlanks == key }).count)
        }) {
            return .refused("the fork's lines hold the lines this change rewrites twice, at line \(left + 2)")
        }
        // Both sides only deleted lines here: every base line is kept or deleted, none changed two ways.
        let removedHere = (x - p - 1)..<(y - p - 1)
        if added.isEmpty,
            let kept = Self.deletionUnion(base: baseStretch, fork: fork, removed: removedHere)
                ?? Self.deletionOfGuarded(base: baseStretch, fork: fork, removed: removedHere)
        {
            return .replace(forkRange, kept, .deletions)
        }
        // Both sides replaced the same blank lines with lines of their own (a list that ended in a blank line,
        // each side appending to it): two insertions at one point, which the union steps may take.
        if baseStretch.allSatisfy({ $0.allSatisfy(ASCII.isBlank) }),
            fork.contains(where: { !$0.allSatisfy(ASCII.isBlank) }),
            added.contains(where: { !$0.allSatisfy(ASCII.isBlank) })
        {
            if let union = union(fork: forkRange, upstream: theirs) {
                return .replace(forkRange, union.lines, union.step)
            }
        }
        // The fork changed only the blanks within these lines (line for line, each indented as before), and
        // upstream their words: where the fork's spacing touches upstream's edit, upstream's words come in
        // upstream's spacing (`git merge -Xignore-space-change` takes theirs when ours changes white space
        // only); the fork's spacing elsewhere, on those lines too, stays.
        if Self.onlyRespaced(fork, baseStretch) {
            if case .success(let lines) = TokenMerge.mergeOrRefusal(
                base: baseStretch, ours: fork, theirs: theirs, blanksYield: true)
            {
                return .replace(forkRange, lines, .words)
            }
            return .replace(forkRange, withAdded(), .words)
        }
        let merged: [Bytes]
        switch TokenMerge.mergeOrRefusal(base: baseStretch, ours: fork, theirs: theirs, carried: carried) {
        case .success(let lines): merged = lines
        case .failure(.bothInsertLines): return .refused("both sides insert lines at line \(left + 2)")
        case .failure(.commentedOut):
            return .refused("the fork commented out the line this change edits, at line \(left + 2)")
        case .failure(.sameWords): return .refused("both sides changed the same words at line \(left + 2)")
        }
        // The fork's lines already say what upstream's say (the fork made the same change, in its own words).
        if merged.elementsEqual(fork, by: ==) { return .already(forkRange) }
        return .replace(forkRange, merged, .words)
    }

    /// The lines of `base` that neither side deletes, when `fork` is `base` with lines deleted (nothing
    /// changed or added) in one way only, and upstream deletes `removed`: nil otherwise. Deleting commutes, so
    /// the result is the same whichever side goes first; a fork line that could stand for two base lines
    /// (one of two equal lines deleted) leaves the result open, and is refused.
    static func deletionUnion(base: [Bytes], fork: [Bytes], removed: Range<Int>) -> [Bytes]? {
        guard fork.count < base.count else { return nil }
        // The leftmost and the rightmost embedding of `fork` in `base`; equal when it is the only one.
        var left: [Int] = [], j = 0
        for line in fork {
            while j < base.count, base[j] != line { j += 1 }
            guard j < base.count else { return nil }
            left.append(j)
            j += 1
        }
        var right: [Int] = [], k = base.count - 1
        for line in fork.reversed() {
            while k >= 0, base[k] != line { k -= 1 }
            guard k >= 0 else { return nil }
            right.append(k)
            k -= 1
        }
        guard left == right.reversed() else { return nil }
        let kept = Set(left)
        // The fork must have deleted some line upstream deletes: otherwise nothing overlaps.
        guard removed.contains(where: { !kept.contains($0) }) else { return nil }
        return base.indices.filter { kept.contains($0) && !removed.contains($0) }.map { base[$0] }
    }

    /// The lines of `base` upstream keeps, when `fork` is `base` with conditional lines put among the lines
    /// upstream deletes (`removed`) and nothing else changed: the fork guarded code (`#ifndef CONFIG_XEN` …
    /// `#endif` around a function's body) that upstream deletes, and with the code gone the guard guards
    /// nothing. Every line the fork inserted must be an `#if…`/`#else`/`#endif`, together balanced, each
    /// with deleted lines right before and after it, so the conditional wraps only deleted code; nil
    /// otherwise (a guard reaching a line upstream keeps, code of the fork's own in an `#else`).
    static func deletionOfGuarded(base: [Bytes], fork: [Bytes], removed: Range<Int>) -> [Bytes]? {
        guard fork.count > base.count, !removed.isEmpty else { return nil }
        var inserted: [Bytes] = []
        var j = 0
        for line in fork {
            if j < base.count, line == base[j] {
                j += 1
                continue
            }
            // A line of the fork's own: a conditional, between two lines upstream deletes.
            guard ConditionalShape.directive(line) != nil, j > removed.lowerBound, j < removed.upperBound else {
                return nil
            }
            inserted.append(line)
        }
        guard j == base.count, ConditionalShape(inserted) == .balanced else { return nil }
        return base.indices.filter { !removed.contains($0) }.map { base[$0] }
    }

    /// Both sides inserted lines at one point (the fork's `fork` in the target, upstream's `upstream`): what
    /// replaces the fork's lines when the two insertions are independent, by the first union step that
    /// takes them (`include-union`, then `unit-union` for C units, Kconfig entries and Makefile appends).
    private mutating func union(fork: Range<Int>, upstream: [Bytes]) -> (lines: [Bytes], step: PlacementStep)? {
        if let lines = Self.includeUnion(fork: fork.map { table[$0] }, upstream: upstream) {
            return (lines, .includes)
        }
        if let lines = unitUnion(fork: fork, upstream: upstream) ?? kconfigUnion(fork: fork, upstream: upstream)
            ?? kbuildUnion(fork: fork, upstream: upstream)
        {
            return (lines, .units)
        }
        return nil
    }

    /// Both sides inserted `#include` lines at one point: what replaces the fork's insertion, upstream's
    /// lines and then the fork's, less the includes upstream's lines already hold (nil when either insertion
    /// holds anything but `#include` lines, blank lines and balanced conditionals around them).
    static func includeUnion(fork: [Bytes], upstream: [Bytes]) -> [Bytes]? {
        guard let forkLines = IncludeLines(fork), let upstreamLines = IncludeLines(upstream) else { return nil }
        let kept = fork.indices.filter { !(forkLines.isInclude[$0] && upstreamLines.includes.contains(fork[$0])) }
        guard
            kept.isEmpty || IncludeLines(kept.map { fork[$0] }) != nil
                || kept.allSatisfy({ fork[$0].allSatisfy(ASCII.isBlank) })
        else { return nil }
        return upstream + kept.map { fork[$0] }
    }

    /// Both sides inserted whole top-level C units at one point of the file (declarations, macros,
    /// functions, types, balanced conditionals; the point outside any function or type), and neither side's
    /// lines mention a name or a number the other's do: C gives independent file-scope units no order, so
    /// upstream's go first, then the fork's, all kept. Nil when either side holds anything else (a
    /// statement inside a function, a directive left open, a line continued past the end), or they share a
    /// name, a header or a number other than 0 and 1 (both took the same free flag bit).
    ///
    /// A comment is the exception to "no order": one that ends a side's lines with no blank line between
    /// it and the line after the point documents that line (`/* the frequency of the profiling timer … */`
    /// put back above `int setup_profiling_timer(…)`), so that side goes last, right above it; put first,
    /// the comment would sit above the other side's units and describe them. Nil when both sides end so.
    private mutating func unitUnion(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        let theirs = fork.map { table[$0] }
        guard let forkUnits = Self.wholeUnits(theirs), let upstreamUnits = Self.wholeUnits(upstream),
            forkUnits.names.isDisjoint(with: upstreamUnits.names)
        else { return nil }
        // At file scope: no unit of the file runs across either edge of the fork's lines.
        let units = targetUnits()
        let edges = [fork.lowerBound, fork.upperBound]
        guard
            !units.contains(where: { unit in edges.contains { unit.lines.contains($0 - 1) && unit.lines.contains($0) } }
            )
        else { return nil }
        let nextSaysSomething = fork.upperBound < table.count && !table[fork.upperBound].allSatisfy(ASCII.isBlank)
        let upstreamAbove = nextSaysSomething && upstreamUnits.endsInComment
        let forkAbove = nextSaysSomething && forkUnits.endsInComment
        if upstreamAbove && forkAbove { return nil }
        return upstreamAbove ? theirs + upstream : upstream + theirs
    }

    /// Both sides inserted whole Kconfig entries at one point (`KconfigEntries`), neither defining a symbol
    /// the other defines or references, and the point is not inside an entry's attributes (the next line
    /// that says something starts at the left edge, or the file ends): upstream's go first, then the
    /// fork's, as for C units. Kconfig resolves symbols tree-wide; the order is only the menu's. Not inside a
    /// `choice`, whose first entry is its default when it names none.
    private func kconfigUnion(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        let theirs = fork.map { table[$0] }
        guard let forkEntries = KconfigEntries(theirs), let upstreamEntries = KconfigEntries(upstream),
            forkEntries.isIndependent(of: upstreamEntries)
        else { return nil }
        var next = fork.upperBound
        while next < table.count, table[next].allSatisfy(ASCII.isBlank) { next += 1 }
        if next < table.count, let first = table[next].first, first == ASCII.space || first == ASCII.tab {
            return nil
        }
        // Inside a `choice`, the first entry is the default when none is named: there, order decides.
        for index in stride(from: fork.lowerBound - 1, through: 0, by: -1) {
            guard let first = table[index].first, !ASCII.isBlank(first) else { continue }
            let word = table[index].prefix { !ASCII.isBlank($0) }
            if word.elementsEqual("endchoice".utf8) { break }
            if word.elementsEqual("choice".utf8) { return nil }
        }
        return upstream + theirs
    }

    /// Both sides appended to kbuild lists at one point of a Makefile (`KbuildAppends`), independently (no
    /// word appended twice, no composite object beside its parts), and the point is not inside a list
    /// continued past a `\`: upstream's appends go first, then the fork's, as for Kconfig entries. The order of
    /// the words is the link order; each side's own order is kept.
    private func kbuildUnion(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        let theirs = fork.map { table[$0] }
        guard let forkAppends = KbuildAppends(theirs), let upstreamAppends = KbuildAppends(upstream),
            forkAppends.isIndependent(of: upstreamAppends)
        else { return nil }
        if fork.lowerBound > 0, table[fork.lowerBound - 1].withoutTerminator.last == UInt8(ascii: "\\") {
            return nil
        }
        return upstream + theirs
    }

    /// What `lines` mention (`CTokens.mentions`), when they are whole top-level C units: declarations,
    /// macros, functions and types, each complete, with their `#if…`/`#endif` balanced, and at least one line
    /// that says something; and whether they end in a comment (their last line is not blank and belongs to
    /// no unit: `CUnits` leaves comments between units out of every unit). Nil otherwise.
    static func wholeUnits(_ lines: [Bytes]) -> (names: Set<String>, endsInComment: Bool)? {
        guard lines.contains(where: { isDistinctive($0) }),
            lines.last(where: { !$0.allSatisfy(ASCII.isBlank) })?.withoutTerminator.last != UInt8(ascii: "\\")
        else { return nil }
        // A top-level macro call left without its `;` (`DO_ERROR(18, SIGBUS, "machine check", machine_check)`)
        // ends before a preprocessor line; the null directive `#` after the lines ends one that is last.
        let segmentation = CUnits.segment(lines + [Array("#\n".utf8)[...]])
        let allowed: Set<CUnits.Kind> = [.function, .macro, .type, .declaration, .directive]
        guard segmentation.unsegmented.isEmpty, segmentation.units.allSatisfy({ allowed.contains($0.kind) }) else {
            return nil
        }
        guard let names = CTokens.mentions(in: lines) else { return nil }
        let endsInComment =
            lines.last.map { !$0.allSatisfy(ASCII.isBlank) } == true
            && !segmentation.units.contains { $0.lines.contains(lines.count - 1) }
        return (names, endsInComment)
    }

    /// A run of lines made of `#include` lines, blank lines and balanced `#if…`/`#else`/`#endif` around
    /// them, with at least one `#include`.
    struct IncludeLines {
        var isInclude: [Bool] = []
        var includes = Set<Bytes>()

        init?(_ lines: [Bytes]) {
            guard ConditionalShape(lines) == .balanced else { return nil }
            for line in lines {
                let include = CTokens.includedHeader(CTokens.tokens(line)) != nil
                isInclude.append(include)
                if include || line.allSatisfy(ASCII.isBlank) { continue }
                guard ConditionalShape.directive(line) != nil else { return nil }
            }
            guard isInclude.contains(true) else { return nil }
            for (line, include) in zip(lines, isInclude) where include { includes.insert(line) }
        }
    }

    /// Where the two base lines around an insertion point `x` stand in the target. The matching pairs each
    /// line once, and between equal lines (blank lines, mostly) it may pair one the fork kept with another
    /// the fork deleted; as for removed lines, the text decides: a neighbour left unpaired that stands right
    /// beside the other, paired one counts as standing there.
    private func neighbours(of x: Int, at: (Int) -> Int?, state: BaseState) -> (Int, Int)? {
        let before = at(x - 1), after = at(x)
        if let before, let after { return (before, after) }
        // One of the two is unpaired here.
        if let before, x < state.ids.count, before + 1 < table.count, table.line(before + 1, equals: state.baseLine(x))
        {
            return (before, before + 1)
        }
        if let after, x > 0, after >= 1, table.line(after - 1, equals: state.baseLine(x - 1)) {
            return (after - 1, after)
        }
        return nil
    }

    /// True when the target's lines `range` hold `lines` as one run.
    private func contains(_ range: Range<Int>, _ lines: [Bytes]) -> Bool {
        guard !lines.isEmpty, range.count >= lines.count else { return false }
        return (range.lowerBound...(range.upperBound - lines.count)).contains { start in
            lines.indices.allSatisfy { table.line(start + $0, equals: lines[$0]) }
        }
    }

    /// The target lines from `start` when they are `lines` exactly and the fork's own (none stands for a base
    /// line): an insertion beside its anchor that the fork made already, where it also changed the other
    /// neighbour (a second run, after the first landed it beside the one it kept).
    private func insertedBeside(_ lines: [Bytes], from start: Int, state: BaseState) -> Range<Int>? {
        let range = start..<(start + lines.count)
        guard !lines.isEmpty, start >= 0, range.upperBound <= table.count,
            range.allSatisfy({ !state.targetIsMapped[$0] }), table.matches(lines, at: start)
        else { return nil }
        return range
    }

    /// True when base line `edge` anchors an insertion beside it: it and the lines beyond it, away from the
    /// insertion (`step` -1 or +1), stand in the target one after another for at least three lines (fewer
    /// only at an end of the file), and one line of that run, within `anchorReach` lines of the edge, says
    /// something and occurs once in the base and once in the target. Then the matching put the anchor where
    /// it truly is, not at some other `pushl %eax`; lines such as `endmenu` or `}` between the insertion and
    /// the telling line are carried by the run.
    private mutating func isAnchor(edge: Int, step: Int, state: BaseState) -> Bool {
        guard edge >= 0, edge < state.ids.count, let start = state.toTarget[edge] else { return false }
        var run: [Int] = []
        var i = edge
        while i >= 0, i < state.ids.count, run.count < Self.anchorReach, state.toTarget[i] == start + (i - edge) {
            run.append(i)
            i += step
        }
        let available = step < 0 ? edge + 1 : state.ids.count - edge
        guard run.count >= min(3, available) else { return false }
        let targetIDs = self.targetIDs()
        return run.contains { i in
            Self.isDistinctive(state.baseLine(i))
                && state.ids.lazy.filter({ $0 == state.ids[i] }).count == 1
                && targetIDs.lazy.filter({ $0 == state.ids[i] }).count == 1
        }
    }

    /// How far from the insertion an anchor's telling line may stand, counted in lines that stand one after
    /// another in the copy.
    static let anchorReach = 6

    /// A line that can anchor on its own: it holds a word of two or more letters or digits, so it is not
    /// a blank line, a lone brace or an `#endif`-like marker.
    static func isDistinctive(_ line: Bytes) -> Bool { isDistinctive(trimmed: line.withoutBlanks) }

    /// `isDistinctive` for a line with its blanks already removed.
    static func isDistinctive(trimmed: [UInt8]) -> Bool {
        if trimmed.elementsEqual(Array("#endif".utf8)) || trimmed.elementsEqual(Array("#else".utf8)) { return false }
        var run = 0
        for byte in trimmed {
            let word = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
            run = word ? run + 1 : 0
            if run >= 2 { return true }
        }
        return false
    }

    /// True when the two line lists hold the same lines, line for line, but for the blanks that begin them.
    static func sameButIndentation(_ a: [Bytes], _ b: [Bytes]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { $0.drop(while: ASCII.isBlank).elementsEqual($1.drop(while: ASCII.isBlank)) }
    }

    /// True when the line's indentation holds a space right before a tab (git's `space-before-tab` error).
    static func spaceBeforeTab(_ line: Bytes) -> Bool {
        let indentation = line.prefix(while: ASCII.isBlank)
        return zip(indentation, indentation.dropFirst()).contains { $0 == ASCII.space && $1 == ASCII.tab }
    }

    /// True when `lines` are `base` with only the blanks inside them changed: line for line, each indented
    /// as before.
    static func onlyRespaced(_ lines: [Bytes], _ base: [Bytes]) -> Bool {
        lines.count == base.count
            && zip(lines, base).allSatisfy {
                $0.withoutBlanks == $1.withoutBlanks && $0.leadingBlanks.elementsEqual($1.leadingBlanks)
            }
    }

    /// True when the two line lists differ only in blanks (spaces, tabs, blank lines).
    static func sameIgnoringBlanks(_ a: [Bytes], _ b: [Bytes]) -> Bool {
        func squeeze(_ lines: [Bytes]) -> [UInt8] {
            lines.flatMap(\.withoutBlanks)
        }
        return squeeze(a) == squeeze(b)
    }
}
