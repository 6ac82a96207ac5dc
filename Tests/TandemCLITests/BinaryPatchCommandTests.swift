import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// `tandem apply` of `GIT binary patch` data made by git itself: literal and delta sections, creation,
/// deletion, rename with changes, a mode change, forward and `-R`; the tree must come out as git's commit and
/// as `git apply` leaves it. The refused twins: a file that is not the patch's old blob, a patch without a
/// full index, and `Binary files … differ` without data; in all of them nothing is written.
@Suite("tandem apply: GIT binary patch")
struct BinaryPatchCommandTests {
    /// Pseudo-random bytes with NULs (git sees a binary file), `count` long.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next() >> 56) }
    }

    /// A repository with two commits and the binary diff between them (`git diff --binary -M`).
    struct History {
        var repository: RepositoryBuilder
        var old: String
        var new: String
        var patch: [UInt8]
    }

    static func history() throws -> History {
        let repository = try RepositoryBuilder()
        var big = noise(20_000, seed: 1)
        try repository.write("big.bin", big)
        try repository.write("small.bin", noise(300, seed: 2))
        try repository.write("gone.bin", noise(500, seed: 3))
        try repository.write("moved.bin", noise(4_000, seed: 4))
        try repository.write("notes.txt", "one\ntwo\nthree\n")
        let old = try repository.commit("before")
        for index in stride(from: 1_000, to: 20_000, by: 4_000) { big[index] ^= 0xFF }
        try repository.write("big.bin", big)  // a few bytes: git writes a delta
        try repository.write("small.bin", noise(280, seed: 5))  // all new: a literal
        try repository.git("rm", "-q", "gone.bin")
        var moved = noise(4_000, seed: 4)
        moved[10] = 0
        try repository.git("mv", "moved.bin", "renamed.bin")
        try repository.write("renamed.bin", moved)
        try repository.write("made.bin", noise(100, seed: 6))
        try repository.write("notes.txt", "one\n2\nthree\n")
        try repository.git("update-index", "--chmod=+x", "small.bin")
        let new = try repository.commit("after")
        let diff = try repository.run(["diff", "--binary", "-M", old, new])
        return History(repository: repository, old: old, new: new, patch: diff.stdout)
    }

    /// The tree of `commit` in a fresh folder under `scratch`.
    static func checkout(_ history: History, _ commit: String, into folder: String, scratch: Scratch) throws -> String {
        let path = scratch.path + "/" + folder
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try run(
            "/bin/sh", ["-c", "git -C '\(history.repository.path)' archive \(commit) | tar -x -C '\(path)'"])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    /// Every file under `folder`: its blob id and whether it is executable (`+x`).
    static func snapshot(_ folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [] {
            let path = folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            out[name] =
                ObjectID.blob(of: readBytes(path)).hex
                + (FileManager.default.isExecutableFile(atPath: path) ? " +x" : "")
        }
        return out
    }

    @Test func appliesGitsBinaryPatchesForwardAndBack() throws {
        let history = try Self.history()
        let scratch = try Scratch("binary")
        defer {
            history.repository.cleanup()
            scratch.cleanup()
        }
        let text = String(decoding: history.patch, as: UTF8.self)
        // The patch holds both kinds of section, so both are exercised.
        #expect(text.contains("\ndelta ") && text.contains("\nliteral "))
        try Data(history.patch).write(to: URL(fileURLWithPath: scratch.path + "/p.patch"))
        let wanted = try Self.snapshot(try Self.checkout(history, history.new, into: "new", scratch: scratch))
        let before = try Self.snapshot(try Self.checkout(history, history.old, into: "old", scratch: scratch))

        let tree = try Self.checkout(history, history.old, into: "t", scratch: scratch)
        let applied = try tandem("apply", scratch.path + "/p.patch", directory: tree)
        #expect(applied.status == 0, "\(applied.stderr)\(String(decoding: applied.stdout, as: UTF8.self))")
        #expect(try Self.snapshot(tree) == wanted)
        // git apply on the same input leaves the same tree.
        let peer = try Self.checkout(history, history.old, into: "g", scratch: scratch)
        let git = try run("/usr/bin/git", ["apply", scratch.path + "/p.patch"], directory: peer)
        #expect(git.status == 0, "\(git.stderr)")
        #expect(try Self.snapshot(peer) == wanted)

        // A second run finds everything done and changes nothing.
        let again = try tandem("apply", scratch.path + "/p.patch", directory: tree)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.snapshot(tree) == wanted)

        // -R undoes it with the patch's reverse sections.
        let undone = try tandem("apply", "-R", scratch.path + "/p.patch", directory: tree)
        #expect(undone.status == 0, "\(undone.stderr)\(String(decoding: undone.stdout, as: UTF8.self))")
        #expect(try Self.snapshot(tree) == before)
    }

    /// The refused twin: one byte of the binary file differs from the blob the patch names; nothing is written,
    /// not even the text file's hunk, and the message says why.
    @Test func refusesABinaryFileThatIsNotThePatchsOldBlob() throws {
        let history = try Self.history()
        let scratch = try Scratch("binary")
        defer {
            history.repository.cleanup()
            scratch.cleanup()
        }
        try Data(history.patch).write(to: URL(fileURLWithPath: scratch.path + "/p.patch"))
        let tree = try Self.checkout(history, history.old, into: "t", scratch: scratch)
        var big = readBytes(tree + "/big.bin")
        big[5] ^= 1
        try Data(big).write(to: URL(fileURLWithPath: tree + "/big.bin"))
        let before = try Self.snapshot(tree)
        let result = try tandem("apply", scratch.path + "/p.patch", directory: tree)
        let output = String(decoding: result.stdout, as: UTF8.self) + result.stderr
        #expect(result.status == 1)
        #expect(
            output.contains("big.bin") && output.contains("not the one the binary patch was made against"), "\(output)")
        #expect(try Self.snapshot(tree) == before)
        #expect(result.stderr.contains("nothing written: 1 file patch did not apply"), "\(result.stderr)")
        // With --reject the other files are written and big.bin stays as it was.
        let partial = try tandem("apply", "--reject", scratch.path + "/p.patch", directory: tree)
        #expect(partial.status == 1)
        do {
            let equal = same(readBytes(tree + "/big.bin"), big)
            #expect(equal)
        }
        do {
            let equal = same(readBytes(tree + "/made.bin"), Self.noise(100, seed: 6))
            #expect(equal)
        }
    }

    /// The refused twins without data to check: `Binary files … differ`, and an abbreviated index line.
    @Test func refusesBinaryPatchesItCannotCheck() throws {
        let history = try Self.history()
        let scratch = try Scratch("binary")
        defer {
            history.repository.cleanup()
            scratch.cleanup()
        }
        let notice = try history.repository.run(["diff", history.old, history.new, "--", "small.bin"]).stdout
        #expect(String(decoding: notice, as: UTF8.self).contains("Binary files a/small.bin and b/small.bin differ"))
        var abbreviated = String(decoding: history.patch, as: UTF8.self)
        for line in abbreviated.split(separator: "\n") where line.hasPrefix("index ") && line.contains("..") {
            let ids = line.dropFirst(6).split(separator: " ")[0].split(separator: ".", omittingEmptySubsequences: true)
            abbreviated = abbreviated.replacingOccurrences(
                of: String(line), with: "index \(ids[0].prefix(7))..\(ids[1].prefix(7))")
        }
        for (name, patch, why) in [
            ("notice", notice, "binary patch: not applied"),
            ("abbreviated", Array(abbreviated.utf8), "without a full index line"),
        ] {
            try Data(patch).write(to: URL(fileURLWithPath: scratch.path + "/\(name).patch"))
            let tree = try Self.checkout(history, history.old, into: name, scratch: scratch)
            let before = try Self.snapshot(tree)
            let result = try tandem("apply", scratch.path + "/\(name).patch", directory: tree)
            let output = String(decoding: result.stdout, as: UTF8.self) + result.stderr
            #expect(result.status == 1, "\(name)")
            #expect(output.contains(why), "\(name): \(output)")
            #expect(try Self.snapshot(tree) == before, "\(name)")
        }
    }
}

