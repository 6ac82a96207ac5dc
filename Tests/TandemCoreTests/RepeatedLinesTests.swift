import Testing
import TandemCore

/// Hunks among lines that repeat (`FilePatcher`'s carried offset, `FilePatcher+Standing`'s run of equal
/// lines, `FilePatcher+Blocks`' anchored insertion), met on a second run over pip's vendored idna table and
/// requests: a hunk made already must never be made twice, nor a later one slide along a run of `0,`.
@Suite("FilePatcher: hunks among repeated lines")
struct RepeatedLinesTests {
    /// The patched file as text, to compare readably.
    func text(_ result: FilePatcher.Result) -> String { String(decoding: result.bytes, as: UTF8.self) }

    /// A table of names, then a table of twelve zeros.
    let base =
        [
            "static const char *names[] = {\n", "\t\"alpha\",\n", "\t\"beta\",\n", "\t\"gamma\",\n", "};\n", "\n",
            "static const int table[] = {\n",
        ] + Array(repeating: "\t0,\n", count: 12) + ["};\n"]

    /// Upstream adds two names, and a 7 after the table's sixth zero.
    var patch: [Hunk] {
        let text = """
            --- a/f
            +++ b/f
            @@ -2,6 +2,8 @@
             \t"alpha",
             \t"beta",
             \t"gamma",
            +\t"delta",
            +\t"epsilon",
             };
             
             static const int table[] = {
            @@ -11,6 +13,7 @@
             \t0,
             \t0,
             \t0,
            +\t7,
             \t0,
             \t0,
             \t0,

            """
        return PatchParser.parse(Array(text.utf8)).patch.files[0].hunks
    }

    var upstreamAfter: [String] {
        var lines = base
        lines.insert(contentsOf: ["\t\"delta\",\n", "\t\"epsilon\",\n"], at: 4)
        lines.insert("\t7,\n", at: 15)
        return lines
    }

    /// The copy has the names already: the 7 goes after the sixth zero all the same, not two zeros early
    /// (the offset after a hunk made already counts the lines it added).
    @Test func aHunkAfterOneMadeAlreadyGoesWhereItSays() {
        var target = base
        target.insert(contentsOf: ["\t\"delta\",\n", "\t\"epsilon\",\n"], at: 4)
        for withBase in [false, true] {
            let result = FilePatcher.apply(patch, to: file(target), base: withBase ? file(base) : nil)
            #expect(result.outcomes.first == .alreadyApplied(line: 2), "\(result.outcomes)")
            #expect(text(result) == upstreamAfter.joined(), "base: \(withBase)")
        }
    }

    /// Twin: on the base itself both hunks land where they say.
    @Test func bothLandOnTheBase() {
        let result = FilePatcher.apply(patch, to: file(base), base: file(base))
        #expect(result.outcomes.map(step) == [.exact, .exact])
        #expect(text(result) == upstreamAfter.joined())
    }

    /// Twelve zeros; upstream removes two of them (the diff keeps three on each side).
    let run = ["static const int table[] = {\n"] + Array(repeating: "\t0,\n", count: 12) + ["};\n"]
    var removal: Hunk {
        hunk(4, [" \t0,\n", " \t0,\n", " \t0,\n", "-\t0,\n", "-\t0,\n", " \t0,\n", " \t0,\n", " \t0,\n"])
    }
    var insertion: Hunk {
        hunk(4, [" \t0,\n", " \t0,\n", " \t0,\n", "+\t0,\n", "+\t0,\n", " \t0,\n", " \t0,\n", " \t0,\n"])
    }
    func zeros(_ n: Int) -> [String] {
        ["static const int table[] = {\n"] + Array(repeating: "\t0,\n", count: n) + ["};\n"]
    }

    /// A run already as long as upstream makes it: the removal and the insertion are made; both images
    /// stand there, the base's run length tells.
    @Test func aRunResizedAlreadyIsMade() {
        let removed = FilePatcher.apply([removal], to: file(zeros(10)), base: file(run))
        #expect(removed.outcomes == [.alreadyApplied(line: 4)], "\(removed.outcomes)")
        #expect(text(removed) == zeros(10).joined())
        let inserted = FilePatcher.apply([insertion], to: file(zeros(14)), base: file(run))
        #expect(inserted.outcomes == [.alreadyApplied(line: 4)], "\(inserted.outcomes)")
        #expect(text(inserted) == zeros(14).joined())
    }

