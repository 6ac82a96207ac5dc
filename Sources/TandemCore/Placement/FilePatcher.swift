/// Applies the hunks of one file patch to one target file: the placement cascade.
///
/// For each hunk, in order, the cascade stops at the first step that succeeds and records it:
///
/// 1. **exact**, 2. **offset**, 3. **fuzz** — by text alone (`HunkLocator`). A fuzzed match is not taken when a
///    base is known and the context lines it ignores are lines the target changed (they differ from the
///    hunk's context, which is the base's text): that is the pattern where fuzz misplaces hunks, so the hunk
///    goes on to the base steps and, failing those, is reported *ambiguous*.
///    Before fuzz, when the pre-image is nowhere, the post-image is looked for: found (uniquely), the hunk is
///    **already applied**; so it is when the post-image stands where the hunk says, or nearer to that place
///    than the pre-image found at an offset (a twin the fork keeps).
/// 4. **matching** and 5. **3-way** — only with a base (the file the patch was made against). A pre-image
///    that stands once in the base and once anywhere in the target is placed there (*matching*): that is a
///    block the target moved, even above an earlier hunk, which no order-keeping matching can follow (unless
///    the matching pairs the hunk's lines elsewhere: see `baseContradiction`). Else the base is
///    matched to the target once per file (`LineMatching`); the hunk is found in the base, its region mapped
///    onto the target (widened over target lines that replace unmatched base lines at its edges), and merged
///    with `Merge3`(base region, target region, post-image). A clean merge is applied — as *matching* when
///    the target region is the base region moved, as *3-way* when the target changed lines near the hunk's
///    changes; a merge equal to the target region means the change is already there. A conflicting merge is
///    a **conflict** (the target changed the lines the hunk changes), never a guess. Before these steps the
///    hunk is read backwards, and after them no line is added twice (`FilePatcher+MadeBefore`): a change
///    made before, beside the fork's own edits, is *already applied*, not placed a second time.
///
/// A hunk found away from its expected place (by offset or fuzz) is *ambiguous* when, at the expected place,
/// every context line matches and only lines the hunk changes differ (a local edit of those lines: the match
/// elsewhere is a twin), or when the expected place matches with fuzz while the other place matches exactly.
/// With a base, such a match is not taken either when the base matching pairs the hunk's lines with target
/// lines elsewhere (`baseContradiction`): context of braces, `#endif` and blank lines stands alike at the end
/// of many functions, and the hunk's own place is where the matching says; the base steps place it there.
/// Without a base, a pre-image of such lines only, away from its place, is ambiguous (`sayingNothing`).
///
/// A pre-image that stands whole — the lines it changes included — at two or more places is *ambiguous* at
/// once: the code is duplicated and each copy may want the change, so no base mapping picks one for the
/// user. (A pure insertion, whose pre-image is only context, may still be placed through the base.) The one
/// exception: the base holds the pre-image as many times, so upstream's author saw the same twins and
/// changed one; when the base matching carries that one, line for line, onto one of the target's, it lands
/// there (*matching*).
///
/// With a base, a hunk no step placed is looked for once more with blanks ignored: a fork that re-indented
/// the code (moved it into a new block) keeps every word of it. Standing once, the lines are merged word by
/// word (`TokenMerge`: the fork's blanks, upstream's words) as *word-merge* (`FilePatcher+Reindented`).
///
/// Failing all steps, the reason is *ambiguous* (several places, or fuzz hiding a target change),
/// *beyond-end* (stated start past the end of the file), or *context-not-found* (with a hint when only line
/// ends differ). Before the cascade, a patch whose lines all end otherwise than the file's (CRLF on LF, or the
/// reverse) is given the file's line endings (`FilePatcher+LineEndings`). Hunks never overlap: a textual search starts at the end of the previous placement, and a
/// base-mapped region must not overlap any earlier one (it may lie before it: a block the target moved up).
///
/// Once every hunk is placed, the landed ones must leave the file's `#if…`/`#endif` lines matched as they
/// were: a hunk that removes or adds one end of a conditional whose other end did not land becomes a
/// conflict (`FilePatcher+Conditionals`).
///
/// Cost per hunk: O(hunk) when it is where it says; O(file × hunk) for a search; the base matching costs one
/// `LineMatching` per file.
public struct FilePatcher {
    public struct Options: Sendable {
        public var maxFuzz: Int
        public var reverse: Bool
        /// The C preprocessor reads the file: its `#if` … `#endif` lines are conditionals, which the placement
        /// keeps matched (`FilePatcher+Conditionals`, `FilePatcher+Wrapped`). False for a Python or shell
        /// script, a Makefile or a Kconfig file, whose `# if …` lines are comments (`SourceKind`).
        public var directives: Bool

