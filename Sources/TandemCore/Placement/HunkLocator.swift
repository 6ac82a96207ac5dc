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
/// Lines are compared as interned ids (see `LineInterner`), so a comparison is one integer test. A search
/// costs O(target lines × pre-image lines) in the worst case and O(pre-image lines) when the hunk is where it
/// says.
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

    public init(target: [Int]) { self.target = target }

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

    /// Every index ≥ `minIndex` where `pattern` occurs, nearest to `expected` first, stopping after `limit`.
    func occurrences(of pattern: ArraySlice<Int>, expected: Int, minIndex: Int, limit: Int = 8) -> [Int] {
        let last = target.count - pattern.count
        guard last >= minIndex else { return [] }
        var found: [Int] = []
        // Search outward from the expected index, alternating directions (GNU patch, git apply).
        let start = min(max(expected, minIndex), last)
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
