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

@Suite("Fuzz regressions: port")
struct PortFuzzRegressionTests {
    /// The port target's check (Fuzz/Sources/fuzz-port): the input's file is the original of each of the
    /// patch's first four file patches, the copy a fork of it; for each copy, the rewritten patch's duplicate
    /// applied exactly to the copy must give the ported text. Returns the problems found.
    static func portProblems(_ input: [UInt8]) throws -> [String] {
        let at = (0..<max(input.count - 1, 0)).first { input[$0] == 0 && input[$0 + 1] == 0 } ?? input.count / 2
        let file = Array(input[..<at]), patchText = Array(input[min(at + 2, input.count)...])
        var forked: [UInt8] = []
        for (index, line) in TextFile(bytes: file).lines.enumerated() {
            switch index % 11 {
            case 2:
                forked +=
                    Array(line.withoutTerminator) + Array(" /* fork */".utf8)
                    + Array(line[line.withoutTerminator.endIndex...])
            case 5: continue
            case 7: forked += Array("#ifdef CONFIG_FORK\n".utf8) + Array(line) + Array("#endif\n".utf8)
            case 9: forked += Array("\t".utf8) + Array(line)
            default: forked += Array(line)
            }
        }
        var mappings: [ForkMapping] = [], base = MemoryTree(), fork = MemoryTree()
        var kept: [FilePatch] = [], seen = Set<[UInt8]>()
        for filePatch in PatchParser.parse(patchText).patch.files.prefix(4) {
            guard let path = filePatch.identity(strip: 1).oldName ?? filePatch.identity(strip: 1).newName,
                !path.isEmpty, seen.insert(path).inserted
            else { continue }
            kept.append(filePatch)
            mappings.append(ForkMapping(upstream: displayText(path), fork: "fork/" + displayText(path)))
            base.files[path] = TreeFile(bytes: file)
            fork.files[Array("fork/".utf8) + path] = TreeFile(bytes: forked)
        }
        let result = try Porter.port(Patch(files: kept), map: ForkMap(mappings: mappings), fork: fork, base: base)
        let rewritten = PatchParser.parse(result.patch).patch
        var problems: [String] = []
        for copy in result.copies where copy.ported != copy.original.bytes {
            let duplicates = rewritten.files.filter { $0.identity(strip: 1).newName == copy.path }
            guard duplicates.count == 1 else {
                problems.append("\(displayText(copy.path)): \(duplicates.count) duplicates")
                continue
            }
            let applied = FilePatcher.apply(
                duplicates[0].hunks, toBytes: copy.original.bytes, options: .init(maxFuzz: 0))
            if !applied.appliedAll || applied.bytes != copy.ported {
                problems.append("\(displayText(copy.path)): the duplicate does not give the ported text")
            }
        }
        // A second run over the ported copies ports none of the hunks the first run ported again.
        var again = MemoryTree()
        for copy in result.copies { again.files[copy.path] = TreeFile(bytes: copy.ported) }
        let second = try Porter.port(Patch(files: kept), map: ForkMap(mappings: mappings), fork: again, base: base)
        let firstPorted = Set(
            result.report.entries.filter { if case .ported = $0.verdict { true } else { false } }
                .map { displayText($0.copyPath) + "#\($0.hunk)" })
        for entry in second.report.entries where firstPorted.contains(displayText(entry.copyPath) + "#\(entry.hunk)") {
            if case .ported(let placement) = entry.verdict {
                problems.append(
                    "\(displayText(entry.copyPath)) hunk \(entry.hunk): ported again (\(placement.step.rawValue))")
            }
        }
        return problems
    }

    /// fixtures/fuzz/port/crash-1: a copy holding a NUL byte got its hunk ported, and `--apply` wrote it,
    /// but the rewritten patch said `Binary files … differ` for it (as git does for a file with a NUL), so
    /// the patch a maintainer applies did nothing. A duplicate of an upstream text hunk is now text.
    @Test func portCrash1() throws {
        let problems = try Self.portProblems(try Fixtures.bytes("fuzz/port/crash-1"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// fixtures/fuzz/port/crash-2: a file patch whose `+++` name was cut short (`+++ lin`, nothing to strip
    /// with -p1) got a duplicate named `linfork/…` on that side, which no `-p` takes to the copy. A name too
    /// short to strip now borrows the other side's prefix.
    @Test func portCrash2() throws {
        let problems = try Self.portProblems(try Fixtures.bytes("fuzz/port/crash-2"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// fixtures/fuzz/port/crash-3: the second-run check's first find.
    @Test func portCrash3() throws {
        let problems = try Self.portProblems(try Fixtures.bytes("fuzz/port/crash-3"))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// fixtures/fuzz/port/timeout-1: file names full of `*`, made into single-file mappings, are globs; one
    /// against a long path backtracked for minutes. Now the matcher remembers what failed
    /// (`PathPattern.match`), and the whole port of the input takes well under a second.
    @Test func portTimeout1() throws {
        let started = ContinuousClock.now
        _ = try? Self.portProblems(try Fixtures.bytes("fuzz/port/timeout-1"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// The same, written small: the duplicate's names both strip to the copy's path.
    @Test func aNameTooShortToStripBorrowsTheOtherSidesPrefix() throws {
        let patch = "--- a/f.c\n+++ f\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n"
        let result = try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: ForkMap(mappings: [ForkMapping(upstream: "f.c", fork: "g.c")]),
            fork: MemoryTree(["g.c": "one\ntwo\n"]), base: MemoryTree(["f.c": "one\ntwo\n"]))
        let text = displayText(result.patch)
        #expect(text.contains("--- a/g.c\n+++ a/g.c\n"), "\(text)")
        #expect(!text.contains("fg.c"))
    }

    /// The same, written small: a NUL byte in the copy's context. The duplicate holds it in a context line,
    /// and applies.
    @Test func aCopyWithANulByteGetsATextDuplicate() throws {
        let original = "one\ntwo\u{0}x\nthree\nfour\n"
        let patch = "--- a/f.c\n+++ b/f.c\n@@ -2,3 +2,3 @@\n two\u{0}x\n-three\n+THREE\n four\n"
        let result = try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: ForkMap(mappings: [ForkMapping(upstream: "f.c", fork: "g.c")]),
            fork: MemoryTree(["g.c": "zero\n" + original]), base: MemoryTree(["f.c": original]))
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
        #expect(!displayText(result.patch).contains("Binary files"))
        #expect(displayText(result.patch).contains("+THREE\n"))
        // The duplicate takes the copy to the ported text.
        let duplicate = try #require(PatchParser.parse(result.patch).patch.files.first)
        let copy = try #require(result.copies.first)
        let applied = FilePatcher.apply(duplicate.hunks, toBytes: copy.original.bytes, options: .init(maxFuzz: 0))
        #expect(applied.appliedAll && applied.bytes == copy.ported)
    }
}
