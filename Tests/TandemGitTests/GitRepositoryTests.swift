import Foundation
import Testing
import TandemGit
import TandemCore
import TandemTestSupport

@Suite("GitRepository")
struct GitRepositoryTests {
    @Test func opensFromASubfolderResolvesRevisionsAndReadsBlobs() throws {
        let repo = try RepositoryBuilder()
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
        let repo = try RepositoryBuilder()
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
        let scratch = try Scratch("not-a-repo")
        defer { scratch.cleanup() }
        let outside = scratch.path
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
        let repo = try RepositoryBuilder()
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
