import Testing
@testable import TandemCore

/// Moved code (`Porter+Moves`): upstream moves a function within a file and edits it; the fork had changed
/// that function. The copy's own version moves, with both changes, and is defined once. Refused twins: the
/// fork changed the line upstream edits (a conflict inside the unit), and a copy with two variants of the
/// function: nothing moves and nothing lands twice.
@Suite("Porter: moved code")
struct MovedUnitTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")])

    /// `mover()` stands before `other()`, which is longer, so a diff moves `mover()` and not `other()`.
    let base = """
        #include <linux/x.h>

        static void mover(int n)
        {
        \tint i;
        \tfor (i = 0; i < n; i++)
        \t\tpoke(i);
        \tflush();
        }

        static int other(int a, int b)
        {
        \tint sum = 0;
        \tsum += a;
        \tsum += b;
        \tsum *= 2;
        \tsum -= 1;
        \tsum /= 3;
        \tsum += 7;
        \treturn sum;
        }

        int entry(void)
        {
        \tmover(3);
        \treturn other(1, 2);
        }

        """

    /// Upstream moves `mover()` after `other()` and renames the call in it.
    var upstream: String {
        base.replacingOccurrences(
            of: "static void mover(int n)\n{\n\tint i;\n\tfor (i = 0; i < n; i++)\n\t\tpoke(i);\n\tflush();\n}\n\n",
            with: ""
        ).replacingOccurrences(
            of: "int entry(void)",
            with:
                "static void mover(int n)\n{\n\tint i;\n\tfor (i = 0; i < n; i++)\n\t\tpoke(i);\n\tflush_all();\n}\n\nint entry(void)"
        )
    }

    var patch: Patch {
        let text = UnifiedDiffWriter.filePatch(
            old: .init(path: bytes("arch/a/x.c"), file: TreeFile(bytes: bytes(base))),
            new: .init(path: bytes("arch/a/x.c"), file: TreeFile(bytes: bytes(upstream))))
        return PatchParser.parse(text).patch
    }

    func port(copy: String) throws -> Porter.Result {
        try Porter.port(
            patch, map: map, fork: MemoryTree(["arch/xen/a/x.c": copy]),
            base: MemoryTree(["arch/a/x.c": base]), options: .init())
    }

    func count(_ needle: String, in bytes: [UInt8]) -> Int {
        displayText(bytes).components(separatedBy: needle).count - 1
    }

    /// The fork changed a line of `mover()` (`unsigned int i`): the copy's version moves after `other()`
    /// with the fork's line and upstream's `flush_all()`, once, and every hunk of the move says so.
    @Test func theForksVersionMovesWithItsChanges() throws {
        #expect(patch.files.first?.hunks.count == 2, "the fixture's diff removes mover() and adds it elsewhere")
        let copy = base.replacingOccurrences(of: "\tint i;", with: "\tunsigned int i;")
        let result = try port(copy: copy)
        let entries = result.report.entries
        #expect(entries.map(\.verdict.label) == ["ported", "ported"])
        for entry in entries {
            guard case .ported(let p) = entry.verdict else { continue }
            #expect(p.step == .moved)
            #expect(entry.verdict.message.contains("upstream moved mover"))
        }
        let expected = upstream.replacingOccurrences(of: "\tint i;", with: "\tunsigned int i;")
        #expect(displayText(result.copies.first?.ported ?? []) == expected)
        // The rewritten patch takes the copy there too.
        let duplicate = PatchParser.parse(result.patch).patch
        let applied = FilePatcher.apply(duplicate.files[0].hunks, toBytes: bytes(copy), options: .init(maxFuzz: 0))
        #expect(applied.appliedAll)
        #expect(displayText(applied.bytes) == expected)
    }

    /// Refused: the fork changed the very line upstream edits (`flush()` → `xen_flush()`). The unit's merge
    /// conflicts, nothing moves, and the copy does not get a second `mover()`.
    @Test func aConflictInsideTheUnitRefusesTheMove() throws {
        let copy = base.replacingOccurrences(of: "\tflush();", with: "\txen_flush();")
        let result = try port(copy: copy)
        let labels = result.report.entries.map(\.verdict.label)
        #expect(!labels.contains("ported"), "\(labels)")
        #expect(labels.contains("fork-conflict"))
        #expect(count("static void mover", in: result.copies.first?.ported ?? []) == 1)
    }

    /// Refused: the copy keeps two variants of `mover()` (under `#ifdef`/`#else`). Which one moves is a
    /// guess, so neither does.
    @Test func twoVariantsInTheCopyRefuseTheMove() throws {
        let variant = "#ifdef CONFIG_XEN\nstatic void mover(int n)\n{\n\txen_mover(n);\n}\n#else\n"
        let copy = base.replacingOccurrences(
            of: "static void mover(int n)\n", with: variant + "static void mover(int n)\n"
        )
        .replacingOccurrences(of: "\tflush();\n}\n", with: "\tflush();\n}\n#endif\n")
        let result = try port(copy: copy)
        for entry in result.report.entries {
            if case .ported(let p) = entry.verdict { #expect(p.step != .moved) }
        }
        #expect(count("static void mover", in: result.copies.first?.ported ?? []) == 2)
        // Upstream's mover() at top level would be compiled beside the #else variant: held for review.
        #expect(result.report.entries.contains { $0.verdict.label == "review" })
    }

    /// Refused: the fork put its changed `mover()` under an `#ifdef` of its own. Moving the body would leave
    /// the guard behind at the old place, so nothing moves and nothing lands twice.
    @Test func aUnitUnderTheForksOwnGuardDoesNotMove() throws {
        let copy = base.replacingOccurrences(of: "\tint i;", with: "\tunsigned int i;")
            .replacingOccurrences(
                of: "static void mover(int n)\n", with: "#ifdef CONFIG_XEN\nstatic void mover(int n)\n"
            )
            .replacingOccurrences(of: "\tflush();\n}\n\n", with: "\tflush();\n}\n\n#endif\n")
        let result = try port(copy: copy)
        for entry in result.report.entries {
            if case .ported(let p) = entry.verdict { #expect(p.step != .moved) }
        }
        #expect(count("static void mover", in: result.copies.first?.ported ?? []) == 1)
    }

    /// A copy whose `mover()` is the original's needs no carrying: the hunks place as they are.
    @Test func anUnchangedUnitMovesByThePatchAlone() throws {
        let result = try port(copy: base)
        #expect(
            result.report.entries.allSatisfy { entry in
                if case .ported(let p) = entry.verdict { return p.step == .exact || p.step == .offset }
                return false
            })
        #expect(displayText(result.copies.first?.ported ?? []) == upstream)
    }

    /// The fork left `mover()` alone but inserted a line where upstream puts it, one that names `poke()`
    /// as `mover()` does (so the two insertions are not independent, `unit-union` does not apply): the
    /// hunk adding it back conflicts, so the hunk removing it would leave the copy without `mover()`. That
    /// removal is held for review ("the copy would lose mover"). Twins: without the fork's line both hunks
    /// land, and the copy has `mover()` once, at upstream's place; with a fork line that names nothing of
    /// `mover()`'s, both land too, `mover()` first.
    @Test func aRemovalWhoseReAdditionCannotLandIsHeld() throws {
        let copy = base.replacingOccurrences(
            of: "\treturn sum;\n}\n\n", with: "\treturn sum;\n}\n\nextern void poke(int i);\n\n")
        let result = try port(copy: copy)
        let labels = result.report.entries.map(\.verdict.label)
        #expect(labels.contains("review"), "\(labels)")
        #expect(result.report.entries.contains { $0.verdict.message.contains("the copy would lose mover") })
        #expect(count("static void mover", in: result.copies.first?.ported ?? []) == 1)
        let twin = try port(copy: base)
        #expect(twin.report.entries.map(\.verdict.label) == ["ported", "ported"])
        #expect(count("static void mover", in: twin.copies.first?.ported ?? []) == 1)
        let independent = try port(
            copy: base.replacingOccurrences(
                of: "\treturn sum;\n}\n\n", with: "\treturn sum;\n}\n\nstatic int xen_hook;\n\n"))
        #expect(independent.report.entries.map(\.verdict.label) == ["ported", "ported"])
        let text = displayText(independent.copies.first?.ported ?? [])
        #expect(count("static void mover", in: independent.copies.first?.ported ?? []) == 1)
        #expect(text.range(of: "static void mover")!.lowerBound < text.range(of: "static int xen_hook")!.lowerBound)
    }

    /// Part of a conflicting hunk lands only when it stands on its own. Upstream replaces the fork-changed
    /// `#if` pair of `PK` definitions by one new definition further down: the removal conflicts, and landing
    /// the new definition alone would define `PK` twice, so none of the hunk lands. Twin: on a copy that kept
    /// the pair as upstream had it, the hunk lands whole.
    @Test func aPartialLandingThatWouldDefineTwiceIsHeld() throws {
        let header = "#if A\n#define PK 1\n#else\n#define PK 2\n#endif\n#define L 3\n#define M 4\n#define N 5\n"
        let after = "#define L 3\n#define PK (L * 2)\n#define M 4\n#define N 5\n"
        let patchText = UnifiedDiffWriter.filePatch(
            old: .init(path: bytes("arch/a/k.h"), file: TreeFile(bytes: bytes(header))),
            new: .init(path: bytes("arch/a/k.h"), file: TreeFile(bytes: bytes(after))))
        func run(_ copy: String) throws -> Porter.Result {
            try Porter.port(
                PatchParser.parse(patchText).patch, map: map, fork: MemoryTree(["arch/xen/a/k.h": copy]),
                base: MemoryTree(["arch/a/k.h": header]), options: .init())
        }
        let forked = header.replacingOccurrences(of: "PK 1", with: "PK (XEN_BASE - 1)")
        let held = try run(forked)
        #expect(held.report.entries.map(\.verdict.label) == ["fork-conflict"])
        #expect(held.report.entries[0].verdict.message.contains("none of its changes landed"))
        #expect(held.report.entries[0].verdict.message.contains("define PK twice"))
        #expect(held.copies.first?.ported == bytes(forked))
        let whole = try run(header)
        #expect(whole.report.entries.map(\.verdict.label) == ["ported"])
        #expect(whole.copies.first?.ported == bytes(after))
    }
}