/// Equal bytes (the result is what `#expect` sees, so a failure does not print kilobytes of them).
func same(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b }

/// `tandem port` of a binary file patch onto a copy (`Porter+Binary`): carried when the copy is the patch's
/// old blob; the refused twin, a copy the fork changed, stays `binary` and is never written.
@Suite("tandem port: GIT binary patch")
struct BinaryPortTests {
    @Test func aBinaryPatchIsCarriedOntoACopyThatIsItsOldBlobOnly() throws {
        let repository = try RepositoryBuilder()
        let tree = try Scratch("binary-fork"), out = try Scratch("binary-out")
        defer {
            repository.cleanup()
            tree.cleanup()
            out.cleanup()
        }
        var logo = BinaryPatchCommandTests.noise(6_000, seed: 7)
        try repository.write("fw/logo.bin", logo)
        try repository.write("fw/table.bin", BinaryPatchCommandTests.noise(800, seed: 8))
        let old = try repository.commit("before")
        logo[100] ^= 0xFF
        try repository.write("fw/logo.bin", logo)
        try repository.write("fw/table.bin", BinaryPatchCommandTests.noise(900, seed: 9))
        let new = try repository.commit("after")
        try Data(try repository.run(["diff", "--binary", old, new]).stdout)
            .write(to: URL(fileURLWithPath: out.path + "/up.patch"))
        // The fork: logo.bin copied as it was; table.bin copied and changed by the fork.
        try tree.write("vendor/fw/logo.bin", bytes: BinaryPatchCommandTests.noise(6_000, seed: 7))
        var table = BinaryPatchCommandTests.noise(800, seed: 8)
        table[0] ^= 1
        try tree.write("vendor/fw/table.bin", bytes: table)
        try tree.write("tandem.yml", "forks:\n  - {upstream: fw/, fork: vendor/fw/, sparse: true}\n")

        let result = try tandem(
            "port", out.path + "/up.patch", "--fork", tree.path, "-o", out.path + "/out.patch", "--report",
            out.path + "/r.json")
        #expect(result.status == 1, "\(result.stderr)")  // table.bin needs a person
        let verdicts = try portEntries(out.path + "/r.json").map {
            "\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")"
        }
        #expect(verdicts == ["vendor/fw/logo.bin:ported", "vendor/fw/table.bin:binary"])
        let rewritten = String(decoding: readBytes(out.path + "/out.patch"), as: UTF8.self)
        #expect(rewritten.contains("diff --git a/vendor/fw/logo.bin b/vendor/fw/logo.bin"))
        #expect(!rewritten.contains("table.bin"))
        // The rewritten patch applies to the fork with git apply, and makes upstream's new logo.
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
        // --apply is all or nothing: table.bin needs a person, so nothing is written; --merge writes the logo.
        let refused = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--apply")
        #expect(refused.status == 1, "\(refused.stderr)")
        do {
            let equal = same(
                readBytes(tree.path + "/vendor/fw/logo.bin"), BinaryPatchCommandTests.noise(6_000, seed: 7))
            #expect(equal)
        }
        let applied = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--apply", "--merge")
        #expect(applied.status == 1, "\(applied.stderr)")
        do {
            let equal = same(readBytes(tree.path + "/vendor/fw/logo.bin"), logo)
            #expect(equal)
        }
        do {
            let equal = same(readBytes(tree.path + "/vendor/fw/table.bin"), table)
            #expect(equal)
        }
        // Run again: the logo is already there.
        _ = try tandem("port", out.path + "/up.patch", "--fork", tree.path, "--report", out.path + "/r2.json")
        #expect(try portEntries(out.path + "/r2.json").first?["verdict"] as? String == "already-applied")
    }
}

