import Foundation
import Testing
import TandemTestSupport

/// Copies that the upstream patch changes itself (`PatchedCopies`): the kernel's `tools/` headers, which its
/// own release patches change beside their originals. Found on Linux 6.1.170 → 6.1.192 with `tools/arch/x86/`
/// mapped: the rewritten patch carried `cpufeatures.h`'s change twice (the duplicate and upstream's own file
/// patch) and `git apply` refused it; `--apply` wrote the duplicate and dropped upstream's change.
@Suite("tandem port: copies the patch changes itself")
struct PatchedCopyTests {
    static let header = (1...30).map { "#define FEATURE_\($0) \($0)\n" }.joined()
    /// The copy: the original with a line of its own on top.
    static let copy = "/* tools copy */\n" + header
    static let map = "forks:\n  - {upstream: inc/, fork: tools/inc/}\n"

    /// The original's patch: hunk 1 adds FEATURE_A after line 3, hunk 2 FEATURE_B after line 25.
    static let original = """
        --- a/inc/x.h
        +++ b/inc/x.h
        @@ -2,3 +2,4 @@
         #define FEATURE_2 2
         #define FEATURE_3 3
        +#define FEATURE_A 100
         #define FEATURE_4 4
        @@ -24,3 +25,4 @@
         #define FEATURE_24 24
         #define FEATURE_25 25
        +#define FEATURE_B 200
         #define FEATURE_26 26

        """

    /// Upstream's own change of the copy: FEATURE_A only (synced), not FEATURE_B.
    static let ownChange = """
        --- a/tools/inc/x.h
        +++ b/tools/inc/x.h
        @@ -3,3 +3,4 @@
         #define FEATURE_2 2
         #define FEATURE_3 3
        +#define FEATURE_A 100
         #define FEATURE_4 4

        """

    /// A fork tree holding the original and its copy, and the map.
    func fork() throws -> Scratch {
        let tree = try Scratch()
        try tree.write("inc/x.h", Self.header)
        try tree.write("tools/inc/x.h", Self.copy)
        try tree.write("tandem.yml", Self.map)
        return tree
    }

