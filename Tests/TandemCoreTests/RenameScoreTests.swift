import Testing
@testable import TandemCore

/// `RenameScore` gives git's `similarity index` (values from `git diff -M1%` on the same pairs).
@Suite("RenameScore: git's rename similarity")
struct RenameScoreTests {
    let lines = (0..<40).map { "line number \($0) of the file\n" }.joined()

    @Test func scoresLikeGit() {
        let edited =
            lines.replacingOccurrences(of: "line number 7 of", with: "LINE 7 of")
            .replacingOccurrences(of: "line number 30 of", with: "changed thirty") + "an extra line\n"
        #expect(RenameScore.percent(bytes(lines), bytes(edited)) == 94)
        // CR of CRLF is not hashed in text, but counts in the size.
        #expect(RenameScore.percent(bytes(lines), bytes(lines.replacingOccurrences(of: "\n", with: "\r\n"))) == 96)
        #expect(
            RenameScore.percent(bytes(lines), bytes((0..<25).map { "line number \($0) of the file\n" }.joined())) == 62)
        // A last chunk without a line feed is not counted.
        #expect(RenameScore.percent(bytes("one\ntwo\nthree\nfour"), bytes("one\ntwo\nthree\nfive")) == 77)
        #expect(RenameScore.percent(bytes(lines), bytes(lines)) == 100)
        // Sizes more than half apart score 0 unread.
        #expect(RenameScore.percent(bytes(lines), bytes("line number 0 of the file\n")) == 0)
    }
}
