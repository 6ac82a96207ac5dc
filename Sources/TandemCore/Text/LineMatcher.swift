/// A line matching between two sequences: which lines of `a` correspond to which lines of `b`, in order
/// (a common subsequence). The foundation of diffs, of mapping hunk positions onto drifted copies, and of
/// the 3-way merge.
///
/// Algorithm: histogram diff, in the manner of git's `--histogram` and JGit. Common prefix and suffix are
/// matched first. In the remaining region, every line of `b` that also occurs in `a` is a candidate anchor;
/// the anchor chosen is the one whose line occurs *least often*, counted on the side where it occurs more
/// (ties: the longest run of equal lines around it), so unique lines (function names, distinctive
/// statements) anchor the matching and frequent lines (`}`, blank lines) do not. Counting `a` alone, as git
/// and JGit do, a `}` that closed one block in `a` but closes two in `b` anchored before a statement unique
/// on both sides, and a line the other side of a 3-way merge had put after that `}` followed the wrong one
/// (a kernel commit that wrapped `if (IS_ERR(idle))` in new code, backported onto a tree with a line of its
/// own after the block). The region is split at that run and both sides are matched recursively.
/// A region with no common line has no matches. Lines occurring more than 64 times in a region are not used
/// as anchors (as in git); if no anchor remains the region falls back to the LCS by dynamic programming when
/// it is small (≤ 10⁶ cells), and to no matches otherwise.
///
/// Runs of unmatched lines that could sit at several places are then moved to one chosen by rule
/// (`LineMatching+Sliders`).
///
/// Cost: about O(n log n) on typical source files; O(n²) in the worst case, and O(n × changes) when each
/// anchor falls near its region's end (a long file changed every few lines), as with git's `--histogram`.
/// The result is a valid common subsequence, not always the longest one; that is the point — it prefers
/// alignments a person would draw.
public struct LineMatching: Sendable, Equatable {
    /// Matched pairs (index in a, index in b), increasing in both.
    public private(set) var pairs: [(a: Int, b: Int)]

    public static func == (lhs: LineMatching, rhs: LineMatching) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.a == $1.a && $0.b == $1.b }
    }

    /// For each line of a, its matched line in b.
    public func mapAtoB(countA: Int) -> [Int?] {
        var map = [Int?](repeating: nil, count: countA)
        for pair in pairs { map[pair.a] = pair.b }
        return map
    }

    /// For each line of b, its matched line in a.
    public func mapBtoA(countB: Int) -> [Int?] {
        var map = [Int?](repeating: nil, count: countB)
        for pair in pairs { map[pair.b] = pair.a }
        return map
    }

    /// Matches `a` against `b` (line ids from a `LineInterner`), runs that could sit at several places
    /// placed by `compacted` (`blank` tells the ids of blank lines; pass the interner's `isBlank`).
    public init(_ a: [Int], _ b: [Int], blank: (Int) -> Bool = { _ in false }, compact: Bool = true) {
        var matcher = HistogramMatcher(a: a, b: b)
        matcher.match(0, a.count, 0, b.count)
        pairs = matcher.pairs.sorted { $0.a < $1.a }
        if compact { pairs = Self.compacted(pairs, a, b, blank: blank) }
    }

    /// Matches two line lists by content.
    public init(_ a: [Bytes], _ b: [Bytes]) {
        var interner = LineInterner()
        let ia = interner.ids(a)
        let ib = interner.ids(b)
        self.init(ia, ib, blank: interner.isBlank)
    }
}

private struct HistogramMatcher {
    let a: [Int]
    let b: [Int]
    var pairs: [(a: Int, b: Int)] = []
    static let maxOccurrences = 64
    /// Scratch tables indexed by line id, all zero (`head` all -1) between regions: for the region being
    /// matched, the first position in `a` of each id (`head`, then `next` from position to position, in
    /// increasing order) and each id's count in `a` and in `b`. Arrays indexed by id, not dictionaries: a
    /// region is read once per anchor, and a file whose copy changed every few lines is split into as many
    /// regions (3,000 scattered changes in 100,000 lines took a minute with dictionaries).
    var head: [Int32]
    var next: [Int32]
    var countA: [Int32]
    var countB: [Int32]

