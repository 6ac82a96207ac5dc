import Testing
@testable import TandemCore

/// `tandem hooks` mines the operations a fork substitutes (`OperationMiner`) and gathers them into a hook
/// table (`OperationTable`). Each pattern has its twin: the guess that must not happen.
@Suite("Operations a fork substitutes")
struct OperationMiningTests {
    func analyze(_ original: String, _ copy: String, path: String, painLines: [Int] = []) -> HookAnalysis.CopyResult {
        HookAnalysis.analyze(
            original: Array(original.utf8), copy: Array(copy.utf8), upstreamPath: Array(path.utf8),
            forkPath: Array(("fork/" + path).utf8), tree: 0, painLines: painLines)
    }

    /// An inline assembler instruction the copy replaced by a call is the operation (`cli`), not the
    /// function around it.
    @Test func asmInstructionIsTheOperation() {
        let original =
            "void stop_ticks(void)\n{\n\tcount = 0;\n\tasm volatile(\"cli\" : : : \"memory\");\n\tticking = 0;\n}\n"
        let copy = original.replacing("\tasm volatile(\"cli\" : : : \"memory\");", with: "\txen_irq_disable();")
        let result = analyze(original, copy, path: "k/ticks.c")
        #expect(result.verdict == .hookPoints && result.operations == ["cli"])
        #expect(result.differences[0].substitutions.map(\.kind) == [.asm])
        // The twin: the instruction kept, arithmetic changed around it: no operation, the copy is kept.
        let rewritten = original.replacing("\tcount = 0;", with: "\tcount = count * 2 - 1;")
        let kept = analyze(original, rewritten, path: "k/ticks.c")
        #expect(kept.verdict == .keepCopy && kept.operations.isEmpty)
    }

