import Foundation
import Testing
import TandemTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A tree and a real `git diff -M` patch of it, made with the git CLI: edits, deletions (three of them
/// emptying a folder), pure renames, renames with edits (of executable scripts too, some also dropping the
/// mode), mode changes (some with an edit), new files (some executable, some in new folders), symbolic
/// links created, retargeted, renamed and deleted, and type changes (files that become links, links that
/// become files). `expected` is what `git apply` makes of `original`.
struct GitPatchScenario {
    let scratch: Scratch
    var original: String { scratch.path + "/original" }
    var expected: String { scratch.path + "/expected" }
    var patch: String { scratch.path + "/p.patch" }

    static func path(_ i: Int) -> String { "src/d\(i % 16)/f\(i).c" }
    static func text(_ i: Int) -> String { (1...20).map { "file \(i) line \($0)\n" }.joined() }
    static func edited(_ i: Int, line: Int) -> String {
        text(i).replacing("file \(i) line \(line)\n", with: "file \(i) line \(line), edited\n")
    }

    init(files count: Int) throws {
        scratch = try Scratch()
        let repo = scratch.path + "/repo"
        for i in 0..<count { try put(original + "/" + Self.path(i), Self.text(i), mode: i % 8 == 5 ? 0o755 : 0o644) }
        for k in 0..<3 { try put(original + "/gone/g\(k).c", "gone \(k)\n") }
        let links = max(count / 24, 4)
        try FileManager.default.createDirectory(atPath: original + "/links", withIntermediateDirectories: true)
        for j in 0..<links { #expect(symlink("../" + Self.path(j), original + "/links/l\(j)") == 0) }
        #expect(symlink("../src", original + "/links/tree") == 0)
        try copyTree(original, to: repo)
        try gitIn(repo, "init", "-q")
        try gitIn(repo, "add", "-A")
        try gitIn(repo, "commit", "-q", "-m", "original")

        func at(_ relative: String) -> String { repo + "/" + relative }
        for i in 0..<count {
            let path = Self.path(i)
            switch i % 8 {
            case 0: try put(at(path), Self.edited(i, line: 10))
            case 1: #expect(unlink(at(path)) == 0)
            case 2: try move(at(path), to: at("moved/" + path))
            case 3:
                try put(at(path), Self.edited(i, line: 3))
                try move(at(path), to: at("renamed/f\(i).c"))
            case 4:
                if i % 16 == 12 { try put(at(path), Self.edited(i, line: 15)) }
                #expect(chmod(at(path), 0o755) == 0)
            case 5:
                try put(at(path), Self.edited(i, line: 7))
                if i % 16 == 13 { #expect(chmod(at(path), 0o644) == 0) }
                try move(at(path), to: at("scripts/f\(i).sh"))
            case 6:
                // A file that becomes a link (git writes a deletion and a creation).
                if i % 32 == 6 {
                    #expect(unlink(at(path)) == 0 && symlink("../d\((i + 1) % 16)/f\(i + 1).c", at(path)) == 0)
                }
            default: try put(at("src/d\(i % 16)/new-f\(i).c"), "new \(i)\n", mode: i % 16 == 15 ? 0o755 : 0o644)
            }
        }
        try FileManager.default.removeItem(atPath: at("gone"))
        for j in 0..<links {
            let link = at("links/l\(j)")
            switch j % 4 {
            case 0:
                #expect(unlink(link) == 0 && symlink("../" + Self.path(j + 6), link) == 0)
            case 1: #expect(unlink(link) == 0)
            case 2: try move(link, to: at("links/renamed-l\(j)"))
            default:
                // A link that becomes a file.
                if j % 8 == 3 {
                    #expect(unlink(link) == 0)
                    try put(link, "was a link \(j)\n")
                }
            }
        }
        try FileManager.default.createDirectory(atPath: at("links/new"), withIntermediateDirectories: true)
        for j in 0..<(links / 2) { #expect(symlink("../../src/d\(j % 16)", at("links/new/n\(j)")) == 0) }
        #expect(unlink(at("links/tree")) == 0 && symlink("../moved/src", at("links/tree")) == 0)
        try gitIn(repo, "add", "-A")
        let diff = try gitIn(repo, "diff", "--cached", "-M", "-l100000", "--no-color", "--no-ext-diff")
        try Data(diff.stdout).write(to: URL(fileURLWithPath: patch))
        try copyTree(original, to: expected)
        try gitIn(expected, "apply", patch)
        #expect(
            gitView(expected) == gitView(repo).filter { !$0.key.hasPrefix(".git") },
            "git apply does not give the repository's tree")
    }

    func cleanup() { scratch.cleanup() }

    /// Writes `text` at `path`, making its folders, and sets `mode` when given.
    private func put(_ path: String, _ text: String, mode: mode_t? = nil) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if let mode { #expect(chmod(path, mode) == 0) }
    }

    /// Renames `from` to `to`, making the folders `to` needs.
    private func move(_ from: String, to: String) throws {
        try FileManager.default.createDirectory(
            atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(rename(from, to) == 0)
    }
}

/// Issue #15 with real git patches: links as `git apply` makes them, and reruns — after a complete run or a
/// SIGKILL at any moment — that finish the job.
@Suite("Write safety: git-made patches, reruns and kills")
struct WriteSafetyGitTests {
    /// Links created, retargeted, renamed and deleted (and everything else a git patch does) give the tree
    /// `git apply` gives: same files, contents, executable bits and link targets.
    @Test func aGitPatchWithLinksGivesWhatGitApplyGives() throws {
        let scenario = try GitPatchScenario(files: 96)
        defer { scenario.cleanup() }
        let tree = scenario.scratch.path + "/tree"
        try copyTree(scenario.original, to: tree)
        let result = try tandem("apply", scenario.patch, directory: tree)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(gitView(tree) == gitView(scenario.expected), "\(difference(gitView(tree), gitView(scenario.expected)))")
        #expect(linkTarget(tree + "/links/l0") == "../" + GitPatchScenario.path(6))
        #expect(linkTarget(tree + "/links/tree") == "../moved/src")
    }

    /// Running the same patch again on the tree it just patched: exit 0, every file patch recognised as done,
    /// and the tree still what `git apply` gives.
    @Test func aRerunOfACompletedRunFinishes() throws {
        let scenario = try GitPatchScenario(files: 96)
        defer { scenario.cleanup() }
        let tree = scenario.scratch.path + "/tree"
        try copyTree(scenario.original, to: tree)
        let first = try tandem("apply", scenario.patch, directory: tree)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try tandem("apply", scenario.patch, directory: tree)
        #expect(again.status == 0, "\(again.stderr)\n\(String(decoding: again.stdout, as: UTF8.self).prefix(2000))")
        #expect(gitView(tree) == gitView(scenario.expected), "\(difference(gitView(tree), gitView(scenario.expected)))")
    }

    /// `tandem apply` of a 2,400-file git patch killed (SIGKILL) at moments spread over the run: every rerun
    /// exits 0, gives `git apply`'s tree, and leaves no temporary file.
    @Test func rerunsAfterKillsFinish() throws {
        let scenario = try GitPatchScenario(files: 2400)
        defer { scenario.cleanup() }
        let tree = scenario.scratch.path + "/tree"
        let originalView = gitView(scenario.original), expectedView = gitView(scenario.expected)
        try copyTree(scenario.original, to: tree)
        let start = Date()
        let first = try tandem("apply", scenario.patch, directory: tree)
        let whole = Date().timeIntervalSince(start)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(gitView(tree) == expectedView)
        var partial = 0, low = 0.0, high = whole
        func attempt(_ delay: Double) throws {
            try copyTree(scenario.original, to: tree)
            try killed(["apply", scenario.patch], in: tree, after: delay)
            let view = gitView(tree)
            if view == originalView {
                low = max(low, delay)
            } else if view == expectedView {
                high = min(high, delay)
            } else {
                partial += 1
            }
            let rerun = try tandem("apply", scenario.patch, directory: tree)
            #expect(
                rerun.status == 0,
                "rerun after a kill at \(delay) s: \(rerun.stderr)\n\(String(decoding: rerun.stdout, as: UTF8.self).suffix(2000))"
            )
            let after = gitView(tree)
            #expect(after == expectedView, "after a kill at \(delay) s: \(difference(after, expectedView))")
            #expect(temporaryLeftovers(tree).isEmpty, "\(temporaryLeftovers(tree))")
        }
        for step in 1...6 { try attempt(whole * Double(step) / 7) }
        for _ in 0..<6 where partial < 2 && high - low > 0.01 { try attempt((low + high) / 2) }
        #expect(partial > 0, "no kill landed while files were being written (whole run \(whole) s)")
    }

    /// The first few paths where two views differ, for messages.
    func difference(_ a: [String: String], _ b: [String: String]) -> String {
        let keys = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        return "\(keys.count) differ: "
            + keys.prefix(5).map { "\($0): \(a[$0]?.prefix(40) ?? "missing") vs \(b[$0]?.prefix(40) ?? "missing")" }
            .joined(separator: "; ")
    }
}
