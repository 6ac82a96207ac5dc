import Testing
@testable import TandemCore

/// Conditionals stay matched (`FilePatcher+Conditionals`, `ConditionalShape`): upstream removes or adds the
/// two ends of a conditional in two hunks; where only one end can land on the copy, it does not, since it
/// would pair with a conditional of the fork's. Each pattern has its twin where the ends land together.
@Suite("FilePatcher: conditionals stay matched")
struct ConditionalsTests {
    /// A timer tick with a bus block under `#ifdef CONFIG_BUS`, far enough from its `#endif` that upstream's
    /// two edits make two hunks, and a second function below.
    static let base = [
        "static void tick(int irq)\n", "{\n", "\tcount++;\n", "\taccount();\n", "\n", "#ifdef CONFIG_BUS\n",
        "\tif( bus_ok ) {\n", "\t\tack_bus(irq);\n", "\t\treset_bus();\n", "\t\tpoll_bus();\n", "\t\tcheck_bus();\n",
        "\t\tlog_bus();\n", "\t\tdone_bus();\n", "\t}\n", "#endif\n", "}\n", "\n", "static void tock(void)\n", "{\n",
        "\tother();\n", "}\n",
    ]

    /// Upstream drops the `#ifdef CONFIG_BUS` (the bus is always there now), respacing the `if`.
    static let upstream = base.filter { $0 != "#ifdef CONFIG_BUS\n" && $0 != "#endif\n" }.map {
        $0 == "\tif( bus_ok ) {\n" ? "\tif (bus_ok) {\n" : $0
    }

