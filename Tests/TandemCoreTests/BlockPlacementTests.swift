import Testing
@testable import TandemCore

/// The finer base steps (`FilePatcher+Blocks`): each pattern that lands, beside its twin that must not.
@Suite("FilePatcher: change blocks, word merge, anchored insertion")
struct BlockPlacementTests {
    /// A small C file: the base every case below starts from.
    let base = [
        "#include <linux/init.h>\n",  // 1
        "\n",  // 2
        "static int __init probe(void)\n",  // 3
        "{\n",  // 4
        "\tint i, n = 0;\n",  // 5
        "\tstart_probe();\n",  // 6
        "\tfor (i = 0; i < e820.nr; i++)\n",  // 7
        "\t\tmap = alloc_bootmem_low(e820.map[i].size);\n",  // 8
        "\tfinish_probe(n);\n",  // 9
        "\treturn n;\n",  // 10
        "}\n",  // 11
        "\n",  // 12
        "static void __exit remove(void)\n",  // 13
        "{\n",  // 14
        "\tstop_probe();\n",  // 15
        "}\n",  // 16
    ]

    func apply(_ hunks: [Hunk], to target: [String]) -> FilePatcher.Result {
        FilePatcher.apply(hunks, to: file(target), base: file(base))
    }

    func conflictNote(_ outcome: HunkOutcome) -> String? {
        if case .conflict(let c) = outcome { return c.note ?? "" }
        return nil
    }

    /// Upstream renames start_probe(); the fork added a line right above it.
    let renameStart = hunk(
        3,
        [
            " static int __init probe(void)\n", " {\n", " \tint i, n = 0;\n", "-\tstart_probe();\n",
            "+\tstart_probe_early();\n", " \tfor (i = 0; i < e820.nr; i++)\n",
            " \t\tmap = alloc_bootmem_low(e820.map[i].size);\n", " \tfinish_probe(n);\n",
        ])

    /// A fork edit of the line next to the changed one: diff3 calls touching changes a conflict; the changed
    /// line itself stands intact, so the change lands and the fork's line stays.
    @Test func forkEditBesideTheChangeLandsChangeByChange() {
        var target = base
        target[4] = "\tint i, n = 0, xen = 1;\n"
        let result = apply([renameStart], to: target)
        #expect(step(result.outcomes[0]) == .blocks)
        var expected = target
        expected[5] = "\tstart_probe_early();\n"
        #expect(result.file == file(expected))
    }

    /// Twin: the fork put a line of its own between two lines upstream deletes. Deleting them would orphan
    /// the fork's line: a conflict, and the note says why.
    @Test func forkLineInsideADeletedBlockIsRefused() {
        let deleteTwo = hunk(
            4,
            [
                " {\n", " \tint i, n = 0;\n", "-\tstart_probe();\n", "-\tfor (i = 0; i < e820.nr; i++)\n",
                "-\t\tmap = alloc_bootmem_low(e820.map[i].size);\n", " \tfinish_probe(n);\n", " \treturn n;\n", " }\n",
            ])
        var target = base
        target.insert("\txen_probe();\n", at: 6)
        target[4] = "\tint i, n = 1;\n"
        let result = apply([deleteTwo], to: target)
        #expect(conflictNote(result.outcomes[0]) != nil)
        #expect(result.file == file(target))
    }

    /// The fork inserted lines between two changes of one hunk: each change lands on its own lines.
    @Test func forkLinesBetweenTwoChangesOfOneHunk() {
        let two = hunk(
            5,
            [
                " \tint i, n = 0;\n", "-\tstart_probe();\n", "+\tstart_probe_early();\n",
                " \tfor (i = 0; i < e820.nr; i++)\n", " \t\tmap = alloc_bootmem_low(e820.map[i].size);\n",
                "-\tfinish_probe(n);\n", "+\tfinish_probe_late(n);\n", " \treturn n;\n", " }\n",
            ])
        var target = base
        target.insert(contentsOf: ["\tif (xen)\n", "\t\treturn 0;\n"], at: 8)
        let result = apply([two], to: target)
        #expect(result.outcomes[0].isSuccess)
        let text = displayText(result.file.bytes)
        #expect(text.contains("\tstart_probe_early();\n\tfor"))
        #expect(text.contains("\t\treturn 0;\n\tfinish_probe_late(n);\n"))
    }

