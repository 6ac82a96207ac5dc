/// Placement step **slid-insertion** (`FilePatcher+Blocks`): both sides inserted lines at one point, and
/// one of the two insertions can be read as made one line further up or down, because its last line is the
/// base line just before the point (often a blank line) or its first line the base line just after it. A
/// diff pairs equal lines one way or the other at will; read the other way, the two insertions stand at
/// different points, and each keeps the neighbours it had on its own side. Upstream's lines then go right
/// after the fork's, or right before them.
///
/// Example: after `paging_init();` and a blank line, the fork inserted three lines and a blank line;
/// upstream inserted `#ifdef CONFIG_ACPI_BOOT` before the next line. Read with the fork's blank line as the
/// base's, the fork inserted its lines (and a blank line) before the base's blank line, so upstream's
/// `#ifdef` goes after the fork's lines, right before the line it precedes upstream.
///
/// Refused — the conflict stays — when both orders have such a reading (upstream's insertion too ends in a
/// blank line where the fork's does): which one was meant is a guess. Refused too when the fork's lines open
/// or close a region around the base's lines (`#if 0` above code the fork switched off, an `#endif`, a
/// Kconfig `if` or `menu`, a Makefile `ifeq`): then the order decides whether upstream's lines fall inside
/// the fork's region, which no reading of the lines can tell. On the development history, upstream's lines
/// went inside such a region as often as outside it.
///
/// Cost: a few line comparisons and one pass over the fork's lines.
extension FilePatcher {
    /// The fork's lines and upstream's in the one order some reading allows (see above); nil when none or
    /// both do. `fork` is the fork's inserted lines in the target, between the base's neighbouring lines at
    /// target lines `fork.lowerBound - 1` and `fork.upperBound`; `upstream` is upstream's lines.
    func slidInsertion(fork: Range<Int>, upstream: [Bytes]) -> [Bytes]? {
        guard !fork.isEmpty, !upstream.isEmpty else { return nil }
        let theirs = fork.map { table[$0] }
        guard Self.closedRegions(theirs) else { return nil }
        let previous = fork.lowerBound > 0 ? table[fork.lowerBound - 1] : nil
        let next = fork.upperBound < table.count ? table[fork.upperBound] : nil
        // The fork's lines first: the fork's insertion slides up (it ends with the line before the point), or
        // upstream's slides down (it starts with the line after the point). Upstream's first: the reverse.
        func same(_ a: Bytes?, _ b: Bytes?) -> Bool { a != nil && a == b }
        let forkFirst = same(theirs.last, previous) || same(upstream.first, next)
        let upstreamFirst = same(theirs.first, next) || same(upstream.last, previous)
        switch (forkFirst, upstreamFirst) {
        case (true, false): return theirs + upstream
        case (false, true): return upstream + theirs
        default: return nil
        }
    }

    /// True when `lines` close every region they open and open every region they close: preprocessor
    /// conditionals (`ConditionalShape`), and the blocks of Kconfig (`if`, `menu`, `choice`) and of make
    /// (`ifeq`, `ifneq`, `ifdef`, `ifndef`), whose keywords stand at the left edge.
    static func closedRegions(_ lines: [Bytes]) -> Bool {
        guard ConditionalShape(lines) == .balanced else { return false }
        let opening: Set<String> = ["if", "menu", "choice", "ifeq", "ifneq", "ifdef", "ifndef"]
        let closing: Set<String> = ["endif", "endmenu", "endchoice"]
        var depth = 0
        for line in lines {
            guard let first = line.first, !ASCII.isBlank(first) else { continue }
            let word = String(decoding: line.prefix { !ASCII.isBlank($0) }, as: UTF8.self)
            if opening.contains(word) {
                depth += 1
            } else if closing.contains(word) {
                depth -= 1
                if depth < 0 { return false }
            } else if word == "else", depth == 0 {
                return false
            }
        }
        return depth == 0
    }
}
