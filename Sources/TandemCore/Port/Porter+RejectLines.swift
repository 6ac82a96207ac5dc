/// Where a copy's rejected hunks are numbered (`tandem port`'s reject file, which names the copy).
///
/// GNU patch numbers a reject where the hunk would stand in the new file: its stated line moved by the
/// lines the hunks applied above it added or removed. A port's stated lines are upstream's, and a copy
/// that drifted holds the same code hundreds of lines away, so upstream's numbers point nowhere in the copy.
/// Each rejected hunk is numbered from the copy instead: a conflict where its region starts, a hunk held
/// for review where it would land, any other hunk at its stated line moved by the offset the nearest hunk
/// above it found in the copy; then moved by the lines that landed above it (a held hunk lands nothing).
/// Beside a copy written with conflict markers (`--apply --merge`), a conflict's lines are its marked
/// region instead of the changes that landed on their own. The console and the JSON keep the line in the
/// copy before the port, as the verdicts say it.
///
/// Example: the copy has 20 lines of its own above the code, hunk 1 is ported at offset +20 and adds 3
/// lines, and hunk 2 (stated at line 30) is nowhere in the copy: its reject reads `@@ -53,… +…`.
///
/// Cost: one pass over the outcomes.
extension Porter {
    /// The 1-based line in the ported copy where each hunk would stand (see above), by hunk index;
    /// `markers`: in the copy written with conflict markers.
    static func rejectStarts(_ outcomes: [HunkOutcome], hunks: [Hunk], held: Set<Int>, markers: Bool = false)
        -> [Int]
    {
        var offset = 0, shift = 0
        return outcomes.enumerated().map { index, outcome in
            let stated = hunks.indices.contains(index) ? max(hunks[index].header.oldStart, 1) : 1
            var start: Int
            switch outcome {
            case .applied(let p):
                offset = p.targetIndex - (stated - 1)
                start = p.targetIndex + 1 + shift
                if !held.contains(index) { shift += p.replacement.count - p.targetCount }
            case .alreadyApplied(let line):
                offset = line - stated
                start = line + shift
            case .conflict(let c):
                offset = c.targetIndex - (stated - 1)
                start = c.targetIndex + 1 + shift
                if held.contains(index) {
                } else if markers {
                    shift += c.merged.count - c.targetCount
                } else if let p = c.partial {
                    shift += p.replacement.count - p.targetCount
                }
            case .failed:
                start = stated + offset + shift
            }
            return max(start, 1)
        }
    }
}
