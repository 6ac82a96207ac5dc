import Testing
import TandemCore

/// `PatchPath.goesIntoGitFolder`: every spelling git itself refuses as its own folder (issue #15), and the
/// names that only look like it.
@Suite("PatchPath: git's own folder")
struct GitFolderTests {
    static let refused = [
        ".git", ".git/config", ".git/hooks/pre-commit", ".GIT/config", ".Git/HEAD", "sub/.git/x", "a/b/.git",
        ".git. /config", ".git./x", ".git  /x", ".git . ./x", "git~1/config", "GIT~1/config", "git~1. /x",
        ".g\u{200C}it/config", "\u{FEFF}.git/x", ".git\u{200D}/x", ".\u{202E}GIT/x", ".git::$INDEX_ALLOCATION/x",
        ".git:stream", "a\\.git\\config", "ok\\.GIT",
    ]

    static let allowed = [
        ".gitignore", ".github/workflows/x.yml", "x.git/y", ".gitmodules", ".gitattributes", "git/x", "git~2/x",
        "git~10/x", ".git-blame-ignore-revs", "a.git", "..git/x", ".gi/t", ".g\u{200C}itx/y", "src/.gitkeep",
        "the.git.d/x", ".g\u{00EE}t/x",
    ]

    @Test(arguments: refused)
    func spellingsOfGitsFolderAreRecognised(path: String) {
        #expect(
            PatchPath.goesIntoGitFolder(Array(path.utf8)), "\(path.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: allowed)
    func lookalikesAreNot(path: String) {
        #expect(!PatchPath.goesIntoGitFolder(Array(path.utf8)))
    }

    /// One component at a time: a name is git's folder or not, whatever comes after it.
    @Test func componentsAreJudgedAlone() {
        #expect(PatchPath.isGitFolderName(Array(".GiT".utf8)[...]))
        #expect(PatchPath.isGitFolderName(Array("git~1 ".utf8)[...]))
        #expect(!PatchPath.isGitFolderName(Array(".git/x".utf8)[...]))
        #expect(!PatchPath.isGitFolderName(Array(".gitx".utf8)[...]))
        // Not UTF-8: no HFS+ folding, and not an NTFS spelling either.
        #expect(!PatchPath.isGitFolderName([0x2E, 0x67, 0xFF, 0x69, 0x74][...]))
    }
}
