/// Where, in a sibling file, the code a hunk fixes stands (`SiblingCheck` step 2), and whether the fixed
/// lines stand there already (step 3).
///
/// The hunk's key is the lines it removes (for a pure addition, up to three context lines on each side of
/// it), compared on the sibling's non-trivial lines token by token ignoring white space, or failing that
/// with identifiers abstracted. When the whole key is not there as one run, a hunk of several changes is
/// looked for change by change: each change's removed lines, in order, each within 60 non-trivial lines of
/// the one before (the sibling keeps the same code with other lines between). Every place that fits is
/// listed; a place inside a function of the hunk's own name wins, and places nothing tells apart are all
/// reported (the first as the finding, the others as `alsoAt`).
///
/// "Already fixed" is decided near the place found (the function holding it, or 40 lines around it), not
/// anywhere in the file: a one-line addition such as `EXPORT_SYMBOL(x);` is shaped like many unrelated lines.
/// Abstracted comparison is used there only for a fix of two lines or more that does more than rename (a
/// rename-only fix is the same as the old code with identifiers abstracted).
///
/// Cost: a scan of the sibling's non-trivial lines per key form, times the number of changes for a hunk
/// matched change by change.
extension SiblingCheck {
    /// A place where the hunk's old code stands in a sibling file.
    struct Place {
        /// Index into the sibling's non-trivial lines of the first and last line matched.
        var first: Int
        var last: Int
        var confidence: Double
        /// Other places (indices of their first line) that fit as well.
        var others: [Int]
    }

    /// The best place of the hunk's old code in `target`, or nil when it is not there.
    static func locate(_ parts: HunkLines, function: String?, in target: Lines) -> Place? {
        let key = parts.removed.isEmpty ? Array(parts.before.suffix(3) + parts.after.prefix(3)) : parts.removed
        guard !key.isEmpty else { return nil }
        let forms: [(lines: [String], convert: (Bytes) -> String, confidence: Double)] = [
            (target.normalized, { CTokens.normalized($0) }, 0.9),
            (target.abstracted, { CTokens.abstracted($0, strings: true) }, 0.6),
        ]
        for form in forms {
            let needle = key.map(form.convert)
            let starts = findAll(needle, in: form.lines)
            if !starts.isEmpty {
                return choose(
                    starts.map { ($0, $0 + needle.count - 1) }, function: function, in: target,
                    confidence: form.confidence)
            }
        }
        // Change by change, for a hunk of several changes.
        let blocks = parts.blocks.filter { !$0.isEmpty }
        guard blocks.count >= 2 else { return nil }
        for form in forms {
            let needles = blocks.map { $0.map(form.convert) }
            var spans: [(Int, Int)] = []
            for first in findAll(needles[0], in: form.lines) {
                var end = first + needles[0].count
                var fits = true
                for needle in needles.dropFirst() {
                    guard let next = findAll(needle, in: form.lines, from: end, within: 60).first else {
                        fits = false; break
                    }
                    end = next + needle.count
                }
                if fits { spans.append((first, end - 1)) }
            }
            if !spans.isEmpty {
                return choose(spans, function: function, in: target, confidence: form.confidence - 0.1)
            }
        }
        return nil
    }

    /// Of several places, the one inside a function named `function`; nothing telling them apart, the
    /// first, with the others listed and the confidence lowered.
    static func choose(_ spans: [(Int, Int)], function: String?, in target: Lines, confidence: Double) -> Place {
        func functionAt(_ index: Int) -> String? {
            let line = target.numbers[index]
            return target.functions.first { $0.lines.contains(line) }?.name
        }
        var candidates = spans
        if let function {
            let named = spans.filter { functionAt($0.0) == function }
            if !named.isEmpty {
                candidates = named
            }
        }
        let chosen = candidates[0]
        let others = candidates.dropFirst().map(\.0)
        return Place(
            first: chosen.0, last: chosen.1, confidence: others.isEmpty ? confidence : confidence - 0.2,
            others: Array(others))
    }

    /// Every index where `needle` stands as one run in `haystack`, from `from`, starting at most `within`
    /// lines past it (nil: anywhere).
    static func findAll(_ needle: [String], in haystack: [String], from: Int = 0, within: Int? = nil) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count, from <= haystack.count - needle.count else { return [] }
        let last = min(haystack.count - needle.count, within.map { from + $0 } ?? Int.max)
        var out: [Int] = []
        var start = from
        while start <= last {
            if haystack[start] == needle[0], needle.indices.allSatisfy({ haystack[start + $0] == needle[$0] }) {
                out.append(start)
            }
            start += 1
        }
        return out
    }

    /// True when the hunk's added lines stand in `target` — near `place` when one was found (the function
    /// holding it, or 40 lines around), anywhere otherwise — token by token, or with identifiers abstracted
    /// for a fix of at least `abstractFrom` lines that does more than rename.
    static func holdsFix(_ parts: HunkLines, in target: Lines, near place: Place?, abstractFrom: Int) -> Bool {
        guard !parts.added.isEmpty else { return false }
        var range = 0..<target.normalized.count
        if let place {
            let line = target.numbers[place.first]
            if let span = target.functions.first(where: { $0.lines.contains(line) }) {
                let low = target.numbers.firstIndex { $0 >= span.lines.lowerBound } ?? place.first
                let high = target.numbers.lastIndex { $0 <= span.lines.upperBound }.map { $0 + 1 } ?? place.last + 1
                range = low..<high
            } else {
                range = max(0, place.first - 40)..<min(target.normalized.count, place.last + 41)
            }
        }
        let normalized = Array(target.normalized[range]), abstracted = Array(target.abstracted[range])
        if !findAll(parts.added.map { CTokens.normalized($0) }, in: normalized).isEmpty { return true }
        guard parts.added.count >= abstractFrom, !parts.renamesOnly else { return false }
        return !findAll(parts.added.map { CTokens.abstracted($0, strings: true) }, in: abstracted).isEmpty
    }
}