/// Binary files in the patches tandem writes from trees: `tandem diff --binary`, and the range patches of
/// `tandem port --upstream`, which carry the fork's originals. Found replaying this repository's own history
/// onto a fork holding the originals: a range that added binary fixtures went out as `Binary files … differ`,
/// and `--apply` exited 0 without creating them.
@Suite("Binary files in the patches tandem writes")
struct BinaryDiffTests {
    @Test func diffWithBinaryWritesDataThatGitAndTandemApply() throws {
        let trees = try Scratch("binary-diff")
        defer { trees.cleanup() }
        try trees.write("old/fw.bin", bytes: BinaryPatchCommandTests.noise(3_000, seed: 11))
        try trees.write("old/gone.bin", bytes: BinaryPatchCommandTests.noise(70_000, seed: 12))
        try trees.write("old/notes.txt", "a\nb\n")
        try trees.write("new/fw.bin", bytes: BinaryPatchCommandTests.noise(3_100, seed: 13))
        try trees.write("new/made.bin", bytes: [0, 1, 2])
        try trees.write("new/notes.txt", "a\nc\n")
        let diff = try tandem("diff", "--binary", trees.path + "/old", trees.path + "/new")
        #expect(diff.status == 0, "\(diff.stderr)")
        let text = String(decoding: diff.stdout, as: UTF8.self)
        #expect(text.contains("GIT binary patch") && !text.contains("Binary files"))
        try Data(diff.stdout).write(to: URL(fileURLWithPath: trees.path + "/d.patch"))
        let wanted = try BinaryPatchCommandTests.snapshot(trees.path + "/new")
        for tool in ["tandem", "git"] {
            try trees.copy(trees.path + "/old", to: tool)
            let applied =
                tool == "git"
                ? try run("/usr/bin/git", ["apply", trees.path + "/d.patch"], directory: trees.path + "/git")
                : try tandem("apply", trees.path + "/d.patch", directory: trees.path + "/tandem")
            #expect(applied.status == 0, "\(tool): \(applied.stderr)")
            #expect(try BinaryPatchCommandTests.snapshot(trees.path + "/" + tool) == wanted, "\(tool)")
        }
        // The twin: without --binary, git's notice without data, as before.
        let plain = try tandem("diff", trees.path + "/old", trees.path + "/new")
        #expect(String(decoding: plain.stdout, as: UTF8.self).contains("Binary files "))
        #expect(!String(decoding: plain.stdout, as: UTF8.self).contains("GIT binary patch"))
    }

