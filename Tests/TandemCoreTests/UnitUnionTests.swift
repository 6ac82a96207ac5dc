import Testing
@testable import TandemCore

/// `unit-union` (`FilePatcher+Blocks`): both sides inserted whole top-level units (declarations, macros,
/// functions) at one point, and neither side's lines name anything the other's do. C gives such units no
/// order, so upstream's go first, then the fork's. Refused twins, where the order is a guess or matters:
/// statements inside a function, a name or a number both sides mention, a conditional the fork leaves open.
@Suite("FilePatcher: unit union")
struct UnitUnionTests {
    let base = [
        "#ifndef _ASM_PROCESSOR_H\n", "#define _ASM_PROCESSOR_H\n", "\n", "extern struct cpuinfo boot_cpu_data;\n",
        "extern struct tss_struct doublefault_tss;\n", "\n", "static inline void rep_nop(void)\n", "{\n",
        "\tcpu_relax();\n", "}\n", "\n", "#endif\n",
    ]

    /// Upstream's hunk: `lines` inserted after `doublefault_tss`.
    func upstream(_ lines: [String]) -> Hunk {
        hunk(
            4,
            [" extern struct cpuinfo boot_cpu_data;\n", " extern struct tss_struct doublefault_tss;\n"]
                + lines.map { "+" + $0 } + [" \n", " static inline void rep_nop(void)\n"])
    }

    func fork(_ lines: [String], at index: Int = 5) -> [String] {
        var target = base
        target.insert(contentsOf: lines, at: index)
        return target
    }

    @Test func independentDeclarationsLandUpstreamsFirst() {
        let added = ["DECLARE_PER_CPU(struct tss_struct, init_tss);\n"]
        let theirs = ["extern pgd_t *cur_pgd;\n", "#define XEN_FLAG 0x01000000\n"]
        let result = FilePatcher.apply([upstream(added)], to: file(fork(theirs)), base: file(base))
        #expect(step(result.outcomes[0]) == .units)
        #expect(result.file == file(fork(added + theirs)))
    }

    /// A comment that ends one side's lines, right above the line after the point, documents that line:
    /// that side goes last, so the comment stays above it. Upstream put back the comment above
    /// `setup_profiling_timer` where the fork had added functions (a revert applied to a later kernel): put
    /// first, it described the fork's first function. Twin: both sides end in such a comment, and which
    /// one stays above the line is a guess, so the hunk is refused.
    @Test func aCommentAboveTheNextLineStaysAboveIt() {
        let aboveRepNop = { (lines: [String]) in
            hunk(
                5,
                [" extern struct tss_struct doublefault_tss;\n", " \n"] + lines.map { "+" + $0 }
                    + [" static inline void rep_nop(void)\n", " {\n"])
        }
        let comment = ["/*\n", " * rep_nop: the pause a spin loop makes.\n", " */\n"]
        let theirs = ["static int xen_idle(void)\n", "{\n", "\treturn 0;\n", "}\n", "\n"]
        let result = FilePatcher.apply([aboveRepNop(comment)], to: file(fork(theirs, at: 6)), base: file(base))
        #expect(step(result.outcomes[0]) == .units)
        #expect(result.file == file(fork(theirs + comment, at: 6)))

        let commented = theirs + ["/* Xen: the hypervisor yields for it. */\n"]
        let refused = FilePatcher.apply([aboveRepNop(comment)], to: file(fork(commented, at: 6)), base: file(base))
        #expect(!refused.outcomes[0].isSuccess)
        #expect(refused.file == file(fork(commented, at: 6)))
    }

    /// A whole function on one side and a guarded declaration on the other are units too.
    @Test func aFunctionAndAGuardedDeclarationLand() {
        let added = ["static inline void halt(void)\n", "{\n", "\tasm volatile(\"hlt\");\n", "}\n"]
        let theirs = ["#ifdef CONFIG_XEN\n", "extern unsigned long *phys_to_machine_mapping;\n", "#endif\n"]
        let result = FilePatcher.apply([upstream(added)], to: file(fork(theirs)), base: file(base))
        #expect(step(result.outcomes[0]) == .units)
        #expect(result.file == file(fork(added + theirs)))
    }

