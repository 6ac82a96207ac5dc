/// Word-level three-way merge of a few lines that both sides changed (wiggle's word mode is the anchor):
/// base, ours (the fork's lines) and theirs (upstream's) are cut into tokens, each side is diffed against the
/// base, and the two edit lists are combined when they touch different tokens.
///
/// Tokens: a run of letters, digits and `_` (an identifier or a number), a run of blanks (spaces and tabs),
/// a line end (`\n` or `\r\n`), or any other single byte (an operator or punctuation mark). Line ends are
/// tokens, so an edit that splits or joins lines is an edit like any other.
///
/// The merge is refused — nil, the caller reports a conflict — when an edit of ours and an edit of theirs
/// overlap, or replace tokens that touch with no unchanged token between them (`e820.map` → `e820` beside
/// `.map` → `.entry`), or insert different text at the same point: those are the same words changed two
/// ways, and picking one is a guess. Touching is allowed when one of the two edits only changes blanks
/// (re-indentation beside a renamed call; with `blanksYield`, a blank edit of ours that touches one of
/// theirs is dropped instead, so upstream's words come in upstream's spacing), and for an insertion of
/// whole lines at the edge of the other side's replacement (`if (regs)` and a line end inserted before a
/// call whose name upstream changed, after the line's indentation; not text ending in a line end put in
/// the middle of a line, which splits it: `printk(…,⏎` between `sync_tsc(` and the argument upstream
/// changed leaves that argument in the fork's `printk`).
/// Edits both sides made identically are taken once, and so is one insertion the two token diffs drew at
/// two points that a slide over equal tokens joins (`sameInsertion`). Ours must be an *edit* of the base: when the fork
/// kept fewer than half of the base's words (it rewrote the line), there are no shared words to merge around
/// and the merge is refused.
///
/// One exception to refusing: an edit of ours that lies inside an edit of theirs, when `carried` says
/// upstream's new words carry it (the fork made the same edit in its own definition of a macro that
/// upstream's line now calls: `Porter`'s `ForkMacros`). Then theirs alone is taken.
///
/// Cost: two token diffs (Myers) over the few lines given; callers pass a handful of lines.
public enum TokenMerge {
    /// Whether upstream's words carry an edit of the fork's: the base tokens the fork replaced (`from`),
    /// the fork's tokens (`to`), the base tokens upstream's edit around them replaced (`replaced`), and
    /// every token upstream's edits put in (`upstream`).
    public typealias Carried = (_ from: [Bytes], _ to: [Bytes], _ replaced: [Bytes], _ upstream: [Bytes]) -> Bool

    /// Why a merge was refused.
    public enum Refusal: Error, Sendable, Equatable {
        /// Both sides changed the same words (or the fork rewrote the stretch: it kept under half its words).
        case sameWords
        /// Both sides inserted whole lines at one point: which go first is a guess.
        case bothInsertLines
        /// Upstream edits a line the fork commented out.
        case commentedOut
    }

    /// The merged lines, or nil when the two sides changed the same words (see the type's notes).
    public static func merge(base: [Bytes], ours: [Bytes], theirs: [Bytes], carried: Carried? = nil) -> [Bytes]? {
        if case .success(let lines) = mergeOrRefusal(base: base, ours: ours, theirs: theirs, carried: carried) {
            return lines
        }
        return nil
    }