    @Test func portCarriesBinaryOriginalsOfARangeAndFlagsOnesTheForkChanged() throws {
        let repository = try RepositoryBuilder()
        let fork = try Scratch("binary-fork"), out = try Scratch("binary-out")
        defer {
            repository.cleanup()
            fork.cleanup()
            out.cleanup()
        }
        try repository.write("src/a.c", "int a;\n")
        try repository.write("fw/old.bin", BinaryPatchCommandTests.noise(500, seed: 21))
        let old = try repository.commit("before")
        try repository.write("src/a.c", "int a = 1;\n")
        try repository.write("fw/new.bin", BinaryPatchCommandTests.noise(400, seed: 22))
        try repository.write("fw/old.bin", BinaryPatchCommandTests.noise(520, seed: 23))
        let new = try repository.commit("after")
        // The fork holds the originals at `old`, and a copy of src/.
        try fork.write("src/a.c", "int a;\n")
        try fork.write("xen/src/a.c", "int a;\n")
        try fork.write("fw/old.bin", bytes: BinaryPatchCommandTests.noise(500, seed: 21))
        try fork.write("tandem.yml", "forks:\n  - {upstream: src/, fork: xen/src/}\n")
        let range = "\(old)..\(new)"
        let result = try tandem(
            "port", "--upstream", repository.path, "--range", range, "--fork", fork.path, "-o",
            out.path + "/out.patch", "--report", out.path + "/r.json")
        #expect(result.status == 0, "\(result.stderr)")
        let rewritten = String(decoding: readBytes(out.path + "/out.patch"), as: UTF8.self)
        #expect(rewritten.contains("diff --git a/fw/new.bin b/fw/new.bin") && rewritten.contains("GIT binary patch"))
        let check = try run("/usr/bin/git", ["apply", "--check", out.path + "/out.patch"], directory: fork.path)
        #expect(check.status == 0, "\(check.stderr)")
        let applied = try tandem(
            "port", "--upstream", repository.path, "--range", range, "--fork", fork.path, "--apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        do {
            let created = same(readBytes(fork.path + "/fw/new.bin"), BinaryPatchCommandTests.noise(400, seed: 22))
            let changed = same(readBytes(fork.path + "/fw/old.bin"), BinaryPatchCommandTests.noise(520, seed: 23))
            #expect(created && changed)
        }
        #expect(fork.read("xen/src/a.c") == "int a = 1;\n")

        // The refused twin: a fork whose own fw/old.bin differs gets a binary verdict for it, and --apply
        // writes nothing at all.
        let other = try Scratch("binary-fork2")
        defer { other.cleanup() }
        try other.write("src/a.c", "int a;\n")
        try other.write("xen/src/a.c", "int a;\n")
        try other.write("fw/old.bin", bytes: BinaryPatchCommandTests.noise(501, seed: 24))
        try other.write("tandem.yml", "forks:\n  - {upstream: src/, fork: xen/src/}\n")
        let flagged = try tandem(
            "port", "--upstream", repository.path, "--range", range, "--fork", other.path, "--report",
            out.path + "/r2.json")
        #expect(flagged.status == 1)
        let verdicts = try portEntries(out.path + "/r2.json").map { "\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")" }
        #expect(verdicts.contains("fw/old.bin:binary"), "\(verdicts)")
        let refused = try tandem(
            "port", "--upstream", repository.path, "--range", range, "--fork", other.path, "--apply")
        #expect(refused.status == 1)
        #expect(other.read("xen/src/a.c") == "int a;\n")
        #expect(!FileManager.default.fileExists(atPath: other.path + "/fw/new.bin"))
    }