        public init(maxFuzz: Int = 2, reverse: Bool = false, directives: Bool = true) {
            self.maxFuzz = maxFuzz
            self.reverse = reverse
            self.directives = directives
        }
    }

    /// A change to splice into the target.
    enum Change: Sendable {
        case placement(Placement)
        case conflict(HunkConflict)
    }

    /// The outcome per hunk and the resulting file.
    public struct Result: Sendable {
        public var outcomes: [HunkOutcome]
        /// The target's bytes with every applied hunk (conflicts and failures left out).
        public let bytes: [UInt8]
        let table: LineTable
        let changes: [Change]
        /// For each change, the index of the hunk it comes from.
        let owners: [Int]
        /// Each hunk's images as placed (nil for a hunk never placed).
        let images: [HunkImages?]
        /// Set when the hunks were given the file's line endings before placement (`FilePatcher+LineEndings`).
        public var lineEndings: LineEndingConversion?
        /// Whether the file's `#if` … `#endif` lines are conditionals (`Options.directives`).
        var directives = true

        /// The target with the applied hunks except those whose indices are in `excluded` (hunks held back
        /// for a person: `tandem port`'s `review`).
        public func bytes(excluding excluded: Set<Int>) -> [UInt8] {
            guard !excluded.isEmpty else { return bytes }
            let kept = zip(changes, owners).filter { !excluded.contains($0.1) }.map(\.0)
            return FilePatcher.assemble(table, kept, conflicts: false)
        }

        /// `excluded` and the landed hunks that, with those held back, would leave the target's `#if…`/`#endif`
        /// lines unmatched (one end of a conditional whose other end is in a hunk held back:
        /// `FilePatcher+Conditionals`).
        public func keepingConditionalsMatched(excluding excluded: Set<Int>) -> Set<Int> {
            guard !excluded.isEmpty, directives else { return excluded }
            let withdrawn = FilePatcher.unbalancing(
                table: table, changes: changes, owners: owners, images: images, excluding: excluded)
            return excluded.union(withdrawn.map { owners[$0] })
        }

        /// Each landed change (an applied hunk, or the changes of a conflict that landed on their own) of the
        /// hunks not in `excluded`, as `bytes(excluding:)` splices it in: the hunk's index, the 0-based line
        /// where its lines start in that result, the target lines it replaced and the lines that replace them.
        public func landedPieces(excluding excluded: Set<Int>) -> [(hunk: Int, start: Int, old: [Bytes], new: [Bytes])]
        {
            let kept = zip(changes, owners).filter { !excluded.contains($0.1) }
            var shift = 0
            return FilePatcher.splices(kept.map(\.0), conflicts: false).map { piece in
                defer { shift += piece.lines.count - piece.count }
                let end = min(piece.index + piece.count, table.count)
                return (kept[piece.change].1, piece.index + shift, (piece.index..<end).map { table[$0] }, piece.lines)
            }
        }

        /// `bytesWithConflicts` without the hunks in `excluded`.
        public func bytesWithConflicts(excluding excluded: Set<Int>) -> [UInt8] {
            guard !excluded.isEmpty else { return bytesWithConflicts }
            let kept = zip(changes, owners).filter { !excluded.contains($0.1) }.map(\.0)
            return FilePatcher.assemble(table, kept, conflicts: true)
        }

