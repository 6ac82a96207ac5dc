import Testing
@testable import TandemCore

/// A change made before (`FilePatcher+MadeBefore`): a second run over a ported copy writes nothing, each
/// pattern beside the twin that must still be ported.
@Suite("FilePatcher: changes made before, lines never added twice")
struct MadeBeforeTests {
    func apply(_ hunks: [Hunk], to target: [String], base: [String]) -> FilePatcher.Result {
        FilePatcher.apply(hunks, to: file(target), base: file(base))
    }

    func alreadyApplied(_ outcome: HunkOutcome) -> Bool {
        if case .alreadyApplied = outcome { return true }
        return false
    }

    /// A header whose fork rewrote the line after an insertion point (the insertion lands beside the one
    /// neighbour the fork kept).
    let header = [
        "#ifndef _PTRACE_H\n",  // 1
        "#define _PTRACE_H\n",  // 2
        "#ifdef __KERNEL__\n",  // 3
        "#define user_mode(regs) ((VM_MASK & (regs)->eflags) || (3 & (regs)->xcs))\n",  // 4
        "#define instruction_pointer(regs) ((regs)->eip)\n",  // 5
        "#endif\n",  // 6
        "#endif\n",  // 7
    ]
    var declare: Hunk {
        hunk(
            2,
            [
                " #define _PTRACE_H\n", " #ifdef __KERNEL__\n", "+struct task_struct;\n",
                "+extern void send_sigtrap(struct task_struct *tsk, int error_code);\n",
                " #define user_mode(regs) ((VM_MASK & (regs)->eflags) || (3 & (regs)->xcs))\n",
                " #define instruction_pointer(regs) ((regs)->eip)\n",
            ])
    }
    var forked: [String] {
        var lines = header
        lines[3] = "#define user_mode(regs) ((VM_MASK & (regs)->eflags) || (2 & (regs)->xcs))\n"
        return lines
    }