    /// A binary notice without data, for an original the fork holds: a `binary` verdict (exit 1), where the
    /// file patch used to go out as it was, and `--apply` to skip it in silence.
    @Test func aBinaryNoticeOnAnOriginalIsAVerdict() throws {
        let fork = try Scratch("binary-notice"), out = try Scratch("binary-notice-out")
        defer {
            fork.cleanup()
            out.cleanup()
        }
        try fork.write("fw/x.bin", bytes: [0, 1])
        try fork.write("src/a.c", "int a;\n")
        try fork.write("xen/src/a.c", "int a;\n")
        try fork.write("tandem.yml", "forks:\n  - {upstream: src/, fork: xen/src/}\n")
        try out.write(
            "up.patch",
            "diff --git a/fw/x.bin b/fw/x.bin\nBinary files a/fw/x.bin and b/fw/x.bin differ\n"
                + "--- a/src/a.c\n+++ b/src/a.c\n@@ -1 +1 @@\n-int a;\n+int a = 1;\n")
        let result = try tandem(
            "port", out.path + "/up.patch", "--fork", fork.path, "--report", out.path + "/r.json", "-o",
            out.path + "/out.patch")
        #expect(result.status == 1)
        let verdicts = try portEntries(out.path + "/r.json").map { "\($0["copyPath"] ?? ""):\($0["verdict"] ?? "")" }
        #expect(verdicts == ["fw/x.bin:binary", "xen/src/a.c:ported"])
    }
}