        /// The target with every applied hunk and conflict markers in place of each conflict (computed on
        /// request: only `--merge` needs it).
        public var bytesWithConflicts: [UInt8] {
            changes.contains { if case .conflict = $0 { return true } else { return false } }
                ? FilePatcher.assemble(table, changes, conflicts: true) : bytes
        }

        public var file: TextFile { TextFile(bytes: bytes) }
        public var fileWithConflicts: TextFile { TextFile(bytes: bytesWithConflicts) }
        public var appliedAll: Bool { outcomes.allSatisfy(\.isSuccess) }

        /// Whether every hunk applied as a clean patch applies to the file it was made against: exactly, or
        /// at an offset (no fuzz, no merge, none found made already).
        public var appliedCleanly: Bool {
            outcomes.allSatisfy {
                if case .applied(let placement) = $0 { return placement.step == .exact || placement.step == .offset }
                return false
            }
        }

        /// Whether every hunk applied at its own lines (`appliedCleanly`, with no offset either).
        public var appliedExactly: Bool {
            outcomes.allSatisfy {
                if case .applied(let placement) = $0 { return placement.step == .exact }
                return false
            }
        }
    }

    let table: LineTable
    let baseBytes: [UInt8]?
    let options: Options
    /// Fork edits that upstream's words carry (see `TokenMerge.Carried`); nil: none.
    let carried: TokenMerge.Carried?
    var interner = LineInterner()
    /// Target line ids, made on first need: a patch whose hunks all sit where they say never interns.
    private var interned: (ids: [Int], locator: HunkLocator)?
    var baseState: BaseState?
    /// The base's lines, split on first need without matching them (`FilePatcher+Standing`).
    var baseLines: LineTable?
    /// The target's top-level C units, made on first need (`unit-union`, `attached-first`).
    private var segmented: [CUnits.Unit]?
    /// The copy's lines with blanks ignored, for the re-indented step (`FilePatcher+Reindented`).
    var blankless = BlanklessLines()
    /// The file patch's hunks, from which upstream's new file is built for the check `FilePatcher+MadeBefore`.
    var hunksForAfter: [Hunk] = []
    /// The patcher of reversed hunks (`FilePatcher+MadeBefore`), made on first need.
    var backwards: Backwards?
    /// True in that patcher: it asks no question backwards of its own.
    var readsBackwards = false
    /// The target's lines interned without their line ends, made on the first hunk not found
    /// (`notFoundHint`): once per file, not once per failed hunk.
    var endingFree: (interner: LineInterner, locator: HunkLocator)?

    struct BaseState {
        let table: LineTable
        let ids: [Int]
        let toTarget: [Int?]
        let targetIsMapped: [Bool]
        let locator: HunkLocator

        func baseLine(_ index: Int) -> Bytes { table[index] }
    }

    /// Applies `hunks` to `target`; `base` (the file the patch was made against) enables matching and 3-way.
    public static func apply(
        _ hunks: [Hunk], to target: TextFile, base: TextFile? = nil,
        options: Options = Options()
    ) -> Result {
        apply(hunks, toBytes: target.bytes, baseBytes: base?.bytes, options: options)
    }

    /// Applies `hunks` to `target`, the file at `path`, as a patch is applied to the file it was made against:
    /// no fuzz, no base, the path's kind telling how conditionals read (see `appliedCleanly` and
    /// `appliedExactly`).
    public static func applyAsMade(_ hunks: [Hunk], toBytes target: [UInt8], path: [UInt8]) -> Result {
        apply(hunks, toBytes: target, options: .init(maxFuzz: 0, directives: SourceKind.readsDirectives(path)))
    }

    /// Applies `hunks` to the file `target`; `baseBytes` is the file the patch was made against, if known.
    /// `carried` lets the word merge take upstream's words over a fork edit they carry (`TokenMerge`).
    public static func apply(
        _ hunks: [Hunk], toBytes target: [UInt8], baseBytes: [UInt8]? = nil,
        options: Options = Options(), carried: TokenMerge.Carried? = nil
    ) -> Result {
        let endings = reconcilingLineEndings(hunks, target: target, base: baseBytes)
        var patcher = FilePatcher(
            table: LineTable(target), baseBytes: endings.base, options: options, carried: carried)
        var result = patcher.run(endings.hunks)
        result.lineEndings = endings.conversion
        return result
    }