    /// Ported once beside its anchor, the insertion is there on the second run: already applied, and the
    /// copy is not written again (before: the two lines went in a second time).
    @Test func anInsertionBesideItsAnchorIsNotAddedTwice() {
        let first = apply([declare], to: forked, base: header)
        #expect(step(first.outcomes[0]) == .anchored)
        let second = FilePatcher.apply([declare], to: first.file, base: file(header))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// Twin: a copy without the lines gets them, once.
    @Test func aCopyWithoutTheLinesGetsThem() {
        let result = apply([declare], to: forked, base: header)
        var expected = forked
        expected.insert(
            contentsOf: [
                "struct task_struct;\n", "extern void send_sigtrap(struct task_struct *tsk, int error_code);\n",
            ], at: 3)
        #expect(result.file == file(expected))
    }

    /// An idle loop whose fork renamed the call before a line upstream deletes (a change-blocks landing).
    let idle = [
        "void cpu_idle(void)\n",  // 1
        "{\n",  // 2
        "\twhile (1) {\n",  // 3
        "\t\tcheck_idle_map();\n",  // 4
        "\t\tidle = pm_idle;\n",  // 5
        "\t\tidle();\n",  // 6
        "\t\trcu_read_unlock();\n",  // 7
        "\t}\n",  // 8
        "\tschedule();\n",  // 9
        "}\n",  // 10
    ]
    var unlock: Hunk {
        hunk(
            3,
            [
                " \twhile (1) {\n", "-\t\tcheck_idle_map();\n", "+\t\tcheck_idle_map(cpu);\n", " \t\tidle = pm_idle;\n",
                " \t\tidle();\n", "-\t\trcu_read_unlock();\n", " \t}\n", " \tschedule();\n",
            ])
    }
    var xenIdle: [String] {
        var lines = idle
        lines[5] = "\t\txen_idle();\n"
        return lines
    }

    /// The second run finds the change made with the fork's edit beside it: reverted through upstream's
    /// new file it comes out clean, so it is there (before: a conflict with its own result, "both sides
    /// changed the same words").
    @Test func aChangeLandedBesideAForkEditIsAlreadyThere() {
        let first = apply([unlock], to: xenIdle, base: idle)
        #expect(step(first.outcomes[0]) == .blocks)
        let second = FilePatcher.apply([unlock], to: first.file, base: file(idle))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// Twin: the fork has its own version of the line upstream deletes (`xen_rcu_read_unlock();`). Putting
    /// `rcu_read_unlock();` back beside it proves nothing: not made, and the line stays for a person.
    @Test func aLineTheForkRewroteIsNotTakenAsDeleted() {
        var target = xenIdle
        target[3] = "\t\tcheck_idle_map(cpu);\n"
        target[6] = "\t\txen_rcu_read_unlock();\n"
        let result = apply([unlock], to: target, base: idle)
        #expect(!alreadyApplied(result.outcomes[0]))
        #expect(String(decoding: result.bytes, as: UTF8.self).contains("xen_rcu_read_unlock"))
    }

    /// Twin: the fork wrote the new line but kept the old one too. Not made: the old line goes.
    @Test func aChangeMadeOnlyInPartStillRemovesTheOldLine() {
        var target = xenIdle
        target[3] = "\t\tcheck_idle_map(cpu);\n"
        let result = apply([unlock], to: target, base: idle)
        #expect(result.outcomes[0].isSuccess && !alreadyApplied(result.outcomes[0]))
        #expect(!String(decoding: result.bytes, as: UTF8.self).contains("rcu_read_unlock"))
    }

    /// Twin: the copy has the two includes upstream adds (the fork took them early) but still the two it
    /// removes. Reverting would find the removed ones there already (a change both sides made, to a
    /// merge): not made, and they go.
    @Test func includesAddedEarlyDoNotMakeTheRemovalsMade() {
        let base = [
            "#include <asm/i387.h>\n", "#include <asm/irq.h>\n", "#include <asm/desc.h>\n",
            "#ifdef CONFIG_MATH_EMULATION\n",
            "#include <asm/math_emu.h>\n", "#endif\n", "\n", "#include <linux/irq.h>\n", "#include <linux/err.h>\n",
            "\n",
            "asmlinkage void ret_from_fork(void);\n",
        ]
        let includes = hunk(
            1,
            [
                " #include <asm/i387.h>\n", "-#include <asm/irq.h>\n", " #include <asm/desc.h>\n",
                " #ifdef CONFIG_MATH_EMULATION\n", " #include <asm/math_emu.h>\n", " #endif\n", " \n",
                "-#include <linux/irq.h>\n", " #include <linux/err.h>\n", " \n", "+#include <asm/tlbflush.h>\n",
                "+#include <asm/cpu.h>\n", "+\n", " asmlinkage void ret_from_fork(void);\n",
            ])
        var target = base
        target.insert(contentsOf: ["#include <asm/tlbflush.h>\n", "#include <asm/cpu.h>\n", "\n"], at: 10)
        target.insert(contentsOf: ["#include <xen/interface/physdev.h>\n"], at: 3)
        let result = apply([includes], to: target, base: base)
        #expect(result.outcomes[0].isSuccess && !alreadyApplied(result.outcomes[0]))
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(!text.contains("irq.h") && text.components(separatedBy: "cpu.h").count == 2)
    }

    /// Twin: a hunk that only deletes lines, which the copy still holds with the fork's lines after them:
    /// the lines are deleted. (Read backwards, such a hunk must find none of its lines in the copy:
    /// reverting it is an insertion, which the anchor steps land beside some neighbour whatever the copy
    /// holds. On the Xen history that took `pgtable.h`'s swap macros, still in the copy, for deleted; this
    /// small copy does not reach that step, `aDeletedLineTheCopyStillHoldsIsNotTakenAsMade` does.)
    @Test func aDeletionTheCopyStillNeedsIsNotTakenAsMade() {
        let base = [
            "} while (0)\n", "\n", "/* swap entries */\n", "#define __swp_type(x) (((x).val >> 1) & 0x1f)\n",
            "#define __swp_offset(x) ((x).val >> 8)\n", "\n", "#endif /* !__ASSEMBLY__ */\n", "\n",
            "#ifndef CONFIG_DISCONTIGMEM\n",
        ]
        let drop = hunk(
            1,
            [
                " } while (0)\n", " \n", "-/* swap entries */\n", "-#define __swp_type(x) (((x).val >> 1) & 0x1f)\n",
                "-#define __swp_offset(x) ((x).val >> 8)\n", "-\n", " #endif /* !__ASSEMBLY__ */\n", " \n",
                " #ifndef CONFIG_DISCONTIGMEM\n",
            ])
        var target = base
        target.insert(
            contentsOf: ["static inline void make_readonly(void *va)\n", "{\n", "\tflush();\n", "}\n", "\n"], at: 6)
        let result = apply([drop], to: target, base: base)
        #expect(result.outcomes[0].isSuccess && !alreadyApplied(result.outcomes[0]))
        #expect(!String(decoding: result.bytes, as: UTF8.self).contains("__swp_type"))
    }

    /// Two twin functions in the copy: the hunk changed the first; on the second run the pre-image still
    /// stands in the second, further away than the post-image in the first. Already applied, and the twin
    /// keeps its lines (before: the hunk went to the twin at an offset).
    @Test func aTwinFurtherAwayDoesNotTakeAHunkMadeAtItsPlace() {
        let body = [
            "\tpgd = pgd_offset(vaddr);\n", "\tif (pgd_none(*pgd))\n", "\t\treturn;\n",
            "\tpmd = pmd_offset(pgd, vaddr);\n", "\tset(pmd);\n", "}\n",
        ]
        let base = ["static void set_pte(long vaddr)\n", "{\n"] + body + ["\n"]
        let copy = base + ["static void set_pte_ma(long vaddr)\n", "{\n"] + body
        let pud = hunk(
            3,
            [
                " \tpgd = pgd_offset(vaddr);\n", " \tif (pgd_none(*pgd))\n", " \t\treturn;\n",
                "-\tpmd = pmd_offset(pgd, vaddr);\n", "+\tpud = pud_offset(pgd, vaddr);\n",
                "+\tpmd = pmd_offset(pud, vaddr);\n", " \tset(pmd);\n", " }\n",
            ])
        let first = apply([pud], to: copy, base: base)
        #expect(step(first.outcomes[0]) == .exact)
        let second = FilePatcher.apply([pud], to: first.file, base: file(base))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
        // With an earlier hunk that added lines, the post-image stands below the line the hunk states (its
        // pre-image numbers), and only the nearer place tells it from the twin.
        let header = hunk(1, [" static void set_pte(long vaddr)\n", "+/* no pud on 2-level tables */\n", " {\n"])
        let both = apply([header, pud], to: copy, base: base)
        let again = FilePatcher.apply([header, pud], to: both.file, base: file(base))
        #expect(again.outcomes.allSatisfy(alreadyApplied))
        #expect(again.bytes == both.bytes)
        // Twin: without the post-image at its place (the fork dropped the first function), the one
        // pre-image there is the hunk's, as before.
        let onlyTwin = ["static void set_pte_ma(long vaddr)\n", "{\n"] + body
        let moved = apply([pud], to: onlyTwin, base: base)
        #expect(moved.outcomes[0].isSuccess && !alreadyApplied(moved.outcomes[0]))
    }

    /// A base step's placement that would repeat a run the copy holds right there drops it (the copy had
    /// upstream's two lines already, drawn one blank line lower than the base matching puts them), while
    /// the hunk's other change lands.
    @Test func aRunTheCopyHoldsIsNotInsertedAgain() {
        let base = ["void f(void)\n", "{\n", "\tP();\n", "\n", "\tR();\n", "\tS(1);\n", "}\n"]
        let lock = hunk(
            3,
            [
                " \tP();\n", " \n", "+\tspin_lock(&lock);\n", "+\n", " \tR();\n", "-\tS(1);\n", "+\tS(2);\n", " }\n",
            ])
        let target = [
            "void f(void)\n", "{\n", "\tP_xen();\n", "\n", "\tspin_lock(&lock);\n", "\n", "\tR();\n", "\tS(1);\n",
            "}\n",
        ]
        let result = apply([lock], to: target, base: base)
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "spin_lock").count == 2)
        #expect(text.contains("S(2)"))
    }

