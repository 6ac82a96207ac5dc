/// Finds where a hunk's pre-image sits in a target file by its text alone: exact, offset, fuzz.
///
/// - *exact*: the pre-image at the expected index (the stated line plus the offset carried from the previous
///   hunk).
/// - *offset*: every other index at or after `minIndex` (the end of the previous placed hunk, so a hunk never
///   re-applies inside the one before it — GNU patch's false-match case). One match is a placement; two or
///   more are *ambiguous*, and tandem does not pick the nearest, as GNU patch and git do: a hunk lands only
///   where it has one right place.
/// - *fuzz*: up to `maxFuzz` context lines are ignored, from the side with more context first, then from both
///   sides; at least one context line always remains. A hunk with no leading context whose stated start is
///   line 1 must match at the start of the file, and one with no trailing context at the end (git's anchors),
///   with or without fuzz. Hunks without any context (`diff -U0`) are not anchored.
///
/// Lines are compared as interned ids (see `LineInterner`), so a comparison is one integer test. A hunk
/// lands only where it has one place, so every search for it reads the whole target, not only until a first
/// match (as GNU patch does): an index of where each line stands (made once per target) lets the search try
/// only the places of the pattern's rarest line, and a pattern with a line the target lacks none. Patterns
/// made only of frequent lines (`}`, blank lines) are searched by scanning outward from the expected place,
/// which stops at the limit. A search costs O(pre-image lines) when the hunk is where it says, about
/// O(places of its rarest line × pre-image lines) otherwise, and O(target lines × pre-image lines) at worst.
public struct HunkLocator {
    /// A place found by text: start index in the target, lines dropped at each end.
    public struct Match: Sendable, Equatable {
        public var index: Int
        public var droppedLeading: Int
        public var droppedTrailing: Int
        public var fuzz: Int { max(droppedLeading, droppedTrailing) }
    }

    /// What a search found.
    public enum Result: Sendable, Equatable {
        case found(Match, step: PlacementStep)
        /// Several equally good places (0-based indices of the full pre-image's start).
        case ambiguous([Int], fuzz: Int)
        case notFound
    }

    public let target: [Int]
    /// Where each line id stands in `target`, in increasing order: `places[starts[id]..<starts[id + 1]]`
    /// (ids from 0 below `starts.count - 1`); empty when the ids are not a `LineInterner`'s (negative, or far
    /// beyond the target's length), which are then only scanned.
    private let starts: [Int32]
    private let places: [Int32]

    public init(target: [Int]) {
        self.target = target
        let top = target.max() ?? -1
        guard target.count < Int(Int32.max),
            LineInterner.indexable(low: target.min() ?? 0, high: top, lines: target.count)
        else {
            starts = []
            places = []
            return
        }
        var starts = [Int32](repeating: 0, count: top + 2)
        for id in target { starts[id + 1] += 1 }
        for id in 0..<(top + 1) { starts[id + 1] += starts[id] }
        var next = starts
        var places = [Int32](repeating: 0, count: target.count)
        for (index, id) in target.enumerated() {
            places[Int(next[id])] = Int32(index)
            next[id] += 1
        }
        self.starts = starts
        self.places = places
    }

    /// The index in `pattern` of its line standing least often in the target, and how often; nil without an
    /// index or for an empty pattern.
    private func rarestLine(of pattern: ArraySlice<Int>) -> (Int, Int)? {
        var best: (Int, Int)?
        for index in pattern.indices {
            guard let frequency = count(of: pattern[index]) else { return nil }
            if frequency < best?.1 ?? Int.max { best = (index, frequency) }
            if frequency == 0 { break }
        }
        return best
    }

    /// How many times `id` stands in the target; nil without an index.
    @inline(__always)
    private func count(of id: Int) -> Int? {
        guard !starts.isEmpty else { return nil }
        guard id >= 0, id < starts.count - 1 else { return 0 }
        return Int(starts[id + 1] - starts[id])
    }

    /// True when `pattern` occurs at `index`.
    @inline(__always)
    func matches(_ pattern: ArraySlice<Int>, at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= target.count else { return false }
        var t = index
        for id in pattern {
            if target[t] != id { return false }
            t += 1
        }
        return true
    }

