import Foundation
import TandemTestSupport
import Testing

/// One spelling per idea on the command line: a commit range is `--range` in every command, `--upstream` is
/// always a repository, and an upstream *tree* is `--base`. The old spellings (`drift --revs`, `hooks
/// --history` and `--history-repo`, `map`/`hooks --upstream TREE`) still work for one release, hidden from
/// the help, and give the same output; giving both spellings of one option is a usage error.
@Suite("option spellings")
struct OptionSpellingTests {
    let fork = exampleFork + "/fork"
    let base = exampleFork + "/upstream/linux-2.6.11"

    @Test func oldSpellingsAreHiddenAliasesWithTheSameOutput() throws {
        let repo = historyEdges
        let pairs: [([String], [String])] = [
            (
                ["drift", "--repo", repo, "--range", "v1.1..v1.2", "--format", "csv"],
                ["drift", "--repo", repo, "--revs", "v1.1..v1.2", "--format", "csv"]
            ),
            (
                ["hooks", "--fork", repo + "@v1.1", "--range", "v1.1..v1.2", "--repo", repo, "--format", "json"],
                [
                    "hooks", "--fork", repo + "@v1.1", "--history", "v1.1..v1.2", "--history-repo", repo, "--format",
                    "json",
                ]
            ),
            (["map", "--fork", fork, "--base", base], ["map", "--fork", fork, "--upstream", base]),
            (
                ["hooks", "--fork", fork, "--base", base, "--format", "json"],
                ["hooks", "--fork", fork, "--upstream", base, "--format", "json"]
            ),
        ]
        for (new, old) in pairs {
            let a = try run(tandemBinary, new), b = try run(tandemBinary, old)
            #expect(
                a.status == b.status && a.stdout == b.stdout && a.stderr == b.stderr,
                "\(new) vs \(old): \(a.stderr) | \(b.stderr)")
            #expect(!a.stdout.isEmpty, "\(new): \(a.stderr)")
        }
    }

    @Test func theHelpShowsOnlyTheNewSpellings() throws {
        for (command, hidden, shown) in [
            ("drift", ["--revs"], ["--range"]),
            ("hooks", ["--history", "--upstream"], ["--range", "--repo", "--base"]),
            ("map", ["--upstream"], ["--base"]),
        ] {
            let help = try tandem(command, "--help")
            #expect(help.status == 0)
            let text = String(decoding: help.stdout, as: UTF8.self)
            for option in hidden { #expect(!text.contains(option + " "), "\(command) --help shows \(option)") }
            for option in shown { #expect(text.contains(option + " "), "\(command) --help lacks \(option)") }
        }
    }

    @Test func bothSpellingsAtOnceAreAUsageError() throws {
        #expect(try tandem("drift", "--repo", ".", "--range", "a", "--revs", "a").status == 64)
        #expect(try tandem("map", "--fork", fork, "--base", base, "--upstream", base).status == 64)
        #expect(try tandem("hooks", "--fork", fork, "--range", "a..b", "--history", "a..b").status == 64)
    }
}
