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
