import Foundation
import Testing
import TandemGit
import TandemCore

/// Builds real repositories with the git CLI (test support only; the product never runs git), with fixed
/// author and committer dates so commit ids are stable.
struct FixtureRepository {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tandem-git-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path, "-c", "user.name=Tandem Test", "-c", "user.email=test@tandem.invalid",
                             "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging([
            "GIT_AUTHOR_DATE": "2005-06-17T19:48:29Z", "GIT_COMMITTER_DATE": "2005-06-17T19:48:29Z",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": path,
        ]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError("git \(arguments.joined(separator: " ")) failed")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }
}

@Suite("GitRepository")
struct GitRepositoryTests {
    @Test func opensFromASubfolderResolvesRevisionsAndReadsBlobs() throws {
        let repo = try FixtureRepository()
        defer { repo.cleanup() }
        let v1: [UInt8] = Array("int x;\r\n".utf8) + [0xE9]
        try repo.write("arch/i386/kernel/process.c", v1)
        try repo.commit("2.6.11")
        try repo.git("tag", "-a", "v2.6.11", "-m", "release")
        try repo.write("arch/i386/kernel/process.c", Array("int y;\n".utf8))
        try repo.commit("2.6.12")

        let repository = try GitRepository(discoveringFrom: repo.path + "/arch/i386")
        #expect(!repository.isBare)
        #expect(repository.workingDirectory?.hasSuffix("/") == true)
        let head = try repository.resolveCommit("HEAD")
        #expect(head.hex == (try repo.git("rev-parse", "HEAD")))
        let tagged = try repository.resolveCommit("v2.6.11")
        #expect(tagged.hex == (try repo.git("rev-parse", "v2.6.11^{commit}")))
        #expect(try repository.resolveCommit("HEAD^") == tagged)
        #expect(try repository.resolveCommit(String(head.hex.prefix(7))) == head)
        #expect(try repository.blob(at: "arch/i386/kernel/process.c", revision: "v2.6.11") == v1)
        #expect(try repository.blob(at: "arch/i386/kernel/process.c", revision: "main") == Array("int y;\n".utf8))
    }

    @Test func troubleIsOneLineWithTheReason() throws {
        let repo = try FixtureRepository()
        defer { repo.cleanup() }
        try repo.write("a.c", [0x61])
        try repo.commit("one")
        let repository = try GitRepository(discoveringFrom: repo.path)
        #expect(throws: GitError("unknown revision 'v9.9': not found in this repository", code: -3)) {
            try repository.resolveCommit("v9.9")
        }
        #expect(throws: GitError("no file 'missing.c' at 'HEAD'", code: -3)) {
            try repository.blob(at: "missing.c", revision: "HEAD")
        }
        let outside = NSTemporaryDirectory() + "tandem-not-a-repo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        #expect(throws: GitError.self) { try GitRepository(discoveringFrom: outside) }
        do {
            _ = try GitRepository(discoveringFrom: outside)
        } catch {
            #expect(error.message.hasPrefix("not a git repository: '\(outside)'"))
        }
    }

    @Test func libraryVersionIsTheInstalledOne() {
        #expect(GitRepository.libraryVersion.split(separator: ".").count == 3)
        #expect(!GitRepository.libraryVersion.hasPrefix("0."))
    }
}

@Suite("GitTree symbolic links")
struct GitTreeLinkTests {
    @Test func linksAreListedWithTheirTargetAndMode() throws {
        let repo = try FixtureRepository()
        defer { repo.cleanup() }
        try repo.write("a.c", Array("int a;\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "a.c")
        try repo.commit("one")
        let repository = try GitRepository(discoveringFrom: repo.path)
        let tree = try GitTree(repository: repository, revision: "HEAD")
        #expect(try tree.paths(under: []).map { String(decoding: $0, as: UTF8.self) } == ["a.c", "link"])
        #expect(try tree.file(at: Array("link".utf8)) == TreeFile(bytes: Array("a.c".utf8), mode: 0o120000))
    }
}