    /// Every index ≥ `minIndex` where `pattern` occurs, nearest to `expected` first, stopping after `limit`
    /// (one more when the two places at that distance, above and below, both hold it).
    func occurrences(of pattern: ArraySlice<Int>, expected: Int, minIndex: Int, limit: Int = 8) -> [Int] {
        let last = target.count - pattern.count
        guard last >= minIndex else { return [] }
        var found: [Int] = []
        let start = min(max(expected, minIndex), last)
        // Through the index: the places of the pattern's rarest line, in the order the scan below finds
        // them (nearest first; at equal distance the one below first). Scanned instead when even the rarest
        // line is frequent: the scan stops once it has `limit` places.
        if let (rarest, frequency) = rarestLine(of: pattern), frequency <= max(64, target.count / 64) {
            guard frequency > 0 else { return [] }
            let id = pattern[rarest], offset = rarest - pattern.startIndex
            for k in Int(starts[id])..<Int(starts[id] + Int32(frequency)) {
                let index = Int(places[k]) - offset
                if index >= minIndex, index <= last, matches(pattern, at: index) { found.append(index) }
            }
            found.sort { (abs($0 - start), $0 < start ? 1 : 0) < (abs($1 - start), $1 < start ? 1 : 0) }
            // The scan takes both places at the distance that reaches the limit: so does this.
            var kept = min(limit, found.count)
            if kept > 0, kept < found.count, abs(found[kept] - start) == abs(found[kept - 1] - start) { kept += 1 }
            return Array(found.prefix(kept))
        }
        // Search outward from the expected index, alternating directions (GNU patch, git apply).
        var distance = 0
        while found.count < limit {
            let down = start + distance, up = start - distance
            let downOK = down <= last, upOK = up >= minIndex && distance > 0
            if !downOK && !upOK { break }
            if downOK, matches(pattern, at: down) { found.append(down) }
            if upOK, matches(pattern, at: up) { found.append(up) }
            distance += 1
        }
        return found
    }

    /// Searches for `pre` (the pre-image ids) expected at `expected`, never before `minIndex`.
    public func locate(
        pre: [Int], leadingContext: Int, trailingContext: Int, expected: Int, minIndex: Int,
        anchorStart: Bool, anchorEnd: Bool, maxFuzz: Int
    ) -> Result {
        func allowed(_ index: Int, _ match: Match) -> Bool {
            let fullStart = index - match.droppedLeading
            let fullEnd = index + (pre.count - match.droppedLeading - match.droppedTrailing) + match.droppedTrailing
            if anchorStart && fullStart != 0 { return false }
            if anchorEnd && fullEnd != target.count { return false }
            return true
        }
        // Exact and offset.
        let whole = Match(index: 0, droppedLeading: 0, droppedTrailing: 0)
        if expected >= minIndex, matches(pre[...], at: expected), allowed(expected, whole) {
            return .found(Match(index: expected, droppedLeading: 0, droppedTrailing: 0), step: .exact)
        }
        let places = occurrences(of: pre[...], expected: expected, minIndex: minIndex).filter { allowed($0, whole) }
        if places.count == 1 {
            return .found(Match(index: places[0], droppedLeading: 0, droppedTrailing: 0), step: .offset)
        }
        if places.count > 1 { return .ambiguous(places.sorted(), fuzz: 0) }
        // Fuzz.
        guard maxFuzz > 0, leadingContext + trailingContext > 0 else { return .notFound }
        var tried = Set<[Int]>()
        for level in 1...maxFuzz {
            var candidates: [(Int, Int)] = []
            let larger = leadingContext >= trailingContext
            candidates.append(larger ? (min(level, leadingContext), 0) : (0, min(level, trailingContext)))
            candidates.append((min(level, leadingContext), min(level, trailingContext)))
            for (dl, dt) in candidates {
                guard max(dl, dt) == level, tried.insert([dl, dt]).inserted else { continue }
                guard leadingContext - dl + trailingContext - dt > 0 else { continue }
                let trimmed = pre[dl..<(pre.count - dt)]
                let shape = Match(index: 0, droppedLeading: dl, droppedTrailing: dt)
                let found = occurrences(of: trimmed, expected: expected + dl, minIndex: minIndex + dl)
                    .filter { allowed($0, shape) }
                if found.count == 1 {
                    return .found(Match(index: found[0], droppedLeading: dl, droppedTrailing: dt), step: .fuzz)
                }
                if found.count > 1 { return .ambiguous(found.map { $0 - dl }.sorted(), fuzz: level) }
            }
        }
        return .notFound
    }
}