    /// Macros a header redefines are primitives in their own right: each is an operation, with the
    /// original's `#define` as its signature, and the fork-only macro beside them needs none.
    @Test func headerMacrosArePrimitives() {
        let original = """
            #define write_cr3(x) \\
            \t__asm__ __volatile__("movl %0,%%cr3" : : "r" (x))
            #define clts() __asm__ __volatile__("clts")
            #define local_irq_disable() __asm__ __volatile__("cli" : : : "memory")
            #define PAGE_SHIFT 12

            """
        let copy = """
            #define write_cr3(x) xen_pt_switch(x)
            #define clts() HYPERVISOR_fpu_taskswitch(0)
            #define local_irq_disable() xen_irq_disable()
            #define PAGE_SHIFT 12
            #define xen_only_barrier() barrier()

            """
        let result = analyze(original, copy, path: "include/asm/system.h")
        #expect(result.verdict == .hookPoints)
        #expect(result.operations == ["write_cr3", "clts", "local_irq_disable"])
        let table = OperationTable([result])
        #expect(table.operations.allSatisfy { $0.kind == .primitive && $0.isPrimitive })
        #expect(table.operations.first { $0.name == "write_cr3" }?.definition?.signature == "#define write_cr3(x)")
        // The vocabulary names the groups (it knows these names); membership comes from the mining.
        #expect(
            Dictionary(uniqueKeysWithValues: table.operations.map { ($0.name, $0.group) })
                == ["write_cr3": "mmu", "clts": "cpu", "local_irq_disable": "irq"])
        // The twin: a long function in a .c file is not a primitive; its substituted call is.
        let body = (1...14).map { "\tstep\($0)();\n" }.joined()
        let big = "void setup(void)\n{\n" + body + "\twrite_cr3(base);\n}\n"
        let bigResult = analyze(
            big, big.replacing("\twrite_cr3(base);", with: "\txen_pt_switch(base);"), path: "k/setup.c")
        #expect(bigResult.operations == ["write_cr3"])
    }

    /// A rewritten function (a loop where the original had one call, code that calls nothing new) is no
    /// operation: the copy is kept, the reason says where. The twin with the call substituted is shared.
    @Test func rewrittenFunctionKeepsTheCopy() {
        let original = "static void tick(struct regs *r)\n{\n\tstamp = now();\n\tdo_timer(r);\n}\n"
        let rewritten =
            "static void tick(struct regs *r)\n{\n\tstamp = now();\n\twhile (pending > period) {\n\t\tdo_timer(r);\n"
            + "\t\tpending -= period;\n\t}\n}\n"
        let kept = analyze(original, rewritten, path: "k/time.c")
        #expect(kept.verdict == .keepCopy)
        #expect(kept.reason.hasPrefix("tick: the fork adds code that calls nothing new at line 4"), "\(kept.reason)")
        let substituted = analyze(
            original, original.replacing("\tdo_timer(r);", with: "\txen_timer_tick(r);"), path: "k/time.c")
        #expect(substituted.verdict == .hookPoints && substituted.operations == ["do_timer"])
    }

    /// A synthetic fork with invented names: the operations are found and grouped by how they change
    /// together — names that share a word, units that change together — with no vocabulary at all; the
    /// same call substituted in a `.c` copy is one more site of the header's operation.
    @Test func inventedNamesAreFoundAndGroupedAsBuilt() {
        let frobH =
            "#define frob_cr7(x) __asm__(\"frob7 %0\" : : \"r\" (x))\n#define frob_cr8(x) __asm__(\"frob8 %0\" : : \"r\" (x))\n"
        let frobFork = "#define frob_cr7(x) hv_frob(7, x)\n#define frob_cr8(x) hv_frob(8, x)\n"
        let irqsH = "#define zap_irqs() __asm__(\"zap\")\n#define unzap_irqs() __asm__(\"unzap\")\n"
        let irqsFork = "#define zap_irqs() hv_mask(1)\n#define unzap_irqs() hv_mask(0)\n"
        let user = "void quiesce(void)\n{\n\tzap_irqs();\n\tfrob_cr7(0);\n\tdrain();\n}\n"
        let userFork = "void quiesce(void)\n{\n\tzap_irqs();\n\thv_frob(7, 0);\n\tdrain();\n}\n"
        let results = [
            analyze(frobH, frobFork, path: "include/frob.h"), analyze(irqsH, irqsFork, path: "include/irqs.h"),
            analyze(user, userFork, path: "k/quiesce.c"),
        ]
        #expect(results.allSatisfy { $0.verdict == .hookPoints })
        for vocabulary in [{ (_: String) -> String? in nil }, { HookCatalog.group(of: $0)?.rawValue }] {
            let table = OperationTable(results, vocabulary: vocabulary)
            #expect(Set(table.operations.map(\.name)) == ["frob_cr7", "frob_cr8", "zap_irqs", "unzap_irqs"])
            #expect(
                Set(table.groups.map { Set($0.operations) }) == [
                    ["frob_cr7", "frob_cr8"], ["zap_irqs", "unzap_irqs"],
                ])
            #expect(Set(table.groups.map(\.name)) == ["frob", "irqs"])
            // frob_cr7 is substituted in two copies (the header, the caller): it ranks first.
            #expect(table.operations.first?.name == "frob_cr7" && table.operations.first?.sites.count == 2)
            #expect(table.operations.first?.copiesFreed == 2)
        }
    }

    /// Words every primitive has (set, read, write, …) do not tie operations together: `set_alpha` and
    /// `set_beta`, changed in different units, stay apart.
    @Test func commonVerbsDoNotGroup() {
        let original = "#define set_alpha(x) poke(1, x)\n#define set_beta(x) poke(2, x)\n"
        let copy = "#define set_alpha(x) hv_poke(1, x)\n#define set_beta(x) hv_poke(2, x)\n"
        let table = OperationTable([analyze(original, copy, path: "include/poke.h")], vocabulary: { _ in nil })
        #expect(table.groups.count == 2)
    }

    /// With porting pain (port verdicts over a history that failed inside a unit), the operations
    /// substituted there rank first, whatever the copies they free.
    @Test func painRanksFirst() {
        let header = "#define a_op(x) native_a(x)\n#define b_op(x) native_b(x)\n"
        let fork = "#define a_op(x) hv_a(x)\n#define b_op(x) hv_b(x)\n"
        let user = "void use(void)\n{\n\tb_op(1);\n}\n"
        let quiet = [
            analyze(header, fork, path: "include/ops.h"),
            analyze(user, user.replacing("b_op(1)", with: "hv_b(1)"), path: "k/use.c"),
        ]
        #expect(OperationTable(quiet).operations.first?.name == "b_op")
        let painful = [analyze(header, fork, path: "include/ops.h", painLines: [1]), quiet[1]]
        let table = OperationTable(painful)
        #expect(table.operations.first?.name == "a_op" && table.operations.first?.pain == 1)
    }
}
