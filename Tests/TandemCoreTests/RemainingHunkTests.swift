import Testing
@testable import TandemCore

/// `Hunk.remaining(refusing:)`: after some of a conflicting hunk's changes landed on their own, the reject
/// holds only the others, with the landed ones as context in their new form, so the reject's pre-image is
/// what the file holds and nothing that landed can be added twice.
@Suite("Rejects of partly landed hunks hold what is left")
struct RemainingHunkTests {
    let base = [
        "static int __init probe(void)\n", "{\n", "\tint i, n = 0;\n", "\tstart_probe();\n",
        "\tfor (i = 0; i < e820.nr; i++)\n", "\t\tmap = alloc_bootmem_low(e820.map[i].size);\n",
        "\tfinish_probe(n);\n", "\treturn n;\n", "}\n",
    ]
    /// Upstream renames both probe calls; the fork rewrote `finish_probe(n)`, so only the first lands.
    let patch = """
        --- a/probe.c
        +++ b/probe.c
        @@ -1,9 +1,9 @@ probe
         static int __init probe(void)
         {
         \tint i, n = 0;
        -\tstart_probe();
        +\tstart_probe_early();
         \tfor (i = 0; i < e820.nr; i++)
         \t\tmap = alloc_bootmem_low(e820.map[i].size);
        -\tfinish_probe(n);
        +\tfinish_probe_late(n);
         \treturn n;
         }

        """

    func plans(fork: [String], reverse: Bool = false, patch text: String? = nil) throws -> [PatchApplier.FilePlan] {
        try PatchApplier.plan(
            PatchParser.parse(bytes(text ?? patch)).patch, tree: MemoryTree(["probe.c": fork.joined()]),
            base: MemoryTree(["probe.c": base.joined()]), options: .init(reverse: reverse))
    }

    func reject(_ plans: [PatchApplier.FilePlan]) -> String? {
        plans[0].rejectBytes(for: .reject).map(displayText)
    }

    @Test func theRejectHoldsOnlyTheChangeThatDidNotLand() throws {
        var fork = base
        fork[6] = "\txen_finish(n);\n"
        let plans = try plans(fork: fork)
        let rej = try #require(reject(plans))
        #expect(rej.contains("@@ -1,9 +1,9 @@ conflict: the file changed the lines this hunk changes"))
        #expect(rej.contains("1 of 2 changes landed"))
        // The landed rename is context now; only the refused one is a change.
        expectOnlyTheSecondRenameLeft(rej)
        // The file holds the landed change, and the reject's pre-image apart from the refused line.
        guard case .write(_, let written, _) = plans[0].changes(for: .reject)[0] else {
            Issue.record("no file written"); return
        }
        #expect(displayText(written).contains("\tstart_probe_early();\n"))
    }

