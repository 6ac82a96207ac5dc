import Testing
import TandemCore

@Suite("LineDiff and UnifiedDiffWriter")
struct LineDiffTests {
    /// Length of the longest common subsequence, by dynamic programming.
    static func lcs(_ a: [Int], _ b: [Int]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test(arguments: 0..<200)
    func myersIsMinimal(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed))
        let a = (0..<Int.random(in: 0...50, using: &g)).map { _ in Int.random(in: 0..<6, using: &g) }
        let b = (0..<Int.random(in: 0...50, using: &g)).map { _ in Int.random(in: 0..<6, using: &g) }
        let pairs = LineDiff.pairs(a, b)
        #expect(pairs.count == Self.lcs(a, b))
        for (k, pair) in pairs.enumerated() {
            #expect(a[pair.a] == b[pair.b])
            if k > 0 { #expect(pair.a > pairs[k - 1].a && pair.b > pairs[k - 1].b) }
        }
    }

    /// Long, mostly different sequences: the search runs to edit distances of hundreds, past each size the
    /// V array starts at and grows through (64, 128, 256, 512), and stays minimal.
    @Test(arguments: 0..<12)
    func myersIsMinimalAtLargeDistances(seed: Int) {
        var g = SeededGenerator(seed: UInt64(1_000 + seed))
        let a = (0..<Int.random(in: 100...400, using: &g)).map { _ in Int.random(in: 0..<40, using: &g) }
        let b = (0..<Int.random(in: 100...400, using: &g)).map { _ in Int.random(in: 0..<40, using: &g) }
        let pairs = LineDiff.pairs(a, b, maxCost: 2_000)
        #expect(pairs.count == Self.lcs(a, b))
        #expect(pairs.allSatisfy { a[$0.a] == b[$0.b] })
    }

    @Test func costCapFallsBackToAValidMatching() {
        let a = Array(0..<300), b = Array((0..<300).reversed())
        let pairs = LineDiff.pairs(a, b, maxCost: 10)
        #expect(pairs.allSatisfy { a[$0.a] == b[$0.b] })
    }

    /// diff(a, b) parsed back and applied to a gives b, for random files with CRLF, Latin-1 and missing final
    /// newlines; the patch's counts agree with the hunks it holds.
    @Test(arguments: 0..<150)
    func writtenPatchesApplyBack(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed) + 77)
        let vocabulary = ["{\n", "}\n", "\n", "\treturn 0;\n", "caf\u{e9}\n", "x\r\n"]
        func randomFile() -> [UInt8] {
            var lines = (0..<Int.random(in: 0...40, using: &g)).map { _ in
                Bool.random(using: &g)
                    ? vocabulary.randomElement(using: &g)! : "stmt_\(Int.random(in: 0..<30, using: &g))();\n"
            }
            if Bool.random(using: &g), let last = lines.popLast() { lines.append(String(last.dropLast())) }
            var bytes = Array(lines.joined().utf8)
            if Int.random(in: 0..<4, using: &g) == 0 { bytes += [0xE9, 0x0A] }  // a Latin-1 byte
            return bytes
        }
        let old = randomFile(), new = randomFile()
        let context = Int.random(in: 0...4, using: &g)
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: Array("f.c".utf8), file: TreeFile(bytes: old)),
            new: .init(path: Array("f.c".utf8), file: TreeFile(bytes: new)), context: context)
        if old == new {
            #expect(patch.isEmpty)
            return
        }
        let parsed = PatchParser.parse(patch)
        #expect(!parsed.hasErrors, "\(parsed.diagnostics)")
        let file = try #require(parsed.patch.files.first)
        #expect(file.hunks.allSatisfy { $0.isComplete })
        let result = FilePatcher.apply(file.hunks, to: TextFile(bytes: old), options: .init(maxFuzz: 0))
        #expect(
            result.outcomes.allSatisfy {
                if case .applied(let p) = $0 { return p.step == .exact } else { return false }
            },
            "seed \(seed): \(result.outcomes.map(\.label))")
        #expect(result.file.bytes == new, "seed \(seed)")
    }

    @Test func headersLikeGit() {
        let old = Array("int main(void)\n{\n\ta();\n\tb();\n\tc();\n}\n".utf8)
        let new = Array("int main(void)\n{\n\ta();\n\tB();\n\tc();\n}\n".utf8)
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: Array("m.c".utf8), file: TreeFile(bytes: old, mode: 0o755)),
            new: .init(path: Array("m.c".utf8), file: TreeFile(bytes: new, mode: 0o644)), context: 1)
        #expect(
            displayText(patch) == """
                diff --git a/m.c b/m.c
                old mode 100755
                new mode 100644
                --- a/m.c
                +++ b/m.c
                @@ -3,3 +3,3 @@ int main(void)
                 \ta();
                -\tb();
                +\tB();
                 \tc();

                """)
        let created = UnifiedDiffWriter.filePatch(
            old: nil, new: .init(path: Array("n.c".utf8), file: TreeFile(bytes: Array("x".utf8))))
        #expect(
            displayText(created)
                == "diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n+++ b/n.c\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n"
        )
        let empty = UnifiedDiffWriter.filePatch(old: nil, new: .init(path: Array("e".utf8), file: TreeFile(bytes: [])))
        #expect(displayText(empty) == "diff --git a/e b/e\nnew file mode 100644\n")
        let binary = UnifiedDiffWriter.filePatch(
            old: .init(path: Array("b".utf8), file: TreeFile(bytes: [0, 1])),
            new: .init(path: Array("b".utf8), file: TreeFile(bytes: [0, 2])))
        #expect(displayText(binary) == "diff --git a/b b/b\nBinary files a/b and b/b differ\n")
    }

    @Test func treeDiffOverMemoryTrees() throws {
        let old = MemoryTree(["a/x.c": "1\n", "a/gone.c": "g\n", "b/y.c": "y\n"])
        let new = MemoryTree(["a/x.c": "2\n", "a/new.c": "n\n", "b/y.c": "y\n"])
        let patch = PatchParser.parse(try TreeDiff.patch(old: old, new: new)).patch
        #expect(
            PatchStatistics(patch).files.map { "\($0.change.label) \(displayText($0.path))" } == [
                "delete a/gone.c", "add a/new.c", "modify a/x.c",
            ])
        let onlyB = try TreeDiff.patch(old: old, new: new, prefixes: [Array("b".utf8)])
        #expect(onlyB.isEmpty)
    }
}