    /// Twins: a run as long as the base's takes the change; without a base, or where the fork resized the
    /// run its own way, nothing says the change is made, and it lands as GNU patch lands it.
    @Test func aRunOfTheBaseLengthOrUnknownTakesTheChange() {
        let removed = FilePatcher.apply([removal], to: file(run), base: file(run))
        #expect(removed.outcomes.map(step) == [.exact])
        #expect(text(removed) == zeros(10).joined())
        let inserted = FilePatcher.apply([insertion], to: file(run), base: file(run))
        #expect(text(inserted) == zeros(14).joined())
        let unknown = FilePatcher.apply([removal], to: file(zeros(10)))
        #expect(text(unknown) == zeros(8).joined())
        let ownWay = FilePatcher.apply([insertion], to: file(zeros(13)), base: file(run))
        #expect(text(ownWay) == zeros(15).joined())
    }

    /// `n` null entries, then the table's end; upstream removes two of them right before it. (A word, where
    /// `0,` says nothing about a place: the check that removed lines are gone reads `NULL,` as a line that
    /// still stands beside the place.)
    func zerosThenEnd(_ n: Int) -> [String] {
        ["static const char *table[] = {\n"] + Array(repeating: "\tNULL,\n", count: n) + ["\t\"end\",\n", "};\n", "\n"]
    }
    var removalBeforeEnd: Hunk {
        hunk(
            9,
            [" \tNULL,\n", " \tNULL,\n", " \tNULL,\n", "-\tNULL,\n", "-\tNULL,\n", " \t\"end\",\n", " };\n", " \n"])
    }

    /// Made already: the post-image stands where the hunk says and the pre-image two lines before it, in the
    /// same run; the run's length says which (the removed zeros "standing" beside the place are the run's
    /// own).
    @Test func aRemovalBeforeTheRunsEndIsMadeOnce() {
        let result = FilePatcher.apply([removalBeforeEnd], to: file(zerosThenEnd(10)), base: file(zerosThenEnd(12)))
        #expect(result.outcomes == [.alreadyApplied(line: 9)], "\(result.outcomes)")
        #expect(text(result) == zerosThenEnd(10).joined())
    }

    /// Twin: not made, it lands.
    @Test func aRemovalBeforeTheRunsEndLands() {
        let result = FilePatcher.apply([removalBeforeEnd], to: file(zerosThenEnd(12)), base: file(zerosThenEnd(12)))
        #expect(result.outcomes.map(step) == [.exact])
        #expect(text(result) == zerosThenEnd(10).joined())
    }

    /// A header whose fork rewrote the include right after the place upstream inserts a blank line (a line
    /// that says nothing is what the reading of a change made before cannot see).
    let header = [
        "#include <linux/kernel.h>\n", "#include <linux/init.h>\n", "static int counter;\n",
        "#include <asm/io.h>\n", "\n", "int f(void)\n", "{\n", "\treturn counter;\n", "}\n",
    ]
    var declaration: Hunk {
        hunk(
            1,
            [
                " #include <linux/kernel.h>\n", " #include <linux/init.h>\n", " static int counter;\n",
                "+\n", " #include <asm/io.h>\n", " \n", " int f(void)\n",
            ])
    }
    /// The header with the fork's own line at `changed` (3: the include after the place; 2: the declaration
    /// before it).
    func forked(_ changed: Int) -> [String] {
        var lines = header
        lines[changed] = changed == 3 ? "#include <asm/fork-io.h>\n" : "static int fork_counter;\n"
        return lines
    }

    /// First run: the blank line goes beside the line the fork kept (after the one before the place, or
    /// before the one after it). Second run, on that result: it is there, the fork's own line beside the
    /// anchor, and is not inserted again.
    @Test(arguments: [3, 2]) func anAnchoredInsertionMadeAlreadyIsNotMadeTwice(changed: Int) {
        let first = FilePatcher.apply([declaration], to: file(forked(changed)), base: file(header))
        #expect(step(first.outcomes[0]) == .anchored, "\(first.outcomes)")
        var ported = forked(changed)
        ported.insert("\n", at: 3)
        #expect(text(first) == ported.joined())
        let second = FilePatcher.apply([declaration], to: file(ported), base: file(header))
        #expect(second.outcomes == [.alreadyApplied(line: 4)], "\(second.outcomes)")
        #expect(text(second) == ported.joined())
    }

    /// Twin: other lines of the fork's beside the anchor are not the insertion; it goes in before them.
    @Test func otherForkLinesBesideTheAnchorTakeTheInsertion() {
        var own = forked(3)
        own.insert("static int other;\n", at: 3)
        let result = FilePatcher.apply([declaration], to: file(own), base: file(header))
        #expect(step(result.outcomes[0]) == .anchored, "\(result.outcomes)")
        var want = own
        want.insert("\n", at: 3)
        #expect(text(result) == want.joined())
    }
}
