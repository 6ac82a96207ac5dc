import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// The xen-history fixture repository, built once per run with fixtures/repos/build.sh.
let xenHistory = Fixtures.buildRepository("xen-history")

func git(_ arguments: String..., in directory: String = xenHistory) throws -> Run {
    try run("/usr/bin/git", ["-C", directory] + arguments)
}

@Suite("tandem diff and tandem log")
struct HistoryCommandTests {
    @Test(arguments: [
        ("v2.6.11", "v2.6.12"), ("v2.6.11", "v2.6.13-rc1"), ("v2.6.12^", "v2.6.12"), ("v2.6.13-rc1", "v2.6.11"),
    ])
    func diffBetweenRevisionsAppliesWithGitAndMatchesNumstat(old: String, new: String) throws {
        let ours = try tandem("diff", "\(xenHistory)@\(old)", "\(xenHistory)@\(new)")
        #expect(ours.status == 0, "\(ours.stderr)")
        let gitNumstat = try git("diff", "--numstat", "--no-renames", old, new)
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let patch = scratch.path + "/d.patch"
        try Data(ours.stdout).write(to: URL(fileURLWithPath: patch))
        let numstat = try tandem("stat", "--format", "numstat", patch)
        #expect(String(decoding: numstat.stdout, as: UTF8.self) == String(decoding: gitNumstat.stdout, as: UTF8.self))
        // git apply takes it on a checkout of OLD, and the result is NEW.
        let worktree = scratch.path + "/wt"
        #expect(try git("worktree", "add", "-q", "--detach", worktree, old).status == 0)
        defer { _ = try? git("worktree", "remove", "--force", worktree) }
        let applied = try run("/usr/bin/git", ["-C", worktree, "apply", "--index", patch])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try run("/usr/bin/git", ["-C", worktree, "diff", "--quiet", "--cached", new]).status == 0)
    }

    /// A symbolic link added and retargeted: the patch carries it as git does (mode 120000, target as
    /// content), and git apply rebuilds it.
    @Test func diffCarriesSymbolicLinks() throws {
        let repo = try RepositoryBuilder()
        defer { repo.cleanup() }
        try repo.write("a.c", "int a;\n")
        try repo.commit("one"); try repo.git("tag", "one")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "a.c")
        try repo.commit("two"); try repo.git("tag", "two")
        let ours = try tandem("diff", repo.path + "@one", repo.path + "@two")
        #expect(
            String(decoding: ours.stdout, as: UTF8.self)
                == "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+a.c\n\\ No newline at end of file\n"
        )
        let theirs = try run("/usr/bin/git", ["-C", repo.path, "diff", "one", "two"])
        let withoutIndex = String(decoding: theirs.stdout, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .filter { !$0.hasPrefix("index ") }.joined(separator: "\n")
        #expect(String(decoding: ours.stdout, as: UTF8.self) == withoutIndex)
    }

    /// A submodule (gitlink) added, moved to another commit, removed, and replaced by a file: written as git
    /// writes it (`index <old>..<new> 160000`, `Subproject commit <id>`), where it used to be dropped silently.
    /// git's output is compared whole, less the `index` lines of regular files (tandem writes none).
    @Test func diffWritesSubmodulesAsGitDoes() throws {
        let repo = try Scratch()
        defer { repo.cleanup() }
        try gitIn(repo.path, "init", "-q")
        try gitIn(repo.path, "commit", "-q", "--allow-empty", "-m", "zero")
        try repo.write("a.c", "int a;\n")
        try gitIn(
            repo.path, "update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,lib/sub"
        )
        try gitIn(repo.path, "add", "a.c")
        try gitIn(repo.path, "commit", "-q", "-m", "add a submodule")
        try gitIn(repo.path, "update-index", "--cacheinfo", "160000,2222222222222222222222222222222222222222,lib/sub")
        try gitIn(repo.path, "commit", "-q", "-m", "move it")
        try gitIn(repo.path, "rm", "-q", "--cached", "lib/sub")
        try repo.write("lib/sub", "a file now\n")
        try gitIn(repo.path, "add", "lib/sub")
        try gitIn(repo.path, "commit", "-q", "-m", "a file instead")
        func gitDiff(_ old: String, _ new: String) throws -> String {
            let text = String(
                decoding: try gitIn(repo.path, "-c", "core.abbrev=7", "diff", "--no-renames", old, new).stdout,
                as: UTF8.self)
            // Each file patch; regular files lose their index line.
            return text.components(separatedBy: "diff --git ").dropFirst().map { part in
                part.contains("160000")
                    ? part
                    : part.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("index ") }
                        .joined(separator: "\n")
            }.map { "diff --git " + $0 }.joined()
        }
        for (old, new) in [
            ("HEAD~3", "HEAD~2"), ("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD"), ("HEAD", "HEAD~1"), ("HEAD~1", "HEAD~3"),
        ] {
            let ours = try tandem("diff", repo.path + "@" + old, repo.path + "@" + new)
            #expect(ours.status == 0, "\(ours.stderr)")
            let text = String(decoding: ours.stdout, as: UTF8.self)
            #expect(text.contains("Subproject commit "), "\(old) \(new)")
            #expect(text == (try gitDiff(old, new)), "\(old) \(new)")
        }
        // tandem apply reads the gitlink back and reports it, never writes it.
        let patch = try tandem("diff", repo.path + "@HEAD~2", repo.path + "@HEAD~1").stdout
        let applied = try tandem("apply", "--check", "--format", "json", "-", stdin: patch, directory: repo.path)
        #expect(String(decoding: applied.stdout, as: UTF8.self).contains("\"submodule\""))
    }

    @Test func diffOutputEqualsGitDiffOnTheFixture() throws {
        let ours = try tandem(
            "diff", "-U", "1", "\(xenHistory)@v2.6.11", "\(xenHistory)@v2.6.12", "--", "arch/i386/kernel")
        let theirs = try git("diff", "--no-renames", "-U1", "v2.6.11", "v2.6.12", "--", "arch/i386/kernel")
        let withoutIndex = String(decoding: theirs.stdout, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .filter { !$0.hasPrefix("index ") }.joined(separator: "\n")
        #expect(String(decoding: ours.stdout, as: UTF8.self) == withoutIndex)
    }

    @Test func directoriesAndRevisionsMix() throws {
        let upstream = Fixtures.path + "/example-fork/upstream"
        let dirs = try tandem(
            "diff", upstream + "/linux-2.6.11", upstream + "/linux-2.6.12", "--", "arch/i386/mm", "include")
        let mixed = try tandem(
            "diff", "\(xenHistory)@v2.6.11", upstream + "/linux-2.6.12", "--", "arch/i386/mm", "include")
        #expect(dirs.status == 0 && mixed.status == 0)
        #expect(dirs.stdout == mixed.stdout)
        let names = PatchParser.parse(dirs.stdout).patch.files.map { displayText($0.displayName() ?? []) }
        #expect(
            names == [
                "arch/i386/mm/fault.c", "arch/i386/mm/init.c", "include/asm-i386/pgtable.h",
                "include/asm-i386/system.h",
            ])
    }

    @Test(arguments: [
        (["diff", "@v9.9", "@v2.6.12"], "unknown revision 'v9.9': not found in this repository"),
        (["diff", "/nonexistent@HEAD", "/tmp"], "not a git repository: '/nonexistent'"),
        (["diff", "/nonexistent/tree", "/tmp"], "cannot use '/nonexistent/tree': not a directory, and not REPO@REV"),
        (["log", "--repo", "/nonexistent"], "not a git repository: '/nonexistent'"),
        (["log", "v9.9..HEAD"], "unknown revision 'v9.9'"),
    ])
    func troubleIsExitTwoWithOneLine(arguments: [String], message: String) throws {
        let result = try run(tandemBinary, arguments, directory: xenHistory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func logListsCommitsAndPathsLikeGit() throws {
        let ours = try tandem("log", "--repo", xenHistory, "--paths", "v2.6.11..HEAD")
        #expect(ours.status == 0)
        let text = String(decoding: ours.stdout, as: UTF8.self)
        let ids = text.split(separator: "\n").filter { !$0.contains("\t") }.map { String($0.prefix(40)) }
        let expected = String(decoding: try git("rev-list", "--topo-order", "v2.6.11..HEAD").stdout, as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(ids == expected)
        let paths = text.split(separator: "\n").filter { $0.contains("\t") }.map(String.init)
        let raw = String(
            decoding: try git("log", "--topo-order", "--no-renames", "--name-status", "--format=", "v2.6.11..HEAD")
                .stdout, as: UTF8.self
        )
        .split(separator: "\n").map(String.init)
        #expect(paths == raw)
        // --read-blobs reads what git log --raw names on the new side.
        for firstParent in [false, true] {
            let flags = firstParent ? ["--first-parent"] : []
            let blobs = try run(tandemBinary, ["log", "--repo", xenHistory, "--read-blobs"] + flags)
            let raw = try run(
                "/usr/bin/git", ["-C", xenHistory, "log", "--no-renames", "--raw", "--no-abbrev", "--format="] + flags)
            let ids = String(decoding: raw.stdout, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: " ")
                guard fields.count >= 4, !fields[3].allSatisfy({ $0 == "0" }) else { return nil }
                return String(fields[3])
            }
            var bytes = 0
            for id in ids {
                bytes +=
                    Int(
                        String(decoding: try git("cat-file", "-s", id).stdout, as: UTF8.self).trimmingCharacters(
                            in: .whitespacesAndNewlines)) ?? -1
            }
            #expect(
                String(decoding: blobs.stdout, as: UTF8.self).hasSuffix("blobs: \(ids.count) bytes: \(bytes)\n"),
                "first-parent \(firstParent)")
        }
    }

    @Test func applyTakesABaseRevision() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(exampleFork + "/fork")
        let patch = tree.path + "/../" + UUID().uuidString + ".patch"
        try Data(try duplicatedRelease()).write(to: URL(fileURLWithPath: patch))
        defer { try? FileManager.default.removeItem(atPath: patch) }
        // A base repository laid out like the copies: arch/xen/i386 holds upstream's arch/i386 at 2.6.11.
        let base = try Scratch()
        defer { base.cleanup() }
        let upstream = exampleFork + "/upstream/linux-2.6.11"
        for (from, to) in [
            ("arch/i386", "arch/xen/i386"), ("arch/x86_64", "arch/xen/x86_64"),
            ("include/asm-i386", "include/asm-xen/asm-i386"),
        ] {
            try FileManager.default.createDirectory(atPath: base.path + "/" + to, withIntermediateDirectories: true)
            try FileManager.default.removeItem(atPath: base.path + "/" + to)
            try FileManager.default.copyItem(atPath: upstream + "/" + from, toPath: base.path + "/" + to)
        }
        try RepositoryBuilder(at: base.path).commit("base")
        let fromDirectory = try outcomes(
            try tandem("apply", "--check", "--format", "json", "--base", base.path, patch, directory: tree.path).stdout)
        let fromRevision = try outcomes(
            try tandem(
                "apply", "--check", "--format", "json", "--base", base.path + "@HEAD", patch, directory: tree.path
            ).stdout)
        #expect(fromDirectory == fromRevision)
        #expect(
            fromRevision["arch/xen/i386/kernel/setup.c"] == [
                "applied:offset", "applied:offset", "applied:change-blocks", "applied:matching",
            ])
    }
}
