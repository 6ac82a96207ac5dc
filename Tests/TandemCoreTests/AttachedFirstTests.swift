import Testing
@testable import TandemCore

/// `attached-first` (`FilePatcher+Attached`): both sides inserted lines right after a top-level definition,
/// and upstream's lines are calls naming it (`EXPORT_SYMBOL(end_pfn);`): they belong right below it, the
/// fork's lines after them. Refused twins, where the order is a guess: the fork's lines name the definition
/// too, upstream's lines are something else than such a call, the point is inside a function.
@Suite("FilePatcher: calls naming the definition above go first")
struct AttachedFirstTests {
    let base = [
        "#include <linux/init.h>\n", "\n", "unsigned long end_pfn;\n", "\n", "static int __init setup(void)\n", "{\n",
        "\treturn 0;\n", "}\n", "\n", "/*\n", " * The end.\n", " */\n",
    ]

    /// The fork's lines after `end_pfn`: two definitions of its own and a conditional it opens (closed below).
    let forkLines = [
        "unsigned long end_user_pfn;\n", "unsigned long end_pfn_map;\n", "\n", "#ifndef CONFIG_XEN\n",
        "extern char _end[];\n",
    ]

    /// `base` with `lines` inserted at `index` (and the fork's conditional closed before the comment).
    func with(_ lines: [String], at index: Int, closing: Bool = false) -> [String] {
        var out = base
        if closing { out.insert("#endif\n", at: 9) }
        out.insert(contentsOf: lines, at: index)
        return out
    }

    func apply(_ upstream: [String], onto fork: [String]) -> FilePatcher.Result {
        let hunks = ConditionalsTests.hunks(base, upstream)
        #expect(hunks.count == 1)
        return FilePatcher.apply(hunks, to: file(fork), base: file(base))
    }

    @Test func anExportRightAfterAVariableGoesBeforeTheForksLines() {
        let export = ["EXPORT_SYMBOL(end_pfn);\n"]
        let result = apply(with(export, at: 3), onto: with(forkLines, at: 3, closing: true))
        #expect(step(result.outcomes[0]) == .attached)
        #expect(result.file == file(with(export + forkLines, at: 3, closing: true)))
    }

    /// The fork opened a conditional after `setup()` (closed further down), which no union takes whole.
    @Test func anInitcallRightAfterAFunctionGoesBeforeTheForksLines() {
        let initcall = ["core_initcall(setup);\n"], theirs = ["#ifdef CONFIG_XEN\n", "static int xen_ready;\n"]
        let result = apply(with(initcall, at: 8), onto: with(theirs, at: 8, closing: true))
        #expect(step(result.outcomes[0]) == .attached)
        #expect(result.file == file(with(initcall + theirs, at: 8, closing: true)))
    }

    /// Refused: the fork exported `end_pfn` its own way; which export stands is for a person.
    @Test func theForkNamingTheDefinitionIsRefused() {
        let fork = with(["EXPORT_SYMBOL_GPL(end_pfn);\n", "#ifndef CONFIG_XEN\n"], at: 3, closing: true)
        let result = apply(with(["EXPORT_SYMBOL(end_pfn);\n"], at: 3), onto: fork)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    /// Refused: upstream's line is a definition of its own, not a call naming `end_pfn`.
    @Test func upstreamsOwnDefinitionIsRefused() {
        let fork = with(forkLines, at: 3, closing: true)
        let result = apply(with(["unsigned long end_pfn_limit = end_pfn;\n"], at: 3), onto: fork)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    /// Refused: inside a function, a statement naming a variable above is no attachment: statements on both
    /// sides keep their conflict.
    @Test func statementsInsideAFunctionAreRefused() {
        let base = ["int f(void)\n", "{\n", "\tint x = g();\n", "\treturn x;\n", "}\n"]
        var upstream = base, fork = base
        upstream.insert("\tcheck(x);\n", at: 3)
        fork.insert("\txen_sync();\n", at: 3)
        let result = FilePatcher.apply(ConditionalsTests.hunks(base, upstream), to: file(fork), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }
}