    /// Once the person settles the fork's line, the reject applies as it is and lands the rest: the
    /// landed change is not made twice. The whole hunk would no longer apply (its `start_probe()` is gone).
    @Test func theRejectAppliesOnceTheForkLineIsSettled() throws {
        var fork = base
        fork[6] = "\txen_finish(n);\n"
        let rej = try #require(plans(fork: fork)[0].rejectBytes(for: .reject))
        var settled = base
        settled[3] = "\tstart_probe_early();\n"  // what landed
        let again = try PatchApplier.plan(
            PatchParser.parse(rej).patch, tree: MemoryTree(["probe.c": settled.joined()]))
        guard case .write(_, let landed, _) = try #require(again[0].changes(for: .allOrNothing).first) else {
            Issue.record("the reject did not apply"); return
        }
        var expected = settled
        expected[6] = "\tfinish_probe_late(n);\n"
        #expect(displayText(landed) == expected.joined())
        let whole = try PatchApplier.plan(
            PatchParser.parse(bytes(patch)).patch, tree: MemoryTree(["probe.c": settled.joined()]))
        #expect(whole[0].changes(for: .allOrNothing).isEmpty)
    }

    /// `tandem port`: the ported patch carries the landed change, and the copy's reject only the other.
    @Test func portRejectsWhatItDidNotPort() throws {
        var copy = base
        copy[6] = "\txen_finish(n);\n"
        let upstream = patch.replacingOccurrences(of: "/probe.c", with: "/arch/a/probe.c")
        let result = try Porter.port(
            PatchParser.parse(bytes(upstream)).patch,
            map: ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")]),
            fork: MemoryTree(["arch/xen/a/probe.c": copy.joined()]),
            base: MemoryTree(["arch/a/probe.c": base.joined()]))
        #expect(result.report.entries.map(\.verdict.label) == ["fork-conflict"])
        #expect(displayText(result.patch).contains("\n-\tstart_probe();\n+\tstart_probe_early();\n"))
        let rej = displayText(result.rejects)
        #expect(rej.hasPrefix("--- a/arch/xen/a/probe.c\n+++ b/arch/xen/a/probe.c\n@@ -1,9 +1,9 @@ fork-conflict"))
        expectOnlyTheSecondRenameLeft(rej)
    }

    /// The first rename is context in `rej`, and the second is the one change left.
    func expectOnlyTheSecondRenameLeft(_ rej: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rej.contains("\n \tstart_probe_early();\n"), sourceLocation: sourceLocation)
        #expect(rej.contains("\n-\tfinish_probe(n);\n+\tfinish_probe_late(n);\n"), sourceLocation: sourceLocation)
        #expect(!rej.contains("-\tstart_probe();"), sourceLocation: sourceLocation)
    }

    /// A change the file had already (the fork made it too) is context in the reject as well, though
    /// nothing landed: the reject never asks for a line the file holds.
    @Test func aChangeTheFileHadIsContextToo() throws {
        var fork = base
        fork[3] = "\tstart_probe_early();\n"
        fork[6] = "\txen_finish(n);\n"
        let plans = try plans(fork: fork)
        guard case .conflict(let c) = plans[0].result.hunks[0].outcome else {
            Issue.record("\(plans[0].result.hunks)"); return
        }
        #expect(c.landed == nil)
        #expect(c.alreadyThere == [0] && c.openChanges == [1])
        expectOnlyTheSecondRenameLeft(try #require(reject(plans)))
    }

    /// Refused twin: a conflict none of whose changes landed keeps the whole hunk in the reject.
    @Test func aConflictWithNothingLandedKeepsTheWholeHunk() throws {
        var fork = base
        fork[3] = "\txen_start();\n"
        fork[6] = "\txen_finish(n);\n"
        let rej = try #require(reject(plans(fork: fork)))
        #expect(rej.contains("\n-\tstart_probe();\n+\tstart_probe_early();\n"))
        #expect(rej.contains("\n-\tfinish_probe(n);\n+\tfinish_probe_late(n);\n"))
        #expect(!rej.contains("changes landed"))
        guard case .conflict(let c) = try plans(fork: fork)[0].result.hunks[0].outcome else { return }
        #expect(c.openChanges == nil)
    }

    /// `apply -R`: the blocks are the reversed hunk's, and the reject still reads in the patch's direction.
    @Test func inReverseTheRejectReadsInThePatchsDirection() throws {
        var fork = base
        fork[3] = "\tstart_probe_early();\n"  // upstream's first rename, to undo
        fork[6] = "\txen_finish(n);\n"  // the fork's line where upstream's second rename stood
        var after = base
        after[3] = "\tstart_probe_early();\n"
        after[6] = "\tfinish_probe_late(n);\n"
        let plans = try PatchApplier.plan(
            PatchParser.parse(bytes(patch)).patch, tree: MemoryTree(["probe.c": fork.joined()]),
            base: MemoryTree(["probe.c": after.joined()]), options: .init(reverse: true))
        let rej = try #require(reject(plans))
        #expect(rej.contains("\n \tstart_probe();\n"))
        #expect(rej.contains("\n-\tfinish_probe(n);\n+\tfinish_probe_late(n);\n"))
    }

    /// Random hunks, random sets of refused changes: what is left keeps the hunk's post-image, its
    /// pre-image is the hunk's with the other changes made, its header counts its body, and its reject reads
    /// back as the same hunk.
    @Test(arguments: 0..<200) func whatIsLeftKeepsBothImages(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let words = ["a", "b", "c", "}", "", "\tx = 1;"]
        var text = "--- a/f\n+++ b/f\n"
        var body: [String] = []
        var old = 0, new = 0
        for _ in 0..<Int.random(in: 2...14, using: &g) {
            // Words are not empty.
            // swift-format-ignore: NeverForceUnwrap
            let word = words.randomElement(using: &g)!
            switch Int.random(in: 0..<3, using: &g) {
            case 0: body.append(" " + word + "\n"); old += 1; new += 1
            case 1: body.append("-" + word + "\n"); old += 1
            default: body.append("+" + word + "\n"); new += 1
            }
        }
        if Bool.random(using: &g) { body.append("\\ No newline at end of file\n") }
        text += "@@ -1,\(old) +1,\(new) @@\n" + body.joined()
        let hunk = try #require(PatchParser.parse(bytes(text)).patch.files.first?.hunks.first)
        let images = hunk.images
        let blocks = FilePatcher.changeBlocks(images)
        guard blocks.count >= 2 else { return }
        let refused = blocks.indices.filter { _ in Bool.random(using: &g) }
        let rest = hunk.remaining(refusing: refused)
        guard !refused.isEmpty, refused.count < blocks.count else {
            #expect(rest == hunk)
            return
        }
        #expect(rest.images.new == images.new)
        var made: [Bytes] = []
        var cursor = 0
        for (index, block) in blocks.enumerated() {
            made += images.old[cursor..<block.old.lowerBound]
            made += refused.contains(index) ? images.old[block.old] : images.new[block.new]
            cursor = block.old.upperBound
        }
        made += images.old[cursor...]
        #expect(rest.images.old == made)
        #expect(rest.lineCounts.old == rest.header.oldCount && rest.lineCounts.new == rest.header.newCount)
        let reject = RejectFile.bytes(oldPath: bytes("f"), newPath: bytes("f"), hunks: [(rest, "conflict")])
        let back = try #require(PatchParser.parse(reject).patch.files.first?.hunks.first)
        #expect(back.images == rest.images)
    }

    /// Bytes stay as they were: CRLF lines, and a last line without a newline gets its marker back.
    @Test func linesKeepTheirBytesAndTheirMarker() throws {
        let text =
            "--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n-one\r\n+ONE\r\n two\r\n three\r\n-four\n\\ No newline at end of file\n+FOUR\n\\ No newline at end of file\n"
        let hunk = try #require(PatchParser.parse(bytes(text)).patch.files.first?.hunks.first)
        let rest = hunk.remaining(refusing: [1])
        #expect(
            displayText(rest.body.bytes)
                == " ONE\r\n two\r\n three\r\n-four\n\\ No newline at end of file\n+FOUR\n\\ No newline at end of file\n"
        )
        #expect(displayText(rest.header.raw) == "@@ -1,4 +1,4 @@\n")
        // Nothing refused, everything refused, or numbers that are not its blocks: the hunk itself.
        #expect(hunk.remaining(refusing: []) == hunk)
        #expect(hunk.remaining(refusing: [0, 1]) == hunk)
        #expect(hunk.remaining(refusing: [7]) == hunk)
    }
}
