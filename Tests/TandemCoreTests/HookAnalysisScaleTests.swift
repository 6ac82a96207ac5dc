import Testing
import TandemCore

/// Issue #15: `tandem hooks` on a copy made of thousands of repeated `#ifdef CONFIG_X … #else … #endif`
/// blocks, where every unit shares its kind and name with thousands of others. The pairing of units used
/// to be quadratic in that count (16,000 blocks: about 90 s in a debug build); the result must be the
/// same as on small inputs, computed in linear time. The time limit is only a guard against a return of
/// the quadratic pairing: the analysis takes about a second here.
@Suite("Hook analysis at scale")
struct HookAnalysisScaleTests {
    static let blocks = 16_000

    @Test(.timeLimit(.minutes(1)))
    func thousandsOfRepeatedIfdefBlocks() {
        var original = "", copy = ""
        for i in 0..<Self.blocks {
            original += "#ifdef CONFIG_X\nint f(void);\n#else\nint g(void);\n#endif\n"
            // Every 1000th block (from the 8th) changes g; every 250th re-spaces f and adds a comment (cosmetic);
            // the last block drops g.
            let f = i % 250 == 3 ? "int  f( void ); /* fork */\n" : "int f(void);\n"
            let g = i == Self.blocks - 1 ? "" : i % 1000 == 7 ? "int g(int x);\n" : "int g(void);\n"
            copy += "#ifdef CONFIG_X\n" + f + "#else\n" + g + "#endif\n"
        }
        copy += "static int xen_helper(void) { return 1; }\n"
        let result = HookAnalysis.analyze(original: Array(original.utf8), copy: Array(copy.utf8), upstreamPath: Array("a/x.c".utf8),
                                          forkPath: Array("b/x.c".utf8), tree: 0)
        #expect(result.copyLines == Self.blocks * 5)
        #expect(result.units == Self.blocks * 5)  // one g fewer, one helper more
        #expect(result.unsegmented.isEmpty)
        // One original g has no copy (upstream-only), 16 copies of g changed, one helper only the fork has.
        let changed = stride(from: 7, to: Self.blocks, by: 1000).map { "modified declaration g:\(5 * $0 + 4)" }
        #expect(result.differences.map { "\($0.change.rawValue) \($0.kind.rawValue) \($0.name):\($0.copyLine)" }
                == ["upstream-only declaration g:0"] + changed + ["fork-only function xen_helper:\(Self.blocks * 5)"])
        #expect(result.differences.allSatisfy { $0.change == .forkOnly ? $0.hook == nil : $0.hook == "pv_other_ops.g: an object the fork may override" })
        #expect(result.verdict == .keepCopy)
        #expect(result.reason == "17 units differ (more than 3 hooks); 0% of the copy's lines are in differing units")
    }

    /// The same shape, small: pairing by body first, then in order, as the README describes.
    @Test func smallRepeatedBlocksPairTheSameWay() {
        let block = "#ifdef CONFIG_X\nint f(void);\n#else\nint g(void);\n#endif\n"
        let original = String(repeating: block, count: 4)
        let copy = block + block.replacingOccurrences(of: "int g(void);", with: "int g(long x);") + block + block
        let result = HookAnalysis.analyze(original: Array(original.utf8), copy: Array(copy.utf8), upstreamPath: Array("a/x.c".utf8),
                                          forkPath: Array("b/x.c".utf8), tree: 0)
        #expect(result.differences.map { "\($0.change.rawValue) \($0.name):\($0.copyLine)" } == ["modified g:9"])
        #expect(result.verdict == .hookPoints && result.reason == "1 unit differs")
    }
}
