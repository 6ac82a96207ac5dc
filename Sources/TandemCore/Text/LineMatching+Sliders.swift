/// Slider compaction: where an inserted or deleted run of lines could sit at several places, one is chosen by
/// rule, not by whichever equal line the matcher happened to pair first.
///
/// A run of unmatched lines in one sequence (a *group*) can slide by one line when the line just past one
/// end equals the line at its other end: `x, [blank, A, B], blank` and `x, blank, [A, B, blank]` are the same
/// insertion. The matcher's choice between such places is an accident of where it found its anchor, and it
/// matters: two descendants that inserted next to the same blank line merge cleanly when their insertions
/// sit on different sides of it, and conflict when one of them was drawn on the other side.
///
/// The rule, as in xdiff's `xdl_change_compact` (git, `git merge-file`): each group is slid up as far as it
/// goes, then down as far as it goes (groups that meet on the way become one). Among the places passed, the
/// lowest one where the group touches a change in the other sequence is taken (an insertion beside a
/// deletion reads as one replacement); failing that, the lowest place whose last line is blank (a block and
/// the blank line after it, as people write them); failing that, the lowest place. Groups of `b` are
/// compacted, then groups of `a`. The number of matched lines never changes, only which of equal lines are
/// paired.
///
/// Cost: one pass over each sequence, plus the slides: each moves one pairing, and a group slides only
/// within the run of lines around it that repeat its own (a few blank lines or braces, on source files).
extension LineMatching {
    /// The pairs with every group moved to its chosen place (`blank` tells which line ids are blank lines).
    static func compacted(_ pairs: [(a: Int, b: Int)], _ a: [Int], _ b: [Int], blank: (Int) -> Bool)
        -> [(a: Int, b: Int)]
    {
        SliderGroups.compacted(
            pairs, aCount: a.count, bCount: b.count, bFirst: true,
            a: { SliderGroups.compact(&$0, own: a, otherCount: b.count, blank: blank) },
            b: { SliderGroups.compact(&$0, own: b, otherCount: a.count, blank: blank) })
    }
}

/// The group walk of slider compaction over one sequence: `map[k]` is the other sequence's line paired with
/// line `k`, nil for a line in a group.
enum SliderGroups {
    /// Slides each group of `own` (see the file's prose). A group that touches no change of the other
    /// sequence goes to the lowest place ending on a blank line (`blank` tells which line ids are blank),
    /// else the lowest; or, given the lines themselves (`lines[k]` is line `k`), where git's indent heuristic
    /// puts it (`SplitScore`), as `git diff` does.
    static func compact(
        _ map: inout [Int?], own: [Int], otherCount: Int, blank: (Int) -> Bool = { _ in false }, lines: [Bytes]? = nil
    ) {
        var k = 0
        while k < map.count {
            guard map[k] == nil else {
                k += 1
                continue
            }
            var group = Group(start: k, end: k)
            while group.end < map.count, map[group.end] == nil { group.end += 1 }
            // Up as far as it goes, then down as far as it goes, noting the places passed; again when groups
            // met on the way (the places noted must all hold a group of the final size).
            var touching: Int?, blankEnd: Int?
            var size = 0, earliestEnd = 0
            repeat {
                size = group.end - group.start
                while group.slideUp(&map, own) {}
                earliestEnd = group.end
                touching = nil
                blankEnd = nil
                repeat {
                    let before = group.start > 0 ? map[group.start - 1] ?? -1 : -1
                    let after = group.end < map.count ? map[group.end] ?? otherCount : otherCount
                    if after - before > 1 { touching = group.end }
                    if lines == nil, blank(own[group.end - 1]) { blankEnd = group.end }
                } while group.slideDown(&map, own)
            } while size != group.end - group.start
            // Back up to the chosen place.
            var chosen = touching ?? blankEnd ?? group.end
            if touching == nil, group.end > earliestEnd, let lines {
                chosen = SplitScore.bestEnd(lines, lowestEnd: group.end, earliestEnd: earliestEnd, size: size)
            }
            while group.end > chosen, group.slideUp(&map, own) {}
            k = group.end + 1
        }
    }

    /// `pairs` (increasing in both sequences) after compacting one sequence's groups and then the other's
    /// (`bFirst` says which first): `a` and `b` compact a map from that sequence's lines to the other's.
    static func compacted(
        _ pairs: [(a: Int, b: Int)], aCount: Int, bCount: Int, bFirst: Bool, a compactA: (inout [Int?]) -> Void,
        b compactB: (inout [Int?]) -> Void
    ) -> [(a: Int, b: Int)] {
        func flipped(_ map: [Int?], count: Int) -> [Int?] {
            var out = [Int?](repeating: nil, count: count)
            for (own, other) in map.enumerated() { if let other { out[other] = own } }
            return out
        }
        var aToB = [Int?](repeating: nil, count: aCount)
        for pair in pairs { aToB[pair.a] = pair.b }
        if !bFirst { compactA(&aToB) }
        var bToA = flipped(aToB, count: bCount)
        compactB(&bToA)
        aToB = flipped(bToA, count: aCount)
        if bFirst { compactA(&aToB) }
        return aToB.enumerated().compactMap { i, j in j.map { (i, $0) } }
    }

    /// A run of unmatched lines, start..<end.
    struct Group {
        var start: Int
        var end: Int

        /// Moves the group one line up (the line above it takes the pairing of its last line), absorbing a
        /// group it meets; false when the line above is unmatched or differs from the last line.
        mutating func slideUp(_ map: inout [Int?], _ own: [Int]) -> Bool {
            guard start > 0, let paired = map[start - 1], own[start - 1] == own[end - 1] else { return false }
            map[end - 1] = paired
            map[start - 1] = nil
            start -= 1
            end -= 1
            while start > 0, map[start - 1] == nil { start -= 1 }
            return true
        }

        /// Moves the group one line down, absorbing a group it meets.
        mutating func slideDown(_ map: inout [Int?], _ own: [Int]) -> Bool {
            guard end < map.count, let paired = map[end], own[start] == own[end] else { return false }
            map[start] = paired
            map[end] = nil
            start += 1
            end += 1
            while end < map.count, map[end] == nil { end += 1 }
            return true
        }
    }
}
