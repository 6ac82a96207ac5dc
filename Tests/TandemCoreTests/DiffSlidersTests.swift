import Testing
import TandemCore
import TandemTestSupport

/// The hunks tandem writes from two files (`tandem diff`, the patches `port --range` and `siblings --range`
/// read from history) place a run of added or deleted lines that could sit at several places where
/// `git diff` places it: beside a change of the other side when it can, else by git's indent heuristic.
/// Each case is checked against the literal hunk and against git's own output on the same two files.
@Suite("Diff sliders: hunks placed as git diff places them")
struct DiffSlidersTests {
    func tandemHunks(_ old: String, _ new: String) -> String {
        let bytes = UnifiedDiffWriter.hunks(
            old: TextFile(bytes: Array(old.utf8)), new: TextFile(bytes: Array(new.utf8)), context: 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `git diff --no-index` of the two files, from the first `@@` on (git's defaults: indent heuristic on).
    func gitHunks(_ old: String, _ new: String) throws -> String {
        let repository = try RepositoryBuilder()
        defer { repository.cleanup() }
        try repository.write("old.c", old)
        try repository.write("new.c", new)
        let run = try repository.run(["diff", "--no-index", "--no-color", "old.c", "new.c"])
        #expect(run.status == 1, "git diff: \(run.stderr)")
        let text = String(decoding: run.stdout, as: UTF8.self)
        guard let start = text.range(of: "\n@@ ") else { return text }
        return String(text[text.index(after: start.lowerBound)...])
    }

    let twoFunctions = "void f1(void)\n{\n\tx();\n}\n\n"

    /// One of two equal functions is deleted: the deleted run could be either copy, or straddle them. git's
    /// indent heuristic deletes whole lines from the start of a function to the blank line after it, and
    /// of those places the first; the lowest place (where the run ends up after sliding down) would start
    /// mid-function.
    @Test func deletingOneOfTwoEqualFunctions() throws {
        let tail = "\tif (a) {\n\t\tb();\n\t}\n\nvoid f0(void)\n{\n\tx();\n}\n"
        let old = twoFunctions + twoFunctions + tail, new = twoFunctions + tail
        let expected =
            "@@ -1,8 +1,3 @@\n-void f1(void)\n-{\n-\tx();\n-}\n-\n void f1(void)\n {\n \tx();\n"
        #expect(tandemHunks(old, new) == expected)
        #expect(try gitHunks(old, new) == expected)
    }

    /// A new function between two: the added run starts at the new function's first line and ends on the
    /// blank line after it, not at the `}` or blank line it could equally start with.
    @Test func aNewFunctionBetweenTwo() throws {
        let old = "void a(void)\n{\n\tx();\n}\n\nvoid c(void)\n{\n\tz();\n}\n"
        let new = "void a(void)\n{\n\tx();\n}\n\nvoid b(void)\n{\n\ty();\n}\n\nvoid c(void)\n{\n\tz();\n}\n"
        let expected =
            "@@ -3,6 +3,11 @@ void a(void)\n \tx();\n }\n \n+void b(void)\n+{\n+\ty();\n+}\n+\n void c(void)\n {\n \tz();\n"
        #expect(tandemHunks(old, new) == expected)
        #expect(try gitHunks(old, new) == expected)
    }

    /// Twin: a run that can slide next to a change of the other side goes there, whatever the indent score:
    /// the added `y` joins the replaced line as one change instead of sitting inside the run of `y`s.
    @Test func aRunBesideAChangeStaysThere() throws {
        let old = "x\nold\ny\ny\nz\n", new = "x\nnew\ny\ny\ny\nz\n"
        let expected = "@@ -1,5 +1,6 @@\n x\n-old\n+new\n+y\n y\n y\n z\n"
        #expect(tandemHunks(old, new) == expected)
        #expect(try gitHunks(old, new) == expected)
    }

    /// Of two blank lines the new code has where the old had one, the one kept is git's: the search runs
    /// among the lines both sides have, as xdiff's does (the old `set_limit` line and the new lines are left
    /// out of it), and keeps the later blank line, where a search over every line kept the earlier (Linux
    /// 6.1.170 → 6.1.192's `batman-adv/netlink.c` read so; 13 files of that diff became git's).
    @Test func theSearchRunsAmongTheLinesBothSidesHave() throws {
        let old =
            "void f(struct o *o)\n{\n\tif (o->limit) {\n\t\tv = o->limit;\n\n\t\tset_limit(d, o->limit);\n\t}\n}\n"
        let new =
            "void f(struct o *o)\n{\n\tif (o->limit) {\n\t\tu32 c;\n\n\t\tv = o->limit;\n\t\tc = clamp(v);\n\n"
            + "\t\tc = max(c, MIN);\n\n\t\tset_limit(d, c);\n\t}\n}\n"
        let expected =
            "@@ -1,8 +1,13 @@\n void f(struct o *o)\n {\n \tif (o->limit) {\n+\t\tu32 c;\n+\n \t\tv = o->limit;\n"
            + "+\t\tc = clamp(v);\n+\n+\t\tc = max(c, MIN);\n \n-\t\tset_limit(d, o->limit);\n+\t\tset_limit(d, c);\n"
            + " \t}\n }\n"
        #expect(tandemHunks(old, new) == expected)
        #expect(try gitHunks(old, new) == expected)
    }

    /// Placing runs never changes what is matched: the random patches of `LineDiffTests` apply back, and here
    /// the matched count of the git placement equals the minimal one.
    @Test(arguments: 0..<100)
    func placementKeepsTheMatchedCount(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed) + 4242)
        let vocabulary: [Bytes] = ["{\n", "}\n", "\n", "\tx();\n", "\t\ty();\n", "void f(void)\n"].map {
            Bytes($0.utf8)
        }
        func random() -> [Bytes] {
            (0..<Int.random(in: 0...40, using: &g)).map { _ in vocabulary.randomElement(using: &g)! }
        }
        let oldLines = random(), newLines = random()
        let a = oldLines.map { vocabulary.firstIndex(of: $0)! }, b = newLines.map { vocabulary.firstIndex(of: $0)! }
        let placed = LineDiff.gitPairs(a, b, oldLines: oldLines, newLines: newLines)
        #expect(placed.count == LineDiff.pairs(a, b).count)
        for (k, pair) in placed.enumerated() {
            #expect(a[pair.a] == b[pair.b])
            if k > 0 { #expect(pair.a > placed[k - 1].a && pair.b > placed[k - 1].b) }
        }
    }
}