    /// A hunk placed change by change reports its offset as GNU patch does, from where its header puts the
    /// change (its first context line `stated` plus the lines before the change), not from its first context
    /// line to the change: two lines the fork put at the top shift it by 2, and the report's line is the
    /// hunk's first line, shifted alike.
    @Test func aHunkPlacedChangeByChangeCountsItsOffsetFromItsChange() {
        var target = base
        target[7] = "\t\tmap = alloc_bootmem_low(e820[i].size);\n"
        target.insert(contentsOf: ["/* xen */\n", "\n"], at: 0)
        let result = apply([kzalloc], to: target)
        guard case .applied(let p) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(p.step == .words)
        #expect(p.offset == 2)
        #expect(
            ApplyReport.HunkResult(number: 1, header: kzalloc.header, outcome: result.outcomes[0]).line
                == kzalloc.header.newStart + 2)
    }

    /// Upstream replaces the allocator in the loop's body.
    let kzalloc = hunk(
        6,
        [
            " \tstart_probe();\n", " \tfor (i = 0; i < e820.nr; i++)\n",
            "-\t\tmap = alloc_bootmem_low(e820.map[i].size);\n", "+\t\tmap = kzalloc(e820.map[i].size);\n",
            " \tfinish_probe(n);\n", " \treturn n;\n", " }\n",
        ])

    /// Both sides changed one line, different words (the fork `e820.map[i]` → `e820[i]`, upstream the
    /// allocator): the line gets both.
    @Test func sameLineDifferentWordsMergesWordByWord() {
        var target = base
        target[7] = "\t\tmap = alloc_bootmem_low(e820[i].size);\n"
        let result = apply([kzalloc], to: target)
        #expect(step(result.outcomes[0]) == .words)
        #expect(displayText(result.file.bytes).contains("\t\tmap = kzalloc(e820[i].size);\n"))
    }

    /// Twin: both changed the same words (the fork's allocator, upstream's allocator): a conflict.
    @Test func sameWordsChangedTwoWaysIsRefused() {
        var target = base
        target[7] = "\t\tmap = xen_alloc(e820.map[i].size);\n"
        let result = apply([kzalloc], to: target)
        #expect(conflictNote(result.outcomes[0])?.contains("same words") == true)
        #expect(result.file == file(target))
    }

    /// The fork changed only the blanks within the line upstream rewrites, and within the loop line before
    /// it, which upstream keeps. Where the fork's spacing touches upstream's edit (a blank right after the
    /// call upstream renames), upstream's words come in upstream's spacing (`git merge
    /// -Xignore-space-change` takes theirs when ours changed white space only); the kept line stays the
    /// fork's. A second run finds it made: the word merge had kept the fork's spacing there, which the second
    /// run then rewrote into upstream's.
    @Test func aLineTheForkOnlyRespacedTakesUpstreamsLine() {
        var target = base
        target[6] = "\tfor (i = 0;  i < e820.nr;  i++)\n"
        target[7] = "\t\tmap = alloc_bootmem_low (e820.map[i].size);\n"
        let result = apply([kzalloc], to: target)
        #expect(step(result.outcomes[0]) == .words)
        var expected = target
        expected[7] = "\t\tmap = kzalloc(e820.map[i].size);\n"
        #expect(result.file == file(expected))
        expectMadeAgain(result)
        // Twin: the fork's spacing stands apart from upstream's words (inside the brackets, past the `(`):
        // nobody else changed it there, so it stays, as a word merge keeps the fork's words; a second run
        // finds the change made and leaves the fork's spacing alone.
        target[7] = "\t\tmap = alloc_bootmem_low( e820.map[i].size );\n"
        let apart = apply([kzalloc], to: target)
        #expect(step(apart.outcomes[0]) == .words)
        expected[7] = "\t\tmap = kzalloc( e820.map[i].size );\n"
        #expect(apart.file == file(expected))
        expectMadeAgain(apart)
        // Twin: the fork indented the line its own way (a style, as a re-indented block is): the word merge
        // keeps the fork's indentation and blanks, and takes upstream's words.
        target[7] = "    map = alloc_bootmem_low( e820.map[i].size );\n"
        let indented = apply([kzalloc], to: target)
        #expect(step(indented.outcomes[0]) == .words)
        #expect(displayText(indented.file.bytes).contains("    map = kzalloc( e820.map[i].size );\n"))
    }

    /// The `kzalloc` hunk met again on `result`'s file: already applied, nothing rewritten.
    private func expectMadeAgain(_ result: FilePatcher.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        let again = FilePatcher.apply([kzalloc], to: result.file, base: file(base))
        guard case .alreadyApplied = again.outcomes[0] else {
            Issue.record("not made on the second run: \(again.outcomes[0])", sourceLocation: sourceLocation)
            return
        }
        #expect(again.bytes == result.bytes, sourceLocation: sourceLocation)
    }

    /// Both made the same change, spelled with other blanks: already applied, nothing written.
    @Test func sameEditWithOtherBlanksIsAlreadyApplied() {
        var target = base
        target[4] = "\tint i, n = 0;  /* xen */\n"
        target[5] = "\tstart_probe_early( );\n"
        let result = apply([renameStart], to: target)
        guard case .alreadyApplied = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(result.file == file(target))
    }

    /// Upstream inserts after `start_probe();`; the fork rewrote the loop that follows. The line before is
    /// intact, distinctive and unique: the insertion goes right after it.
    @Test func insertionAnchoredOnTheLineItFollows() {
        let insert = hunk(
            4,
            [
                " {\n", " \tint i, n = 0;\n", " \tstart_probe();\n", "+\tprobe_quirks();\n",
                " \tfor (i = 0; i < e820.nr; i++)\n", " \t\tmap = alloc_bootmem_low(e820.map[i].size);\n",
                " \tfinish_probe(n);\n",
            ])
        var target = base
        target[6] = "\tfor_each_e820(i)\n"
        target[7] = "\t\tmap = xen_map(i);\n"
        let result = apply([insert], to: target)
        #expect(step(result.outcomes[0]) == .anchored)
        #expect(displayText(result.file.bytes).contains("\tstart_probe();\n\tprobe_quirks();\n\tfor_each_e820(i)\n"))
    }

    /// Twin: the only standing neighbour is a lone brace (it says nothing, and braces repeat): refused.
    @Test func insertionBesideALoneBraceIsRefused() {
        let insert = hunk(
            13, [" static void __exit remove(void)\n", " {\n", "+\tflush_probe();\n", " \tstop_probe();\n", " }\n"])
        var target = base
        target[12] = "static void remove(void)\n"
        target[14] = "\txen_stop_probe();\n"
        let result = apply([insert], to: target)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// Twin: both sides inserted lines at one point. Which goes first? On real history maintainers chose
    /// each order about as often: refused, never guessed.
    @Test func bothSidesInsertingAtOnePointIsRefused() {
        let insert = hunk(
            5,
            [
                " \tint i, n = 0;\n", " \tstart_probe();\n", "+\tprobe_quirks();\n",
                " \tfor (i = 0; i < e820.nr; i++)\n", " \t\tmap = alloc_bootmem_low(e820.map[i].size);\n",
            ])
        var target = base
        target.insert("\txen_probe_quirks();\n", at: 6)
        let result = apply([insert], to: target)
        #expect(conflictNote(result.outcomes[0])?.contains("both sides insert") == true)
        #expect(result.file == file(target))
    }

    /// The fork commented out the lines around an insertion point, one for one: the point is found by
    /// counting from the nearest standing lines.
    @Test func insertionAmongLinesTheForkEditedInPlace() {
        let kconfig = [
            "config A\n", "\tbool \"A\"\n", "\n", "config B\n", "\tbool \"B\"\n", "\n", "config C\n", "\tbool \"C\"\n",
        ]
        let insert = hunk(
            2,
            [" \tbool \"A\"\n", " \n", "+config NEW\n", "+\tbool \"New\"\n", "+\n", " config B\n", " \tbool \"B\"\n"])
        var target = kconfig
        target[3] = "#config B\n"
        target[4] = "#\tbool \"B\"\n"
        let result = FilePatcher.apply([insert], to: file(target), base: file(kconfig))
        #expect(step(result.outcomes[0]) == .anchored)
        #expect(
            displayText(result.file.bytes)
                == "config A\n\tbool \"A\"\n\nconfig NEW\n\tbool \"New\"\n\n#config B\n#\tbool \"B\"\n\nconfig C\n\tbool \"C\"\n"
        )
        // Twin: the fork removed one of those lines instead: counting would guess, so the hunk conflicts.
        var removed = kconfig
        removed[3] = "#config B\n"
        removed.remove(at: 4)
        removed[2] = "# B is not for us\n"
        let refused = FilePatcher.apply([insert], to: file(removed), base: file(kconfig))
        #expect(!refused.outcomes[0].isSuccess)
        #expect(refused.file == file(removed))
    }

    /// The fork deleted the block an insertion follows; the line it precedes (`endmenu`) repeats in the
    /// file, and so do the blank and `#` lines after it. The run of standing lines carries on to a line that
    /// occurs once (`source "power/Kconfig"`), so the matching placed `endmenu` truly: the insertion lands
    /// before it.
    @Test func insertionAnchoredThroughARunOfRepeatedLines() {
        let kconfig = [
            "menu \"Processor\"\n", "config MCE_INTEL\n", "\tbool \"Intel MCE\"\n", "\thelp\n",
            "\t  Thermal monitor.\n", "endmenu\n", "\n", "#\n", "source \"power/Kconfig\"\n", "\n",
            "menu \"Bus\"\n", "config PCI\n", "\tbool \"PCI\"\n", "endmenu\n",
        ]
        let insert = hunk(
            3,
            [
                " \tbool \"Intel MCE\"\n", " \thelp\n", " \t  Thermal monitor.\n", "+\n", "+config SECCOMP\n",
                "+\tbool \"seccomp\"\n", " endmenu\n", " \n", " #\n",
            ])
        var target = kconfig
        target.removeSubrange(1..<5)
        let result = FilePatcher.apply([insert], to: file(target), base: file(kconfig))
        #expect(step(result.outcomes[0]) == .anchored)
        #expect(
            displayText(result.file.bytes).hasPrefix(
                "menu \"Processor\"\n\nconfig SECCOMP\n\tbool \"seccomp\"\nendmenu\n"))
        // Twin: the fork also rewrote the `#` line, so the standing run after the point is `endmenu` and a
        // blank line, both of which repeat: nothing ties the point down, and the hunk is refused.
        var rewritten = target
        rewritten[3] = "# Power management, Xen style\n"
        let refused = FilePatcher.apply([insert], to: file(rewritten), base: file(kconfig))
        #expect(!refused.outcomes[0].isSuccess)
        #expect(refused.file == file(rewritten))
    }

    /// The fork wrote upstream's change by hand before upstream did, in its own spacing (`x()-1`, a blank
    /// line more). Upstream's own text replaces it: the copy follows upstream's form again.
    @Test func aHandWrittenBackportTakesUpstreamsForm() {
        let base = [
            "int count(void)\n", "{\n", "\tint cpus = num_online_cpus()-1;\n", "\tif (!cpus)\n", "\t\treturn 0;\n",
            "\treturn go(cpus);\n", "}\n",
        ]
        let upstream = [
            "\tint cpus;\n", "\n", "\tspin_lock(&call_lock);\n", "\tcpus = num_online_cpus() - 1;\n",
            "\tif (!cpus) {\n", "\t\tspin_unlock(&call_lock);\n", "\t\treturn 0;\n", "\t}\n",
        ]
        let change = hunk(
            1,
            [
                " int count(void)\n", " {\n", "-\tint cpus = num_online_cpus()-1;\n", "-\tif (!cpus)\n",
                "-\t\treturn 0;\n",
            ]
                + upstream.map { "+" + $0 } + [" \treturn go(cpus);\n", " }\n"])
        let backport = [
            "\tint cpus;\n", "\n", "\tspin_lock(&call_lock);\n", "\tcpus = num_online_cpus()-1;\n", "\n",
            "\tif (!cpus) {\n", "\t\tspin_unlock(&call_lock);\n", "\t\treturn 0;\n", "\t}\n",
        ]
        let target = ["int count(void)\n", "{\n"] + backport + ["\treturn go(cpus);\n", "}\n"]
        let result = FilePatcher.apply([change], to: file(target), base: file(base))
        #expect(step(result.outcomes[0]) == .upstreamForm)
        #expect(result.file == file(["int count(void)\n", "{\n"] + upstream + ["\treturn go(cpus);\n", "}\n"]))
        // Twin: the fork holds the change indented its own way, line for line (its style), while the lines
        // around stand: already applied, nothing rewritten.
        let small = ["{\n", "\tint cpus = num_online_cpus()-1;\n", "\treturn go(cpus);\n", "}\n"]
        let split = hunk(
            1,
            [
                " {\n", "-\tint cpus = num_online_cpus()-1;\n", "+\tint cpus;\n", "+\tcpus = num_online_cpus() - 1;\n",
                " \treturn go(cpus);\n", " }\n",
            ])
        let styled = ["{\n", "    int cpus;\n", "    cpus = num_online_cpus() - 1;\n", "\treturn go(cpus);\n", "}\n"]
        let kept = FilePatcher.apply([split], to: file(styled), base: file(small))
        #expect(kept.outcomes[0] == .alreadyApplied(line: 2))
        #expect(kept.file == file(styled))
        // The same lines in other spacing inside them take upstream's form.
        let spaced = ["{\n", "\tint cpus;\n", "\tcpus = num_online_cpus()-1;\n", "\treturn go(cpus);\n", "}\n"]
        let retaken = FilePatcher.apply([split], to: file(spaced), base: file(small))
        #expect(step(retaken.outcomes[0]) == .upstreamForm)
        #expect(displayText(retaken.file.bytes).contains("\tcpus = num_online_cpus() - 1;\n"))
    }

    /// The fork wrote upstream's change by hand with a space before the tab of one line (git's
    /// `space-before-tab`): that is a slip, not a style, and upstream's text mends it. Twin: indented the
    /// fork's own way with spaces alone, the change stays already applied.
    @Test func aSpaceBeforeATabTakesUpstreamsForm() {
        let base = [
            "\tseq_printf(p, \"NMI: \");\n", "\tfor (j = 0; j < NR_CPUS; j++)\n", "\t\tif (cpu_online(j))\n",
            "\t\t\tshow(p, j);\n", "\tseq_putc(p, '\\n');\n",
        ]
        let change = hunk(
            1,
            [
                " \tseq_printf(p, \"NMI: \");\n", "-\tfor (j = 0; j < NR_CPUS; j++)\n", "-\t\tif (cpu_online(j))\n",
                "-\t\t\tshow(p, j);\n", "+\tfor_each_cpu(j)\n", "+\t\tshow(p, j);\n", " \tseq_putc(p, '\\n');\n",
            ])
        let upstream = [base[0], "\tfor_each_cpu(j)\n", "\t\tshow(p, j);\n", base[4]]
        let slipped = [base[0], "\tfor_each_cpu(j)\n", " \t\tshow(p, j);\n", base[4]]
        let mended = FilePatcher.apply([change], to: file(slipped), base: file(base))
        #expect(step(mended.outcomes[0]) == .upstreamForm)
        #expect(mended.file == file(upstream))
        let styled = [base[0], "    for_each_cpu(j)\n", "        show(p, j);\n", base[4]]
        let kept = FilePatcher.apply([change], to: file(styled), base: file(base))
        #expect(kept.outcomes[0] == .alreadyApplied(line: 2))
        #expect(kept.file == file(styled))
        // The slip in a line the hunk keeps is the fork's to mend: only the lines upstream adds take its form.
        let keptSlip = [" \tseq_printf(p, \"NMI: \");\n", "\tfor_each_cpu(j)\n", " \t\tshow(p, j);\n", base[4]]
        let partly = FilePatcher.apply([change], to: file(keptSlip), base: file(base))
        #expect(step(partly.outcomes[0]) == .upstreamForm)
        #expect(partly.file == file([keptSlip[0]] + upstream.dropFirst()))
    }

    /// Upstream deletes `start_probe();` and the loop after it.
    let deleteThree = hunk(
        5,
        [
            " \tint i, n = 0;\n", "-\tstart_probe();\n", "-\tfor (i = 0; i < e820.nr; i++)\n",
            "-\t\tmap = alloc_bootmem_low(e820.map[i].size);\n", " \tfinish_probe(n);\n", " \treturn n;\n",
        ])

    /// The fork had deleted the loop already.
    /// Both sides only deleted lines there, so the merge is plain: the line only upstream deletes goes too.
    @Test func bothSidesDeletingTakeTheUnionOfTheirDeletions() {
        var target = base
        target.removeSubrange(6...7)
        let result = apply([deleteThree], to: target)
        #expect(step(result.outcomes[0]) == .deletions)
        var expected = base
        expected.removeSubrange(5...7)
        #expect(result.file == file(expected))
    }

    /// Twin: the fork deleted the loop but changed `start_probe();`, which upstream deletes. Deleting it would
    /// drop the fork's edit (a change against a deletion): a conflict, the copy untouched.
    @Test func aLineTheForkChangedAndUpstreamDeletesIsRefused() {
        var target = base
        target.removeSubrange(6...7)
        target[5] = "\tstart_probe(xen);\n"
        let result = apply([deleteThree], to: target)
        #expect(conflictNote(result.outcomes[0]) != nil)
        #expect(result.file == file(target))
    }

    /// Upstream deletes a function whose body the fork had put under `#ifndef CONFIG_XEN`: with the code
    /// gone, the guard guards nothing, and goes with it (`deletion-union`). Twins: a guard with code of the
    /// fork's own in its `#else`, and a guard that opens beside a line upstream keeps (upstream deletes only
    /// the lines before `return id;`), stay conflicts, the copy untouched.
    @Test func aDeletionTakesTheForksGuardAroundTheDeletedCode() {
        let original = [
            "int keep(void)\n", "{\n", "\treturn 1;\n", "}\n", "\n", "int gone(int id)\n", "{\n",
            "\tint x = probe(id);\n", "\tif (x < 0)\n", "\t\tid = x;\n", "\treturn id;\n", "}\n", "\n",
            "int last(void)\n", "{\n", "\treturn 2;\n", "}\n",
        ]
        let deleteGone = hunk(
            2,
            [" {\n", " \treturn 1;\n", " }\n"] + original[4..<13].map { "-" + $0 }
                + [" int last(void)\n", " {\n", " \treturn 2;\n"])
        func guarded(_ orElse: [String] = []) -> [String] {
            var lines = original
            lines.insert(contentsOf: ["#ifndef CONFIG_XEN\n"], at: 7)
            lines.insert(contentsOf: ["#else\n"].filter { _ in !orElse.isEmpty } + orElse + ["#endif\n"], at: 11)
            return lines
        }
        let result = FilePatcher.apply([deleteGone], to: file(guarded()), base: file(original))
        #expect(step(result.outcomes[0]) == .deletions)
        #expect(result.file == file(Array(original[0..<4]) + original[13...]))
        for twin in [guarded(["\tid = xen_id(id);\n"])] {
            let refused = FilePatcher.apply([deleteGone], to: file(twin), base: file(original))
            #expect(!refused.outcomes[0].isSuccess)
            #expect(refused.file == file(twin))
        }
        // Upstream deletes the lines before `return id;`, and the fork's guard opens beside `{`, which upstream
        // keeps, and closes among the deleted lines: not wholly among them, refused.
        let deleteBody = hunk(7, [" {\n"] + original[7..<10].map { "-" + $0 } + [" \treturn id;\n", " }\n"])
        var edge = original
        edge.insert("#endif\n", at: 8)
        edge.insert("#ifndef CONFIG_XEN\n", at: 7)
        let kept = FilePatcher.apply([deleteBody], to: file(edge), base: file(original))
        #expect(!kept.outcomes[0].isSuccess)
        #expect(kept.file == file(edge))
        #expect(
            FilePatcher.deletionOfGuarded(
                base: original[6..<12].map { bytes($0)[...] }, fork: Array(guarded()[6..<14]).map { bytes($0)[...] },
                removed: 0..<6) == [])
    }

    /// Twin: which of two equal lines the fork deleted decides what is left, and the fork's text cannot say.
    @Test func aDeletionUnionThatDependsOnWhichEqualLineWentIsRefused() {
        let lines: [Bytes] = ["a();\n", "\n", "b();\n", "\n"].map { bytes($0)[...] }
        // Upstream deletes `b();` and the blank line after it; the fork kept one of the two blank lines.
        #expect(FilePatcher.deletionUnion(base: lines, fork: [lines[0], lines[1]], removed: 2..<4) == nil)
        // Had it deleted both blank lines, the result is plain: `a();` alone.
        #expect(FilePatcher.deletionUnion(base: lines, fork: [lines[0], lines[2]], removed: 2..<4) == [lines[0]])
        // Deletions that do not overlap are not this rule's (the change stands intact in the copy).
        #expect(FilePatcher.deletionUnion(base: lines, fork: Array(lines[0..<3]), removed: 0..<1) == nil)
        // A line the fork changed or added is no deletion.
        #expect(FilePatcher.deletionUnion(base: lines, fork: [lines[0], bytes("c();\n")[...]], removed: 2..<4) == nil)
    }

    /// Upstream stops using `cpu` in `idle()` and drops its declaration; the fork had added a line of its own
    /// there that uses `cpu`. Upstream's other changes land, the declaration stays, and the hunk is a
    /// conflict that says why. Twin: the fork's own line names no `cpu`, and the whole hunk lands.
    @Test func aDeclarationTheForkStillUsesStays() {
        // A one-line function first: its span has no body lines (it once made a range run backwards).
        let small = [
            "static int one(void) { return 1; }\n", "void idle(void)\n", "{\n", "\tint cpu = smp_processor_id();\n",
            "\n", "\twhile (1) {\n",
            "\t\tclear(cpu);\n", "\t\trmb();\n", "\t\tstamp[cpu] = jiffies;\n", "\t\thalt();\n", "\t}\n", "}\n",
        ]
        let dropCPU = hunk(
            2,
            [
                " void idle(void)\n", " {\n", "-\tint cpu = smp_processor_id();\n", "-\n", " \twhile (1) {\n",
                "-\t\tclear(cpu);\n", "+\t\tclear_this();\n", " \t\trmb();\n", "-\t\tstamp[cpu] = jiffies;\n",
                "+\t\tthis_stamp = jiffies;\n", " \t\thalt();\n", " \t}\n", " }\n",
            ])
        var uses = small
        uses.insert(contentsOf: ["\t\tif (offline(cpu))\n", "\t\t\tdie();\n"], at: 8)
        let result = FilePatcher.apply([dropCPU], to: file(uses), base: file(small))
        guard case .conflict(let c) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(c.explanation?.contains("still use cpu") == true)
        let text = displayText(result.file.bytes)
        #expect(text.contains("\tint cpu = smp_processor_id();\n"))
        #expect(text.contains("\t\tclear_this();\n") && text.contains("\t\tthis_stamp = jiffies;\n"))

        var own = small
        own.insert(contentsOf: ["\t\tif (offline_now())\n", "\t\t\tdie();\n"], at: 8)
        let landed = FilePatcher.apply([dropCPU], to: file(own), base: file(small))
        #expect(landed.outcomes[0].isSuccess)
        #expect(!displayText(landed.file.bytes).contains("int cpu"))
    }

    /// Twin: a struct member is no local. Upstream drops the member `cpu` and widens `stamp`; the fork put a
    /// member of its own between them whose size names a macro `cpu`. Outside a function body the rule says
    /// nothing: both changes land.
    @Test func aStructMemberIsNoLocalDeclaration() {
        let small = ["struct s {\n", "\tint cpu;\n", "\tint flags;\n", "\tlong stamp;\n", "};\n"]
        let change = hunk(
            1,
            [" struct s {\n", "-\tint cpu;\n", " \tint flags;\n", "-\tlong stamp;\n", "+\tlong long stamp;\n", " };\n"])
        var target = small
        target.insert("\tchar pad[cpu];\n", at: 3)
        let result = FilePatcher.apply([change], to: file(target), base: file(small))
        #expect(result.outcomes[0].isSuccess)
        #expect(
            displayText(result.file.bytes) == "struct s {\n\tint flags;\n\tchar pad[cpu];\n\tlong long stamp;\n};\n")
        #expect(FilePatcher.declaredLocal(bytes("\tint cpu = 0;\n")[...]) == "cpu")
        #expect(FilePatcher.declaredLocal(bytes("\tstruct page *page = NULL;\n")[...]) == "page")
        #expect(FilePatcher.declaredLocal(bytes("\tpte_t pte[4];\n")[...]) == "pte")
        #expect(FilePatcher.declaredLocal(bytes("int cpu;\n")[...]) == nil)
        #expect(FilePatcher.declaredLocal(bytes("\tint f(void);\n")[...]) == nil)
        #expect(FilePatcher.declaredLocal(bytes("\tcpu = 0;\n")[...]) == nil)
    }

    /// A hunk of two changes, one intact and one rewritten by the fork: the intact one lands, the hunk
    /// stays a conflict for the other, and conflict markers (--merge) surround only that one.
    @Test func partOfAConflictingHunkLands() {
        let two = hunk(
            5,
            [
                " \tint i, n = 0;\n", "-\tstart_probe();\n", "+\tstart_probe_early();\n",
                " \tfor (i = 0; i < e820.nr; i++)\n", " \t\tmap = alloc_bootmem_low(e820.map[i].size);\n",
                "-\tfinish_probe(n);\n", "+\tfinish_probe_late(n);\n", " \treturn n;\n", " }\n",
            ])
        var target = base
        target[8] = "\txen_finish(n);\n"
        let result = apply([two], to: target)
        guard case .conflict(let c) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(c.partial != nil)
        #expect(c.landed == .init(count: 1, total: 2, refused: [1]))
        #expect(c.explanation?.hasSuffix("; 1 of 2 changes landed") == true)
        #expect(c.note?.contains("changes landed") == false)
        var expected = target
        expected[5] = "\tstart_probe_early();\n"
        #expect(result.file == file(expected))
        let marked = displayText(result.fileWithConflicts.bytes)
        #expect(marked.contains("\tstart_probe_early();\n\tfor"))
        #expect(
            marked.contains(
                "<<<<<<< ours\n\txen_finish(n);\n||||||| base\n\tfinish_probe(n);\n=======\n\tfinish_probe_late(n);\n>>>>>>> theirs\n"
            ))
    }
}

