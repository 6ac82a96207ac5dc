import Testing
import TandemCore

@Suite("PatchApplier: whole patches over a tree")
struct PatchApplierTests {
    func plan(_ text: String, _ tree: MemoryTree, reverse: Bool = false) throws -> [PatchApplier.FilePlan] {
        try PatchApplier.plan(PatchParser.parse(Array(text.utf8)).patch, tree: tree, options: .init(reverse: reverse))
    }

    func changes(_ plans: [PatchApplier.FilePlan], _ mode: PatchApplier.WriteMode = .allOrNothing) -> [PatchApplier
        .TreeChange]
    {
        plans.flatMap { $0.changes(for: mode) }
    }

    let addDeleteRenameMode = """
        diff --git a/new.c b/new.c
        new file mode 100755
        --- /dev/null
        +++ b/new.c
        @@ -0,0 +1,2 @@
        +int a;
        +int b;
        diff --git a/gone.c b/gone.c
        deleted file mode 100644
        --- a/gone.c
        +++ /dev/null
        @@ -1 +0,0 @@
        -int gone;
        diff --git a/old.c b/renamed.c
        similarity index 80%
        rename from old.c
        rename to renamed.c
        --- a/old.c
        +++ b/renamed.c
        @@ -1,2 +1,2 @@
         keep
        -x
        +y
        diff --git a/run.sh b/run.sh
        old mode 100644
        new mode 100755

        """

    @Test func addDeleteRenameAndModeBecomeTreeChanges() throws {
        let tree = MemoryTree(["gone.c": "int gone;\n", "old.c": "keep\nx\n", "run.sh": "echo hi\n"])
        let plans = try plan(addDeleteRenameMode, tree)
        #expect(plans.map(\.result.action) == [.create, .delete, .rename, .mode])
        #expect(plans.allSatisfy { $0.result.problem == nil && $0.result.failedCount == 0 })
        #expect(
            changes(plans) == [
                .write(path: Array("new.c".utf8), bytes: Array("int a;\nint b;\n".utf8), mode: 0o755),
                .remove(path: Array("gone.c".utf8)),
                .write(path: Array("renamed.c".utf8), bytes: Array("keep\ny\n".utf8), mode: 0o644),
                .remove(path: Array("old.c".utf8)),
                .write(path: Array("run.sh".utf8), bytes: Array("echo hi\n".utf8), mode: 0o755),
            ])
    }

    @Test func reverseUndoesAnAddition() throws {
        let tree = MemoryTree(["new.c": "int a;\nint b;\n"])
        let text =
            "diff --git a/new.c b/new.c\nnew file mode 100755\n--- /dev/null\n+++ b/new.c\n@@ -0,0 +1,2 @@\n+int a;\n+int b;\n"
        let plans = try plan(text, tree, reverse: true)
        #expect(plans[0].result.action == .delete)
        #expect(changes(plans) == [.remove(path: Array("new.c".utf8))])
    }

    @Test func missingFileFailsEveryHunkAndWritesNothing() throws {
        let plans = try plan("--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n@@ -5 +5 @@\n-c\n+d\n", MemoryTree())
        #expect(plans[0].result.problem == .missingFile("can't find file to patch: x.c"))
        #expect(plans[0].result.hunks.map(\.outcome.label) == ["missing-file", "missing-file"])
        #expect(changes(plans, .reject).isEmpty)
    }

    @Test func creatingAnExistingFile() throws {
        let text = "--- /dev/null\n+++ b/n.c\n@@ -0,0 +1 @@\n+int n;\n"
        let same = try plan(text, MemoryTree(["n.c": "int n;\n"]))
        #expect(same[0].result.allAlreadyApplied)
        #expect(changes(same).isEmpty)
        let other = try plan(text, MemoryTree(["n.c": "other\n"]))
        #expect(other[0].result.problem == .alreadyExists("n.c already exists in the tree with other content"))
    }

    @Test func binaryPatchesAreReportedNotApplied() throws {
        let plans = try plan(
            "diff --git a/f.bin b/f.bin\nBinary files a/f.bin and b/f.bin differ\n", MemoryTree(["f.bin": "x"]))
        #expect(plans[0].result.problem == .binary())
        #expect(changes(plans, .reject).isEmpty)
    }

    @Test func rejectModeWritesAppliedHunksAndAReasonedRejectFile() throws {
        let tree = MemoryTree(["f.c": numbered(40).joined()])
        let text =
            "--- a/f.c\n+++ b/f.c\n@@ -2,3 +2,3 @@\n line 2\n-line 3\n+LINE 3\n line 4\n@@ -30,3 +30,3 @@\n line 30\n-nothere\n+x\n line 32\n"
        let plans = try plan(text, tree)
        #expect(plans[0].result.hunks.map(\.outcome.label) == ["applied", "context-not-found"])
        #expect(changes(plans, .allOrNothing).isEmpty)
        let rejectChanges = changes(plans, .reject)
        #expect(rejectChanges.count == 2)
        guard case .write(let path, let bytes, _) = rejectChanges[1] else { Issue.record("no reject"); return }
        #expect(path == Array("f.c.rej".utf8))
        #expect(
            displayText(bytes)
                == "--- a/f.c\n+++ b/f.c\n@@ -30,3 +30,3 @@ context not found\n line 30\n-nothere\n+x\n line 32\n")
        guard case .write(_, let applied, _) = rejectChanges[0] else { Issue.record("no file"); return }
        #expect(displayText(applied).contains("line 2\nLINE 3\nline 4\n"))
    }

    @Test func deletionThatLeavesLinesIsAProblem() throws {
        let plans = try plan("--- a/g.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n", MemoryTree(["g.c": "a\nb\n"]))
        #expect(plans[0].result.problem != nil)
        #expect(changes(plans, .reject).isEmpty)
    }
}