    /// Refused: both sides insert statements inside a function. Which runs first is the question, so the
    /// hunk stays a conflict and the file is left as it was.
    @Test func statementsInsideAFunctionAreRefused() {
        let hunkInFunction = hunk(
            8, [" {\n"] + ["+\tprefetch_hint();\n"] + [" \tcpu_relax();\n", " }\n"])
        let target = fork(["\txen_yield();\n"], at: 8)
        let result = FilePatcher.apply([hunkInFunction], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// Top-level macro calls left without their `;` (the kernel's `DO_ERROR(…)` tables) are units too.
    /// Twin: upstream's call names the fork's vector and handler, and is refused.
    @Test func macroCallsWithoutSemicolonsLand() {
        let base = [
            "DO_ERROR(10, SIGSEGV, \"invalid TSS\", invalid_TSS)\n",
            "DO_ERROR_INFO(17, SIGBUS, \"alignment check\", alignment_check, BUS_ADRALN, 0)\n", "\n",
            "void do_nmi(struct pt_regs *regs)\n", "{\n", "\tnmi_enter();\n", "}\n",
        ]
        let theirs = [
            "#ifdef CONFIG_X86_MCE\n", "DO_ERROR(18, SIGBUS, \"machine check\", machine_check)\n", "#endif\n",
        ]
        var target = base
        target.insert(contentsOf: theirs, at: 2)
        func upstream(_ line: String) -> Hunk {
            hunk(
                1,
                [
                    " DO_ERROR(10, SIGSEGV, \"invalid TSS\", invalid_TSS)\n",
                    " DO_ERROR_INFO(17, SIGBUS, \"alignment check\", alignment_check, BUS_ADRALN, 0)\n", "+" + line,
                    " \n", " void do_nmi(struct pt_regs *regs)\n",
                ])
        }
        let added = "DO_ERROR_INFO(32, SIGSEGV, \"iret exception\", iret_error, ILL_BADSTK, 0)\n"
        let result = FilePatcher.apply([upstream(added)], to: file(target), base: file(base))
        #expect(step(result.outcomes[0]) == .units)
        var expected = base
        expected.insert(contentsOf: [added] + theirs, at: 2)
        #expect(result.file == file(expected))
        let clash = FilePatcher.apply(
            [upstream("DO_ERROR_INFO(18, SIGBUS, \"machine check\", machine_check, BUS_ADRALN, 0)\n")],
            to: file(target),
            base: file(base))
        #expect(!clash.outcomes[0].isSuccess)
    }

    /// Refused: the fork's lines name `init_tss`, which upstream's declare: which comes first matters.
    @Test func aSharedNameIsRefused() {
        let target = fork(["#define cpu_tss(cpu) (&init_tss[cpu])\n"])
        let result = FilePatcher.apply(
            [upstream(["DECLARE_PER_CPU(struct tss_struct, init_tss);\n"])], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// Refused: both sides took the same free flag bit under different names. Landing both would make two
    /// flags one; the Xen developers renumbered theirs by hand.
    @Test func aSharedNumberIsRefused() {
        let target = fork(["#define VM_FOREIGN 0x01000000\n"])
        let result = FilePatcher.apply(
            [upstream(["#define VM_MAPPED_COPY 0x01000000\n"])], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        let twin = FilePatcher.apply(
            [upstream(["#define VM_MAPPED_COPY 0x01000000\n"])], to: file(fork(["#define VM_FOREIGN 0x02000000\n"])),
            base: file(base))
        #expect(step(twin.outcomes[0]) == .units)
    }

    /// Refused: the fork's insertion opens a conditional closed further down: upstream's line inside or
    /// outside it means a different build.
    @Test func aConditionalLeftOpenIsRefused() {
        let target = fork(["#ifndef CONFIG_XEN\n", "extern int apic_ready;\n"]) + []
        var closed = target
        closed.insert("#endif\n", at: 11)
        let result = FilePatcher.apply(
            [upstream(["extern int nmi_ready;\n"])], to: file(closed), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(closed))
    }
}