@Suite("TokenMerge: word-level three-way merge")
struct TokenMergeTests {
    func merge(_ base: String, _ ours: String, _ theirs: String) -> String? {
        TokenMerge.merge(base: [bytes(base)[...]], ours: [bytes(ours)[...]], theirs: [bytes(theirs)[...]])
            .map { displayText($0.flatMap { $0 }) }
    }

    @Test func differentWordsMerge() {
        #expect(merge("a = f(x, y);\n", "a = f(x, z);\n", "b = f(x, y);\n") == "b = f(x, z);\n")
    }

    @Test func touchingWordsAreRefused() {
        #expect(merge("a.map[i]\n", "a[i]\n", "b.map[i]\n") == nil)
        #expect(merge("f(x)\n", "g(x)\n", "h(x)\n") == nil)
    }

    /// Re-indentation beside a changed word is not a clash; an insertion glued to a changed word is.
    @Test func blanksAndLineEndsDecideEdges() {
        #expect(merge("\tf(x);\n", "\t\tf(x);\n", "\tg(x);\n") == "\t\tg(x);\n")
        #expect(merge("\tf(x);\n", "\tif (x)\n\t\tf(x);\n", "\tg(x);\n") == "\tif (x)\n\t\tg(x);\n")
        #expect(merge("\tf(x);\n", "\t!f(x);\n", "\tg(x);\n") == nil)
    }

