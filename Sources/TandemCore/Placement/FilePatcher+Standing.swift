/// Lines that stand already beside a hunk's place: a removal is made only where its lines are gone, and an
/// insertion whose lines stand right beside its place is made already.
///
/// **A removal whose lines still stand.** A hunk that removes lines and adds nothing that says something
/// (its added lines, if any, are blank lines, braces, `#endif`: `isDistinctive`) has a post-image of its
/// context alone. Found in the target, that context is all the evidence the change was made, and it can
/// stand at the end of the very run the hunk removes: upstream removed an assembler macro ending in
/// `.previous` and two blank lines, right after another macro ending the same way, so its diff keeps the
/// first ending as context and removes the second with the macro; in a copy whose fork rewrote one line of
/// that macro (so the pre-image is nowhere), the post-image `.previous`, blank, blank,
/// `ENTRY(ret_from_fork)` stood at the macro's own end, and the removal read as already applied while the
/// macro stood right above it (the Xen `entry.S` of 2.6.12). So a post-image found at a place is taken as
/// made only when the removed lines that say something do not stand there: three quarters of them or more,
/// in order (a longest common subsequence), within the removed run's length either side of the point where
/// they were cut out, means the run is still there, changed by the fork or not, and the hunk goes on to the
/// other steps (a conflict when the fork changed a line it removes). A removal of one such line is left as
/// it was: one line stands beside many a place by chance.
///
/// **An insertion whose lines stand beside its place.** The mirror case, met on a second run: upstream
/// inserted an `enum { … };` block and a blank line before another `enum {`, after a `};` that the copy
/// lacked, so the first run landed the block change by change; on the second run the block's own `};`,
/// blank line and `enum {` are the hunk's leading context, its pre-image stands whole at the block's end,
/// and the text steps inserted the block a second time (GNU patch does the same). So, with a base, a hunk
/// placed by text that inserts one run of lines (removing none) is already applied when exactly that run,
/// holding a line that says something, stands right above the point it would go in or right below it in
/// the target, and not in the base at the hunk's place: the run slid along lines equal to its own. Where
/// the base holds the run beside the place too, or the hunk's own lines put it twice in a row, upstream
/// duplicates it, and means it: a block copied right after itself lands on a target that holds the
/// original. Without a base that cannot be told, and the hunk lands as GNU patch lands it.
///
/// **A run of equal lines made longer or shorter.** A hunk that only inserts or removes lines equal to
/// one another (`None,` in a generated table, blank lines), inside a run of that same line, matches
/// wherever the run is long enough, before the change and after it: a second run over the idna table pip
/// vendors removed two more `None,` and inserted two more, after the first run had done so. Both images
/// standing at the place, or the pre-image a line or two off, say nothing; the run's length does. With a
/// base that holds the pre-image where the hunk says, the change is made when the target's run through the
/// place one of its images was found at is longer (or shorter) than the base's by what the hunk adds (or
/// removes), whichever the text steps found. When it is as long as the base's, the hunk lands; otherwise
/// (the fork resized the run its own way) it lands as before, as GNU patch would.
///
/// **A change made, found with fuzz.** When neither image stands whole and fuzz finds the pre-image, the
/// post-image may stand as well, with no more fuzz, a context line of its own aside: a stable fix applied
/// to a newer release that holds it already (the 6.1 fix adding `sst_nor_write_data()` after a table the
/// 6.12 tree ends otherwise: fuzz 2 found the blank line and the next function's header after it, and
/// GNU patch and tandem wrote the function a second time). So before a hunk lands with fuzz, its
/// post-image is looked for with the same fuzz at most, as its pre-image was; found at one place near
/// the pre-image's (no further than the two images' length), with a line it adds that says something, and
/// without the lines it removes standing there (see the first case), the change is made: *already
/// applied*. The dropped lines are context only, so what the hunk adds is all there. Found further off
/// with less fuzz than the pre-image needed, the post-image is the better evidence and the pre-image's
/// place a look-alike (6.1's `int i` → `unsigned long i` of `iommu_table_reserve_pages()`, made in 6.12,
/// whose fuzz 2 found `{`, `int i;` and a blank line in another function 540 lines up): the hunk is
/// *ambiguous*, neither landed nor claimed.
///
/// Cost: nothing for hunks of other shapes; for an insertion, one comparison of its run on each side of
/// the place, as text; for a removal, O(run × window) once per candidate place, on interned lines, linear
/// past `commonSubsequenceCells`.
extension FilePatcher {
    /// The largest table `commonSubsequence` fills (about 4 million cells, a few milliseconds).
    static let commonSubsequenceCells = 1 << 22

    /// True when `images` is a removal whose removed lines still stand beside the post-image found at
    /// target index `found` (see above).
    mutating func removedLinesStand(_ images: HunkImages, post found: Int) -> Bool {
        let lead = images.leadingContext, trail = images.trailingContext
        guard images.new.count >= lead + trail, images.old.count >= lead + trail else { return false }
        let added = images.new[lead..<(images.new.count - trail)]
        guard !added.contains(where: Self.isDistinctive) else { return false }
        let run = images.old[lead..<(images.old.count - trail)].filter(Self.isDistinctive)
        guard run.count >= 2 else { return false }
        let want = interned(run)
        let ids = targetIDs()
        let cut = found + lead
        let reach = images.old.count - lead - trail + 1
        let lower = min(max(0, cut - reach - lead), ids.count), upper = max(lower, min(ids.count, cut + trail + reach))
        return Self.commonSubsequence(want, Array(ids[lower..<upper])) * 4 >= want.count * 3
    }

