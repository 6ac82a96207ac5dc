import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// The hand-written corpus in `fixtures/patches/`: every construct the parser reads, and malformed inputs.
@Suite("Patch corpus")
struct CorpusTests {
    @Test func corpusIsThere() {
        #expect(corpusFiles().count >= 25)
        #expect(corpusFiles(malformed: true).count >= 10)
    }

    @Test(arguments: corpusFiles() + corpusFiles(malformed: true))
    func roundTripIsByteExact(path: String) {
        let input = readBytes(path)
        #expect(PatchParser.parse(input).patch.bytes == input, "\(path)")
    }

    @Test(arguments: corpusFiles())
    func wellFormedFilesParseWithoutErrors(path: String) {
        let result = PatchParser.parse(readBytes(path))
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(!result.patch.files.isEmpty)
    }

    @Test(arguments: corpusFiles(malformed: true).filter { !$0.hasSuffix("/empty.patch") })
    func malformedFilesGetLineNumberedErrors(path: String) {
        let result = PatchParser.parse(readBytes(path))
        #expect(result.hasErrors, "\(path)")
        let lineCount = readBytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).count
        #expect(result.diagnostics.allSatisfy { $0.line >= 1 && $0.line <= lineCount })
    }

    /// Every prefix of every corpus file (a patch cut off anywhere, as by a broken download) parses without
    /// trapping and still prints back to itself.
    @Test(arguments: corpusFiles())
    func everyPrefixParsesAndRoundTrips(path: String) {
        let input = readBytes(path)
        var failures = 0
        for length in 0...input.count {
            let prefix = Array(input[..<length])
            if PatchParser.parse(prefix).patch.bytes != prefix { failures += 1 }
        }
        #expect(failures == 0, "\(path): \(failures) prefixes did not round-trip")
    }

    /// `tandem stat --format numstat` prints what `git apply --numstat` prints, for every file git accepts.
    @Test(arguments: corpusFiles())
    func statAgreesWithGitApplyNumstat(path: String) throws {
        let scratch = NSTemporaryDirectory()
        let git = try run("/usr/bin/git", ["apply", "--numstat", path], directory: scratch)
        let ours = try tandem("stat", "--format", "numstat", path)
        #expect(ours.status == 0, "\(ours.stderr)")
        if git.status == 0 {
            #expect(
                String(decoding: ours.stdout, as: UTF8.self) == String(decoding: git.stdout, as: UTF8.self), "\(path)")
        } else {
            // git refuses a hunk line without a terminator at the end of the patch; GNU patch and tandem read it.
            #expect(path.hasSuffix("patch-file-no-final-newline.patch"), "git rejected \(path): \(git.stderr)")
        }
    }

    @Test(arguments: corpusFiles() + corpusFiles(malformed: true))
    func filterWithoutOptionsEchoesTheInput(path: String) throws {
        let result = try tandem("filter", path)
        #expect(result.stdout == readBytes(path), "\(path)")
        #expect(result.status == (PatchParser.parse(readBytes(path)).hasErrors ? 1 : 0))
    }
}
