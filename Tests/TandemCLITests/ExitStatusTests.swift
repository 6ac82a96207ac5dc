import Foundation
import Testing
import TandemTestSupport

/// Issue #16, "Exit status and lost information": mistakes a CI job must notice do not exit 0, and verdicts
/// and rejects are never lost.
@Suite("Exit status and lost information")
struct ExitStatusTests {
    let fork = exampleFork + "/fork"
    let base = exampleFork + "/upstream/linux-2.6.11"

    /// A patch read at the wrong -p level touches no mapped file: a warning names the level that would,
    /// and the exit status is 1 (it was 0 with "verdicts: none").
    @Test(arguments: ["0", "2"])
    func portAtTheWrongStripLevel(level: String) throws {
        let result = try tandem("port", "--fork", fork, "--check", "-p", level, release)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("warning: no file patch of the 15 touches a file the map has copies of"),
            "\(result.stderr)")
        #expect(result.stderr.contains("with -p1, 13 would: is -p\(level) the wrong level?"), "\(result.stderr)")
    }

    /// An empty patch is a mistake (an empty diff, the wrong file): apply, port and siblings warn and exit 1.
    @Test func emptyPatch() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write("empty.patch", "")
        let empty = scratch.path + "/empty.patch"
        for arguments in [
            ["apply", "--check", empty], ["port", "--fork", fork, empty], ["port", "--fork", fork, "--check", empty],
            ["siblings", "--tree", base, "--map", fork + "/tandem.yml", empty],
        ] {
            let result = try run(tandemBinary, arguments, directory: scratch.path)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("\(empty): warning: the patch is empty"), "\(arguments): \(result.stderr)")
        }
    }

    /// A typo on the upstream side of a mapping makes every copy fork-only; on the fork side, no copy at all.
    /// `tandem map` and `tandem drift` warn on the mapping's line and exit 1.
    @Test(arguments: [
        (
            "forks:\n  - {upstream: arch/i368/, fork: arch/xen/i386/}\n",
            "typo.yml:2: warning: every copy under 'arch/xen/i386/' is fork-only (7 files): none has its original under 'arch/i368/'"
        ),
        (
            "forks:\n  - {upstream: arch/i386/, fork: arch/xen/i368/}\n",
            "typo.yml:2: warning: no copy under 'arch/xen/i368/' of the 8 originals under 'arch/i386/' (a typo in 'arch/xen/i368/'?)"
        ),
    ])
    func mapTypo(map: String, warning: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write("typo.yml", map)
        let typo = scratch.path + "/typo.yml"
        let listed = try tandem("map", "--fork", fork, "--upstream", base, "--map", typo)
        #expect(listed.status == 1 && listed.stderr.contains(warning), "\(listed.stderr)")
        let drift = try tandem("drift", "--snapshot", "2.6.11=\(base):\(fork)", "--map", typo, "--format", "csv")
        #expect(drift.status == 1, "\(drift.stderr)")
        #expect(drift.stderr.contains("typo.yml:2: warning: "), "\(drift.stderr)")
        // The right map stays quiet.
        let right = try tandem("map", "--fork", fork, "--base", base)
        #expect(right.status == 0 && right.stderr.isEmpty, "\(right.stderr)")
    }

    /// An empty tandem.yml (or one without `forks:`) is trouble for every command that needs mappings.
    @Test func emptyMap() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.copy(fork, to: "fork")
        try scratch.write("fork/tandem.yml", "# nothing yet\n")
        let tree = scratch.path + "/fork"
        for arguments in [
            ["map", "--fork", tree], ["port", "--fork", tree, "--check", release], ["hooks", "--fork", tree],
            ["drift", "--snapshot", "now=\(tree)"],
        ] {
            let real = try run(tandemBinary, arguments)
            #expect(real.status == 2, "\(arguments): \(real.stderr)")
            #expect(
                real.stderr
                    == "tandem: tandem.yml: no 'forks' mappings (the map is empty): the map names no copies, so there is nothing to do\n",
                "\(arguments): \(real.stderr)")
        }
        try scratch.write("fork/tandem.yml", "")
        let siblings = try tandem("siblings", "--tree", tree, release)
        #expect(
            siblings.status == 2
                && siblings.stderr.contains("tandem.yml: no 'siblings' groups (the map is empty): nothing to compare"),
            "\(siblings.stderr)")
    }

    /// `tandem port … > out.patch`: the per-hunk verdicts go to standard error, and the rejects to
    /// ./tandem-port.rej (or --rejects FILE), announced there too.
    @Test func portToStandardOutputKeepsVerdictsAndRejects() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try run(tandemBinary, ["port", "--fork", fork, "--base", base, release], directory: scratch.path)
        #expect(result.status == 1)
        #expect(String(decoding: result.stdout, as: UTF8.self).hasPrefix("diff -urNp "))
        #expect(
            result.stderr.contains(
                "arch/i386/mm/init.c -> arch/xen/i386/mm/init.c\n  hunk 2: ambiguous: context matches at 44 and 71"),
            "\(result.stderr)")
        #expect(result.stderr.contains("hunk 1: fork-conflict: "), "\(result.stderr)")
        #expect(result.stderr.contains("\nverdicts: 18 ported, 1 shared, 3 already-applied"), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("tandem: rejected hunks saved to tandem-port.rej\n"), "\(result.stderr)")
        let rejects = try #require(scratch.read("tandem-port.rej"))
        #expect(
            rejects.contains(
                "+++ linux-2.6.12/arch/xen/i386/mm/init.c\n@@ -45,7 +47,7 @@ ambiguous: context matches at 44 and 71"))
        // --rejects FILE chooses the file; the patch is the same.
        let chosen = try run(
            tandemBinary, ["port", "--fork", fork, "--base", base, "--rejects", "mine.rej", release],
            directory: scratch.path)
        #expect(chosen.stdout == result.stdout && scratch.read("mine.rej") == rejects)
        #expect(chosen.stderr.hasSuffix("tandem: rejected hunks saved to mine.rej\n"), "\(chosen.stderr)")
    }

    /// `port --apply --merge` writes conflict markers for conflicts and saves the other failed hunks (here the
    /// ambiguous one) beside the copy as X.rej, saying so; nothing is dropped.
    @Test func applyMergeSavesWhatItCannotMerge() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.copy(fork)
        let result = try tandem("port", "--fork", scratch.path, "--base", base, "--apply", "--merge", release)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(scratch.read("include/asm-xen/asm-i386/system.h")?.contains("<<<<<<< ours") == true)
        let rejects = try #require(scratch.read("arch/xen/i386/mm/init.c.rej"), "\(scratch.files())")
        #expect(
            rejects.hasPrefix(
                "--- a/arch/xen/i386/mm/init.c\n+++ b/arch/xen/i386/mm/init.c\n@@ -45,7 +47,7 @@ ambiguous: context matches at 44 and 71\n"
            ))
        #expect(!rejects.contains("fork-conflict"))  // the conflict is in the copy as markers
        #expect(
            result.stderr.contains("tandem: hunks not merged into the copy saved to arch/xen/i386/mm/init.c.rej\n"),
            "\(result.stderr)")
    }
}
