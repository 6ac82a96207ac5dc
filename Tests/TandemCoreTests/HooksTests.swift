import Foundation
import Testing
@testable import TandemCore
import TandemTestSupport

func lines(_ text: String) -> [Bytes] { TextFile(bytes: Array(text.utf8)).lines }

@Suite("CUnits: a tolerant split into top-level units")
struct CUnitsTests {
    /// A kernel-style header full of macros, nested #ifdefs, inline assembly with braces in strings,
    /// extern "C" and macro calls without semicolons: every unit found, nothing left unsegmented.
    @Test func kernelStyleHeaderSurvives() throws {
        let bytes = try Fixtures.bytes("hooks/kernel-style.h")
        let segmentation = CUnits.segment(TextFile(bytes: bytes).lines)
        #expect(segmentation.unsegmented.isEmpty)
        let named = segmentation.units.map { "\($0.kind.rawValue) \($0.name)" }
        for expected in [
            "macro X86_CR0_TS", "macro read_cr0_raw", "macro wbinvd_halt", "type struct pv_cpu_ops_example",
            "declaration pv_cpu_ops_example", "function write_cr3", "function native_save_fl",
            "declaration DECLARE_PER_CPU",
            "type enum tandem_state", "type tandem_pair_t", "declaration tandem_banner", "declaration tandem_lookup",
            "declaration __SYSCALL", "macro __NR_tandem_next", "directive #ifdef CONFIG_PARAVIRT", "directive #endif",
        ] {
            #expect(named.contains(expected), "\(expected) in \(named)")
        }
        // write_cr3 twice (paravirt and native), each a whole function.
        let writes = segmentation.units.filter { $0.name == "write_cr3" }
        #expect(writes.count == 2 && writes.allSatisfy { $0.lines.count == 4 })
        // The comment that opens on the #define line is not code.
        #expect(!named.contains { $0.contains("next line") })
    }

    @Test func brokenCodeIsReportedNotLost() {
        let text = "int a;\nvoid f(void)\n{\n\tif (x) {\n\t\ty();\n/* never closed\n"
        let segmentation = CUnits.segment(lines(text))
        #expect(segmentation.units.first?.name == "a")
        #expect(segmentation.unsegmented == [1..<6])
        #expect(segmentation.units.last?.kind == .other && segmentation.units.last?.lines == 1..<6)
        let extra = CUnits.segment(lines("}\nint b;\n"))
        #expect(extra.unsegmented == [0..<1] && extra.units.map(\.name) == ["?", "b"])
    }

    @Test func assemblerLabels() {
        let text = "#include <asm/linkage.h>\n\t.text\nENTRY(memset)\n\tmovq %rdi,%r9\nret\n.Lloop:\n\tdecl %ecx\n"
        let units = CUnits.segment(lines(text), assembly: true).units
        #expect(
            units.map(\.name) == ["#include <asm/linkage.h>", "(before the first label)", "ENTRY(memset)", ".Lloop"])
    }
}

@Suite("HookAnalysis: could a copy be shared?")
struct HookAnalysisTests {
    let original = """
        #include <asm/io.h>

        static void set_mode(int mode)
        {
        \toutb(mode, 0x43);
        }

        void load_table(unsigned long base)
        {
        \twrite_cr3(base);
        }

        int counter;

        static int helper(int x)
        {
        \treturn x + 1;
        }

        """

    func analyze(_ copy: String, path: String = "arch/xen/k/a.c") -> HookAnalysis.CopyResult {
        HookAnalysis.analyze(
            original: Array(original.utf8), copy: Array(copy.utf8), upstreamPath: Array("arch/k/a.c".utf8),
            forkPath: Array(path.utf8), tree: 0, sharedList: "arch/xen/k/Makefile")
    }