    /// Twin: upstream itself adds a line equal to its neighbour (its own result has the pair): it lands.
    @Test func aRepetitionUpstreamMakesLands() {
        let base = ["void g(void)\n", "{\n", "\tcpu_relax();\n", "\tdone = 1;\n", "}\n"]
        let twice = hunk(2, [" {\n", " \tcpu_relax();\n", "+\tcpu_relax();\n", " \tdone = 1;\n", " }\n"])
        var target = base
        target[3] = "\tdone = xen_done();\n"
        let result = apply([twice], to: target, base: base)
        #expect(result.outcomes[0].isSuccess && !alreadyApplied(result.outcomes[0]))
        #expect(String(decoding: result.bytes, as: UTF8.self).components(separatedBy: "cpu_relax").count == 3)
    }
    /// A console look-up whose fork rewrote the `if` above a declaration upstream deletes.
    let console = [
        "#ifdef CONFIG_VT\n",  // 1
        "\tif (device == MKDEV(TTY_MAJOR,0)) {\n",  // 2
        "\t\textern int fg_console;\n",  // 3
        "\t\textern struct tty_driver *console_driver;\n",  // 4
        "\t\tdriver = console_driver;\n",  // 5
        "\t\tindex = fg_console;\n",  // 6
        "\t\tnoctty = 1;\n",  // 7
        "\t}\n",  // 8
        "#endif\n",  // 9
    ]
    var dropExtern: Hunk {
        hunk(
            1,
            [
                " #ifdef CONFIG_VT\n", " \tif (device == MKDEV(TTY_MAJOR,0)) {\n", "-\t\textern int fg_console;\n",
                " \t\textern struct tty_driver *console_driver;\n", " \t\tdriver = console_driver;\n",
                " \t\tindex = fg_console;\n",
            ])
    }
    var vtConsole: [String] {
        var lines = console
        lines[1] = "\tif (console_use_vt && (device == MKDEV(TTY_MAJOR,0))) {\n"
        return lines
    }