    init(a: [Int], b: [Int]) {
        // Ids are a `LineInterner`'s, dense from 0; other ids are renumbered so the tables stay small.
        let low = min(a.min() ?? 0, b.min() ?? 0), high = max(a.max() ?? 0, b.max() ?? 0)
        if !LineInterner.indexable(low: low, high: high, lines: a.count + b.count) {
            var dense: [Int: Int] = [:]
            func renumbered(_ id: Int) -> Int {
                if let made = dense[id] { return made }
                dense[id] = dense.count
                return dense.count - 1
            }
            self.a = a.map(renumbered)
            self.b = b.map(renumbered)
        } else {
            self.a = a
            self.b = b
        }
        let ids = (self.a.max().map { $0 + 1 } ?? 0, self.b.max().map { $0 + 1 } ?? 0)
        let size = max(ids.0, ids.1)
        head = [Int32](repeating: -1, count: size)
        next = [Int32](repeating: -1, count: a.count)
        countA = [Int32](repeating: 0, count: size)
        countB = [Int32](repeating: 0, count: size)
    }

    /// Matches the region a0..<a1 × b0..<b1 with an explicit work list (no recursion, so no stack limit on
    /// long files).
    mutating func match(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) {
        var work = [(a0, a1, b0, b1)]
        while var (a0, a1, b0, b1) = work.popLast() {
            while a0 < a1, b0 < b1, a[a0] == b[b0] {
                pairs.append((a0, b0))
                a0 += 1
                b0 += 1
            }
            while a0 < a1, b0 < b1, a[a1 - 1] == b[b1 - 1] {
                a1 -= 1
                b1 -= 1
                pairs.append((a1, b1))
            }
            if a0 == a1 || b0 == b1 { continue }
            guard let anchor = bestAnchor(a0, a1, b0, b1) else {
                lcsFallback(a0, a1, b0, b1)
                continue
            }
            for k in 0..<anchor.length { pairs.append((anchor.a + k, anchor.b + k)) }
            work.append((a0, anchor.a, b0, anchor.b))
            work.append((anchor.a + anchor.length, a1, anchor.b + anchor.length, b1))
        }
    }

    /// The run of equal lines around the least frequent common line.
    mutating func bestAnchor(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) -> (a: Int, b: Int, length: Int)? {
        for i in stride(from: a1 - 1, through: a0, by: -1) {
            next[i] = head[a[i]]
            head[a[i]] = Int32(i)
            countA[a[i]] += 1
        }
        for j in b0..<b1 where countA[b[j]] > 0 { countB[b[j]] += 1 }
        defer {
            for i in a0..<a1 {
                head[a[i]] = -1
                countA[a[i]] = 0
            }
            for j in b0..<b1 { countB[b[j]] = 0 }
        }
        // How often a line occurs on the side where it is more frequent: a line unique in `a` but twice in
        // `b` (`}` closing two blocks where the old code had one) could pair either way.
        func occurrences(_ line: Int) -> Int { Int(max(countA[line], countB[line])) }
        var best: (a: Int, b: Int, length: Int, count: Int)?
        var j = b0
        while j < b1 {
            let line = b[j]
            guard countA[line] > 0, countA[line] <= Self.maxOccurrences else {
                j += 1
                continue
            }
            if let current = best, occurrences(line) > current.count {
                j += 1
                continue
            }
            var furthest = j + 1
            var candidate = Int(head[line])
            while candidate >= 0 {
                let i = candidate
                candidate = Int(next[i])
                var start = 0
                while i - start > a0, j - start > b0, a[i - start - 1] == b[j - start - 1] { start += 1 }
                var end = 1
                while i + end < a1, j + end < b1, a[i + end] == b[j + end] { end += 1 }
                let length = start + end
                // Occurrence count of the rarest line in the run decides; then length.
                var count = occurrences(line)
                for k in (i - start)..<(i + end) { count = min(count, occurrences(a[k])) }
                let better = best.map { count < $0.count || (count == $0.count && length > $0.length) } ?? true
                if better { best = (i - start, j - start, length, count) }
                furthest = max(furthest, j + end)
            }
            j = furthest
        }
        return best.map { ($0.a, $0.b, $0.length) }
    }

    /// Classic LCS table for small regions where no line was a usable anchor.
    mutating func lcsFallback(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) {
        let n = a1 - a0, m = b1 - b0
        guard n * m <= 1_000_000 else { return }
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    a[a0 + i] == b[b0 + j]
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var i = 0, j = 0
        while i < n && j < m {
            if a[a0 + i] == b[b0 + j] {
                pairs.append((a0 + i, b0 + j))
                i += 1
                j += 1
            } else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
    }
}