    /// The merged lines, or why not. With `blanksYield`, an edit of ours that only changes blanks and does
    /// not stand apart from an edit of theirs (`apart`) is dropped: upstream's words come in their own spacing
    /// there, while the fork's spacing elsewhere stays (`git merge -Xignore-space-change` takes theirs when
    /// ours changed white space only; this takes it only where the two touch).
    public static func mergeOrRefusal(
        base: [Bytes], ours: [Bytes], theirs: [Bytes], carried: Carried? = nil, blanksYield: Bool = false
    ) -> Result<[Bytes], Refusal> {
        var interner = LineInterner()
        let b = tokens(base), o = tokens(ours), t = tokens(theirs)
        let bi = interner.ids(b), oi = interner.ids(o), ti = interner.ids(t)
        var mine = lineAligned(edits(bi, oi, replacement: o), base: b)
        let others = lineAligned(edits(bi, ti, replacement: t), base: b)
        if blanksYield {
            mine.removeAll { edit in isBlank(edit, b) && others.contains { !apart(edit, $0, base: b) } }
        }
        let upstreamWords = others.flatMap(\.lines)
        // Ours must be an edit of the base, not a rewrite: it keeps at least half of the base's words.
        let words = b.indices.filter { !isBlankToken(b[$0]) }
        let changed = Set(mine.flatMap { Array($0.range) })
        guard words.filter({ !changed.contains($0) }).count * 2 >= words.count else { return .failure(.sameWords) }
        // A line the fork commented out is dead to it: upstream's edit of that line has nowhere to go.
        let dead = Self.commentedOut(by: mine, base: b)
        if others.contains(where: { edit in dead.contains { edit.touches($0) } }) {
            return .failure(.commentedOut)
        }
        var merged: [Bytes] = []
        var cursor = 0
        var i = 0, j = 0
        while i < mine.count || j < others.count {
            let next: Edit
            if i < mine.count, j < others.count {
                let a = mine[i], c = others[j]
                if a.range == c.range && a.lines.elementsEqual(c.lines, by: ==) {
                    next = a
                    i += 1
                    j += 1
                } else if let same = sameInsertion(
                    a, c, base: b,
                    before: min(
                        i + 1 < mine.count ? mine[i + 1].range.lowerBound : b.count,
                        j + 1 < others.count ? others[j + 1].range.lowerBound : b.count))
                {
                    next = same
                    i += 1
                    j += 1
                } else if clash(a, c, base: b) {
                    // Ours inside theirs, and upstream's words carry it: theirs alone.
                    guard let carried, !a.range.isEmpty, c.range.lowerBound <= a.range.lowerBound,
                        a.range.upperBound <= c.range.upperBound,
                        carried(Array(b[a.range]), a.lines, Array(b[c.range]), upstreamWords)
                    else {
                        let lines = { (edit: Edit) in edit.range.isEmpty && edit.lines.last.map(isLineEnd) == true }
                        return .failure(lines(a) && lines(c) ? .bothInsertLines : .sameWords)
                    }
                    i += 1
                    continue
                } else if a.range.lowerBound < c.range.lowerBound
                    || (a.range.lowerBound == c.range.lowerBound && a.range.isEmpty)
                {
                    next = a
                    i += 1
                } else {
                    next = c
                    j += 1
                }
            } else if i < mine.count {
                next = mine[i]
                i += 1
            } else {
                next = others[j]
                j += 1
            }
            merged += b[cursor..<next.range.lowerBound]
            merged += next.lines
            cursor = next.range.upperBound
        }
        merged += b[cursor...]
        return .success(lines(from: merged))
    }

    /// One side's change: base tokens `range` replaced by `lines` (tokens).
    struct Edit {
        var range: Range<Int>
        var lines: [Bytes]

        /// True when the edit changes tokens of `line` (a base token range, its line end excluded), or
        /// inserts inside it or at its end; whole lines inserted before it do not count.
        func touches(_ line: Range<Int>) -> Bool {
            if range.isEmpty {
                let point = range.lowerBound
                if point == line.lowerBound { return !(lines.last.map(TokenMerge.isLineEnd) ?? false) }
                return line.lowerBound < point && point <= line.upperBound
            }
            return range.overlaps(line)
        }
    }

    /// The base token ranges of the lines (their line end aside) that `edits` comment out: an insertion of
    /// `#`, `//` or `/*` alone at the start of a line (before or after its indentation).
    static func commentedOut(by edits: [Edit], base: [Bytes]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for edit in edits where edit.range.lowerBound < base.count {
            let start = edit.range.lowerBound
            let first = lineStart(of: start, in: base)
            guard base[first..<start].allSatisfy(isBlankToken) else { continue }
            // Only the marker goes in (blanks aside): `#define` lines written in place of a function are no
            // commented-out line.
            let text = edit.lines.filter { !isBlankToken($0) }.flatMap { $0 }
            guard edit.range.isEmpty, text == Array("#".utf8) || text == Array("//".utf8) || text == Array("/*".utf8)
            else { continue }
            var end = start + 1
            while end < base.count, !isLineEnd(base[end - 1]) { end += 1 }
            out.append(first..<(isLineEnd(base[end - 1]) ? end - 1 : end))
        }
        return out
    }

    /// The edits turning `base` into `side`, from a minimal token diff.
    static func edits(_ base: [Int], _ side: [Int], replacement: [Bytes]) -> [Edit] {
        var out: [Edit] = []
        var bi = 0, si = 0
        for pair in LineDiff.pairs(base, side, maxCost: 4_000) + [(a: base.count, b: side.count)] {
            if pair.a > bi || pair.b > si {
                out.append(Edit(range: bi..<pair.a, lines: Array(replacement[si..<pair.b])))
            }
            bi = pair.a + 1
            si = pair.b + 1
        }
        return out
    }