    /// `tandem port` of `patch` (written into `out` as up.patch) onto `tree`, with `-o out.patch` and
    /// `--report r.json` in `out`.
    func port(_ patch: String, onto tree: Scratch, out: Scratch) throws -> Run {
        try out.write("up.patch", patch)
        return try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "-o", out.path + "/out.patch", "--report",
            out.path + "/r.json")
    }

    func verdicts(_ path: String) throws -> [String] {
        try portEntries(path).map { "\($0["copyPath"] ?? "")#\($0["hunk"] ?? ""):\($0["verdict"] ?? "")" }
    }

    /// Hunk 1 is in upstream's own change of the copy: `already-applied`. Hunk 2 is not: upstream left it out
    /// of its copy, and it is `flagged` (it would apply), never written. The rewritten patch carries
    /// upstream's own file patch once and applies with git apply and GNU patch; `--apply` leaves the tree
    /// git apply leaves. Whichever file patch comes first, from a file or from standard input, the same.
    @Test(arguments: [false, true])
    func upstreamsOwnChangeOfACopyIsCarriedOnce(copyFirst: Bool) throws {
        let patch = copyFirst ? Self.ownChange + Self.original : Self.original + Self.ownChange
        let tree = try fork(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        let result = try port(patch, onto: tree, out: out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try verdicts(out.path + "/r.json") == ["tools/inc/x.h#1:already-applied", "tools/inc/x.h#2:flagged"])
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(
            text.contains(
                "hunk 2: flagged: the patch changes this copy itself and leaves this hunk out of it (the hunk would apply there)"
            ))
        let written = String(decoding: readBytes(out.path + "/out.patch"), as: UTF8.self)
        #expect(written == patch, "upstream's patch goes out as it is, with no duplicate")
        for tool in [
            ["/usr/bin/git", "apply", "--check"], ["/usr/bin/patch", "-p1", "--dry-run", "--batch", "-s", "-i"],
        ] {
            let check = try run(tool[0], Array(tool.dropFirst()) + [out.path + "/out.patch"], directory: tree.path)
            #expect(check.status == 0, "\(tool[0]): \(check.stderr)\(String(decoding: check.stdout, as: UTF8.self))")
        }
        // From standard input: the same verdicts and the same patch.
        let piped = try tandem(
            "port", "-", "--fork", tree.path, "--report", out.path + "/p.json", stdin: Array(patch.utf8))
        #expect(try verdicts(out.path + "/p.json") == ["tools/inc/x.h#1:already-applied", "tools/inc/x.h#2:flagged"])
        #expect(String(decoding: piped.stdout, as: UTF8.self) == patch)
        // --apply writes upstream's change of the copy, and FEATURE_B nowhere in it.
        let applied = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let copy = tree.read("tools/inc/x.h") ?? ""
        #expect(copy.components(separatedBy: "FEATURE_A").count == 2)
        #expect(!copy.contains("FEATURE_B"))
        #expect(tree.read("inc/x.h")?.contains("FEATURE_B 200") == true)
    }

    /// The twin: with no file patch of its own for the copy, both hunks are ported onto it as before.
    @Test func aCopyThePatchLeavesAloneGetsTheDuplicates() throws {
        let tree = try fork(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        try out.write("up.patch", Self.original)
        let result = try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "--apply", "--report", out.path + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try verdicts(out.path + "/r.json") == ["tools/inc/x.h#1:ported", "tools/inc/x.h#2:ported"])
        #expect(tree.read("tools/inc/x.h")?.contains("FEATURE_B 200") == true)
    }

    /// A copy the patch deletes: its hunks are `flagged` as ones that would not apply, and the rewritten
    /// patch deletes the copy and writes nothing after (git apply takes it).
    @Test func aCopyThePatchDeletesGetsNoHunk() throws {
        let tree = try fork(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        let deletion =
            "--- a/tools/inc/x.h\n+++ /dev/null\n@@ -1,31 +0,0 @@\n"
            + Self.copy.split(separator: "\n").map { "-\($0)\n" }.joined()
        let result = try port(Self.original + deletion, onto: tree, out: out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try verdicts(out.path + "/r.json") == ["tools/inc/x.h#1:flagged", "tools/inc/x.h#2:flagged"])
        #expect(String(decoding: result.stdout, as: UTF8.self).contains("(the hunk would not apply there)"))
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// A git patch that renames the copy (a pure rename: no `---`/`+++` lines) before it changes the original:
    /// a streamed port learns of the rename in its first pass (`rename from`), so no duplicate goes to the
    /// name the copy no longer has, and the rewritten patch applies. `--apply` reads every name: the same.
    @Test func aCopyThePatchRenamesGetsNoDuplicate() throws {
        let tree = try fork(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        let rename =
            "diff --git a/tools/inc/x.h b/tools/inc/y.h\nsimilarity index 100%\nrename from tools/inc/x.h\n"
            + "rename to tools/inc/y.h\n"
        let patch = rename + "diff --git a/inc/x.h b/inc/x.h\n" + Self.original
        let result = try port(patch, onto: tree, out: out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try verdicts(out.path + "/r.json") == ["tools/inc/x.h#1:flagged", "tools/inc/x.h#2:flagged"])
        #expect(String(decoding: readBytes(out.path + "/out.patch"), as: UTF8.self) == patch)
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
        let applied = try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "--apply", "--report", out.path + "/a.json")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try verdicts(out.path + "/a.json") == ["tools/inc/x.h#1:flagged", "tools/inc/x.h#2:flagged"])
        #expect(tree.read("tools/inc/y.h") == Self.copy)
        #expect(tree.read("tools/inc/x.h") == nil)
    }

    /// Commit by commit over history that changes a copy beside its original, and adds then removes a file
    /// the map does not pair: the rewritten series applies with git apply, and `--apply` neither writes a
    /// hunk twice nor fails on the file that came and went (it tried to remove a file that was never there).
    @Test func aRangeCarriesUpstreamsOwnChangesOfCopiesOnce() throws {
        let repo = try RepositoryBuilder()
        defer { repo.cleanup() }
        try repo.write("inc/x.h", Self.header)
        try repo.write("tools/inc/x.h", Self.copy)
        try repo.git("tag", "start", try repo.commit("start"))
        var synced = Self.header.replacing(
            "#define FEATURE_3 3\n", with: "#define FEATURE_3 3\n#define FEATURE_A 100\n")
        try repo.write("inc/x.h", synced)
        try repo.write("tools/inc/x.h", "/* tools copy */\n" + synced)
        try repo.write("gen/.gitignore", "*.o\n")
        try repo.commit("add FEATURE_A, in the copy too; ignore objects")
        synced = synced.replacing("#define FEATURE_25 25\n", with: "#define FEATURE_25 25\n#define FEATURE_B 200\n")
        try repo.write("inc/x.h", synced)
        try FileManager.default.removeItem(atPath: repo.path + "/gen/.gitignore")
        try repo.git("tag", "end", try repo.commit("add FEATURE_B; drop the ignore file"))

        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        try tree.write("inc/x.h", Self.header)
        try tree.write("tools/inc/x.h", Self.copy)
        try tree.write("tandem.yml", Self.map)
        let series = try tandem(
            "port", "--upstream", repo.path, "--range", "start..end", "--per-commit", "--fork", tree.path, "-o",
            out.path + "/out.patch", "--report", out.path + "/r.json")
        #expect(series.status == 0, "\(series.stderr)")
        #expect(try verdicts(out.path + "/r.json") == ["tools/inc/x.h#1:already-applied", "tools/inc/x.h#1:ported"])
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
        let applied = try tandem(
            "port", "--upstream", repo.path, "--range", "start..end", "--per-commit", "--fork", tree.path, "--apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let copy = tree.read("tools/inc/x.h") ?? ""
        #expect(copy.components(separatedBy: "FEATURE_A").count == 2)
        #expect(copy.contains("FEATURE_B 200"))
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/gen/.gitignore"))
    }
}

/// `sparse: true` on a mapping whose fork folder copies some files only (the kernel's `tools/arch/x86/` of
/// `arch/x86/`): an upstream change to a file the fork did not copy is no `missing-fork-file`, so a port whose
/// copies all take their hunks exits 0 and `--apply` writes them. Found on Linux 6.1.170 → 6.1.192: with
/// `tools/arch/x86/` mapped as a folder, 74 of 79 verdicts were `missing-fork-file` and `--apply` refused.
@Suite("tandem port: sparse mappings")
struct SparseMappingTests {
    @Test(arguments: [false, true])
    func aFileTheForkDidNotCopyIsNoConcernOfASparseMapping(sparse: Bool) throws {
        let tree = try Scratch(), out = try Scratch()
        defer { tree.cleanup(); out.cleanup() }
        try tree.write("arch/x86/a.h", "a1\na2\na3\n")
        try tree.write("arch/x86/b.h", "b1\nb2\nb3\n")
        try tree.write("tools/arch/x86/a.h", "/* tools */\na1\na2\na3\n")
        try tree.write(
            "tandem.yml",
            "forks:\n  - {upstream: arch/x86/, fork: tools/arch/x86/\(sparse ? ", sparse: true" : "")}\n")
        try out.write(
            "up.patch",
            "--- a/arch/x86/a.h\n+++ b/arch/x86/a.h\n@@ -1,3 +1,3 @@\n a1\n-a2\n+A2\n a3\n"
                + "--- a/arch/x86/b.h\n+++ b/arch/x86/b.h\n@@ -1,3 +1,3 @@\n b1\n-b2\n+B2\n b3\n")
        let result = try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "--apply", "--report", out.path + "/r.json")
        let verdicts = try portEntries(out.path + "/r.json").map { "\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")" }
        if sparse {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(verdicts == ["tools/arch/x86/a.h:ported"])
            #expect(tree.read("tools/arch/x86/a.h") == "/* tools */\na1\nA2\na3\n")
        } else {
            // The twin: a folder mapping names a copy of every original, and the missing one needs a person.
            #expect(result.status == 1)
            #expect(verdicts == ["tools/arch/x86/a.h:ported", "tools/arch/x86/b.h:missing-fork-file"])
            #expect(String(decoding: result.stdout, as: UTF8.self).contains("mark its mapping `sparse: true`"))
            #expect(tree.read("tools/arch/x86/a.h") == "/* tools */\na1\na2\na3\n")
        }
    }
}