    /// The 1-based target line where the post-image stands with at most `fuzz` context lines dropped, when
    /// the hunk adds a line that says something and removes none that stands there, and whether that is near
    /// the pre-image found with `fuzz` at target index `found` (its full start) (see above). A place further
    /// off counts only when the post-image needs less fuzz there than the pre-image did.
    mutating func madeWithFuzz(
        _ post: [Int], _ images: HunkImages, fuzz: Int, found: Int, expected: Int, minIndex: Int,
        anchorStart: Bool, anchorEnd: Bool
    ) -> (line: Int, near: Bool)? {
        let lead = images.leadingContext, trail = images.trailingContext
        guard fuzz > 0, !post.isEmpty, images.new.count >= lead + trail else { return nil }
        guard images.new[lead..<(images.new.count - trail)].contains(where: Self.isDistinctive) else { return nil }
        let located = locator().locate(
            pre: post, leadingContext: lead, trailingContext: trail, expected: expected, minIndex: minIndex,
            anchorStart: anchorStart, anchorEnd: anchorEnd, maxFuzz: fuzz)
        guard case .found(let match, _) = located else { return nil }
        let start = match.index - match.droppedLeading
        let near = abs(start - found) <= images.old.count + images.new.count
        guard near || match.fuzz < fuzz, !removedLinesStand(images, post: start) else { return nil }
        return (start + 1, near)
    }

    /// The 1-based target line of the first inserted line, when `images` is a pure insertion whose inserted
    /// run already stands right beside the place its pre-image was found at target index `found`, and not
    /// beside the hunk's place in the base (0-based `stated`, where its header puts it) (see above).
    mutating func insertionStandsBeside(_ images: HunkImages, pre found: Int, stated: Int) -> Int? {
        let lead = images.leadingContext, trail = images.trailingContext
        guard let baseBytes, images.old.count == lead + trail, images.new.count > images.old.count else {
            return nil
        }
        let run = Array(images.new[lead..<(images.new.count - trail)])
        guard run.contains(where: Self.isDistinctive) else { return nil }
        // Upstream putting the run twice in a row means it.
        let n = run.count
        if lead >= n, images.new[(lead - n)..<lead].elementsEqual(run) { return nil }
        if images.new[(lead + n)...].starts(with: run) { return nil }
        // Compared as text: a hunk found where it says has not interned the target, and need not.
        let cut = found + lead
        let line: Int
        if cut - n >= 0, cut <= table.count, table.matches(run, at: cut - n) {
            line = cut - n + 1
        } else if cut >= 0, cut + n <= table.count, table.matches(run, at: cut) {
            line = cut + 1
        } else {
            return nil
        }
        // The base at the hunk's place: its pre-image there, and the run beside it or not.
        let base = baseState?.table ?? baseLines ?? LineTable(baseBytes)
        baseLines = base
        let place = stated + lead
        guard base.matches(images.old, at: stated), !base.matches(run, at: place - n), !base.matches(run, at: place)
        else { return nil }
        return line
    }

    /// The 1-based target line of the post-image (at target index `place`, or beside it), when `images` only
    /// makes a run of equal lines longer or shorter, one of its images stands at `place`, and the target's
    /// run through it already has the length upstream gives it (see above).
    mutating func runResizedAlready(_ images: HunkImages, at place: Int, stated: Int) -> Int? {
        let lead = images.leadingContext, trail = images.trailingContext
        guard let baseBytes, images.old.count >= lead + trail, images.new.count >= lead + trail else { return nil }
        let removed = images.old[lead..<(images.old.count - trail)]
        let added = images.new[lead..<(images.new.count - trail)]
        guard removed.count != added.count, let repeated = removed.first ?? added.first,
            removed.allSatisfy({ $0 == repeated }), added.allSatisfy({ $0 == repeated }),
            table.matches(images.old, at: place) || table.matches(images.new, at: place)
        else { return nil }
        let base = baseState?.table ?? baseLines ?? LineTable(baseBytes)
        baseLines = base
        guard base.matches(images.old, at: stated) else { return nil }
        /// The length of the run of `repeated` through the point `cut` (between two lines) of `lines`.
        func run(_ lines: LineTable, through cut: Int) -> Int {
            var low = cut, high = cut
            while low > 0, lines.line(low - 1, equals: repeated) { low -= 1 }
            while high < lines.count, lines.line(high, equals: repeated) { high += 1 }
            return high - low
        }
        let grown = run(table, through: place + lead) - run(base, through: stated + lead)
        guard grown == added.count - removed.count else { return nil }
        // Where the post-image stands: at the place, or as far on as the pre-image found there is longer.
        let shifted = place + images.old.count - images.new.count
        return table.matches(images.new, at: place) || shifted < 0 || !table.matches(images.new, at: shifted)
            ? place + 1 : shifted + 1
    }

    /// The length of the longest common subsequence of `a` and `b` (two rows of the usual table). Past
    /// `commonSubsequenceCells` cells (a removal of thousands of lines), the lines they share, as multisets,
    /// stand in for it: never less, so a run reads as standing rather than gone, and it takes linear time.
    static func commonSubsequence(_ a: [Int], _ b: [Int]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        guard a.count * b.count <= commonSubsequenceCells else {
            var have: [Int: Int] = [:]
            for y in b { have[y, default: 0] += 1 }
            var shared = 0
            for x in a where have[x, default: 0] > 0 {
                have[x, default: 0] -= 1
                shared += 1
            }
            return shared
        }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