    init(table: LineTable, baseBytes: [UInt8]?, options: Options, carried: TokenMerge.Carried?) {
        self.table = table
        self.baseBytes = baseBytes
        self.options = options
        self.carried = carried
    }

    mutating func targetIDs() -> [Int] { ensureInterned().ids }

    /// The target's top-level C units (`CUnits`), segmented once: the target does not change while hunks are
    /// placed (they are spliced in at the end).
    mutating func targetUnits() -> [CUnits.Unit] {
        if let segmented { return segmented }
        let made = CUnits.segment((0..<table.count).map { table[$0] }).units
        segmented = made
        return made
    }
    mutating func locator() -> HunkLocator { ensureInterned().locator }

    /// `lines` as line ids, the target interned first (so equal lines get equal ids).
    mutating func interned(_ lines: [Bytes]) -> [Int] {
        _ = ensureInterned()
        return interner.ids(lines)
    }

    private mutating func ensureInterned() -> (ids: [Int], locator: HunkLocator) {
        if let interned { return interned }
        interner = LineInterner(capacity: table.count)
        let ids = interner.ids(table)
        let made = (ids, HunkLocator(target: ids))
        interned = made
        return made
    }

    private mutating func run(_ hunks: [Hunk]) -> Result {
        hunksForAfter = hunks
        var outcomes: [HunkOutcome] = []
        var changes: [Change] = []
        var owners: [Int] = []
        var occupied: [Range<Int>] = []
        var minIndex = 0
        var carried = 0
        var placedImages: [HunkImages?] = []
        var madeAlready: [Evidence] = []
        for hunk in hunks {
            // A hunk cut off before its counts is never applied, whatever part of it would fit.
            guard hunk.isComplete else {
                outcomes.append(
                    .failed(.malformed("the body holds fewer lines than its header says (is the patch cut off?)")))
                placedImages.append(nil)
                continue
            }
            let images = options.reverse ? hunk.images.reversed : hunk.images
            placedImages.append(images)
            let start = options.reverse ? hunk.header.newStart : hunk.header.oldStart
            let stated = images.old.isEmpty ? start : max(start - 1, 0)
            let end = options.reverse ? hunk.header.oldStart : hunk.header.newStart
            let statedAfter = images.new.isEmpty ? end : max(end - 1, 0)
            var outcome = place(
                images, stated: stated, statedAfter: statedAfter, carried: carried, minIndex: minIndex,
                occupied: occupied)
            // Where the hunk landed: the target lines it takes (none for already-applied) and its start.
            var taken: Range<Int>?
            // Only the very last line of a file may lack a line end: a post-image line without one (a "\ No
            // newline" marker inside the hunk, or a last line where the file goes on) would join the next line.
            if case .applied(let placement) = outcome {
                let goesOn = placement.targetIndex + placement.targetCount < table.count
                let lines = placement.replacement
                if lines.indices.contains(where: { lines[$0].last != ASCII.newline && ($0 < lines.count - 1 || goesOn) }
                ) {
                    outcome = HunkOutcome.failed(.malformed("a line without a line end would not be the file's last"))
                }
            }
            switch outcome {
            case .applied(let placement):
                changes.append(.placement(placement))
                owners.append(outcomes.count)
                taken = placement.targetIndex..<(placement.targetIndex + placement.targetCount)
            case .conflict(let conflict):
                changes.append(.conflict(conflict))
                owners.append(outcomes.count)
                taken = conflict.targetIndex..<(conflict.targetIndex + conflict.targetCount)
                if let partial = conflict.partial {
                    let end = partial.targetIndex + partial.targetCount
                    taken =
                        min(
                            partial.targetIndex, conflict.targetIndex)..<max(
                            end, conflict.targetIndex + conflict.targetCount)
                }
            case .alreadyApplied(let line):
                if let found = evidence(hunk: outcomes.count, images: images, line: line) { madeAlready.append(found) }
                minIndex = max(minIndex, line - 1 + images.new.count)
                // The target holds the post-image there, not the pre-image: the hunks after it stand further
                // on by what it adds less what it removes. (Only a run of equal lines would let a later hunk
                // match at the place short of it, where the offset decides: a `None,` table, a blank run.)
                carried = line - 1 - stated + images.new.count - images.old.count
            case .failed:
                break
            }
            if let taken {
                occupied.append(taken)
                minIndex = max(minIndex, taken.upperBound)
                carried = taken.lowerBound - stated
            }
            outcomes.append(outcome)
        }
        for (hunk, by) in evidenceTakenAway(madeAlready, changes: changes, owners: owners) {
            guard case .alreadyApplied(let line) = outcomes[hunk] else { continue }
            outcomes[hunk] = .failed(
                .contextNotFound(
                    hint: "what it adds stands at line \(line), in lines hunk #\(by + 1) removes "
                        + "(upstream moved them, and the file has them where they were): not made"))
        }
        let lacked = movesOfLinesTheFileLacks(outcomes, images: placedImages, changes: changes, owners: owners)
        for (hunk, from) in lacked {
            let kept = owners.indices.filter { owners[$0] != hunk }
            changes = kept.map { changes[$0] }
            owners = kept.map { owners[$0] }
            outcomes[hunk] = .failed(
                .contextNotFound(
                    hint: "it adds the lines hunk #\(from + 1) removes, and the file has them nowhere "
                        + "(upstream moved code the file does not have): not made"))
        }
        keepConditionalsBalanced(images: placedImages, changes: &changes, owners: owners, outcomes: &outcomes)
        return Result(
            outcomes: outcomes, bytes: Self.assemble(table, changes, conflicts: false), table: table, changes: changes,
            owners: owners, images: placedImages, directives: options.directives)
    }

