import Testing
@testable import TandemCore

/// The line index of `HunkLocator` and the id-indexed tables of the histogram matcher are speed only: the
/// places a search finds, in their order, and the pairs a matching draws are those of the plain scan. Checked
/// here against a reference written the slow, obvious way, on random files small enough to hit every path
/// (a rarest line absent, rare, or too frequent for the index; ids no interner makes).
@Suite("Search index: same answers as the scan")
struct SearchIndexTests {
    /// Every place of `pattern` at or after `minIndex`, nearest to the clamped `expected` first, at equal
    /// distance the lower place (further down the file) first, at the distances needed to reach `limit`
    /// (so one more than `limit` when the two places at the last distance both hold it): what the scan finds.
    private func reference(_ target: [Int], _ pattern: [Int], expected: Int, minIndex: Int, limit: Int) -> [Int] {
        let last = target.count - pattern.count
        guard last >= minIndex else { return [] }
        let start = min(max(expected, minIndex), last)
        let all = (minIndex...last).filter { Array(target[$0..<($0 + pattern.count)]) == pattern }
        let ordered = all.sorted { (abs($0 - start), $0 < start ? 1 : 0) < (abs($1 - start), $1 < start ? 1 : 0) }
        var kept: [Int] = []
        for place in ordered {
            if kept.count >= limit, let previous = kept.last, abs(place - start) != abs(previous - start) { break }
            kept.append(place)
        }
        return kept
    }

    @Test func theIndexFindsWhatTheScanFinds() {
        var random = SplitMix64(seed: 39)
        for round in 0..<3_000 {
            // Few distinct lines make frequent ones (scanned); many make rare ones (indexed).
            let alphabet = [2, 3, 8, 40, 400][round % 5]
            let count = Int.random(in: 0...300, using: &random)
            let target = (0..<count).map { _ in Int.random(in: 0..<alphabet, using: &random) }
            let length = Int.random(in: 1...4, using: &random)
            var pattern: [Int]
            if count >= length, Bool.random(using: &random) {
                let at = Int.random(in: 0...(count - length), using: &random)
                pattern = Array(target[at..<(at + length)])
            } else {
                pattern = (0..<length).map { _ in Int.random(in: 0..<(alphabet + 2), using: &random) }
            }
            let expected = Int.random(in: -5...(count + 5), using: &random)
            let minIndex = Int.random(in: 0...max(0, count / 2), using: &random)
            let limit = [1, 2, 8][round % 3]
            // A slice not starting at 0, as the fuzz step passes its trimmed pre-image.
            let padded = [7, 7] + pattern
            let found = HunkLocator(target: target).occurrences(
                of: padded[2...], expected: expected, minIndex: minIndex, limit: limit)
            #expect(
                found == reference(target, pattern, expected: expected, minIndex: minIndex, limit: limit),
                "target \(target) pattern \(pattern) expected \(expected) min \(minIndex)")
        }
    }

    /// A line the target does not have: no place, at once; ids no interner makes (negative, huge) are
    /// scanned, with the same answers.
    @Test func absentLinesAndForeignIdsFindWhatTheScanFinds() {
        let target = [5, 1, 2, 3, 1, 2, 3, 9]
        let locator = HunkLocator(target: target)
        #expect(locator.occurrences(of: [1, 2, 4][...], expected: 0, minIndex: 0) == [])
        #expect(locator.occurrences(of: [1_000_000][...], expected: 0, minIndex: 0) == [])
        #expect(locator.occurrences(of: [1, 2, 3][...], expected: 4, minIndex: 0) == [4, 1])
        let foreign = target.map { $0 == 9 ? -3 : $0 * 1_000_000_007 }
        let scanned = HunkLocator(target: foreign)
        #expect(scanned.occurrences(of: foreign[1...3], expected: 4, minIndex: 0) == [4, 1])
        #expect(scanned.occurrences(of: [-3][...], expected: 0, minIndex: 0) == [7])
    }

    /// The matcher renumbers ids no interner makes, and draws the pairs it draws for the same lines with
    /// dense ids.
    @Test func foreignIdsMatchAsDenseOnes() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...60, using: &random)).map { _ in Int.random(in: 0..<12, using: &random) }
            var b = a
            for _ in 0..<Int.random(in: 0...8, using: &random) where !b.isEmpty {
                let at = Int.random(in: 0..<b.count, using: &random)
                if Bool.random(using: &random) {
                    b.remove(at: at)
                } else {
                    b.insert(Int.random(in: 0..<15, using: &random), at: at)
                }
            }
            let dense = LineMatching(a, b, compact: false)
            let foreign = LineMatching(a.map { $0 * -1_000_003 - 1 }, b.map { $0 * -1_000_003 - 1 }, compact: false)
            #expect(dense == foreign)
            // The pairs are a common subsequence, increasing on both sides.
            #expect(dense.pairs.allSatisfy { a[$0.a] == b[$0.b] })
            #expect(zip(dense.pairs, dense.pairs.dropFirst()).allSatisfy { $0.a < $1.a && $0.b < $1.b })
        }
    }
}
