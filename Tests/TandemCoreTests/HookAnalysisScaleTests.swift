import Testing
import TandemCore

/// Issue #15: `tandem hooks` on a copy made of thousands of repeated `#ifdef CONFIG_X … #else … #endif`
/// blocks, where every unit shares its kind and name with thousands of others. Pairing the units used to
/// be quadratic in that count (8,000 blocks: about 24 s in a debug build, 16,000: 96 s). The result must
/// be right at any size, and the work must grow with the input: eight times the blocks may cost at most
/// 24 times the CPU time (linear is 8, quadratic 64). CPU time of the test's own thread, not wall time,
/// so a loaded machine or a sanitizer slows both runs alike.
@Suite("Hook analysis at scale")
struct HookAnalysisScaleTests {
    /// The analysis of `blocks` repeated blocks, and the CPU seconds it took on this thread.
    static func analyze(blocks: Int) -> (result: HookAnalysis.CopyResult, seconds: Double) {
        var original = "", copy = ""
        for i in 0..<blocks {
            original += "#ifdef CONFIG_X\nint f(void);\n#else\nint g(void);\n#endif\n"
            // Every 1000th block (from the 8th) changes g; every 250th re-spaces f and adds a comment
            // (cosmetic); the last block drops g.
            let f = i % 250 == 3 ? "int  f( void ); /* fork */\n" : "int f(void);\n"
            let g = i == blocks - 1 ? "" : i % 1000 == 7 ? "int g(int x);\n" : "int g(void);\n"
            copy += "#ifdef CONFIG_X\n" + f + "#else\n" + g + "#endif\n"
        }
        copy += "static int xen_helper(void) { return 1; }\n"
        let (a, b) = (Array(original.utf8), Array(copy.utf8))
        let started = threadCPUSeconds()
        let result = HookAnalysis.analyze(
            original: a, copy: b, upstreamPath: Array("a/x.c".utf8), forkPath: Array("b/x.c".utf8), tree: 0)
        return (result, threadCPUSeconds() - started)
    }

    @Test func thousandsOfRepeatedIfdefBlocks() {
        var seconds: [Double] = []
        for blocks in [1_000, 8_000] {
            let (result, time) = Self.analyze(blocks: blocks)
            seconds.append(time)
            #expect(result.copyLines == blocks * 5)
            #expect(result.units == blocks * 5)  // one g fewer, one helper more
            #expect(result.unsegmented.isEmpty)
            // One original g has no copy (upstream-only), one copy of g in 1000 changed, one helper only the fork has.
            let changed = stride(from: 7, to: blocks, by: 1000).map { "modified declaration g:\(5 * $0 + 4)" }
            #expect(
                result.differences.map { "\($0.change.rawValue) \($0.kind.rawValue) \($0.name):\($0.copyLine)" }
                    == ["upstream-only declaration g:0"] + changed + ["fork-only function xen_helper:\(blocks * 5)"])
            // A changed prototype is not an operation: the copy is kept, the reason names the first one.
            #expect(result.verdict == .keepCopy)
            #expect(
                result.reason.hasPrefix("g: the fork changes code without replacing a call, instruction or constant"),
                "\(result.reason)")
        }
        print("hooks on 1,000 and 8,000 repeated blocks: \(seconds[0]) s and \(seconds[1]) s of CPU")
        #expect(
            seconds[1] < 24 * max(seconds[0], 0.001),
            "8 times the blocks took \(seconds[1] / seconds[0]) times the CPU time")
    }

    /// The same shape, small: pairing by body first, then in order, as docs/robustness.md describes.
    @Test func smallRepeatedBlocksPairTheSameWay() {
        let block = "#ifdef CONFIG_X\nint f(void);\n#else\nint g(void);\n#endif\n"
        let original = String(repeating: block, count: 4)
        let copy = block + block.replacingOccurrences(of: "int g(void);", with: "int g(long x);") + block + block
        let result = HookAnalysis.analyze(
            original: Array(original.utf8), copy: Array(copy.utf8), upstreamPath: Array("a/x.c".utf8),
            forkPath: Array("b/x.c".utf8), tree: 0)
        #expect(result.differences.map { "\($0.change.rawValue) \($0.name):\($0.copyLine)" } == ["modified g:9"])
        #expect(result.verdict == .keepCopy && result.reason.hasPrefix("g: the fork changes code"), "\(result.reason)")
    }
}