    /// The target with `changes` spliced in, in target order.
    static func assemble(_ table: LineTable, _ changes: [Change], conflicts: Bool) -> [UInt8] {
        let pieces = splices(changes, conflicts: conflicts)
        if pieces.isEmpty { return table.buffer }
        var out: [UInt8] = []
        out.reserveCapacity(table.buffer.count + 256)
        var cursor = 0
        for piece in pieces {
            out += table.bytes(cursor..<piece.index)
            for line in piece.lines { out += line }
            cursor = piece.index + piece.count
        }
        out += table.bytes(min(cursor, table.count)..<table.count)
        return out
    }

    /// `changes` as they are spliced into the target, in target order: the index of the change, the target
    /// lines it replaces (first and count) and the lines replacing them (a conflict's merged text with
    /// `conflicts`, else the blocks of it that could land on their own). One that overlaps an earlier one is
    /// left out.
    static func splices(_ changes: [Change], conflicts: Bool) -> [(change: Int, index: Int, count: Int, lines: [Bytes])]
    {
        var pieces: [(change: Int, index: Int, count: Int, lines: [Bytes])] = []
        for (k, change) in changes.enumerated() {
            switch change {
            case .placement(let p): pieces.append((k, p.targetIndex, p.targetCount, p.replacement))
            case .conflict(let c) where conflicts: pieces.append((k, c.targetIndex, c.targetCount, c.merged))
            case .conflict(let c):
                if let p = c.partial { pieces.append((k, p.targetIndex, p.targetCount, p.replacement)) }
            }
        }
        pieces.sort { $0.index < $1.index }
        var kept: [(change: Int, index: Int, count: Int, lines: [Bytes])] = []
        var cursor = 0
        for piece in pieces where piece.index >= cursor {
            kept.append(piece)
            cursor = piece.index + piece.count
        }
        return kept
    }

    // MARK: - The cascade for one hunk

    private mutating func place(
        _ images: HunkImages, stated: Int, statedAfter: Int, carried: Int, minIndex: Int,
        occupied: [Range<Int>]
    ) -> HunkOutcome {
        unlessMadeInForkForm(
            placeBySteps(
                images, stated: stated, statedAfter: statedAfter, carried: carried, minIndex: minIndex,
                occupied: occupied))
    }