    /// Both sides wrapped the line in a loop, the fork with braces: the token diffs drew the fork's `)` and
    /// upstream's `)⏎\t\tpowernow_data[i` on either side of the line's `]`, and taking both wrote the
    /// statement twice with an unbalanced `)` (a kernel history backported a hundred commits). Insertions
    /// that only blanks and closing brackets hold apart clash, as replacements do. Twin: insertions a word
    /// holds apart both land.
    @Test func insertionsOnlyAClosingBracketHoldsApartAreRefused() {
        #expect(
            merge(
                "\tpowernow_data[pol->cpu] = data;\n",
                "\tfor_each_cpu_mask(i, cpu_core_map[pol->cpu]) {\n\t\tpowernow_data[i] = data;\n\t}\n",
                "\tfor_each_cpu_mask(i, cpu_core_map[pol->cpu])\n\t\tpowernow_data[i] = data;\n") == nil)
        #expect(merge("\tf(a, b);\n", "\tf(x, a, b);\n", "\tf(a, b, c);\n") == "\tf(x, a, b, c);\n")
    }

    /// Whole lines in front of a line are no clash with upstream's edit of it; text ending in a line end
    /// put in the middle of a line splits it, and the words after it join another statement. The fork
    /// turned `sync_tsc(boot_cpu_id);` into a `printk(…, boot_cpu_id);` and a `sync_tsc();` (a kernel
    /// history backported a hundred commits): the token diff kept `(` and `boot_cpu_id );` for the
    /// `printk`, and upstream's `boot_cpu_id` → `0`, meant for `sync_tsc`'s argument, went into the
    /// `printk`. Refused; the twin, the same edit under a fork's `if` put in front of the line, lands.
    @Test func textThatSplitsALineBeforeUpstreamsEditIsRefused() {
        #expect(
            merge(
                "\tsync_tsc(boot_cpu_id);\n",
                "\tprintk(KERN_INFO \"CPU %d: syncing to %u\\n\", smp_processor_id(),\n\t\t\tboot_cpu_id);\n\tsync_tsc();\n",
                "\tsync_tsc(0);\n") == nil)
        #expect(
            merge("\tsync_tsc(boot_cpu_id);\n", "\tif (tsc_ok)\n\t\tsync_tsc(boot_cpu_id);\n", "\tsync_tsc(0);\n")
                == "\tif (tsc_ok)\n\t\tsync_tsc(0);\n")
    }

    /// The fork's line holds upstream's insertion already (a second run over a word-merged line), and its
    /// token diff drew it a phrase earlier than upstream's (`&& !idle_poll` after `count` beside
    /// `!idle_poll &&` after `&&`): the same insertion, slid among equal tokens, is taken once (found by
    /// the port fuzz target's second-run check, on a line it had garbled to `i, (…`: the words went in
    /// twice). Twin: the same words at two
    /// points no slide joins are two insertions, and both land.
    @Test func theSameInsertionDrawnAtTwoPointsIsTakenOnce() {
        let base = "\tif (!hlt_disable_count && boot_cpu_data.hlt_works_ok) {\n"
        let upstream = "\ti, (!hlt_disable_count && !idle_poll && boot_cpu_data.hlt_works_ok) {\n"
        let fork = "\ti, (!hlt_disable_count && !idle_poll && boot_cpu_data.hlt_works_ok) { /* fork */\n"
        #expect(merge(base, fork, upstream) == fork)
        #expect(merge("f(a, b);\n", "f(x, a, b);\n", "f(a, b, x);\n") == "f(x, a, b, x);\n")
    }

    /// A fork that rewrote the line (kept under half of its words) has nothing to merge around.
    @Test func rewrittenLinesAreRefused() {
        #expect(
            merge(
                "asm(\"movl %0,%%cr3\" : : \"r\" (x))\n", "xen_pt_switch(x)\n",
                "asm(\"movl %0,%%cr3\" : : \"r\" (x) : \"memory\")\n") == nil)
    }

    /// The fork replaced a comparison by a call, keeping the comparison's `(` and `)` as the call's; upstream
    /// added `- 1` after that `)`. Landing it would subtract from the fork's call: refused. The same edits
    /// with a comma between them (two arguments of one call) land, and so do a call renamed on one side and
    /// its argument on the other, an opening bracket between them.
    @Test func closingBracketsAloneDoNotHoldEditsApart() {
        #expect(merge("\tc();\n", "\tC();\n", "\tc(2);\n") == "\tC(2);\n")
        #expect(
            merge(
                "\tif (last_addr < virt_to_phys(high_memory)) { \n", "\tif (is_local_lowmem(last_addr)) { \n",
                "\tif (last_addr < virt_to_phys(high_memory) - 1) {\n") == nil)
        #expect(
            merge("f(high_memory, x);\n", "f(last_addr, x);\n", "f(high_memory, x - 1);\n") == "f(last_addr, x - 1);\n")
    }

    /// Edits of two neighbouring words, a blank between them, change one phrase two ways: upstream's
    /// `static` for `extern` beside the fork's dropped `inline` would declare a static function with no body.
    @Test func wordsWithOnlyABlankBetweenThemTouch() {
        #expect(merge("extern inline void f(void)\n", "extern void f(void);\n", "static inline void f(void)\n") == nil)
        #expect(
            merge("extern inline void f(int a)\n", "extern inline void f(int b)\n", "static inline void f(int a)\n")
                == "static inline void f(int b)\n")
    }

    /// `blanksYield`: the fork's spacing stays where it stands apart from upstream's edit (a blank before the
    /// `(`, upstream renaming parameters further on: both kept, as `git merge-file` would per line); twin: a
    /// blank the fork changed right beside the word upstream renames yields to upstream's spacing. Without
    /// `blanksYield` both keep the fork's blanks.
    @Test func blanksTheForkChangedYieldOnlyWhereTheyTouchUpstreamsWords() {
        func yielding(_ base: String, _ ours: String, _ theirs: String) -> String? {
            let result = TokenMerge.mergeOrRefusal(
                base: [bytes(base)[...]], ours: [bytes(ours)[...]], theirs: [bytes(theirs)[...]], blanksYield: true)
            guard case .success(let lines) = result else { return nil }
            return String(decoding: lines.joined(), as: UTF8.self)
        }
        #expect(
            yielding("int f(u32 gsi, int edge)\n", "int f (u32 gsi, int edge)\n", "int f(u32 gsi, int trig)\n")
                == "int f (u32 gsi, int trig)\n")
        #expect(
            yielding("#define FIRST_PGD\t0\n", "#define FIRST_PGD  0\n", "#define FIRST_ADDRESS\t0\n")
                == "#define FIRST_ADDRESS\t0\n")
        #expect(
            merge("#define FIRST_PGD\t0\n", "#define FIRST_PGD  0\n", "#define FIRST_ADDRESS\t0\n")
                == "#define FIRST_ADDRESS  0\n")
    }

    /// The fork commented out a line of a Makefile list (`#` in front) and renamed a directory in it;
    /// upstream continued the list after that line. Merged, the `\\` would continue the comment and swallow
    /// upstream's new directory: refused. Twin: the same edit next to a line the fork did not comment out lands.
    @Test func aLineTheForkCommentedOutTakesNoEdit() {
        #expect(
            merge(
                "\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/\n",
                "\t   arch/xen/i386/mm/\n#\t   arch/xen/$(mcore-y)/\n",
                "\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/ \\\n\t   arch/i386/crypto/\n") == nil)
        #expect(
            merge(
                "\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/\n",
                "\t   arch/xen/i386/mm/ \\\n\t   arch/xen/$(mcore-y)/\n",
                "\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/ \\\n\t   arch/i386/crypto/\n")
                == "\t   arch/xen/i386/mm/ \\\n\t   arch/xen/$(mcore-y)/ \\\n\t   arch/i386/crypto/\n")
        #expect(
            TokenMerge.mergeOrRefusal(
                base: [bytes("\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/\n")[...]],
                ours: [bytes("\t   arch/xen/i386/mm/\n#\t   arch/xen/$(mcore-y)/\n")[...]],
                theirs: [bytes("\t   arch/i386/mm/ \\\n\t   arch/i386/$(mcore-y)/ \\\n\t   arch/i386/crypto/\n")[...]])
                == .failure(.commentedOut))
        // A marker put after the last line comments out no line of the base (and is no crash).
        #expect(merge("a(x);\n", "a(x);\n#", "a(y);\n") == "a(y);\n#")
        // A `#define` written where a line was is no commented-out line: `x` still merges around it.
        #expect(merge("a(x);\nb(y);\n", "#define a(v) v\nb(y);\n", "a(x);\nb(z);\n") == "#define a(v) v\nb(z);\n")
    }

    /// Upstream wraps a loop body in braces, its `}` on a new line after the body; the fork put a line of its
    /// own after the body too (`pte_ofs = 0;`, after the loop). Both insert lines at one point: a conflict,
    /// not the fork's line inside the loop because its token diff re-used the body's `;`. Twin: the fork's
    /// line after the next line, away from upstream's, merges.
    @Test func twoSidesInsertingLinesAtOnePointClashWhateverTokensTheyReuse() {
        let base = ["\tfor (i = 0; i < n; i++)\n", "\t\tset(p, K);\n", "}\n"]
        let theirs = [
            "\tfor (i = 0; i < n; i++) {\n", "\t\tif (t)\n", "\t\t\tset(p, E);\n", "\t\telse\n",
            "\t\t\tset(p, K);\n", "\t}\n", "}\n",
        ]
        func join(_ lines: [String]) -> String { lines.joined() }
        #expect(
            merge(join(base), join(["\tfor (; i < n; i++)\n", "\t\tset(p, K);\n", "\ti = 0;\n", "}\n"]), join(theirs))
                == nil)
        #expect(
            merge(
                join(base), join(["\tfor (; i < n; i++)\n", "\t\tset(p, K);\n", "}\n", "i = 0;\n"]), join(theirs))
                == join(["\tfor (; i < n; i++) {\n"] + theirs[1...] + ["i = 0;\n"]))
        let refusal = TokenMerge.mergeOrRefusal(
            base: [bytes(join(base))[...]],
            ours: [bytes(join(["\tfor (; i < n; i++)\n", "\t\tset(p, K);\n", "\ti = 0;\n", "}\n"]))[...]],
            theirs: [bytes(join(theirs))[...]])
        #expect(refusal == .failure(.bothInsertLines))
    }

    @Test func identicalEditsAreTakenOnce() {
        #expect(
            merge("load(tss, next);\n", "switch(tss, next->esp0);\n", "load(tss, next->esp0);\n")
                == "switch(tss, next->esp0);\n")
    }

    /// One hunk moves `two()` below `three()` and renames a call in `one()`; the fork inserted a line at the
    /// end of `three()`'s body. Diff may draw `two()` coming back between `three()`'s last statement and its
    /// closing brace (the brace slides); compacted, it comes back after `three()`, so the fork's line and the
    /// move do not meet and the whole hunk merges.
    @Test func aMoveBesideAForkLineMergesOnceSlidersAreCompacted() {
        let moved = hunk(1, Self.moveBody)
        var target = Self.file3
        target.insert("\txen_hook();\n", at: 15)
        let result = FilePatcher.apply([moved], to: file(target), base: file(Self.file3))
        guard case .applied = result.outcomes[0] else {
            Issue.record("expected the move to merge, got \(result.outcomes[0])")
            return
        }
        var expected = Self.file3
        expected[2] = "\tcall_b();\n"
        expected.removeSubrange(5..<11)
        expected.insert("\txen_hook();\n", at: 9)
        expected += ["\n", "void two(void)\n", "{\n", "\tsetup_two();\n", "\twork_two();\n", "}\n"]
        #expect(result.file == file(expected))
    }

    /// The twin: the fork changed a line of `two()` itself, so the block that deletes it cannot land, and
    /// landing the rest alone would put a second `two()` below `three()`: none of the hunk lands, and the note
    /// says why. (Blocks that stand on their own land partly: `partialLandingOfIndependentBlocks` above.)
    @Test func aHunkMovingLinesDoesNotLandHalfTheMove() {
        let moved = hunk(1, Self.moveBody)
        var target = Self.file3
        target[8] = "\twork_two(XEN);\n"
        expectNoHalfMove(FilePatcher.apply([moved], to: file(target), base: file(Self.file3)), target: target)
    }

    /// The hunk is a conflict of which nothing landed, because its changes move lines, and `target` is as it was.
    func expectNoHalfMove(
        _ result: FilePatcher.Result, target: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .conflict(let c) = result.outcomes[0] else {
            Issue.record("expected a conflict, got \(result.outcomes[0])", sourceLocation: sourceLocation)
            return
        }
        #expect(c.partial == nil, sourceLocation: sourceLocation)
        #expect(c.note?.contains("move the same lines") == true, sourceLocation: sourceLocation)
        #expect(result.file == file(target), sourceLocation: sourceLocation)
    }

    /// A module importing a library its fork vendors (`from vendor import chardet` for `import chardet`):
    /// upstream moves the import into a `try:` block. The block removing the old line cannot land (the fork
    /// rewrote it), and the block adding the `try:` would land alone, importing the library twice: none lands.
    static let imports = [
        "import idna\n", "import chardet\n", "\n", "VERSION = 1\n", "\n", "def info():\n", "    pass\n",
    ]
    static let movesImport = [
        " import idna\n", "-import chardet\n", " \n", " VERSION = 1\n", " \n", "+try:\n", "+    import chardet\n",
        "+except ImportError:\n", "+    chardet = None\n", "+\n", " def info():\n", "     pass\n",
    ]

    @Test func aOneLineMoveDoesNotLandHalf() {
        var target = Self.imports
        target[1] = "from vendor import chardet\n"
        let result = FilePatcher.apply([hunk(1, Self.movesImport)], to: file(target), base: file(Self.imports))
        expectNoHalfMove(result, target: target)
    }

    /// Twin: the refused change removes a line that is not moved (the fork rewrote `import idna` too, and
    /// upstream drops it); the `try:` block adds nothing that change removes, and lands on its own.
    @Test func aRefusedChangeThatMovesNothingLetsTheOthersLand() {
        let body = [
            "-import idna\n", " import chardet\n", " \n", " VERSION = 1\n", " \n", "+try:\n", "+    import zlib\n",
            "+except ImportError:\n", "+    zlib = None\n", "+\n", " def info():\n", "     pass\n",
        ]
        var target = Self.imports
        target[0] = "from vendor import idna\n"
        let result = FilePatcher.apply([hunk(1, body)], to: file(target), base: file(Self.imports))
        guard case .conflict(let c) = result.outcomes[0] else {
            Issue.record("expected a conflict, got \(result.outcomes[0])")
            return
        }
        #expect(c.landed?.count == 1)
        #expect(result.file.lines.count == target.count + 5)
    }

    static let file3 = [
        "void one(void)\n", "{\n", "\tcall_a();\n", "}\n", "\n", "void two(void)\n", "{\n", "\tsetup_two();\n",
        "\twork_two();\n", "}\n", "\n", "void three(void)\n", "{\n", "\tsetup_three();\n", "\twork_three();\n",
        "}\n",
    ]

    /// Moves `two()` below `three()`, written as diff writes it: `two()` comes back before `three()`'s brace.
    static let moveBody = [
        " void one(void)\n", " {\n", "-\tcall_a();\n", "+\tcall_b();\n", " }\n", " \n", "-void two(void)\n",
        "-{\n", "-\tsetup_two();\n", "-\twork_two();\n", "-}\n", "-\n", " void three(void)\n", " {\n",
        " \tsetup_three();\n", " \twork_three();\n", "+}\n", "+\n", "+void two(void)\n", "+{\n",
        "+\tsetup_two();\n", "+\twork_two();\n", " }\n",
    ]

    /// A change that only replaces a blank line is an insertion in disguise: it lands change by change only
    /// where both lines around the blank stand. Here the fork edited the line after it: the other change
    /// lands, this one does not. Twin: the fork edited a line elsewhere in the hunk, and both land.
    @Test func aBlankLineReplacedLandsOnlyBetweenStandingNeighbours() {
        let small = ["void f(void)\n", "{\n", "\tsetup();\n", "\tmid();\n", "\n", "\treturn;\n", "}\n"]
        let change = hunk(
            1,
            [
                " void f(void)\n", " {\n", "-\tsetup();\n", "+\tsetup2();\n", " \tmid();\n", "-\n", "+\tcheck();\n",
                " \treturn;\n", " }\n",
            ])
        var edited = small
        edited[5] = "\txen_return();\n"
        let refused = FilePatcher.apply([change], to: file(edited), base: file(small))
        #expect(!refused.outcomes[0].isSuccess)
        #expect(!displayText(refused.bytes).contains("check();"))
        guard case .conflict(let conflict) = refused.outcomes[0] else {
            Issue.record("expected a conflict")
            return
        }
        #expect(conflict.note?.contains("the lines around the blank lines") == true)
        var elsewhere = small
        elsewhere[1] = "{\t/* xen */\n"
        let landed = FilePatcher.apply([change], to: file(elsewhere), base: file(small))
        #expect(landed.outcomes[0].isSuccess)
        #expect(
            displayText(landed.bytes) == "void f(void)\n{\t/* xen */\n\tsetup2();\n\tmid();\n\tcheck();\n\treturn;\n}\n"
        )
    }

    /// The matching pairs each line once: when the fork deleted a comment and its blank line after an
    /// include, the blank it kept may be paired with the deleted one. The text decides: the insertion after
    /// `"pre.h"` lands there, since the blank line it precedes stands right after it. Twin: where the fork
    /// put a line of its own after `"pre.h"`, the neighbour really changed, and nothing lands.
    @Test func aNeighbourPairedElsewhereStandsByItsText() {
        let base = [
            "#include <a.h>\n", "#include <b.h>\n", "#include \"pre.h\"\n", "\n", "/* comment */\n", "int x;\n", "\n",
            "int y;\n",
        ]
        let insert = hunk(
            1,
            [
                " #include <a.h>\n", " #include <b.h>\n", " #include \"pre.h\"\n", "+#include <new.h>\n", " \n",
                " /* comment */\n", " int x;\n",
            ])
        var fork = base
        fork.removeSubrange(4...6)
        fork.insert("#include <xen.h>\n", at: 2)
        let landed = FilePatcher.apply([insert], to: file(fork), base: file(base))
        #expect(landed.outcomes[0].isSuccess)
        #expect(
            displayText(landed.bytes)
                == "#include <a.h>\n#include <b.h>\n#include <xen.h>\n#include \"pre.h\"\n#include <new.h>\n\nint y;\n")
        var changed = fork
        changed[4] = "int xen;\n"
        let refused = FilePatcher.apply([insert], to: file(changed), base: file(base))
        #expect(!refused.outcomes[0].isSuccess)
        #expect(refused.bytes == file(changed).bytes)
    }
}
