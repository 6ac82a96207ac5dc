import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// `fixtures/merge3/<case>/{base,ours,theirs,expected}`: tandem's 3-way merge must equal `git merge-file -p
/// --diff3` (which wrote `expected`), and git, run now, must still agree.
@Suite("3-way merge corpus")
struct Merge3CorpusTests {
    static let cases: [String] = {
        let root = Fixtures.path + "/merge3"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/expected") }.sorted()
    }()

    @Test func corpusIsThere() { #expect(Self.cases.count >= 16) }

    @Test(arguments: cases)
    func mergeEqualsGitMergeFile(name: String) throws {
        let directory = Fixtures.path + "/merge3/" + name
        func lines(_ file: String) -> [Bytes] { TextFile(bytes: readBytes(directory + "/" + file)).lines }
        let merge = Merge3(base: lines("base"), ours: lines("ours"), theirs: lines("theirs"))
        let expected = readBytes(directory + "/expected")
        #expect(merge.render() == expected, "\(name)")
        let git = try run(
            "/usr/bin/git",
            [
                "merge-file", "-p", "--diff3", "-L", "ours", "-L", "base", "-L", "theirs",
                "ours", "base", "theirs",
            ], directory: directory)
        #expect(git.stdout == expected, "git merge-file disagrees with the recorded expected for \(name)")
        #expect(Int(git.status) == merge.conflictCount, "\(name)")
    }

    @Test(arguments: cases)
    func mergingTheSameChangeTwiceGivesIt(name: String) {
        let directory = Fixtures.path + "/merge3/" + name
        let base = TextFile(bytes: readBytes(directory + "/base")).lines
        let ours = TextFile(bytes: readBytes(directory + "/ours"))
        #expect(Merge3(base: base, ours: ours.lines, theirs: ours.lines).render() == ours.bytes)
        #expect(Merge3(base: base, ours: base, theirs: ours.lines).render() == ours.bytes)
    }
}