    private mutating func placeBySteps(
        _ images: HunkImages, stated: Int, statedAfter: Int, carried: Int, minIndex: Int,
        occupied: [Range<Int>]
    ) -> HunkOutcome {
        let count = table.count
        let expected = min(max(stated + carried, 0), count)
        let hasContext = images.leadingContext + images.trailingContext > 0
        let anchorStart = hasContext && images.leadingContext == 0 && stated == 0
        let anchorEnd = hasContext && images.trailingContext == 0

        if images.old.isEmpty {
            // A pure insertion without context (a new file, or diff -U0): it goes where it says.
            if !images.new.isEmpty, table.matches(images.new, at: expected) {
                return .alreadyApplied(line: expected + 1)
            }
            guard expected >= minIndex, stated <= count else { return .failed(.beyondEnd()) }
            return .applied(
                Placement(
                    step: expected == stated ? .exact : .offset, targetIndex: expected,
                    targetCount: 0, replacement: images.new, offset: expected - stated,
                    fuzz: 0, confidence: expected == stated ? 1 : 0.9))
        }

        // The common case, without interning: the pre-image where the hunk says (plus the carried offset).
        if expected >= minIndex, table.matches(images.old, at: expected),
            !anchorStart || expected == 0, !anchorEnd || expected + images.old.count == count
        {
            if let line = insertionStandsBeside(images, pre: expected, stated: stated)
                ?? runResizedAlready(images, at: expected, stated: stated)
            {
                return .alreadyApplied(line: line)
            }
            return .applied(
                placement(
                    images, HunkLocator.Match(index: expected, droppedLeading: 0, droppedTrailing: 0),
                    step: .exact, stated: stated))
        }

        // The change made already where the hunk says (a twin elsewhere may still hold the pre-image).
        if expected >= minIndex, !images.new.isEmpty, table.matches(images.new, at: expected),
            !anchorStart || expected == 0, !anchorEnd || expected + images.new.count == count,
            !removedLinesStand(images, post: expected)
        {
            return .alreadyApplied(line: expected + 1)
        }

        let search = locator()  // interns the target first, so hunk lines get the same ids
        let pre = interner.ids(images.old), post = interner.ids(images.new)
        var ambiguity: FailureReason?
        let textual = search.locate(
            pre: pre, leadingContext: images.leadingContext,
            trailingContext: images.trailingContext, expected: expected,
            minIndex: minIndex, anchorStart: anchorStart, anchorEnd: anchorEnd, maxFuzz: 0)
        switch textual {
        case .found(let match, let step):
            // Found away from the stated line, while the post-image stands nearer to it: the change is made
            // there, and the pre-image found is a twin the fork keeps (`FilePatcher+MadeBefore`).
            if match.index != expected,
                let line = madeNearer(
                    post, images, than: match.index, expected: expected, anchorStart: anchorStart, anchorEnd: anchorEnd)
            {
                return .alreadyApplied(line: line)
            }
            // Found away from the stated line: not there when the base matching puts the hunk's lines
            // elsewhere (the base steps decide), or when the stated place is the hunk's place with a local
            // change — a twin elsewhere must not take the hunk.
            if match.index != expected,
                let reason = baseContradiction(images, pre: pre, stated: stated, at: match.index)
            {
                ambiguity = reason
                break
            }
            if let twin = twinWarning(images, pre: pre, at: expected, found: match.index, minIndex: minIndex) {
                ambiguity = twin
                break
            }
            if match.index != expected, let reason = sayingNothing(images, at: match.index) {
                ambiguity = reason
                break
            }
            if let line = insertionStandsBeside(images, pre: match.index, stated: stated)
                ?? runResizedAlready(images, at: match.index, stated: stated)
            {
                return .alreadyApplied(line: line)
            }
            return .applied(placement(images, match, step: step, stated: stated))
        case .ambiguous(let places, _):
            // The whole pre-image, changed lines included, stands at several places: the code itself is
            // duplicated and each copy may want the change. No base mapping may pick one.
            if images.old.count > images.leadingContext + images.trailingContext {
                if let outcome = placeAmongBaseTwins(
                    images, pre: pre, stated: stated, places: places, occupied: occupied)
                {
                    return outcome
                }
                return .failed(.ambiguous(lines: places.map { $0 + 1 }, note: nil))
            }
            ambiguity = .ambiguous(lines: places.map { $0 + 1 }, note: nil)
        case .notFound:
            if let line = alreadyApplied(
                post, images, expected: expected, minIndex: minIndex,
                anchorStart: anchorStart, anchorEnd: anchorEnd)
            {
                return .alreadyApplied(line: line)
            }
            let fuzzy = search.locate(
                pre: pre, leadingContext: images.leadingContext,
                trailingContext: images.trailingContext, expected: expected,
                minIndex: minIndex, anchorStart: anchorStart, anchorEnd: anchorEnd,
                maxFuzz: options.maxFuzz)
            switch fuzzy {
            case .found(let match, let step):
                let start = match.index - match.droppedLeading
                if start != expected, let reason = baseContradiction(images, pre: pre, stated: stated, at: start) {
                    ambiguity = reason
                } else if let twin = twinWarning(images, pre: pre, at: expected, found: start, minIndex: minIndex) {
                    ambiguity = twin
                } else if start != expected, let reason = sayingNothing(images, at: start) {
                    ambiguity = reason
                } else if let line = insertionStandsBeside(images, pre: start, stated: stated) {
                    return .alreadyApplied(line: line)
                } else if let made = madeWithFuzz(
                    post, images, fuzz: match.fuzz, found: start, expected: expected, minIndex: minIndex,
                    anchorStart: anchorStart, anchorEnd: anchorEnd)
                {
                    if made.near { return .alreadyApplied(line: made.line) }
                    ambiguity = .ambiguous(
                        lines: [start + 1, made.line],
                        note: "with fuzz \(match.fuzz) its context matches at line \(start + 1), but what it makes "
                            + "stands at line \(made.line) with less fuzz (made there already?)")
                } else if baseBytes == nil || !droppedLinesDiffer(match, pre) {
                    return .applied(placement(images, match, step: step, stated: stated))
                } else {
                    ambiguity = .ambiguous(
                        lines: [match.index - match.droppedLeading + 1],
                        note: "fuzz \(match.fuzz) would ignore context lines the target changed")
                }
            case .ambiguous(let places, let level):
                ambiguity = .ambiguous(lines: places.map { $0 + 1 }, note: "with fuzz \(level)")
            case .notFound:
                break
            }
        }
        if baseBytes != nil, let line = madeBefore(images, statedAfter: statedAfter) {
            return .alreadyApplied(line: line)
        }
        if baseBytes != nil, let outcome = placeThroughBase(images, pre: pre, stated: stated, occupied: occupied) {
            return outcome
        }
        if let ambiguity { return .failed(ambiguity) }
        if baseBytes != nil,
            let outcome = placeReindented(images, stated: stated, minIndex: minIndex, occupied: occupied)
        {
            return outcome
        }
        let hint = notFoundHint(pre, images, minIndex: minIndex)
        if hint == nil && stated >= count { return .failed(.beyondEnd()) }
        return .failed(.contextNotFound(hint: hint))
    }