    /// A hunk that only deletes, landed beside the fork's rewritten `if`: on the second run the deleted
    /// line is nowhere in the copy, and reverting puts it back between the lines that kept it. Already
    /// applied, nothing written (before: "both sides changed the same words", merge by hand).
    @Test func aDeletionLandedBesideAForkEditIsAlreadyThere() {
        let first = apply([dropExtern], to: vtConsole, base: console)
        #expect(first.outcomes[0].isSuccess && !alreadyApplied(first.outcomes[0]))
        let second = FilePatcher.apply([dropExtern], to: first.file, base: file(console))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// Twin: the copy still holds the deleted line, moved by the fork below the lines that follow it.
    /// Reverting would put it back at its old place, cleanly, but the line stands in the copy and not in
    /// upstream's new file: the deletion is not made, and the hunk is left for a person with the line
    /// where the fork put it.
    @Test func aDeletedLineTheCopyStillHoldsIsNotTakenAsMade() {
        var target = vtConsole
        target.remove(at: 2)
        target.insert("\t\textern int fg_console;\n", at: 6)
        let result = apply([dropExtern], to: target, base: console)
        #expect(!result.outcomes[0].isSuccess)
        #expect(String(decoding: result.bytes, as: UTF8.self).contains("fg_console;\n\t\tnoctty"))
    }

    /// Twin: a hunk that deletes blank lines only. Reverting it puts a blank line back beside any
    /// neighbour, which proves nothing: it is not read backwards.
    @Test func aHunkDeletingBlankLinesOnlyIsNotReadBackwards() {
        let base = ["endmenu\n", "\n", "\n", "menu \"Bus options\"\n", "\n", "config PCI\n"]
        let blank = hunk(1, [" endmenu\n", " \n", "-\n", " menu \"Bus options\"\n", " \n", " config PCI\n"])
        let target = ["\n", "\n", "if PHYSDEV\n", "\n", "menu \"Bus options\"\n", "\n", "config PCI\n"]
        let result = apply([blank], to: target, base: base)
        #expect(!alreadyApplied(result.outcomes[0]))
    }

    /// A page attribute change whose fork renamed a call the hunk keeps as context (`set_pte_atomic` →
    /// `set_pte_batched`), right beside the lines upstream removes.
    let attr = [
        "\tif (pgprot_val(prot) != pgprot_val(PAGE_KERNEL)) {\n",  // 1
        "\t\tif ((pte_val(*kpte) & _PAGE_PSE) == 0) {\n",  // 2
        "\t\t\tpte_t old = *kpte;\n",  // 3
        "\t\t\tpte_t standard = mk_pte(page, PAGE_KERNEL);\n",  // 4
        "\t\t\tset_pte_atomic(kpte, mk_pte(page, prot));\n",  // 5
        "\t\t\tif (pte_same(old,standard))\n",  // 6
        "\t\t\t\tget_page(kpte_page);\n",  // 7
        "\t\t} else {\n",  // 8
        "\t\t\tsplit_large_page(address, prot);\n",  // 9
        "\t\t}\n",  // 10
        "\t}\n",  // 11
        "\treturn 0;\n",  // 12
    ]
    var pageGet: Hunk {
        hunk(
            1,
            [
                " \tif (pgprot_val(prot) != pgprot_val(PAGE_KERNEL)) {\n",
                " \t\tif ((pte_val(*kpte) & _PAGE_PSE) == 0) {\n", "-\t\t\tpte_t old = *kpte;\n",
                "-\t\t\tpte_t standard = mk_pte(page, PAGE_KERNEL);\n",
                " \t\t\tset_pte_atomic(kpte, mk_pte(page, prot));\n", "-\t\t\tif (pte_same(old,standard))\n",
                "-\t\t\t\tget_page(kpte_page);\n", " \t\t} else {\n", " \t\t\tsplit_large_page(address, prot);\n",
                " \t\t}\n", "+\t\tget_page(kpte_page);\n", " \t}\n", " \treturn 0;\n",
            ])
    }

    /// The fork's line beside the lines put back names what they name (`mk_pte`, `page`), but it names a
    /// line the hunk keeps, which the copy lacks, more: it is the fork's version of that context line, not
    /// of a line upstream removed. The second run finds the change made (before: "both sides changed the
    /// same words", merge by hand).
    @Test func aForkRewriteOfAContextLineDoesNotHideAChangeMade() {
        var batched = attr
        batched[4] = "\t\t\tset_pte_batched(kpte, mk_pte(page, prot));\n"
        let first = apply([pageGet], to: batched, base: attr)
        #expect(first.outcomes[0].isSuccess && !alreadyApplied(first.outcomes[0]))
        let second = FilePatcher.apply([pageGet], to: first.file, base: file(attr))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }
    /// A variable upstream deletes, above a block the fork turned off with `#if 0` right after it.
    let trampoline = [
        "EXPORT_SYMBOL(x86_cpu_to_apicid);\n",  // 1
        "\n",  // 2
        "/* Set when the idlers are all forked */\n",  // 3
        "int smp_threads_ready;\n",  // 4
        "\n",  // 5
        "/*\n",  // 6
        " * Trampoline 80x86 program as an array.\n",  // 7
        " */\n",  // 8
        "extern unsigned char trampoline_data[];\n",  // 9
    ]
    var dropReady: Hunk {
        hunk(
            1,
            [
                " EXPORT_SYMBOL(x86_cpu_to_apicid);\n", " \n", "-/* Set when the idlers are all forked */\n",
                "-int smp_threads_ready;\n", "-\n", " /*\n", "  * Trampoline 80x86 program as an array.\n", "  */\n",
            ])
    }

    /// Deleted once, the lines leave the fork's `#if 0` where they were: reverting the deletion meets the
    /// fork's line at that point (both sides insert there), yet upstream's lines stand whole around it and
    /// `#if 0` names nothing the deleted lines name. Already applied, nothing written (before: "both sides
    /// changed the same words", merge by hand).
    @Test func aDeletionBesideTheForksOwnLinesIsAlreadyThere() {
        var target = trampoline
        target.insert("#if 0\n", at: 5)
        let first = apply([dropReady], to: target, base: trampoline)
        #expect(first.outcomes[0].isSuccess && !alreadyApplied(first.outcomes[0]))
        #expect(!String(decoding: first.bytes, as: UTF8.self).contains("smp_threads_ready"))
        let second = FilePatcher.apply([dropReady], to: first.file, base: file(trampoline))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// Twin: the fork's line where upstream's deleted ones stood names what they name (`xen_flush_cpu(cpu)`
    /// for the deleted `flush_cpu(cpu)`): it may be the fork's version of them, so the deletion is not
    /// taken as made, and the fork's line stays for a person.
    @Test func aForkLineNamingTheDeletedOnesIsNotTakenAsTheDeletion() {
        let base = [
            "void stop(int cpu)\n", "{\n", "\tdisable(cpu);\n", "\t/* flush before parking */\n",
            "\tflush_cpu(cpu);\n", "\tpark(cpu);\n", "}\n",
        ]
        let dropFlush = hunk(
            1,
            [
                " void stop(int cpu)\n", " {\n", " \tdisable(cpu);\n", "-\t/* flush before parking */\n",
                "-\tflush_cpu(cpu);\n", " \tpark(cpu);\n", " }\n",
            ])
        var target = base
        target.replaceSubrange(3...4, with: ["\txen_flush_cpu(cpu);\n"])
        let result = apply([dropFlush], to: target, base: base)
        #expect(!alreadyApplied(result.outcomes[0]))
        #expect(String(decoding: result.bytes, as: UTF8.self).contains("xen_flush_cpu"))
        // Nor when the fork's name has the words in another order (`xen_cpu_flush` for `flush_cpu`).
        target[3] = "\txen_cpu_flush(cpu);\n"
        #expect(!alreadyApplied(apply([dropFlush], to: target, base: base).outcomes[0]))
        // The same copy with the fork's own line naming nothing of them: the deletion is made.
        target[3] = "\tbarrier();\n"
        #expect(alreadyApplied(apply([dropFlush], to: target, base: base).outcomes[0]))
    }
    /// A timer hook whose fork guarded the profiling call with `if (regs)`, one tab deeper.
    let timer = [
        "static inline void do_timer_interrupt_hook(struct pt_regs *regs)\n",  // 1
        "{\n",  // 2
        "#ifndef CONFIG_X86_LOCAL_APIC\n",  // 3
        "\tx86_do_profile(regs);\n",  // 4
        "#else\n",  // 5
        "\tif (!using_apic_timer)\n",  // 6
        "\t\tsmp_local_timer_interrupt(regs);\n",  // 7
        "#endif\n",  // 8
        "}\n",  // 9
    ]
    var profileTick: Hunk {
        hunk(
            2,
            [
                " {\n", " #ifndef CONFIG_X86_LOCAL_APIC\n", "-\tx86_do_profile(regs);\n",
                "+\tprofile_tick(CPU_PROFILING, regs);\n", " #else\n", " \tif (!using_apic_timer)\n",
                " \t\tsmp_local_timer_interrupt(regs);\n",
            ])
    }
    var guarded: [String] {
        var lines = timer
        lines.replaceSubrange(3...3, with: ["\tif (regs)\n", "\t\tx86_do_profile(regs);\n"])
        lines[6] = "\tif (regs && !using_apic_timer)\n"
        return lines
    }

    /// The word merge lands upstream's call in the fork's indentation, under the fork's `if (regs)`. On the
    /// second run the line upstream adds stands there in other blanks, and the fork's `if (regs)` beside it
    /// shares with it only `regs`, a name the hunk's kept lines use too: the change is made (before: both
    /// sides changed the same words, merge by hand).
    @Test func aWordMergeInTheForksIndentationIsMadeOnTheSecondRun() {
        let first = apply([profileTick], to: guarded, base: timer)
        #expect(step(first.outcomes[0]) == .words)
        #expect(String(decoding: first.bytes, as: UTF8.self).contains("\t\tprofile_tick(CPU_PROFILING, regs);\n"))
        let second = FilePatcher.apply([profileTick], to: first.file, base: file(timer))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// Twin: upstream's call is there in the fork's indentation, but so is the old one, in other blanks.
    /// Comparing lines with blanks aside must not let that pass for made: the old line stands, so the hunk
    /// is not `already-applied`.
    @Test func theOldLineInOtherBlanksKeepsTheChangeOpen() {
        var target = guarded
        target.replaceSubrange(
            4...4, with: ["\t\tprofile_tick(CPU_PROFILING, regs);\n", "\t\tx86_do_profile( regs );\n"])
        let result = apply([profileTick], to: target, base: timer)
        #expect(!alreadyApplied(result.outcomes[0]))
    }
    /// A deletion beside a line of the fork's own that uses `syscall32_page`, as the deleted line does: a
    /// name the hunk's kept lines use too says nothing of which line is whose, so the second run finds the
    /// deletion made (before: "both sides changed the same words", merge by hand).
    @Test func aNameTheKeptLinesUseDoesNotHoldADeletionOpen() {
        let base = [
            "static int __init init_syscall32(void)\n", "{\n",
            "\tsyscall32_page = (void *)get_zeroed_page(GFP_KERNEL);\n", "\tif (!syscall32_page)\n",
            "\t\tpanic(\"Cannot allocate syscall32 page\");\n", "\tSetPageReserved(virt_to_page(syscall32_page));\n",
            "\treturn 0;\n", "}\n",
        ]
        let dropReserved = hunk(
            3,
            [
                " \tsyscall32_page = (void *)get_zeroed_page(GFP_KERNEL);\n", " \tif (!syscall32_page)\n",
                " \t\tpanic(\"Cannot allocate syscall32 page\");\n",
                "-\tSetPageReserved(virt_to_page(syscall32_page));\n", " \treturn 0;\n", " }\n",
            ])
        var target = base
        target.insert("\tmemcpy(syscall32_page, int80_code, int80_size);\n", at: 6)
        let first = apply([dropReserved], to: target, base: base)
        #expect(first.outcomes[0].isSuccess && !alreadyApplied(first.outcomes[0]))
        let second = FilePatcher.apply([dropReserved], to: first.file, base: file(base))
        #expect(alreadyApplied(second.outcomes[0]))
        #expect(second.bytes == first.bytes)
    }

    /// A move: upstream deletes a block in one place (hunk 1) and adds it in another (hunk 2), and the file
    /// has the block only in the old place, the lines around the new one being the fork's own. Read
    /// backwards, hunk 2 found its lines in the old place and was "already applied" while hunk 1 deleted
    /// them: every hunk claimed, the block gone (a kernel revert applied three commits later lost `amd.c`'s
    /// core count so). Hunk 2 now fails, saying why, and nothing is lost. Twin: a file that holds the block
    /// in its new place too has hunk 2 made, and keeps the block once, there.
    @Test func aMovedBlockIsNotMadeByTheLinesTheMoveDeletes() {
        let base = [
            "static void init_amd(struct cpuinfo_x86 *c)\n",
            "{\n",
            "\tdisplay_cacheinfo(c);\n",
            "\n",
            "\tif (cpuid_eax(0x80000000) >= 0x80000008) {\n",
            "\t\tc->x86_num_cores = (cpuid_ecx(0x80000008) & 0xff) + 1;\n",
            "\t\tif (c->x86_num_cores & (c->x86_num_cores - 1))\n",
            "\t\t\tc->x86_num_cores = 1;\n",
            "\t}\n",
            "\n",
            "\tdetect_ht(c);\n",
            "\n",
            "#ifdef CONFIG_X86_HT\n",
            "\t/* AMD dual core looks like HT but is not:\n",
            "\t   hide it from the scheduler. */\n",
            "\tif (cpu_has(c, X86_FEATURE_CMP_LEGACY))\n",
            "\t\tsmp_num_siblings = 1;\n",
            "#endif\n",
            "}\n",
        ]
        let fork =
            Array(base[...9]) + [
                "#ifdef CONFIG_SMP\n", "\tif (c->x86_num_cores > 1)\n", "\t\tcpu_core_id[cpu] = cpu >> 1;\n",
                "#endif\n",
                "}\n",
            ]
        let patch = [
            "--- a/amd.c\n",
            "+++ b/amd.c\n",
            "@@ -2,12 +2,6 @@\n",
            " {\n",
            " \tdisplay_cacheinfo(c);\n",
            " \n",
            "-\tif (cpuid_eax(0x80000000) >= 0x80000008) {\n",
            "-\t\tc->x86_num_cores = (cpuid_ecx(0x80000008) & 0xff) + 1;\n",
            "-\t\tif (c->x86_num_cores & (c->x86_num_cores - 1))\n",
            "-\t\t\tc->x86_num_cores = 1;\n",
            "-\t}\n",
            "-\n",
            " \tdetect_ht(c);\n",
            " \n",
            " #ifdef CONFIG_X86_HT\n",
            "@@ -16,4 +10,10 @@\n",
            " \tif (cpu_has(c, X86_FEATURE_CMP_LEGACY))\n",
            " \t\tsmp_num_siblings = 1;\n",
            " #endif\n",
            "+\n",
            "+\tif (cpuid_eax(0x80000000) >= 0x80000008) {\n",
            "+\t\tc->x86_num_cores = (cpuid_ecx(0x80000008) & 0xff) + 1;\n",
            "+\t\tif (c->x86_num_cores & (c->x86_num_cores - 1))\n",
            "+\t\t\tc->x86_num_cores = 1;\n",
            "+\t}\n",
            " }\n",
        ].joined()
        let hunks = PatchParser.parse(Array(patch.utf8)).patch.files[0].hunks
        let result = apply(hunks, to: fork, base: base)
        #expect(step(result.outcomes[0]) == .blocks)
        guard case .failed(let reason) = result.outcomes[1] else {
            Issue.record("hunk 2 should fail, not \(result.outcomes[1])")
            return
        }
        #expect(reason.message.contains("in lines hunk #1 removes"))

        let block = Array(fork[3...8])
        var both = fork
        both.insert(contentsOf: block, at: both.lastIndex(of: "#endif\n")! + 1)
        let twin = apply(hunks, to: both, base: base)
        #expect(step(twin.outcomes[0]) == .blocks)
        #expect(alreadyApplied(twin.outcomes[1]))
        var expected = both
        expected.removeSubrange(3...8)
        #expect(twin.file == file(expected))
    }
}
