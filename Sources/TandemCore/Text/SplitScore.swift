/// git's indent heuristic (xdiff's `measure_split` / `score_add_split`, by Michael Haggerty): where a run of
/// added or deleted lines that could sit at several places reads best, judged from the indentation and blank
/// lines around its two edges. `git diff` uses it by default, so `tandem diff` and the patches tandem
/// writes from trees place such runs as git does.
///
/// A group placed with its end at `e` splits the file twice: above line `e - size` and above line `e`. Each
/// split is measured (the indent of the line after it, the blank lines before and after it, the indents of
/// the nearest non-blank lines on each side) and scored: blank lines around a split are good, a split just
/// before a deeper-indented line or inside a block is bad, and the sum of the two splits' indents decides
/// first (a group that starts and ends at low indentation wraps whole blocks). Of the group's last
/// `size + 1` places (at most 100), the one with the lowest score wins, the lower one on a tie. The weights
/// are git's, fitted by its author on a corpus of human-judged diffs.
///
/// Cost: a few lines read around each candidate place; candidates are bounded by the group's size and 100.
struct SplitScore {
    var effectiveIndent = 0
    var penalty = 0

    /// The end (exclusive) of the chosen place of a group of `size` lines whose lowest place ends at
    /// `lowestEnd` and highest at `earliestEnd`, in `lines`.
    static func bestEnd(_ lines: [Bytes], lowestEnd: Int, earliestEnd: Int, size: Int) -> Int {
        var end = max(earliestEnd, lowestEnd - size - 1, lowestEnd - maxSliding)
        var best: (end: Int, score: SplitScore)?
        while end <= lowestEnd {
            var score = SplitScore()
            score.add(Split(lines, at: end))
            score.add(Split(lines, at: end - size))
            if best.map({ score.compare($0.score) <= 0 }) ?? true { best = (end, score) }
            end += 1
        }
        return best?.end ?? lowestEnd
    }

    /// The indent of a line as git counts it: spaces 1, tabs to the next multiple of 8, at most 200; -1 when
    /// the line holds only white space.
    static func indent(_ line: some Collection<UInt8>) -> Int {
        var width = 0
        for byte in line {
            switch byte {
            case ASCII.space: width += 1
            case ASCII.tab: width += 8 - width % 8
            case ASCII.newline, ASCII.carriageReturn, 0x0B, 0x0C: break
            default: return width
            }
            if width >= maxIndent { return maxIndent }
        }
        return -1
    }

    static let maxSliding = 100, maxIndent = 200, maxBlanks = 20

    /// What is around a split above line `at`.
    struct Split {
        var endOfFile: Bool
        /// Indent of the line just after the split (-1: blank or end of file).
        var indent: Int
        var preBlank = 0, preIndent = -1, postBlank = 0, postIndent = -1

        init(_ lines: [Bytes], at split: Int) {
            endOfFile = split >= lines.count
            indent = endOfFile ? -1 : SplitScore.indent(lines[split])
            (preBlank, preIndent) = Self.nearest(lines, from: split - 1, step: -1)
            (postBlank, postIndent) = Self.nearest(lines, from: split + 1, step: 1)
        }

        /// Walking from `line` by `step`: the blank lines passed, and the indent of the first other line (-1
        /// past the file's edge, 0 after `maxBlanks` blank lines).
        static func nearest(_ lines: [Bytes], from line: Int, step: Int) -> (blanks: Int, indent: Int) {
            var blanks = 0, line = line
            while line >= 0 && line < lines.count {
                let indent = SplitScore.indent(lines[line])
                if indent != -1 { return (blanks, indent) }
                blanks += 1
                if blanks == SplitScore.maxBlanks { return (blanks, 0) }
                line += step
            }
            return (blanks, -1)
        }
    }

    // git's weights. A penalty: larger is a worse place. The `…WithBlank` ones apply when blank lines touch
    // the split.
    static let startOfFile = 1, endOfFile = 21
    static let perBlankAround = -30, perBlankAfter = 6
    static let deeper = -4, deeperWithBlank = 10  // the line after is indented more than the one before
    static let blockStart = 24, blockStartWithBlank = 17  // less than the one before, and the next is deeper
    static let blockEnd = 23, blockEndWithBlank = 17  // less than the one before, and the next is not deeper
    static let indentWeight = 60

    mutating func add(_ split: Split) {
        if split.preIndent == -1 && split.preBlank == 0 { penalty += Self.startOfFile }
        if split.endOfFile { penalty += Self.endOfFile }
        let postBlank = split.indent == -1 ? 1 + split.postBlank : 0
        let totalBlank = split.preBlank + postBlank
        penalty += Self.perBlankAround * totalBlank + Self.perBlankAfter * postBlank
        let indent = split.indent != -1 ? split.indent : split.postIndent
        let blanks = totalBlank != 0
        effectiveIndent += indent
        guard indent != -1, split.preIndent != -1 else { return }
        if indent > split.preIndent {
            penalty += blanks ? Self.deeperWithBlank : Self.deeper
        } else if indent < split.preIndent {
            if split.postIndent != -1 && split.postIndent > indent {
                penalty += blanks ? Self.blockStartWithBlank : Self.blockStart
            } else {
                penalty += blanks ? Self.blockEndWithBlank : Self.blockEnd
            }
        }
    }

    /// Negative when `self` is the better place: the sums of indents decide by their sign alone (weighted),
    /// then the penalties.
    func compare(_ other: SplitScore) -> Int {
        let indents =
            (effectiveIndent > other.effectiveIndent ? 1 : 0) - (effectiveIndent < other.effectiveIndent ? 1 : 0)
        return Self.indentWeight * indents + (penalty - other.penalty)
    }
}