    /// `edits` with each insertion that holds a line end slid, where the tokens around it allow, to start a
    /// line: a token diff may insert a new line as `; ⏎ pte_ofs = 0` before an old line's `;`, re-using it,
    /// where the line inserted is `pte_ofs = 0; ⏎` after the old line's end. Placed at line starts, two
    /// sides inserting lines at one boundary meet at one point (and clash: which goes first?), instead of
    /// landing interleaved by the accident of which tokens each diff re-used. An insertion slides over
    /// unchanged tokens only (never into the side's other edits), to the nearest line start either way.
    static func lineAligned(_ edits: [Edit], base: [Bytes]) -> [Edit] {
        var out = edits
        for index in out.indices where out[index].range.isEmpty && out[index].lines.contains(where: isLineEnd) {
            let low = index > 0 ? out[index - 1].range.upperBound : 0
            let high = index + 1 < out.count ? out[index + 1].range.lowerBound : base.count
            func isLineStart(_ point: Int) -> Bool { point == 0 || isLineEnd(base[point - 1]) }
            let start = out[index].range.lowerBound
            guard !isLineStart(start) else { continue }
            var best: (point: Int, lines: [Bytes])?
            // Down: the first token inserted equals the base token after the point.
            var point = start, lines = out[index].lines
            while point < high, let first = lines.first, first == base[point] {
                lines = Array(lines.dropFirst()) + [first]
                point += 1
                if isLineStart(point) {
                    best = (point, lines)
                    break
                }
            }
            // Up: the last token inserted equals the base token before the point.
            var upPoint = start, upLines = out[index].lines
            while upPoint > low, let last = upLines.last, last == base[upPoint - 1] {
                upLines = [last] + upLines.dropLast()
                upPoint -= 1
                if isLineStart(upPoint) {
                    if start - upPoint < (best?.point ?? Int.max) - start { best = (upPoint, upLines) }
                    break
                }
            }
            if let best { out[index] = Edit(range: best.point..<best.point, lines: best.lines) }
        }
        return out
    }

    /// The one insertion two edits make, when both insert the same tokens at points the tokens between them
    /// let them slide to (`&& !idle_poll` after `count` on one side, `!idle_poll &&` after `&&` on the
    /// other: a token diff draws an insertion among equal tokens where it happens to): the later of the two,
    /// taken once. Nil otherwise, or when the slide would pass `before` (the next edit of either side).
    static func sameInsertion(_ a: Edit, _ c: Edit, base: [Bytes], before: Int) -> Edit? {
        guard a.range.isEmpty, c.range.isEmpty, a.range.lowerBound != c.range.lowerBound,
            a.lines.count == c.lines.count, !a.lines.isEmpty
        else { return nil }
        let (early, late) = a.range.lowerBound < c.range.lowerBound ? (a, c) : (c, a)
        guard late.range.lowerBound <= before else { return nil }
        var point = early.range.lowerBound, lines = early.lines
        while point < late.range.lowerBound, let first = lines.first, first == base[point] {
            lines = Array(lines.dropFirst()) + [first]
            point += 1
        }
        return point == late.range.lowerBound && lines.elementsEqual(late.lines, by: ==) ? late : nil
    }

    /// True when two edits (one of each side) change the same words: their base ranges overlap; or two
    /// replacements touch with no unchanged token between them, unless one of them only changes blanks;
    /// or both insert at one point, or at points that only blanks and closing brackets hold apart (the
    /// fork's `) {⏎\t\tpowernow_data[i] ` after `cpu_core_map[pol->cpu]` and upstream's
    /// `)⏎\t\tpowernow_data[i` before its `]`: each side wrapped the line in a loop of its own, and the
    /// two token diffs drew the `]` apart; both taken, the line came out twice and unbalanced). An
    /// insertion at either edge of the other side's replacement is fine (it goes before or after it); one
    /// strictly inside it is not.
    ///
    /// Blanks and closing brackets alone do not hold two edits apart. A closing bracket ends a group that
    /// the edit inside it may have turned into another expression: the fork made
    /// `last_addr < virt_to_phys(high_memory)` into `is_local_lowmem(last_addr)`, keeping `(` and `)`, and
    /// upstream's `- 1` after that `)` would subtract from the fork's call. An opening bracket does hold
    /// them apart (a call renamed on one side, its argument changed on the other: `c()` → `C()` beside
    /// `c(2)` gives `C(2)`). Two neighbouring words with a blank between them are one phrase (`extern
    /// inline` → `extern` beside `extern` → `static`).
    static func clash(_ a: Edit, _ c: Edit, base: [Bytes]) -> Bool {
        switch (a.range.isEmpty, c.range.isEmpty) {
        case (true, true):
            let (low, high) = (min(a.range.lowerBound, c.range.lowerBound), max(a.range.lowerBound, c.range.lowerBound))
            return !holdsApart(base[low..<high])
        case (true, false): return insertionClashes(a, with: c, base: base)
        case (false, true): return insertionClashes(c, with: a, base: base)
        case (false, false):
            if a.range.overlaps(c.range) { return true }
            return !apart(a, c, base: base) && !(isBlank(a, base) || isBlank(c, base))
        }
    }

