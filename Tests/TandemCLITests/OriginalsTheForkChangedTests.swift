import Foundation
import Testing
import TandemTestSupport

/// Upstream file patches for files the fork holds and has changed, carried in the rewritten patch. Found
/// porting the whole siblings history (2.6.12 → 2.6.17, 1,147 commits, `arch/i386/` mapped onto
/// `arch/x86_64/`) commit by commit: a commit that deleted an x86_64 file the earlier steps had changed
/// went out as it was and did not apply, and an x86_64 commit's own change, placed on the changed file
/// at an offset, went out numbered as upstream had it, where `tandem apply` found a fuzzy match at those
/// lines beside the exact one further on and refused it as ambiguous.
@Suite("tandem port: files the fork holds and changed")
struct OriginalsTheForkChangedTests {
    static let base = "l1\nl2\nl3\nl4\nc1\nc2\nc3\nold\nc4\nc5\nc6\nt\n"
    /// The patch's change of `lib/a.c`, the one original the map pairs (with `fork/a.c`).
    static let mapped = "--- a/lib/a.c\n+++ b/lib/a.c\n@@ -1 +1 @@\n-a\n+A\n"

    /// What a port of `patch` (followed by `mapped`) onto `tree` said and wrote.
    struct Ported {
        var run: Run
        var entries: [String]
        var written: String
    }

