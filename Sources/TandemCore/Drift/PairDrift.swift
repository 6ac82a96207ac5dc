/// How far a forked copy has drifted from its original: the numbers `tandem drift` reports per pair.
///
/// From one minimal line diff of original → copy (`LineDiff`):
/// - *similarity* `2·shared / (original lines + copy lines)` (1 for identical files, 0 for nothing shared);
/// - shared, fork-only and upstream-only line counts, and the number of divergent regions (change blocks);
/// - fork-only lines inside preprocessor blocks whose condition names a `guards` macro (`#ifdef CONFIG_XEN`
///   … `#endif`, `#else` branches included, the directive lines themselves counted) versus free edits;
/// - the C functions that differ (`CFunctions`): functions of the copy holding fork-only lines and functions
///   of the original holding upstream-only lines.
/// `predictedFailures` adds the port cost: how many hunks of the next upstream change would not apply.
public struct PairDrift: Sendable, Equatable {
    public var identical: Bool
    public var identicalIgnoringWhitespace: Bool
    public var similarity: Double
    public var sharedLines: Int
    public var forkOnlyLines: Int
    public var upstreamOnlyLines: Int
    public var divergentRegions: Int
    public var guardedForkLines: Int
    public var freeForkLines: Int { forkOnlyLines - guardedForkLines }
    public var changedFunctions: [String]

    /// Numbers measured before (read back from a `tandem.drift` file).
    public init(
        identical: Bool, identicalIgnoringWhitespace: Bool, similarity: Double, sharedLines: Int, forkOnlyLines: Int,
        upstreamOnlyLines: Int, divergentRegions: Int, guardedForkLines: Int, changedFunctions: [String]
    ) {
        self.identical = identical
        self.identicalIgnoringWhitespace = identicalIgnoringWhitespace
        self.similarity = similarity
        self.sharedLines = sharedLines
        self.forkOnlyLines = forkOnlyLines
        self.upstreamOnlyLines = upstreamOnlyLines
        self.divergentRegions = divergentRegions
        self.guardedForkLines = guardedForkLines
        self.changedFunctions = changedFunctions
    }

    /// The drift of two empty files (a placeholder before a pair is measured).
    public static let empty = PairDrift(original: [], copy: [])

    /// Measures `copy` against `original`; `guards` are macros that mark fork-only code.
    public init(original: [UInt8], copy: [UInt8], guards: [String] = []) {
        identical = ByteCompare.equal(original, copy)
        let a = TextFile(bytes: original).lines, b = TextFile(bytes: copy).lines
        identicalIgnoringWhitespace = identical || Self.equalIgnoringWhitespace(a, b)
        var interner = LineInterner(capacity: a.count + b.count)
        let ia = interner.ids(a), ib = interner.ids(b)
        let pairs = LineDiff.pairs(ia, ib)
        sharedLines = pairs.count
        forkOnlyLines = b.count - pairs.count
        upstreamOnlyLines = a.count - pairs.count
        similarity = a.isEmpty && b.isEmpty ? 1 : 2 * Double(pairs.count) / Double(a.count + b.count)
        var matchedA = [Bool](repeating: false, count: a.count), matchedB = [Bool](repeating: false, count: b.count)
        for pair in pairs {
            matchedA[pair.a] = true
            matchedB[pair.b] = true
        }
        // Divergent regions: maximal runs between matched pairs where either side has unmatched lines.
        var regions = 0, ai = 0, bi = 0
        for pair in pairs + [(a: a.count, b: b.count)] {
            if pair.a > ai || pair.b > bi { regions += 1 }
            ai = pair.a + 1
            bi = pair.b + 1
        }
        divergentRegions = regions
        let guarded = Self.guardedLines(b, guards: guards)
        guardedForkLines = b.indices.filter { !matchedB[$0] && guarded[$0] }.count
        let forkOnly = b.indices.filter { !matchedB[$0] }, upstreamOnly = a.indices.filter { !matchedA[$0] }
        var names = CFunctions.names(containing: forkOnly, in: CFunctions.spans(b))
        for name in CFunctions.names(containing: upstreamOnly, in: CFunctions.spans(a)) where !names.contains(name) {
            names.append(name)
        }
        changedFunctions = names
    }