    /// An insertion clashes with the other side's replacement when it falls inside it, or at its edge
    /// without a line end between them (the insertion would glue words onto a changed word); brackets and
    /// blanks between them count as the edge.
    static func insertionClashes(_ insertion: Edit, with replacement: Edit, base: [Bytes]) -> Bool {
        let point = insertion.range.lowerBound
        if replacement.range.lowerBound < point && point < replacement.range.upperBound { return true }
        if point <= replacement.range.lowerBound,
            !holdsApart(base[point..<replacement.range.lowerBound])
        {
            // Lines put in front of a line whose indentation the other side changed, indented otherwise:
            // which indentation they want is a guess (the re-indented step gives upstream's lines the
            // fork's shift when the fork moved every line alike).
            let lower = replacement.range.lowerBound
            if isBlank(replacement, base), lower == 0 || isLineEnd(base[lower - 1]),
                Array(insertion.lines.prefix(while: isBlankToken).joined()) != Array(replacement.lines.joined())
            {
                return true
            }
            // Before the replacement: whole lines, put in front of the replacement's line. The inserted
            // text ends with a line end (and blanks), and only the line's indentation stands before the
            // point. Text that splits a line in its middle (`printk(…, ⏎` put between `sync_tsc(` and the
            // argument upstream changes) makes the words after it part of another statement.
            return !(insertion.lines.reversed().drop(while: isBlankToken).first.map(isLineEnd) ?? false)
                || !base[lineStart(of: point, in: base)..<point].allSatisfy(isBlankToken)
        }
        if point >= replacement.range.upperBound,
            !holdsApart(base[replacement.range.upperBound..<point])
        {
            return !(insertion.lines.first.map(isLineEnd) ?? false)
        }
        return false
    }

    /// Whether two edits stand apart: they do not overlap, and something other than blanks and closing
    /// brackets stands between them (`holdsApart`).
    static func apart(_ a: Edit, _ c: Edit, base: [Bytes]) -> Bool {
        let aFirst = (a.range.lowerBound, a.range.upperBound) <= (c.range.lowerBound, c.range.upperBound)
        let (first, second) = aFirst ? (a, c) : (c, a)
        guard first.range.upperBound <= second.range.lowerBound else { return false }
        return holdsApart(base[first.range.upperBound..<second.range.lowerBound])
    }

    /// True when the unchanged tokens `gap` between two edits keep them apart: some token in it is neither
    /// blanks nor a closing bracket.
    static func holdsApart(_ gap: ArraySlice<Bytes>) -> Bool {
        gap.contains { token in
            !isBlankToken(token) && !(token.count == 1 && Array(")]}".utf8).contains(token[token.startIndex]))
        }
    }

    /// The first token of the line that token `point` of `base` is on (its line start, for a point right
    /// after a line end).
    static func lineStart(of point: Int, in base: [Bytes]) -> Int {
        var start = point
        while start > 0, !isLineEnd(base[start - 1]) { start -= 1 }
        return start
    }

    static func isBlankToken(_ token: Bytes) -> Bool { token.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab } }
    static func isLineEnd(_ token: Bytes) -> Bool { token.last == ASCII.newline }

    /// True when an edit replaces blanks by blanks (re-indentation, spacing).
    static func isBlank(_ edit: Edit, _ base: [Bytes]) -> Bool {
        let blank: (Bytes) -> Bool = { $0.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab } }
        return base[edit.range].allSatisfy(blank) && edit.lines.allSatisfy(blank)
    }

    /// The tokens of `lines`, in order; joined they give the lines' bytes back.
    public static func tokens(_ lines: [Bytes]) -> [Bytes] {
        var out: [Bytes] = []
        for line in lines {
            var i = line.startIndex
            while i < line.endIndex {
                let byte = line[i]
                var j = i + 1
                if isWord(byte) {
                    while j < line.endIndex, isWord(line[j]) { j += 1 }
                } else if byte == ASCII.space || byte == ASCII.tab {
                    while j < line.endIndex, line[j] == ASCII.space || line[j] == ASCII.tab { j += 1 }
                } else if byte == ASCII.carriageReturn, j < line.endIndex, line[j] == ASCII.newline {
                    j += 1
                }
                out.append(line[i..<j])
                i = j
            }
        }
        return out
    }

    /// Tokens joined and cut back into lines after each line end.
    static func lines(from tokens: [Bytes]) -> [Bytes] {
        var out: [Bytes] = []
        var current: [UInt8] = []
        for token in tokens {
            current += token
            if token.last == ASCII.newline {
                out.append(current[...])
                current = []
            }
        }
        if !current.isEmpty { out.append(current[...]) }
        return out
    }

    private static func isWord(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F || byte >= 0x80
    }
}
