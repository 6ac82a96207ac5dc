import Testing
@testable import TandemCore

/// A move of a block the file does not have (`FilePatcher+Evidence`): upstream moves `probe_cache` from the
/// top of the file to its end; the file never had it (one of its lines, `c->ready = 1;`, stands in another
/// function). The hunk deleting it is already applied, and the hunk adding it at the end must not land: the
/// file would gain a function it never had. Twins: a file with the
/// block in the old place makes the move; one with it in the new place has both hunks made already; a hunk
/// adding lines of its own lands.
@Suite("FilePatcher: a move of a block the file does not have")
struct MoveOfMissingBlockTests {
    let probe = [
        "static int probe_cache(struct cpu *c)\n",
        "{\n",
        "\tif (!c->cache_size)\n",
        "\t\treturn -ENODEV;\n",
        "\tc->ready = 1;\n",
        "\treturn c->cache_size >> 10;\n",
        "}\n",
        "\n",
    ]
    let rest = [
        "void setup_cpu(struct cpu *c)\n",  // 10 in the base
        "{\n",
        "\tc->ready = 1;\n",
        "}\n",
        "\n",
        "void report_cpu(struct cpu *c)\n",
        "{\n",
        "\tprintk(\"cpu %d\\n\", c->id);\n",
        "}\n",
    ]
    var base: [String] { ["#include <linux/init.h>\n"] + probe + rest }

    /// The move, as `diff -u` writes it.
    func move(adding added: [String]? = nil) -> [Hunk] {
        let added = added ?? Array(probe.dropLast())
        let lines =
            [
                "--- a/cpu.c\n",
                "+++ b/cpu.c\n",
                "@@ -1,12 +1,4 @@\n",
                " #include <linux/init.h>\n",
            ] + probe.map { "-" + $0 } + [
                " void setup_cpu(struct cpu *c)\n",
                " {\n",
                " \tc->ready = 1;\n",
                "@@ -16,3 +8,\(4 + added.count) @@\n",
                " {\n",
                " \tprintk(\"cpu %d\\n\", c->id);\n",
                " }\n",
                "+\n",
            ] + added.map { "+" + $0 }
        return PatchParser.parse(Array(lines.joined().utf8)).patch.files[0].hunks
    }

    func file(_ lines: [String]) -> TextFile { TextFile(bytes: Array(lines.joined().utf8)) }

    @Test(arguments: [false, true])
    func theMoveDoesNotAddABlockTheFileNeverHad(withBase: Bool) {
        let lacking = ["#include <linux/init.h>\n"] + rest
        let result = FilePatcher.apply(move(), to: file(lacking), base: withBase ? file(base) : nil)
        guard case .alreadyApplied = result.outcomes[0] else {
            Issue.record("hunk 1 should be already applied, not \(result.outcomes)")
            return
        }
        guard case .failed(let reason) = result.outcomes[1] else {
            Issue.record("hunk 2 should fail, not \(result.outcomes)")
            return
        }
        #expect(reason.message.contains("it adds the lines hunk #1 removes"))
        #expect(result.file == file(lacking))
    }

    @Test(arguments: [false, true])
    func aFileWithTheBlockMakesTheMove(withBase: Bool) {
        let result = FilePatcher.apply(move(), to: file(base), base: withBase ? file(base) : nil)
        #expect(step(result.outcomes[0]) == .exact)
        #expect(step(result.outcomes[1]) == .exact)
        #expect(result.file == file(["#include <linux/init.h>\n"] + rest + ["\n"] + probe.dropLast()))
    }

    @Test(arguments: [false, true])
    func aFileWithTheBlockMovedAlreadyHasBothMade(withBase: Bool) {
        let moved = ["#include <linux/init.h>\n"] + rest + ["\n"] + probe.dropLast()
        let result = FilePatcher.apply(move(), to: file(moved), base: withBase ? file(base) : nil)
        for outcome in result.outcomes {
            guard case .alreadyApplied = outcome else {
                Issue.record("every hunk should be already applied, not \(outcome)")
                continue
            }
        }
        #expect(result.file == file(moved))
    }

    /// Hunk 2 adds a function of its own: it lands, beside the move's deletion already applied.
    @Test func aHunkAddingOtherLinesLands() {
        let own = ["static int probe_bus(struct cpu *c)\n", "{\n", "\treturn c->bus_id;\n", "}\n"]
        let lacking = ["#include <linux/init.h>\n"] + rest
        let result = FilePatcher.apply(move(adding: own), to: file(lacking))
        #expect(step(result.outcomes[1]) == .exact)
        #expect(result.file == file(lacking + ["\n"] + own))
    }
}
