import Testing
@testable import TandemCore

/// `tandem siblings`: where a fix belongs in the sibling, whether it got there, and how sure the finding is —
/// each pattern beside its twin.
@Suite("SiblingCheck: place, already fixed, evidence")
struct SiblingPlacementTests {
    let groups = [["arch/a/", "arch/b/"]]

    func check(_ patch: String, source: String, sibling: String, oneCommit: Bool = false) throws -> SiblingCheck.Result
    {
        let tree = MemoryTree(["arch/a/x.c": source, "arch/b/x.c": sibling])
        return try SiblingCheck.check(
            PatchParser.parse(Array(patch.utf8)).patch, groups: groups, tree: tree, oneCommit: oneCommit)
    }

    func diff(_ body: [String], at line: Int, path: String = "arch/a/x.c") -> String {
        let old = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("-") }.count
        let new = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("+") }.count
        return "--- a/\(path)\n+++ b/\(path)\n@@ -\(line),\(old) +\(line),\(new) @@\n" + body.joined()
    }

    /// The fix `fixPatch` found open in a sibling holding `source`, and how a later change settles it.
    func settler(_ fixPatch: String, source: String) throws -> (String) throws -> SiblingCheck.Settlement? {
        let patch = try PatchParser.parse(Array(fixPatch.utf8)).patch
        let open = try #require(
            SiblingCheck.OpenFix.from(
                try check(fixPatch, source: source, sibling: source), patch: patch, strip: 1, groups: groups, time: 0
            ).first)
        return { change in
            try SiblingCheck.settlement(
                of: open, by: try PatchParser.parse(Array(change.utf8)).patch, strip: 1, after: MemoryTree([:]))
        }
    }

    /// A rename-only fix (`LOCK` → `LOCK_PREFIX`) is the old code with identifiers abstracted: the sibling's
    /// unfixed line must not count as the fix having arrived.
    @Test func renameOnlyFixIsNotMistakenForArrived() throws {
        let source =
            "static void add(int i, atomic_t *v)\n{\n\tasm volatile(LOCK \"addl %1,%0\" : \"+m\" (v->counter) : \"ir\" (i));\n}\n"
        let patch = diff(
            [
                " static void add(int i, atomic_t *v)\n", " {\n",
                "-\tasm volatile(LOCK \"addl %1,%0\" : \"+m\" (v->counter) : \"ir\" (i));\n",
                "+\tasm volatile(LOCK_PREFIX \"addl %1,%0\" : \"+m\" (v->counter) : \"ir\" (i));\n", " }\n",
            ], at: 1)
        let missed = try check(patch, source: source, sibling: source)
        #expect(missed.missed.count == 1 && missed.missed.first?.siblingLine == 3)
        // Twin: the sibling has the renamed line: reached.
        let fixed = source.replacingOccurrences(of: "LOCK \"", with: "LOCK_PREFIX \"")
        let reached = try check(patch, source: source, sibling: fixed)
        #expect(reached.missed.isEmpty && reached.reached == 1)
    }

    /// "Already fixed" is judged where the code stands: a one-line addition shaped like an unrelated line
    /// elsewhere in the file does not count; the line itself beside the code does.
    /// The sibling's assembler template is spelt for its architecture (`movq` where the fix's file has
    /// `movl`): with the words of strings abstracted the old code is found, at the abstracted confidence.
    /// Twin: a template whose operands stand the other way round (a store to `%cr2`, not a load from it) is
    /// other code, and nothing is found.
    @Test func assemblerTemplatesOfTheOtherArchitectureMatch() throws {
        let source = "void save(struct ctx *c)\n{\n\tasm volatile(\"movl %%cr2, %0\" : \"=r\" (c->cr2));\n}\n"
        let patch = diff(
            [
                " void save(struct ctx *c)\n", " {\n", "-\tasm volatile(\"movl %%cr2, %0\" : \"=r\" (c->cr2));\n",
                "+\tc->cr2 = read_cr2();\n", " }\n",
            ], at: 1)
        let sibling = source.replacingOccurrences(of: "movl", with: "movq")
        let found = try check(patch, source: source, sibling: sibling)
        #expect(found.missed.count == 1 && found.missed.first?.siblingLine == 3)
        #expect(found.missed.first.map { abs($0.confidence - 0.65) < 0.11 } == true)
        let store = sibling.replacingOccurrences(of: "\"movq %%cr2, %0\"", with: "\"movq %0, %%cr2\"")
        #expect(try check(patch, source: source, sibling: store).missed.isEmpty)
        // A single letter stays: a save to memory (`"=m"`) of a segment register is not a control register
        // read into a register (`"=r"`).
        let segment = sibling.replacingOccurrences(
            of: "\"movq %%cr2, %0\" : \"=r\"", with: "\"movw %%ds, %0\" : \"=m\"")
        #expect(try check(patch, source: source, sibling: segment).missed.isEmpty)
        #expect(CTokens.abstractedString("\"movl %%cr0, %0\\n\"") == "\"$ %%$, %0\\n\"")
    }

    @Test func alreadyFixedOnlyAtThePlace() throws {
        let source = "void flush(void)\n{\n\tload_cr3(swapper_pg_dir);\n\tflush_all();\n}\n"
        let patch = diff(
            [
                " void flush(void)\n", " {\n", " \tload_cr3(swapper_pg_dir);\n", "+\tflush_page(addr);\n",
                " \tflush_all();\n", " }\n",
            ], at: 1)
        let elsewhere = "int other(void)\n{\n\tset_page(addr);\n\treturn 0;\n}\n" + source
        let missed = try check(patch, source: source, sibling: elsewhere)
        #expect(missed.missed.count == 1)
        // Twin: the added line stands in the same function: reached.
        let fixed = source.replacingOccurrences(of: "\tflush_all();", with: "\tflush_page(addr);\n\tflush_all();")
        #expect(try check(patch, source: source, sibling: fixed).missed.isEmpty)
    }

    /// A hunk of two changes whose lines stand in the sibling with other lines between them (the sibling
    /// added its own): found change by change.
    @Test func twoChangesWithOtherLinesBetween() throws {
        let source = "int f(int x)\n{\n\tint a = get(x);\n\tcheck(a);\n\tint b = put(x);\n\treturn a + b;\n}\n"
        let patch = diff(
            [
                " {\n", "-\tint a = get(x);\n", "+\tint a = get_safe(x);\n", " \tcheck(a);\n",
                "-\tint b = put(x);\n", "+\tint b = put_safe(x);\n", " \treturn a + b;\n",
            ], at: 2)
        let sibling =
            "int f(int x)\n{\n\tint a = get(x);\n\tcheck(a);\n\ttrace(a);\n\ttrace(x);\n\tint b = put(x);\n\treturn a + b;\n}\n"
        let result = try check(patch, source: source, sibling: sibling)
        #expect(result.missed.count == 1 && result.missed.first?.siblingLine == 3)
        // Twin: the second change's line is not there at all: nothing to say.
        let partial = sibling.replacingOccurrences(of: "\tint b = put(x);\n", with: "")
        #expect(try check(patch, source: source, sibling: partial).missed.isEmpty)
    }

    /// A pure addition is reported where its lines would go: after its last leading context line and the
    /// trivial lines the hunk keeps before the addition (here `}`), not at the next code line.
    @Test func aPureAdditionPointsWhereItsLinesGo() throws {
        let source = "long f(void)\n{\n\tlong r = 0;\n\treturn r;\n}\n\nint g(void);\n"
        let after = diff(
            [" \tlong r = 0;\n", " \treturn r;\n", " }\n", "+EXPORT_SYMBOL(f);\n", " \n", " int g(void);\n"], at: 3)
        // The sibling has more blank lines after the function.
        let sibling = "long f(void)\n{\n\tlong r = 0;\n\treturn r;\n}\n\n\nint g(void);\n"
        let fix = try #require(try check(after, source: source, sibling: sibling).missed.first)
        #expect(fix.siblingLine == 6)
        // Twin: an addition before the closing brace goes before it: the point stays inside the function.
        let inside = diff(
            [" \tlong r = 0;\n", " \treturn r;\n", "+\tlog(r);\n", " }\n", " \n", " int g(void);\n"], at: 3)
        let fixInside = try #require(try check(inside, source: source, sibling: sibling).missed.first)
        #expect(fixInside.siblingLine == 5 && fixInside.siblingFunction == "f")
    }

    /// A blank line among removed lines separates two changes: each paragraph is looked for on its own, so a
    /// sibling that keeps a line of its own between them still holds the code token by token.
    @Test func removedParagraphsAreSeparateChanges() throws {
        let source = "#define A 1\n#define B 2\n\n#define C 3\nint x;\n"
        let patch = diff(
            ["-#define A 1\n", "-#define B 2\n", "-\n", "-#define C 3\n", "+#include <abc.h>\n", " int x;\n"], at: 1)
        let sibling = "#define A 1\n#define B 2\n#define W 64\n#define C 3\nint x;\n"
        let fix = try #require(try check(patch, source: source, sibling: sibling).missed.first)
        #expect(fix.siblingLine == 1 && fix.confidence >= 0.8 && !fix.why.contains("other identifiers"))
        // Twin: removed as one run, the lines must stand as one run: the sibling's scattered lines are not it.
        let tight = "#define A 1\n#define B 2\n#define C 3\nint x;\n"
        let onePiece = diff(
            ["-#define A 1\n", "-#define B 2\n", "-#define C 3\n", "+#include <abc.h>\n", " int x;\n"], at: 1)
        #expect(try check(onePiece, source: tight, sibling: sibling).missed.isEmpty)
    }

    /// Two functions share the fixed lines: the finding names the one the fix changes (`unmask_irq`), not the
    /// first that matches (`mask_irq`), and the other place is not called ambiguous: the fix did not change it.
    @Test func theFunctionTheFixChanges() throws {
        let body = "\tspin_lock(&irq_lock);\n\twrite_reg(irq);\n\tspin_unlock(&irq_lock);\n"
        let source = "void mask_irq(int irq)\n{\n\(body)}\n\nvoid unmask_irq(int irq)\n{\n\(body)}\n"
        let patch = diff(
            [
                " void unmask_irq(int irq)\n", " {\n", " \tspin_lock(&irq_lock);\n", "-\twrite_reg(irq);\n",
                "+\twrite_reg(irq | ENABLE);\n", " \tspin_unlock(&irq_lock);\n",
            ], at: 8)
        let result = try check(patch, source: source, sibling: source)
        let fix = try #require(result.missed.first)
        #expect(fix.siblingFunction == "unmask_irq" && fix.siblingLine == 11 && fix.alsoAt.isEmpty)
        // Twin: outside any function (macro bodies): the places cannot be told apart, both are named.
        let macros = "#define MASK \\\n\twrite_reg(irq);\n#define UNMASK \\\n\twrite_reg(irq);\n"
        let macroPatch = diff([" #define UNMASK \\\n", "-\twrite_reg(irq);\n", "+\twrite_reg(irq | ENABLE);\n"], at: 3)
        let ambiguous = try check(macroPatch, source: macros, sibling: macros)
        #expect(ambiguous.missed.first?.alsoAt.count == 1)
        #expect(ambiguous.missed.first?.why.contains("ambiguous") == true)
    }

    /// A single commit that also changed the sibling: its author saw the sibling, so the finding falls
    /// under the default threshold. The same patch as part of a longer range (not one commit) does not.
    @Test func aCommitThatTouchedTheSibling() throws {
        let source = "int g(void)\n{\n\told_call();\n\treturn 0;\n}\n"
        let sibling = "int g(void)\n{\n\told_call();\n\treturn 0;\n}\nint h(void)\n{\n\treturn 1;\n}\n"
        let patch =
            diff([" {\n", "-\told_call();\n", "+\tnew_call();\n", " \treturn 0;\n"], at: 2)
            + diff([" {\n", "-\treturn 1;\n", "+\treturn 2;\n", " }\n"], at: 7, path: "arch/b/x.c")
        let commit = try check(patch, source: source, sibling: sibling, oneCommit: true)
        let fix = try #require(commit.missed.first)
        #expect(
            fix.evidence.contains("commit-touched-sibling") && fix.confidence < SiblingCheck.defaultMinimumConfidence)
        let range = try check(patch, source: source, sibling: sibling, oneCommit: false)
        #expect(range.missed.first.map { !$0.evidence.contains("commit-touched-sibling") } == true)
        #expect(commit.keeping(minimum: SiblingCheck.defaultMinimumConfidence).belowThreshold == 1)
    }

    /// A later commit settles an open finding when it carries the fix in another form (the fixed lines now
    /// stand there), when it rewrites the code the fix changes, or when it removes the file; a later commit
    /// that changes the sibling file elsewhere settles nothing.
    /// An equivalent change elsewhere under the sibling settles a fix only when it brings in most of the names
    /// the fix brings in: another symbol's `EXPORT_SYMBOL` is not the same change, though both read
    /// `$ ( $ ) ;` with identifiers abstracted.
    @Test func anEquivalentChangeBringsInTheSameNames() throws {
        // The exported name stands in the context too: it is still a name the fix brings in.
        let source = "long copy_user(void)\n{\n\treturn 0;\n}\n\nint g;\n"
        let fixPatch = diff(
            [
                " long copy_user(void)\n", " {\n", " \treturn 0;\n", " }\n", "+EXPORT_SYMBOL(copy_user);\n", " \n",
                " int g;\n",
            ],
            at: 1)
        let settle = try settler(fixPatch, source: source)
        let same = diff([" int h;\n", "+EXPORT_SYMBOL(copy_user);\n"], at: 1, path: "arch/b/ksyms.c")
        #expect(try settle(same) == .equivalent)
        // Twin: another symbol exported under the sibling is not this fix.
        let other = diff([" int h;\n", "+EXPORT_SYMBOL(clear_user);\n"], at: 1, path: "arch/b/ksyms.c")
        #expect(try settle(other) == nil)
    }

    /// An `#include` names its header as one name: another header included under the sibling is not this
    /// fix, though both lines read `# include < linux / … . h >`.
    @Test func anEquivalentIncludeNamesTheSameHeader() throws {
        let source = "#include <linux/init.h>\n\nint g;\n"
        let fixPatch = diff(
            [" #include <linux/init.h>\n", "+#include <linux/memory_hotplug.h>\n", " \n", " int g;\n"], at: 1)
        let settle = try settler(fixPatch, source: source)
        let same = diff([" int h;\n", "+#include <linux/memory_hotplug.h>\n"], at: 1, path: "arch/b/mm.c")
        #expect(try settle(same) == .equivalent)
        let other = diff([" int h;\n", "+#include <linux/mmzone.h>\n"], at: 1, path: "arch/b/mm.c")
        #expect(try settle(other) == nil)
    }

    @Test func laterCommitsSettleOrNot() throws {
        let source = "int f(int n)\n{\n\tif (n > max)\n\t\tn = max;\n\treturn n;\n}\n"
        let fixPatch = diff([" {\n", "-\tif (n > max)\n", "+\tif (n > max || n < 0)\n", " \t\tn = max;\n"], at: 2)
        let patch = try PatchParser.parse(Array(fixPatch.utf8)).patch
        let found = try check(fixPatch, source: source, sibling: source)
        let open = try #require(SiblingCheck.OpenFix.from(found, patch: patch, strip: 1, groups: groups, time: 0).first)
        func settle(_ after: String?, change: String) throws -> SiblingCheck.Settlement? {
            let later = try PatchParser.parse(Array(change.utf8)).patch
            return try SiblingCheck.settlement(
                of: open, by: later, strip: 1, after: MemoryTree(after.map { ["arch/b/x.c": $0] } ?? [:]))
        }
        // Carried in other words, with a line of its own: not equivalent as a change, but the fixed line stands.
        let carried = source.replacingOccurrences(
            of: "\tif (n > max)\n", with: "\tif (n > max || n < 0)\n\t\ttrace(n);\n")
        let carry = diff(
            [
                " {\n", "-\tif (n > max)\n", "+\tif (n > max || n < 0)\n", "+\t\ttrace(n);\n", "+\t\tlog(n);\n",
                " \t\tn = max;\n",
            ],
            at: 2, path: "arch/b/x.c")
        #expect(try settle(carried, change: carry) == .fixedLines)
        let rewritten = source.replacingOccurrences(
            of: "\tif (n > max)\n\t\tn = max;\n", with: "\tn = clamp(n, 0, max);\n")
        #expect(
            try settle(
                rewritten,
                change: diff(
                    [" {\n", "-\tif (n > max)\n", "-\t\tn = max;\n", "+\tn = clamp(n, 0, max);\n"],
                    at: 2, path: "arch/b/x.c")) == .linesChanged)
        #expect(
            try settle(
                nil,
                change: "--- a/arch/b/x.c\n+++ /dev/null\n@@ -1,6 +0,0 @@\n"
                    + source.split(separator: "\n").map { "-\($0)\n" }.joined())
                == .fileRemoved)
        // Twin: the file is changed elsewhere and the old code still stands.
        let elsewhere = source + "int g(void)\n{\n\treturn 1;\n}\n"
        #expect(
            try settle(
                elsewhere,
                change: "--- a/arch/b/x.c\n+++ b/arch/b/x.c\n@@ -6,0 +7,4 @@\n+int g(void)\n+{\n+\treturn 1;\n+}\n")
                == nil)
        // Twin: a commit that does not touch the sibling file settles nothing, whatever the tree says.
        #expect(
            try settle(carried, change: diff([" {\n", "-\tint a;\n", "+\tlong a;\n"], at: 2, path: "arch/a/y.c")) == nil
        )
    }
}
