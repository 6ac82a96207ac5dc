import Testing
@testable import TandemCore

/// `declarations-first` (`FilePatcher+Declarations`): both sides inserted lines at the top of a C block, one
/// side declarations and the other statements. The declarations go first, as C89 and the kernel's
/// `-Wdeclaration-after-statement` want. Refused twins, where the order is a guess: statements on both
/// sides, a statement above the point, a name both sides use, a side that mixes the two.
@Suite("FilePatcher: declarations first")
struct DeclarationsFirstTests {
    let base = [
        "void __init paging_init(void)\n", "{\n", "\tunsigned long flags;\n", "\n", "\tpagetable_init();\n",
        "\tload_cr3(swapper_pg_dir);\n", "}\n",
    ]

    /// Upstream inserts `lines` after `unsigned long flags;` and its blank line.
    func upstream(_ lines: [String]) -> Hunk {
        hunk(2, [" {\n", " \tunsigned long flags;\n", " \n"] + lines.map { "+" + $0 } + [" \tpagetable_init();\n"])
    }

    func fork(_ lines: [String]) -> [String] {
        var target = base
        target.insert(contentsOf: lines, at: 4)
        return target
    }

    func port(_ added: [String], onto theirs: [String]) -> FilePatcher.Result {
        FilePatcher.apply([upstream(added)], to: file(fork(theirs)), base: file(base))
    }

    /// The fork declared a variable; upstream adds statements: the fork's declaration stays first.
    @Test func theForksDeclarationGoesBeforeUpstreamsStatements() {
        let theirs = ["#ifdef CONFIG_XEN_PHYSDEV_ACCESS\n", "\tint i;\n", "#endif\n", "\n"]
        let added = [
            "#ifdef CONFIG_X86_PAE\n", "\tset_nx();\n", "\tif (nx_enabled)\n", "\t\tprintk(\"NX\\n\");\n", "#endif\n",
            "\n",
        ]
        let result = port(added, onto: theirs)
        #expect(step(result.outcomes[0]) == .declarations)
        #expect(result.file == file(fork(theirs + added)))
    }

    /// Upstream declared; the fork added a statement: upstream's declarations go first this time.
    @Test func upstreamsDeclarationsGoBeforeTheForksStatement() {
        let theirs = ["\txen_flush();\n"]
        let added = ["\tpte_t *pte = NULL;\n", "\tstruct page *page;\n"]
        let result = port(added, onto: theirs)
        #expect(step(result.outcomes[0]) == .declarations)
        #expect(result.file == file(fork(added + theirs)))
    }

    /// Refused: statements on both sides. Which runs first is the question.
    @Test func statementsOnBothSidesAreRefused() {
        let result = port(["\tset_nx();\n"], onto: ["\txen_flush();\n"])
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork(["\txen_flush();\n"])))
    }

    /// Refused: the upstream statement uses the name the fork declares (`i`): the fork's `i` would shadow or
    /// clash with upstream's meaning of it.
    @Test func aSharedNameIsRefused() {
        let result = port(["\tfor (i = 0; i < 4; i++)\n", "\t\tset_nx();\n"], onto: ["\tint i;\n"])
        #expect(!result.outcomes[0].isSuccess)
    }

    /// Refused: a side that holds a declaration and a statement.
    @Test func aMixedSideIsRefused() {
        let result = port(["\tset_nx();\n"], onto: ["\tint i;\n", "\txen_flush();\n"])
        #expect(!result.outcomes[0].isSuccess)
    }

    /// Refused: a statement stands above the point, so this is not the top of the block: a declaration
    /// there would already follow a statement.
    @Test func aStatementAboveThePointIsRefused() {
        let base = [
            "void __init paging_init(void)\n", "{\n", "\tpagetable_init();\n", "\n", "\tload_cr3(swapper_pg_dir);\n",
            "}\n",
        ]
        let upstream = hunk(
            2, [" {\n", " \tpagetable_init();\n", " \n", "+\tset_nx();\n", " \tload_cr3(swapper_pg_dir);\n"])
        var target = base
        target.insert("\tint i;\n", at: 4)
        let result = FilePatcher.apply([upstream], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
    }

    /// The shapes read as declarations, and the ones that do not.
    @Test func declarationShapes() {
        for line in [
            "\tint i;\n", "\tunsigned long flags;\n", "\tpte_t *pte = NULL;\n", "\tcpumask_t map;\n",
            "\tint a, b;\n", "\tchar buf[16];\n", "\tstatic int once;\n",
        ] {
            #expect(CDeclaration.isDeclaration(Array(line.utf8)[...]), "\(line)")
        }
        // `DECLARE_BITMAP(…)` declares, but reads as a call: the step then refuses, which is safe.
        for line in ["\tset_nx();\n", "\ti = 0;\n", "\treturn x;\n", "\tDECLARE_BITMAP(map, 8);\n", "\tif (a) b;\n"] {
            #expect(!CDeclaration.isDeclaration(Array(line.utf8)[...]), "\(line)")
        }
    }
}