    /// Without a base, a pre-image made only of lines that say nothing about their place (blank lines,
    /// braces, `#endif`, `/*`: `isDistinctive`), found away from where the hunk says: the end of many a
    /// function reads so, and only the base can tell which one is the hunk's. Ambiguous.
    private func sayingNothing(_ images: HunkImages, at found: Int) -> FailureReason? {
        guard baseBytes == nil, !images.old.contains(where: Self.isDistinctive) else { return nil }
        return .ambiguous(
            lines: [found + 1],
            note: "its lines (blank lines, braces, #endif) match there but say nothing about the place; give --base")
    }

    /// When the pre-image was found away from the expected place, but at the expected place every context
    /// line matches (only lines the hunk changes differ), or the pre-image matches there with fuzz: the
    /// stated place is probably the hunk's own, changed locally, and the match elsewhere a twin. Ambiguous.
    private mutating func twinWarning(
        _ images: HunkImages, pre: [Int], at expected: Int, found: Int,
        minIndex: Int
    ) -> FailureReason? {
        guard found != expected, expected >= minIndex, expected + pre.count <= table.count else { return nil }
        let ids = targetIDs()
        var contextMismatch = 0, changedMismatch = 0
        var k = 0
        let changedStart = images.leadingContext, changedEnd = pre.count - images.trailingContext
        while k < pre.count {
            if ids[expected + k] != pre[k] {
                if k >= changedStart && k < changedEnd { changedMismatch += 1 } else { contextMismatch += 1 }
            }
            k += 1
        }
        let context = images.leadingContext + images.trailingContext
        guard context > 0 else { return nil }
        if contextMismatch == 0 && changedMismatch > 0 {
            return .ambiguous(
                lines: [expected + 1, found + 1],
                note: "at line \(expected + 1) the context matches but lines this hunk changes differ (a local change?)"
            )
        }
        // A fuzzy match at the stated place (only the outer context lines differ, within the fuzz allowed).
        if changedMismatch == 0 && contextMismatch > 0 && contextMismatch <= options.maxFuzz {
            let outerOnly = (0..<pre.count).allSatisfy { k in
                ids[expected + k] == pre[k] || k < min(options.maxFuzz, images.leadingContext)
                    || k >= pre.count - min(options.maxFuzz, images.trailingContext)
            }
            if outerOnly {
                return .ambiguous(
                    lines: [expected + 1, found + 1],
                    note: "it matches with fuzz at line \(expected + 1) and exactly at line \(found + 1)")
            }
        }
        return nil
    }

