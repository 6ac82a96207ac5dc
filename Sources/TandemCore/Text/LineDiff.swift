/// A minimal line diff: the longest common subsequence of two id sequences, as matched pairs.
///
/// Algorithm: Myers' O((N+M)·D) greedy forward search ("An O(ND) Difference Algorithm and Its Variations",
/// 1986) on what remains after the common prefix and suffix are matched, keeping only the band of the V
/// array each step touched (memory O(D²)). The first edit path found is minimal, so added and removed counts
/// equal `git diff`'s. When the edit distance exceeds `maxCost` (a rewritten file), the search stops and the
/// histogram matching (`LineMatching`) answers instead: bounded time, a good but not always minimal diff.
public enum LineDiff {
    /// Matched pairs (index in a, index in b), increasing in both.
    public static func pairs(_ a: [Int], _ b: [Int], maxCost: Int = 2_000) -> [(a: Int, b: Int)] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        { suffix += 1 }
        var out: [(a: Int, b: Int)] = (0..<prefix).map { ($0, $0) }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        let middle = myers(midA, midB, maxCost: maxCost) ?? LineMatching(midA, midB).pairs
        out += middle.map { ($0.a + prefix, $0.b + prefix) }
        out += (0..<suffix).map { (a.count - suffix + $0, b.count - suffix + $0) }
        return out
    }

    /// Myers' greedy search with the trace kept for backtracking; nil when D exceeds `maxCost`.
    static func myers(_ a: [Int], _ b: [Int], maxCost: Int) -> [(a: Int, b: Int)]? {
        let n = a.count, m = b.count
        if n == 0 || m == 0 { return [] }
        let maxD = min(n + m, maxCost)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...maxD {
            // Keep the band k ∈ [-d-1, d+1] of v as it was before step d.
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break outer
                }
            }
        }
        guard found else { return nil }
        // Backtrack from (n, m) through the saved bands.
        var pairs: [(a: Int, b: Int)] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let band = trace[d]
            func value(_ k: Int) -> Int { band[k + d + 1] }
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && value(k - 1) < value(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : value(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                pairs.append((x, y))
            }
            if d > 0 {
                x = previousX
                y = previousY
            }
        }
        return pairs.reversed()
    }
}

extension LineDiff {
    /// `pairs(a, b)` searched among the lines both sides have, as xdiff does (`xdl_cleanup_records`): a line
    /// the other side lacks is in no common subsequence, so leaving it out keeps the diff minimal, and the
    /// search's cost grows with the edits between shared lines only (a file changed every 30 lines, whose
    /// changed lines are each new, is matched at once instead of falling back to the histogram matching).
    /// Equally short diffs can differ in which equal lines they keep; leaving out what xdiff leaves out
    /// keeps the ones git keeps more often.
    static func pairsOfShared(_ a: [Int], _ b: [Int], maxCost: Int = 2_000) -> [(a: Int, b: Int)] {
        var inA = Set<Int>(), inB = Set<Int>()
        inA.reserveCapacity(a.count)
        inB.reserveCapacity(b.count)
        for id in a { inA.insert(id) }
        for id in b { inB.insert(id) }
        let keptA = a.indices.filter { inB.contains(a[$0]) }, keptB = b.indices.filter { inA.contains(b[$0]) }
        if keptA.count == a.count && keptB.count == b.count { return pairs(a, b, maxCost: maxCost) }
        return pairs(keptA.map { a[$0] }, keptB.map { b[$0] }, maxCost: maxCost).map { (keptA[$0.a], keptB[$0.b]) }
    }

    /// `pairsOfShared(a, b)` with every run of added or deleted lines that could sit at several places placed as
    /// `git diff` places it: beside a change of the other side when it can be, else where git's indent
    /// heuristic scores best (`SplitScore`). The old side is compacted first, then the new, as xdiff does.
    /// `oldLines` and `newLines` are the lines `a` and `b` stand for. The matched count never changes.
    public static func gitPairs(_ a: [Int], _ b: [Int], oldLines: [Bytes], newLines: [Bytes]) -> [(a: Int, b: Int)] {
        SliderGroups.compacted(
            pairsOfShared(a, b), aCount: a.count, bCount: b.count, bFirst: false,
            a: { SliderGroups.compact(&$0, own: a, otherCount: b.count, lines: oldLines) },
            b: { SliderGroups.compact(&$0, own: b, otherCount: a.count, lines: newLines) })
    }
}
