import Foundation
import Testing
@testable import TandemCore
import TandemTestSupport

/// Inputs the fuzz targets (Fuzz/, scripts/fuzz) found, kept as regression tests: each runs the target's
/// own check. `fixtures/fuzz/TARGET/crash-N` holds the input exactly as libFuzzer wrote it.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    func input(_ target: String, _ name: String) throws -> [UInt8] {
        try Fixtures.bytes("fuzz/\(target)/\(name)")
    }

    /// The placement check: every applied hunk's post-image stands in the result at its place, shifted by
    /// the hunks applied above it. Returns the problems found.
    static func placementProblems(_ input: [UInt8]) -> [String] {
        let at = (0..<max(input.count - 1, 0)).first { input[$0] == 0 && input[$0 + 1] == 0 } ?? input.count / 2
        let file = Array(input[..<at]), patchText = Array(input[min(at + 2, input.count)...])
        var problems: [String] = []
        for (f, filePatch) in PatchParser.parse(patchText).patch.files.prefix(4).enumerated() {
            for base in [nil, file] {
                let result = FilePatcher.apply(filePatch.hunks, toBytes: file, baseBytes: base)
                let output = TextFile(bytes: result.bytes).lines
                var placements: [(Int, Placement)] = []
                for (h, outcome) in result.outcomes.enumerated() {
                    if case .applied(let p) = outcome { placements.append((h, p)) }
                }
                placements.sort { $0.1.targetIndex < $1.1.targetIndex }
                var shift = 0
                for (h, p) in placements {
                    let start = p.targetIndex + shift
                    if start < 0 || start + p.replacement.count > output.count {
                        problems.append("file \(f) hunk \(h + 1) (base: \(base != nil)): runs past the result")
                    } else {
                        for (k, line) in p.replacement.enumerated()
                        where Array(line.withoutTerminator) != Array(output[start + k].withoutTerminator) {
                            problems.append(
                                "file \(f) hunk \(h + 1) (base: \(base != nil), \(p.step)): line \(k) not at \(start + k + 1)"
                            )
                            break
                        }
                    }
                    shift += p.replacement.count - p.targetCount
                }
            }
        }
        return problems
    }

    /// A creation hunk cut off after five of its 65 lines, whose last line then had no line end: it was
    /// applied, and joined the file's next line. Now an incomplete hunk is `malformed` and never applied.
    @Test func placementCrash1() throws {
        let problems = Self.placementProblems(try input("placement", "crash-1"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// A "\ No newline" marker inside a hunk (not after its last line) left a line without a line end in
    /// the middle of the post-image, which joined the next line. Now malformed.
    @Test func placementCrash2() throws {
        let problems = Self.placementProblems(try input("placement", "crash-2"))
        #expect(problems.isEmpty, "\(problems)")
    }
}

@Suite("Fuzz regressions: merge3")
struct Merge3FuzzRegressionTests {
    /// fixtures/fuzz/merge3/timeout-1: reported as an 11 s timeout while the machine was saturated; it
    /// merges in milliseconds. Kept so the identities stay checked on it.
    @Test func timeout1MergesQuickly() throws {
        let input = try Fixtures.bytes("fuzz/merge3/timeout-1")
        let at = (0..<max(input.count - 1, 0)).first { input[$0] == 0 && input[$0 + 1] == 0 } ?? input.count / 2
        let base = TextFile(bytes: Array(input[..<at])).lines
        let other = Array(input[min(at + 2, input.count)...])
        let x = TextFile(bytes: other).lines
        let started = ContinuousClock.now
        #expect(Merge3(base: base, ours: x, theirs: x).render() == other)
        #expect(Merge3(base: base, ours: x, theirs: base).render() == other)
        #expect(Merge3(base: base, ours: base, theirs: x).render() == other)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