    @Test func identicalSharesNow() {
        let result = analyze(original)
        #expect(result.verdict == .shareNow)
        #expect(
            result.shareSteps == [
                "remove arch/xen/k/a.c", "arch/xen/k/Makefile: c-obj-y += a.o   (built from arch/k/a.c)",
            ])
        #expect(
            analyze(original, path: "include/asm-xen/a.h").shareSteps == [
                "remove include/asm-xen/a.h (the build then uses arch/k/a.c)"
            ])
    }

    @Test func whiteSpaceAndCommentsOnly() {
        let copy =
            original.replacing("outb(mode, 0x43);", with: "outb( mode,0x43 ); /* PIT */") + "\n/* a trailing note */\n"
        let result = analyze(copy)
        #expect(result.verdict == .cosmeticSync && result.differences.isEmpty)
    }

    /// Two functions whose calls the fork replaced: the operations are the calls (`outb`, `write_cr3`),
    /// never the functions that contain them; a fork-only helper moves to a fork file.
    @Test func substitutedCallsAreTheOperations() {
        let copy =
            original
            .replacing("\toutb(mode, 0x43);", with: "\tHYPERVISOR_physdev_op(PHYSDEVOP_SET_IOPL, &mode);")
            .replacing("\twrite_cr3(base);", with: "\txen_pt_switch(base);")
            + "\nstatic void xen_only(void)\n{\n}\n"
        let result = analyze(copy)
        #expect(result.verdict == .hookPoints)
        #expect(result.operations == ["outb", "write_cr3"])
        #expect(result.differences.flatMap(\.substitutions).map(\.kind) == [.call, .call])
        #expect(
            result.differences.flatMap(\.substitutions).map(\.replacement)
                == ["HYPERVISOR_physdev_op(PHYSDEVOP_SET_IOPL, &mode);", "xen_pt_switch(base);"])
        #expect(!result.operations.contains("set_mode") && !result.operations.contains("load_table"))
        #expect(result.differences.last?.change == .forkOnly && result.differences.last?.name == "xen_only")
        #expect(result.reason == "2 operations cover every difference, 1 fork-only unit moves to a fork file")
        let table = OperationTable([result])
        #expect(table.operations.map(\.name).sorted() == ["outb", "write_cr3"] && table.counts[.hookPoints] == 1)
        #expect(
            table.operations.allSatisfy {
                $0.copiesFreed == 1 && abs($0.linesFreed - Double(result.copyLines) / 2) < 1e-9
            })
    }

    /// Code rewritten, not substituted (a changed declaration, changed arithmetic): no operation expresses
    /// it, and the copy is kept with the reason; the twin above, with only calls replaced, is shared.
    @Test func deeplyForkedKeepsTheCopy() {
        let copy =
            original
            .replacing("outb", with: "xen_outb").replacing("write_cr3", with: "xen_write_cr3")
            .replacing("int counter;", with: "long counter;").replacing("x + 1", with: "x + 2")
        let result = analyze(copy)
        #expect(result.verdict == .keepCopy)
        #expect(
            result.reason.hasPrefix("counter: the fork changes code without replacing a call, instruction or constant"),
            "\(result.reason)")
        #expect(result.reason.hasSuffix("(and 1 more difference no operation expresses)"), "\(result.reason)")
        #expect(
            HookAnalysis.analyze(
                original: [0x61], copy: [0x62], upstreamPath: Array("Makefile".utf8),
                forkPath: Array("x/Makefile".utf8),
                tree: 0
            ).reason.hasPrefix("not C"))
    }

    /// A unit the fork keeps twice (its version under #ifdef CONFIG_XEN, the native one under #else) is
    /// mined against the original, and the native twin pairs with the original.
    @Test func forkVersionBesideNativeOne() {
        let copy = original.replacing(
            "void load_table(unsigned long base)\n{\n\twrite_cr3(base);\n}\n",
            with:
                "#ifdef CONFIG_XEN\nvoid load_table(unsigned long base)\n{\n\txen_pt_switch(base);\n}\n#else\nvoid load_table(unsigned long base)\n{\n\twrite_cr3(base);\n}\n#endif\n"
        )
        let result = analyze(copy)
        #expect(result.verdict == .hookPoints && result.operations == ["write_cr3"])
        #expect(result.differences.map(\.name) == ["load_table"] && result.differences[0].change == .modified)
    }

    @Test func catalogGroups() {
        #expect(HookCatalog.group(of: "HYPERVISOR_update_va_mapping") == .mmu)
        #expect(HookCatalog.group(of: "HYPERVISOR_set_trap_table") == .descriptorTables)
        #expect(HookCatalog.group(of: "native_write_cr3") == .mmu && HookCatalog.group(of: "native_write_cr0") == .cpu)
        #expect(HookCatalog.group(of: "printk") == nil)
        #expect(HookCatalog.keywordGroup("xen_timer_start") == .time)
    }
}

@Suite("SiblingCheck: fixes that reached one sibling only")
struct SiblingCheckTests {
    let i386 =
        "static int grow(struct s *t)\n{\n\tt->buf = kmalloc(SIZE, GFP_KERNEL);\n\tif (!t->buf)\n\t\treturn -ENOMEM;\n\tt->len = SIZE;\n\treturn 0;\n}\n"
    let fix = """
        --- a/arch/i386/k.c
        +++ b/arch/i386/k.c
        @@ -2,6 +2,8 @@ static int grow(struct s *t)
         {
         \tt->buf = kmalloc(SIZE, GFP_KERNEL);
        -\tif (!t->buf)
        +\tif (!t->buf) {
        +\t\tt->len = 0;
         \t\treturn -ENOMEM;
        +\t}
         \tt->len = SIZE;
         \treturn 0;

        """
    let groups = [["arch/i386/", "arch/x86_64/"]]