    /// Whether the lines are equal once white space is removed from each and blank lines are dropped
    /// (what `squeezed` compares), walked in step without building the squeezed lines.
    static func equalIgnoringWhitespace(_ a: [Bytes], _ b: [Bytes]) -> Bool {
        func isBlank(_ c: UInt8) -> Bool {
            c == ASCII.space || c == ASCII.tab || c == ASCII.carriageReturn || c == ASCII.newline
        }
        func nextLine(_ lines: [Bytes], _ i: inout Int) -> Bytes? {
            while i < lines.count {
                defer { i += 1 }
                if lines[i].contains(where: { !isBlank($0) }) { return lines[i] }
            }
            return nil
        }
        var i = 0, j = 0
        while true {
            let x = nextLine(a, &i), y = nextLine(b, &j)
            guard let x, let y else { return x == nil && y == nil }
            var p = x.startIndex, q = y.startIndex
            while true {
                while p < x.endIndex, isBlank(x[p]) { p += 1 }
                while q < y.endIndex, isBlank(y[q]) { q += 1 }
                if p == x.endIndex || q == y.endIndex {
                    if p != x.endIndex || q != y.endIndex { return false }
                    break
                }
                if x[p] != y[q] { return false }
                p += 1
                q += 1
            }
        }
    }

    /// Lines without any white space, blank lines dropped.
    static func squeezed(_ lines: [Bytes]) -> [[UInt8]] {
        lines.map {
            $0.filter { $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.carriageReturn && $0 != ASCII.newline }
        }
        .filter { !$0.isEmpty }
    }

    /// For each line, whether it lies in (or is a directive of) a preprocessor block whose condition names
    /// one of `guards`.
    static func guardedLines(_ lines: [Bytes], guards: [String]) -> [Bool] {
        guard !guards.isEmpty else { return [Bool](repeating: false, count: lines.count) }
        let macros = guards.map { Array($0.utf8) }
        var stack: [Bool] = []  // per open #if: does its condition name a guard?
        var out: [Bool] = []
        out.reserveCapacity(lines.count)
        for line in lines {
            let text = line.withoutTerminator.drop { $0 == ASCII.space || $0 == ASCII.tab }
            guard text.first == UInt8(ascii: "#") else {
                out.append(stack.contains(true))
                continue
            }
            let directive = text.dropFirst().drop { $0 == ASCII.space || $0 == ASCII.tab }
            if directive.starts(with: "if".utf8) {
                let names = macros.contains { macro in
                    directive.count >= macro.count
                        && (0...(directive.count - macro.count)).contains { offset in
                            directive.dropFirst(offset).starts(with: macro)
                        }
                }
                stack.append(names)
                out.append(stack.contains(true))
            } else if directive.starts(with: "endif".utf8) {
                out.append(stack.contains(true))
                _ = stack.popLast()
            } else {
                out.append(stack.contains(true))  // #else, #elif, #define … inside a guarded block
            }
        }
        return out
    }

    /// The predicted cost of porting the next release to `copy`: the hunks of the upstream change `original` →
    /// `next` (a minimal diff with `context` lines) and how many of them the placement engine would not
    /// apply to `copy`, with `original` as the base (so fork conflicts, upstream drift and ambiguity count as
    /// failures, exactly as `tandem port` would judge them; `directives` as `SourceKind` says for the copy).
    public static func portCost(
        original: [UInt8], next: [UInt8], copy: [UInt8], context: Int = 3, directives: Bool = true
    ) -> PortCost {
        if ByteCompare.equal(original, next) { return PortCost(hunks: 0, failed: 0) }
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: Array("f".utf8), file: TreeFile(bytes: original)),
            new: .init(path: Array("f".utf8), file: TreeFile(bytes: next)), context: context)
        guard let file = PatchParser.parse(patch).patch.files.first else { return PortCost(hunks: 0, failed: 0) }
        let result = FilePatcher.apply(
            file.hunks, toBytes: copy, baseBytes: original, options: .init(directives: directives))
        return PortCost(hunks: file.hunks.count, failed: result.outcomes.filter { !$0.isSuccess }.count)
    }

    /// How many hunks of the upstream change `original` → `next` would not apply to `copy` (see `portCost`).
    public static func predictedFailures(original: [UInt8], next: [UInt8], copy: [UInt8], context: Int = 3) -> Int {
        portCost(original: original, next: next, copy: copy, context: context).failed
    }
}

/// The hunks of an upstream change to one file and how many of them would fail on its copy.
public struct PortCost: Sendable, Equatable {
    public var hunks: Int
    public var failed: Int

    public init(hunks: Int, failed: Int) {
        self.hunks = hunks
        self.failed = failed
    }
}
