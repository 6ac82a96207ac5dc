import Foundation
import Testing
import TandemCore
import TandemGit
import TandemTestSupport

/// `fixtures/repos/xen-history` built into a real repository once per test run.
enum XenHistory {
    static let path = Fixtures.buildRepository("xen-history")

    /// Runs git in the fixture repository and returns its output lines.
    static func git(_ arguments: String...) throws -> [String] { try git(arguments) }

    static func git(_ arguments: [String]) throws -> [String] {
        let result = try run("/usr/bin/git", ["-C", path] + arguments)
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

@Suite("History through libgit2")
struct HistoryTests {
    let repository: GitRepository

    init() throws { repository = try GitRepository(discoveringFrom: XenHistory.path + "/arch/i386") }

    @Test(arguments: ["HEAD", "main", "mm-topic", "v2.6.11", "v2.6.12", "v2.6.12^", "v2.6.12^^2", "HEAD~3"])
    func revisionsResolveLikeGit(revision: String) throws {
        let expected = try XenHistory.git("rev-parse", revision + "^{commit}")
        #expect(try repository.resolveCommit(revision).hex == expected.first)
    }

    @Test func abbreviatedIds() throws {
        let full = try repository.resolveCommit("v2.6.12")
        #expect(try repository.resolveCommit(String(full.hex.prefix(8))) == full)
    }

    @Test(arguments: [
        ("v2.6.11..v2.6.12", false, false), ("v2.6.11..v2.6.12", true, false), ("v2.6.11..HEAD", false, true),
        ("HEAD", false, false), ("mm-topic..main", true, true),
    ])
    func rangesAndWalksMatchRevList(range: String, firstParent: Bool, oldestFirst: Bool) throws {
        var arguments = ["rev-list", "--topo-order"]
        if firstParent { arguments.append("--first-parent") }
        if oldestFirst { arguments.append("--reverse") }
        let expected = try XenHistory.git(arguments + [range])
        let walked = try repository.commits(
            range, firstParent: firstParent, order: oldestFirst ? .oldestFirst : .newestFirst)
        #expect(walked.map(\.id.hex) == expected)
    }

    @Test func commitMetadata() throws {
        let merge = try repository.commit(try repository.resolveCommit("v2.6.12^"))
        #expect(merge.parents.count == 2)
        #expect(merge.summary == "Merge branch mm-topic")
        #expect(merge.authorName == "Tandem Fixture")
        #expect(merge.committerTime == 1_109_721_600 + 5 * 3600)
    }

    @Test func tagsByVersionAndTimeWithGlobs() throws {
        #expect(try repository.tags().map(\.name) == ["v2.6.11", "v2.6.12", "v2.6.13-rc1"])
        #expect(try repository.tags(matching: "v2.6.1[12]").map(\.name) == ["v2.6.11", "v2.6.12"])
        let byTime = try repository.tags(byTime: true)
        #expect(byTime.map(\.name) == ["v2.6.11", "v2.6.12", "v2.6.13-rc1"])
        #expect(byTime.map(\.annotated) == [true, false, true])
        #expect(byTime[1].commit == (try repository.resolveCommit("v2.6.12")))
        #expect(VersionOrder.precedes("v2.6.9", "v2.6.11"))
        #expect(VersionOrder.precedes("v2.6.12", "v2.6.12-rc1"))
        #expect(!VersionOrder.precedes("v2.6.11", "v2.6.11"))
    }

    @Test func changedPathsMatchDiffTree() throws {
        for commit in try repository.commits("HEAD") where commit.parents.count == 1 {
            let expected = try XenHistory.git(
                "diff-tree", "--no-renames", "-r", "--name-status", commit.parents[0].hex, commit.id.hex)
            let ours = try repository.changedPaths(from: commit.parents[0], to: commit.id)
                .map { "\($0.status.rawValue)\t\(String(decoding: $0.path, as: UTF8.self))" }
            #expect(ours == expected, "\(commit.summary)")
        }
        let root = try repository.commits("v2.6.11").last!
        #expect(try repository.changedPaths(from: nil, to: root.id).allSatisfy { $0.status == .added })
    }

    @Test func blobsAndTreeListings() throws {
        let tree = try GitTree(repository: repository, revision: "v2.6.13-rc1")
        let latin1 = try #require(try tree.file(at: Array("drivers/toy/latin1.c".utf8)))
        #expect(
            latin1.bytes == [0x69, 0x6E, 0x74, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x3B, 0x0D, 0x0A]
                + Array("int x;\r\n".utf8))
        #expect(try tree.file(at: Array("arch/i386/kernel/time.c".utf8)) == nil)
        let listed = try tree.paths(under: [Array("arch/i386".utf8)]).map { String(decoding: $0, as: UTF8.self) }
        #expect(listed == (try XenHistory.git("ls-tree", "-r", "--name-only", "v2.6.13-rc1", "--", "arch/i386")))
        let old = try GitTree(repository: repository, revision: "v2.6.11")
        let setup = Array("arch/i386/kernel/setup.c".utf8)
        #expect(try old.contentID(at: setup) != tree.contentID(at: setup))
        let original = try Fixtures.bytes("example-fork/upstream/linux-2.6.11/arch/i386/kernel/setup.c")
        #expect(try old.file(at: setup)?.bytes == original)
    }

    @Test func missingObjectsAreOneLineErrors() throws {
        let scratch = try Scratch("broken")
        defer { scratch.cleanup() }
        try scratch.copy(XenHistory.path)
        let copy = scratch.path
        let broken = try GitRepository(discoveringFrom: copy)
        let blob = try #require(
            try GitTree(repository: broken, revision: "v2.6.11").contentID(at: Array("mm/memory.c".utf8)))
        let object = copy + "/.git/objects/" + String(blob.hex.prefix(2)) + "/" + String(blob.hex.dropFirst(2))
        try FileManager.default.removeItem(atPath: object)
        let reopened = try GitRepository(discoveringFrom: copy)
        #expect(throws: GitError.self) { try reopened.blob(blob) }
        do {
            _ = try reopened.blob(blob)
        } catch {
            #expect(error.message == "missing object \(blob.hex): the repository is incomplete")
        }
    }
}
