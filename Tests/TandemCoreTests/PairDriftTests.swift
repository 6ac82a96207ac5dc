import Testing
@testable import TandemCore

@Suite("PairDrift: drift metrics of one copy")
struct PairDriftTests {
    let original = """
        int f(void)
        {
        \ta();
        \tb();
        }
        int g(void)
        {
        \tc();
        }

        """
    let copy = """
        int f(void)
        {
        \ta();
        #ifdef CONFIG_XEN
        \txen();
        #endif
        \tb();
        }
        int g(void)
        {
        \tC();
        }

        """

    /// Hand-computed: 9 original lines, 12 copy lines; 8 shared; the copy adds a guarded block of 3 lines
    /// and edits c() → C(); similarity 2·8 / 21.
    @Test func handComputedNumbers() {
        let drift = PairDrift(original: Array(original.utf8), copy: Array(copy.utf8), guards: ["CONFIG_XEN"])
        #expect(!drift.identical && !drift.identicalIgnoringWhitespace)
        #expect(drift.sharedLines == 8)
        #expect(drift.forkOnlyLines == 4)
        #expect(drift.upstreamOnlyLines == 1)
        #expect(abs(drift.similarity - 16.0 / 21.0) < 1e-9)
        #expect(drift.divergentRegions == 2)
        #expect(drift.guardedForkLines == 3)
        #expect(drift.freeForkLines == 1)
        #expect(drift.changedFunctions == ["f", "g"])
        // Without guard macros every fork line is a free edit.
        #expect(PairDrift(original: Array(original.utf8), copy: Array(copy.utf8)).guardedForkLines == 0)
    }

    @Test func identicalAndWhitespaceOnly() {
        let same = PairDrift(original: Array(original.utf8), copy: Array(original.utf8))
        #expect(same.identical && same.similarity == 1 && same.divergentRegions == 0 && same.changedFunctions.isEmpty)
        let spaced = original.replacingTabs + "\n"
        let ws = PairDrift(original: Array(original.utf8), copy: Array(spaced.utf8))
        #expect(!ws.identical && ws.identicalIgnoringWhitespace)
        let empty = PairDrift(original: [], copy: [])
        #expect(empty.identical && empty.similarity == 1)
    }

    /// The port cost: the next upstream change to b() only touches the fork's block right above it (it ports
    /// change by change), its new argument to c() merges word by word with the fork's C(); renaming c()
    /// collides with the fork's own rename of that word; a change far from both ports.
    @Test func predictedPortCost() {
        let o = Array(original.utf8), c = Array(copy.utf8)
        let touchesB = Array(original.replacingOccurrences("\tb();", "\tb(1);").utf8)
        let touchesC = Array(original.replacingOccurrences("\tc();", "\tc(2);").utf8)
        let renamesC = Array(original.replacingOccurrences("\tc();", "\td();").utf8)
        let appends = Array((original + "int h(void)\n{\n}\n").utf8)
        #expect(PairDrift.predictedFailures(original: o, next: touchesB, copy: c) == 0)
        #expect(PairDrift.predictedFailures(original: o, next: touchesC, copy: c) == 0)
        #expect(PairDrift.predictedFailures(original: o, next: renamesC, copy: c) == 1)
        #expect(PairDrift.predictedFailures(original: o, next: appends, copy: c) == 0)
        #expect(PairDrift.portCost(original: o, next: renamesC, copy: c) == PortCost(hunks: 1, failed: 1))
        #expect(PairDrift.portCost(original: o, next: o, copy: c) == PortCost(hunks: 0, failed: 0))
    }

    /// The cost reads `#` lines as `tandem port` does for the copy's kind of file: upstream commenting out an
    /// `else:` branch costs nothing in a Python copy, and is a lone `#else` where the preprocessor reads it.
    @Test func portCostReadsDirectivesOnlyWhereThePreprocessorDoes() {
        let script =
            "def pick(x):\n    if x:\n        return 1\n    else:\n        return 2\n\n\ndef other():\n    pass\n"
        let next = script.replacingOccurrences("    else:\n        return 2\n", "    # else:\n    #     return 2\n")
        let (o, n) = (Array(script.utf8), Array(next.utf8))
        #expect(PairDrift.portCost(original: o, next: n, copy: o, directives: false) == PortCost(hunks: 1, failed: 0))
        #expect(PairDrift.portCost(original: o, next: n, copy: o, directives: true) == PortCost(hunks: 1, failed: 1))
    }

    @Test func functionSpansSurviveOddCode() {
        let text = """
            #define X(a) ((a) + 1)
            static inline int one(void) { return 1; }
            static int
            two(int a,
                int b)
            {
            \tif (a)
            \t\treturn b;
            }
            struct s { int x; };
            int three(void);

            """
        let spans = CFunctions.spans(TextFile(bytes: Array(text.utf8)).lines)
        #expect(spans.map(\.name) == ["one", "two"])
        #expect(spans.map(\.lines) == [1...1, 3...8])
    }
}

private extension String {
    var replacingTabs: String { split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "        ") }
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = "", rest = Substring(self)
        while let range = rest.firstRange(of: a) {
            out += rest[..<range.lowerBound] + b
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

@Suite("PairDrift: identical ignoring white space")
struct WhitespaceEqualityTests {
    /// The in-step comparison agrees with comparing the squeezed lines, on hand cases and random texts.
    @Test func agreesWithSqueezedLines() {
        func lines(_ text: String) -> [Bytes] { TextFile(bytes: Array(text.utf8)).lines }
        let cases: [(String, String, Bool)] = [
            ("a b\n\nc\n", "ab\nc", true), ("ab\nc\n", "abc\n", false), ("a\n", "a\n \n\t\n", true),
            ("a\r\nb\r\n", "a\nb\n", true), ("x", "", false), ("", " \n", true), ("a b", "a  c", false),
        ]
        for (x, y, equal) in cases {
            #expect(
                PairDrift.equalIgnoringWhitespace(lines(x), lines(y)) == equal,
                "\(x.debugDescription) \(y.debugDescription)")
            #expect((PairDrift.squeezed(lines(x)) == PairDrift.squeezed(lines(y))) == equal)
        }
        var random = SplitMix64(seed: 7)
        let alphabet = Array("ab \t\n\r".utf8)
        for _ in 0..<500 {
            let x = (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % 6)] }
            let y = (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % 6)] }
            let a = TextFile(bytes: x).lines, b = TextFile(bytes: y).lines
            #expect(
                PairDrift.equalIgnoringWhitespace(a, b) == (PairDrift.squeezed(a) == PairDrift.squeezed(b)), "\(x) \(y)"
            )
        }
    }
}