    private func placement(
        _ images: HunkImages, _ match: HunkLocator.Match, step: PlacementStep,
        stated: Int
    ) -> Placement {
        let dl = match.droppedLeading, dt = match.droppedTrailing
        let replaced = images.old.count - dl - dt
        let replacement = Array(images.new[dl..<(images.new.count - dt)])
        let start = match.index - dl
        let confidence: Double =
            switch step {
            case .exact: 1
            case .offset: 0.95
            case .fuzz: match.fuzz == 1 ? 0.7 : 0.5
            case .matching: 0.9
            case .merge: 0.8
            case .blocks: 0.75
            case .words, .anchored, .includes, .units, .declarations, .attached, .slid, .upstreamForm, .deletions: 0.6
            case .moved: 0.8
            }
        return Placement(
            step: step, targetIndex: match.index, targetCount: replaced, replacement: replacement,
            offset: start - stated, fuzz: match.fuzz, confidence: confidence)
    }

    /// 1-based line where the post-image stands (exactly where expected, or at its one place), if anywhere.
    private mutating func alreadyApplied(
        _ post: [Int], _ images: HunkImages, expected: Int, minIndex: Int,
        anchorStart: Bool, anchorEnd: Bool
    ) -> Int? {
        guard !post.isEmpty else { return nil }
        let found = locator().locate(
            pre: post, leadingContext: images.leadingContext,
            trailingContext: images.trailingContext, expected: expected,
            minIndex: minIndex, anchorStart: anchorStart, anchorEnd: anchorEnd, maxFuzz: 0)
        if case .found(let match, _) = found, !removedLinesStand(images, post: match.index) { return match.index + 1 }
        return nil
    }

    /// True when a context line that fuzz ignored is different in the target.
    private mutating func droppedLinesDiffer(_ match: HunkLocator.Match, _ pre: [Int]) -> Bool {
        let ids = targetIDs()
        let start = match.index - match.droppedLeading
        for k in 0..<match.droppedLeading {
            let t = start + k
            if t < 0 || t >= ids.count || ids[t] != pre[k] { return true }
        }
        let end = match.index + pre.count - match.droppedLeading - match.droppedTrailing
        for k in 0..<match.droppedTrailing {
            let t = end + k
            if t >= ids.count || ids[t] != pre[pre.count - match.droppedTrailing + k] { return true }
        }
        return false
    }
}