    /// Writes the mapped original, its copy and the map into `tree`, ports `patch` + `mapped` with `-o`, and
    /// checks that the rewritten patch applies there with git apply.
    func port(_ patch: String, onto tree: Scratch, out: Scratch) throws -> Ported {
        try tree.write("lib/a.c", "a\n")
        try tree.write("fork/a.c", "a\n")
        try tree.write("tandem.yml", "forks:\n  - {upstream: lib/a.c, fork: fork/a.c}\n")
        try out.write("up.patch", patch + Self.mapped)
        let result = try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "-o", out.path + "/out.patch", "--report",
            out.path + "/r.json")
        let entries = try portEntries(out.path + "/r.json").map { "\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")" }
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
        return Ported(
            run: result, entries: entries, written: String(decoding: readBytes(out.path + "/out.patch"), as: UTF8.self))
    }

    /// Upstream deletes `lib/x.c`. A fork whose `lib/x.c` is upstream's gets the deletion; one that
    /// changed it keeps it, with an `upstream-deleted` verdict on the file itself, and the rewritten patch
    /// leaves the deletion out (so it applies). GNU patch, likewise, keeps a file whose content differs.
    @Test(arguments: [false, true])
    func aFileTheForkChangedIsNotDeletedUnderIt(changed: Bool) throws {
        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        try tree.write("lib/x.c", changed ? Self.base + "fork\n" : Self.base)
        let removal =
            "--- a/lib/x.c\n+++ /dev/null\n@@ -1,12 +0,0 @@\n"
            + Self.base.split(separator: "\n").map { "-\($0)\n" }.joined()
        let ported = try port(removal, onto: tree, out: out)
        let (result, entries, written) = (ported.run, ported.entries, ported.written)
        if changed {
            #expect(result.status == 1)
            #expect(entries == ["lib/x.c:upstream-deleted", "fork/a.c:ported"])
            #expect(
                String(decoding: result.stdout, as: UTF8.self).contains(
                    "upstream-deleted: upstream removes this file, and the fork's text of it is not the one upstream removes: it is kept"
                ))
            #expect(!written.contains("lib/x.c"))
        } else {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(entries == ["fork/a.c:ported"])
            #expect(written.hasPrefix(removal))
            let applied = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--apply")
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(tree.read("lib/x.c") == nil)
        }
    }

    /// Upstream renames `lib/x.c` to `lib/w.c` and changes `old` on the way. Where the fork changed that line
    /// (or has `lib/w.c` already), the rename is left out, with `upstream-deleted` on the file, and the file
    /// keeps its name; where the change applies, at an offset (the fork added a line on top), the rename goes
    /// out numbered where it stands, and git apply and `tandem apply` take it.
    @Test(arguments: ["conflict", "taken", "offset"])
    func aRenameOfAFileTheForkChangedGoesOutOnlyWhereItApplies(fork: String) throws {
        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        let held =
            fork == "conflict"
            ? Self.base.replacing("old\n", with: "forked\n")
            : fork == "offset" ? "top\n" + Self.base : Self.base
        try tree.write("lib/x.c", held)
        if fork == "taken" { try tree.write("lib/w.c", "mine\n") }
        let rename =
            "diff --git a/lib/x.c b/lib/w.c\nsimilarity index 90%\nrename from lib/x.c\nrename to lib/w.c\n"
            + "--- a/lib/x.c\n+++ b/lib/w.c\n@@ -7,3 +7,3 @@\n c3\n-old\n+new\n c4\n"
        let ported = try port(rename, onto: tree, out: out)
        let (result, entries, written) = (ported.run, ported.entries, ported.written)
        if fork == "offset" {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(entries == ["fork/a.c:ported"])
            #expect(
                written.contains(
                    "rename from lib/x.c\nrename to lib/w.c\n--- a/lib/x.c\n+++ b/lib/w.c\n@@ -6,7 +6,7 @@"))
            let applied = try tandem("apply", out.path + "/out.patch", directory: tree.path)
            #expect(applied.status == 0, "\(String(decoding: applied.stdout, as: UTF8.self))")
            #expect(tree.read("lib/w.c") == held.replacing("old\n", with: "new\n"))
            #expect(tree.read("lib/x.c") == nil)
        } else {
            #expect(result.status == 1)
            #expect(entries == ["lib/x.c:upstream-deleted", "fork/a.c:ported"])
            #expect(
                String(decoding: result.stdout, as: UTF8.self).contains(
                    "upstream renames this file to lib/w.c, and the rename's changes do not apply to the fork's text of it, or the fork has lib/w.c already: it is kept under its name"
                ))
            #expect(!written.contains("rename from"))
        }
    }

    /// The fork's `lib/y.c` holds the code the hunk changes twice: a variant of it with other first and last
    /// lines where upstream's stood, and upstream's own further on. Placed exactly, the hunk lands on the
    /// second; the carried file patch is numbered there, so `tandem apply` (which would find the variant
    /// with fuzz at upstream's line numbers, and refuse the two as ambiguous), git apply and GNU patch all
    /// land it at the same place. An original placed at its own lines goes out byte for byte.
    @Test func anOriginalPlacedAtAnOffsetGoesOutNumberedWhereItStands() throws {
        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        let forked = "l1\nl2\nl3\nl4\nq\nc2\nc3\nold\nc4\nc5\nr\nc1\nc2\nc3\nold\nc4\nc5\nc6\nt\n"
        try tree.write("lib/y.c", forked)
        try tree.write("lib/z.c", Self.base)
        let hunk = "@@ -5,7 +5,7 @@\n c1\n c2\n c3\n-old\n+new\n c4\n c5\n c6\n"
        let ported = try port(
            "--- a/lib/y.c\n+++ b/lib/y.c\n" + hunk + "--- a/lib/z.c\n+++ b/lib/z.c\n" + hunk, onto: tree, out: out)
        #expect(ported.run.status == 0, "\(ported.run.stderr)")
        let written = ported.written
        #expect(written.contains("--- a/lib/y.c\n+++ b/lib/y.c\n@@ -12,7 +12,7 @@"), "\(written)")
        #expect(written.contains("--- a/lib/z.c\n+++ b/lib/z.c\n" + hunk), "placed at its own lines: as it was")
        let check = try tandem("apply", "--check", out.path + "/out.patch", directory: tree.path)
        #expect(check.status == 0, "\(String(decoding: check.stdout, as: UTF8.self))")
        let applied = try tandem("apply", out.path + "/out.patch", directory: tree.path)
        #expect(applied.status == 0)
        #expect(tree.read("lib/y.c") == forked.replacing("c3\nold\nc4\nc5\nc6", with: "c3\nnew\nc4\nc5\nc6"))
    }

    /// Upstream adds `lib/new.c`, which the fork already holds (not as a copy). With upstream's content: nothing
    /// to say or write. With other content: an add/add `fork-conflict` on the file (exit 1, `--apply` writes
    /// nothing), where the fork's file used to be kept without a word and upstream's left out (exit 0). Found
    /// replaying this repository's own history onto a fork holding its originals.
    @Test(arguments: [false, true])
    func anAddedFileTheForkAlreadyHasIsAConflictWhenItDiffers(differs: Bool) throws {
        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        try tree.write("lib/new.c", differs ? "int fork_new;\n" : "int new;\n")
        let ported = try port("--- /dev/null\n+++ b/lib/new.c\n@@ -0,0 +1 @@\n+int new;\n", onto: tree, out: out)
        #expect(!ported.written.contains("lib/new.c"))
        if differs {
            #expect(ported.run.status == 1)
            #expect(ported.entries == ["lib/new.c:fork-conflict", "fork/a.c:ported"])
            #expect(String(decoding: ported.run.stdout, as: UTF8.self).contains("(add/add)"))
            let applied = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--apply")
            #expect(applied.status == 1)
            #expect(tree.read("fork/a.c") == "a\n" && tree.read("lib/new.c") == "int fork_new;\n")
        } else {
            #expect(ported.run.status == 0, "\(ported.run.stderr)")
            #expect(ported.entries == ["fork/a.c:ported"])
        }
    }
}