    func check(_ patch: String, sibling: String, path: String = "arch/x86_64/k.c") throws -> SiblingCheck.Result {
        let tree = MemoryTree(["arch/i386/k.c": i386, path: sibling])
        return try SiblingCheck.check(PatchParser.parse(Array(patch.utf8)).patch, groups: groups, tree: tree)
    }

    @Test func missedFixIsReported() throws {
        // The sibling keeps the code with other indentation and the function in another file.
        let sibling =
            "int other(void)\n{\n\treturn 1;\n}\nstatic int grow(struct s *t)\n{\n        t->buf = kmalloc(SIZE, GFP_KERNEL);\n        if ( !t->buf )\n                return -ENOMEM;\n}\n"
        let result = try check(fix, sibling: sibling, path: "arch/x86_64/mm/grow.c")
        #expect(result.missed.count == 1 && result.checked == 1)
        let missed = try #require(result.missed.first)
        #expect(
            missed.siblingPath == Array("arch/x86_64/mm/grow.c".utf8) && missed.siblingLine == 8
                && missed.function == "grow")
        // 0.9 token by token, +0.05 in a function of the hunk's name, -0.1 for a one-line key, +0.1 back for
        // the context lines around it standing around it in the sibling too.
        #expect(missed.confidence == 0.95 && missed.hunk == 1, "\(missed.confidence) \(missed.evidence)")
        #expect(missed.evidence == ["one-line", "context-agrees"])
        #expect(missed.siblingCode.contains("        if ( !t->buf )"))
    }

    /// Twin: the one old line stands in the sibling, but its neighbours are other code (the line matched by
    /// chance as far as the context tells): the one-line penalty doubles, under the default threshold.
    @Test func oneLineMatchWithOtherContextIsDoubted() throws {
        let sibling =
            "static int grow(struct s *t)\n{\n\tt->buf = vmalloc(SIZE);\n\tif (!t->buf)\n\t\tgoto fail;\n\treturn 0;\n}\n"
        let result = try check(fix, sibling: sibling)
        let missed = try #require(result.missed.first)
        #expect(missed.evidence == ["one-line", "context-differs"])
        // 0.9 + 0.05 - 0.1 - 0.1.
        #expect(missed.confidence == 0.75)
        #expect(result.keeping(minimum: SiblingCheck.defaultMinimumConfidence).missed.isEmpty)
        // One side agreeing is not enough either.
        let half = try check(
            fix, sibling: sibling.replacingOccurrences(of: "vmalloc(SIZE)", with: "kmalloc(SIZE, GFP_KERNEL)"))
        #expect(half.missed.first?.evidence == ["one-line", "context-differs"])
    }

    /// The same fix given to the sibling in the same patch, reformatted, with renamed identifiers and lines
    /// in another order: not reported.
    @Test func equivalentFixInTheSamePatch() throws {
        let sibling =
            "static long grow64(struct s *p)\n{\n\tp->mem = kmalloc(SIZE, GFP_KERNEL);\n\tif (!p->mem)\n\t\treturn -ENOMEM;\n\tp->len = SIZE;\n\treturn 0;\n}\n"
        let both =
            fix + """
                --- a/arch/x86_64/k.c
                +++ b/arch/x86_64/k.c
                @@ -3,4 +3,6 @@
                 \tp->mem = kmalloc(SIZE, GFP_KERNEL);
                -\tif (!p->mem)
                +\tif ( !p->mem ) {
                +\t\tp->len = 0 ;
                 \t\treturn -ENOMEM;
                +\t}

                """
        let result = try check(both, sibling: sibling)
        #expect(result.missed.isEmpty && result.reached >= 1, "\(result)")
        // Without the sibling's hunk, the renamed code is still found (abstracted match) and reported.
        let alone = try check(fix, sibling: sibling)
        #expect(alone.missed.count == 1 && alone.missed.first?.confidence == 0.5)
    }

    @Test func fixAlreadyInTheSibling() throws {
        let fixed =
            "static int grow(struct s *t)\n{\n\tt->buf = kmalloc(SIZE, GFP_KERNEL);\n\tif (!t->buf) {\n\t\tt->len = 0;\n\t\treturn -ENOMEM;\n\t}\n}\n"
        let result = try check(fix, sibling: fixed)
        #expect(result.missed.isEmpty && result.reached == 1)
        // A sibling without the code at all: nothing to say.
        let unrelated = try check(fix, sibling: "int main(void) { return 0; }\n")
        #expect(unrelated.missed.isEmpty && unrelated.reached == 0)
    }
}