    /// The hunks of `old` → `new`, as `tandem diff` writes them (three lines of context).
    static func hunks(_ old: [String], _ new: [String]) -> [Hunk] {
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: Array("t.c".utf8), file: TreeFile(bytes: Array(old.joined().utf8))),
            new: .init(path: Array("t.c".utf8), file: TreeFile(bytes: Array(new.joined().utf8))), context: 3)
        return PatchParser.parse(patch).patch.files[0].hunks
    }

    /// `base` → `upstream` as one hunk (checked), applied to `fork` through the base.
    static func applyOneHunk(_ base: [String], _ upstream: [String], onto fork: [String]) -> FilePatcher.Result {
        let hunks = hunks(base, upstream)
        #expect(hunks.count == 1)
        return FilePatcher.apply(hunks, to: file(fork), base: file(base))
    }

    /// The note of a conflict (nil for any other outcome).
    static func note(_ outcome: HunkOutcome) -> String? {
        if case .conflict(let conflict) = outcome { return conflict.note } else { return nil }
    }

    /// The fork dropped the bus block and put its own conditional there, whose `#endif` stands where the
    /// bus block's did. Upstream's first hunk finds nothing to change; its second, a lone `-#endif`, would
    /// remove the fork's `#endif` and leave `#ifdef CONFIG_FORK_TIMER` open. It does not land.
    @Test func aLoneEndifDoesNotCloseTheForksConditional() throws {
        let fork =
            Array(Self.base[0..<5]) + [
                "#ifdef CONFIG_FORK_TIMER\n", "\tif (fork_timer_ok) {\n", "\t\tfork_timer(irq);\n", "\t}\n", "#endif\n",
            ] + Array(Self.base[15...])
        let hunks = Self.hunks(Self.base, Self.upstream)
        try #require(hunks.count == 2)
        let result = FilePatcher.apply(hunks, to: file(fork), base: file(Self.base))
        #expect(!result.outcomes[0].changesTarget)
        #expect(Self.note(result.outcomes[1])?.contains("#if/#endif lines unmatched") == true)
        #expect(result.file == file(fork))
        // With conflict markers (`--merge`), the markers say what would have gone.
        #expect(String(decoding: result.bytesWithConflicts, as: UTF8.self).contains("<<<<<<< ours"))
    }

    /// Twin: a fork that changed only the other function takes both ends: they land together.
    @Test func bothEndsLandTogether() {
        var fork = Self.base
        fork[19] = "\tother_fork();\n"
        var expected = Self.upstream
        expected[expected.firstIndex(of: "\tother();\n")!] = "\tother_fork();\n"
        let result = FilePatcher.apply(Self.hunks(Self.base, Self.upstream), to: file(fork), base: file(Self.base))
        #expect(result.outcomes.allSatisfy { $0.changesTarget })
        #expect(result.file == file(expected))
    }

    /// Without a base, as `tandem apply` runs: the first hunk's context is gone, the second applies where
    /// it says, and the file's conditionals would no longer match. The second hunk is withdrawn.
    @Test func withoutABaseTheLoneEndifIsWithdrawnToo() {
        var fork = Self.base
        fork[6] = "\tif (fork_bus_ok()) {\n"
        fork[3] = "\taccount_fork();\n"
        let result = FilePatcher.apply(Self.hunks(Self.base, Self.upstream), to: file(fork))
        #expect(!result.outcomes[0].isSuccess)
        #expect(!result.outcomes[1].isSuccess)
        #expect(result.file == file(fork))
    }

    /// Twin: a target whose conditionals did not match before (a fragment) is left to the steps: the hunk
    /// that applies, applies.
    @Test func aTargetUnmatchedBeforeIsLeftAlone() {
        var fork = Array(Self.base[6...])  // starts inside the conditional: its `#endif` matches nothing
        fork[0] = "\tif (fork_bus_ok()) {\n"
        let hunks = Self.hunks(Self.base, Self.upstream)
        let result = FilePatcher.apply(hunks, to: file(fork))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.outcomes[1].isSuccess)
    }

    /// A setup function, and upstream's version, which puts the table parsing under `#ifdef CONFIG_ACPI`.
    static let setup = [
        "void setup(void)\n", "{\n", "\tmap_memory();\n", "\n", "\t/* Parse the tables. */\n", "\tparse_tables();\n",
        "\tboot_tables();\n", "\n", "\tfinish();\n", "}\n",
    ]
    static let setupWithACPI =
        Array(setup[0..<4]) + ["#ifdef CONFIG_ACPI\n"] + Array(setup[4..<7]) + ["#endif\n"] + Array(setup[7...])

    /// The fork inserted its own `#ifdef CONFIG_ACPI` … `#endif` block where upstream inserts a lone
    /// `#ifdef CONFIG_ACPI` (whose `#endif` a later line of the same hunk adds). The fork's line belongs to
    /// the fork's block: upstream's is not already there. Both inserted at one point; the fork's block ends
    /// in the blank line before the point, so upstream's opening goes after it (`slid-insertion`), and its
    /// `#endif` lands with it: never half of the pair.
    @Test func theForksOwnConditionalDoesNotHoldUpstreamsOpening() {
        let (base, upstream) = (Self.setup, Self.setupWithACPI)
        let theirs = ["#ifdef CONFIG_ACPI\n", "\tif (guest)\n", "\t\tacpi_off();\n", "#endif\n", "\n"]
        var fork = base
        fork.insert(contentsOf: theirs, at: 4)
        let result = FilePatcher.apply(Self.hunks(base, upstream), to: file(fork), base: file(base))
        #expect(step(result.outcomes[0]) == .slid)
        var expected = upstream
        expected.insert(contentsOf: theirs, at: 4)
        #expect(result.file == file(expected))
        // Without the blank line that lets the fork's block read as made before the base's, the order is a
        // guess: a conflict, nothing half landed.
        var tight = base
        tight.insert(contentsOf: theirs.dropLast(), at: 4)
        let refused = FilePatcher.apply(Self.hunks(base, upstream), to: file(tight), base: file(base))
        #expect(!refused.outcomes[0].changesTarget)
        #expect(refused.file == file(tight))
    }

    /// Twin: the fork inserted the same lone `#ifdef CONFIG_ACPI` there itself: that one is upstream's, and
    /// only the `#endif` lands.
    @Test func theSameOpeningIsAlreadyThere() {
        let (base, upstream) = (Self.setup, Self.setupWithACPI)
        var fork = base
        fork.insert("#ifdef CONFIG_ACPI\n", at: 4)
        fork[2] = "\tmap_memory_fork();\n"
        let result = FilePatcher.apply(Self.hunks(base, upstream), to: file(fork), base: file(base))
        #expect(result.outcomes[0].changesTarget)
        var expected = upstream
        expected[2] = "\tmap_memory_fork();\n"
        #expect(result.file == file(expected))
    }

    /// Inside one hunk: upstream drops a whole `#ifdef`/`#else`/`#endif` (keeping one branch) and, further
    /// down, turns `extern inline` into `static inline`. The fork commented out the `#else` branch's line, so
    /// that block is refused; the block removing `#ifdef` alone would leave the fork's `#else` and `#endif`
    /// without it. It stays out; the `static inline` block still lands.
    @Test func aPartialLandingKeepsTheConditionalWhole() {
        let base = [
            "/* to physical */\n", "#ifdef CONFIG_SPARSE\n", "#include <asm/sparse.h>\n",
            "#define to_phys(p)\t(pfn(p) << SHIFT)\n", "#else\n", "#define to_phys(p)\t((p - map) << SHIFT)\n",
            "#endif\n", "\n", "#include <asm/iomap.h>\n", "\n", "extern inline void *remap(unsigned long a)\n", "{\n",
            "\treturn do_remap(a);\n", "}\n",
        ]
        let upstream = [
            "/* to physical */\n", "#define to_phys(p)\t(pfn(p) << SHIFT)\n", "\n", "#include <asm/iomap.h>\n", "\n",
            "static inline void *remap(unsigned long a)\n", "{\n", "\treturn do_remap(a);\n", "}\n",
        ]
        var fork = base
        fork[5] = "//#define to_phys(p)\t((p - map) << SHIFT)\n"
        fork[3] = "#define to_phys(p)\t(fork_pfn(p) << SHIFT)\n"
        let result = Self.applyOneHunk(base, upstream, onto: fork)
        #expect(Self.note(result.outcomes[0])?.contains("one end of a conditional") == true)
        var expected = fork
        expected[10] = "static inline void *remap(unsigned long a)\n"
        #expect(result.file == file(expected))
    }

    /// Braces too, inside one conflicting hunk: upstream drops the braces of a one-line `if` and renames a
    /// call above it. The fork rewrote the `if` line, so that block is refused; the block removing the
    /// closing `}` alone would leave the function's braces unmatched. It stays out; the rename still lands.
    @Test func aPartialLandingKeepsBracesWhole() {
        let base = [
            "int send(int err)\n", "{\n", "\tprepare();\n", "\tcheck();\n", "\tif (err) {\n", "\t\tfail();\n",
            "\t}\n", "\tdone();\n", "\treturn 0;\n", "}\n",
        ]
        let upstream = [
            "int send(int err)\n", "{\n", "\tprepare_all();\n", "\tcheck();\n", "\tif (err)\n", "\t\tfail();\n",
            "\tdone();\n", "\treturn 0;\n", "}\n",
        ]
        var fork = base
        fork[4] = "\tif (err) { fork_note();\n"
        let result = Self.applyOneHunk(base, upstream, onto: fork)
        #expect(Self.note(result.outcomes[0])?.contains("without the other brace") == true)
        var expected = fork
        expected[2] = "\tprepare_all();\n"
        #expect(result.file == file(expected))
        // Twin: a fork that left the `if` alone takes the whole hunk, both braces gone.
        var other = base
        other[7] = "\tdone_fork();\n"
        var merged = upstream
        merged[6] = "\tdone_fork();\n"
        let whole = Self.applyOneHunk(base, upstream, onto: other)
        #expect(whole.outcomes[0].isSuccess)
        #expect(whole.file == file(merged))
    }

    /// `tandem port`: a hunk held for review takes one end of a conditional with it, and the hunk holding
    /// the other end is held too (`PortRisk.Reason.otherEndHeld`): the copy keeps matched conditionals.
    /// Upstream wraps three functions in `#ifdef CONFIG_LAZY`, the first of them new and writing `%cr3` as
    /// the fork no longer does (held: a string the fork removed); the `#endif` is a hunk of its own.
    @Test func aHunkHeldForReviewHoldsTheOtherEnd() throws {
        let original = [
            "static inline void switch_mm(struct mm *next)\n", "{\n",
            "\tasm volatile(\"movq %0,%%cr3\" :: \"r\" (next->pgd));\n", "}\n", "\n",
            "static inline void leave_mm(void)\n", "{\n", "}\n", "\n", "static inline void enter_lazy(void)\n", "{\n",
            "}\n",
            "\n", "static inline void leave_lazy(void)\n", "{\n", "}\n",
        ]
        var upstream = original
        upstream.append("#endif\n")
        upstream.insert(
            contentsOf: [
                "\n", "#ifdef CONFIG_LAZY\n", "static inline void load_cr3(pgd_t *pgd)\n", "{\n",
                "\tasm volatile(\"movq %0,%%cr3\" :: \"r\" (pgd));\n", "}\n",
            ], at: 8)
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: bytes("include/asm/mmu.h"), file: TreeFile(bytes: bytes(original.joined()))),
            new: .init(path: bytes("include/asm/mmu.h"), file: TreeFile(bytes: bytes(upstream.joined()))), context: 3)
        let map = ForkMap(mappings: [ForkMapping(upstream: "include/asm/", fork: "include/asm-xen/")])
        func port(_ copy: [String], accept: Bool = false) throws -> Porter.Result {
            try Porter.port(
                PatchParser.parse(patch).patch, map: map, fork: MemoryTree(["include/asm-xen/mmu.h": copy.joined()]),
                base: MemoryTree(["include/asm/mmu.h": original.joined()]), options: .init(acceptReview: accept))
        }
        var copy = original
        copy[2] = "\txen_new_baseptr(next->pgd);\n"
        let held = try port(copy)
        #expect(held.report.entries.map(\.verdict.label) == ["review", "review"])
        #expect(held.report.entries[1].verdict.message.contains("one end of a conditional"))
        #expect(held.copies.first?.ported == bytes(copy.joined()))
        // Accepted, both ends land.
        let accepted = try port(copy, accept: true)
        #expect(accepted.report.entries.map(\.verdict.label) == ["ported", "ported"])
        // Twin: the copy still writes `%cr3` that way: nothing is held, both land.
        let kept = try port(original)
        #expect(kept.report.entries.map(\.verdict.label) == ["ported", "ported"])
        #expect(kept.copies.first?.ported == bytes(upstream.joined()))
    }

    /// What counts as a directive, and how shapes read.
    @Test func shapes() {
        func shape(_ lines: [String]) -> ConditionalShape { ConditionalShape(lines.map { Bytes($0.utf8) }) }
        #expect(ConditionalShape.directive(Bytes("  #  ifdef X\n".utf8)) == .open)
        #expect(ConditionalShape.directive(Bytes("#if(defined(X))\n".utf8)) == .open)
        #expect(ConditionalShape.directive(Bytes("#elif Y\n".utf8)) == .branch)
        #expect(ConditionalShape.directive(Bytes("#endif /* X */\n".utf8)) == .close)
        #expect(ConditionalShape.directive(Bytes("#include <x.h>\n".utf8)) == nil)
        #expect(ConditionalShape.directive(Bytes("#ifdefined\n".utf8)) == nil)
        #expect(ConditionalShape.directive(Bytes("#if_x\n".utf8)) == nil)
        #expect(ConditionalShape.directive(Bytes("x = 1; #if\n".utf8)) == nil)
        #expect(shape(["#ifdef A\n", "#else\n", "#endif\n"]) == .balanced)
        #expect(shape(["#endif\n"]) == ConditionalShape(closes: 1, opens: 0))
        #expect(shape(["#else\n"]) == ConditionalShape(closes: 1, opens: 1))
        #expect(shape(["#endif\n", "#ifdef B\n"]).depthChange == 0)
        #expect(shape(["#ifdef A\n", "#ifdef B\n", "#endif\n"]).depthChange == 1)
        // Braces: those in strings, character literals and comments on the line do not count.
        func braces(_ lines: [String]) -> Int { CTokens.braceDepth(lines.map { Bytes($0.utf8) }) }
        #expect(braces(["\tif (x) {\n"]) == 1)
        #expect(braces(["\tputs(\"{\"); c = '}'; /* { */ // }\n"]) == 0)
        #expect(braces(["\t}\n", "}\n", "void f(void) {\n"]) == -1)
    }
}
