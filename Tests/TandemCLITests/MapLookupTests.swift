import Foundation
import Testing
import TandemTestSupport

/// Issue #16, "Maps": the map is found where a user keeps it, `map --discover --write` never clobbers, and
/// every message about the map reads `tandem.yml:LINE: …`.
@Suite("Finding, writing and reading the fork map")
struct MapLookupTests {
    let map = "forks:\n  - {upstream: a/, fork: b/}\nsiblings:\n  - [a/, c/]\n"

    /// A repository with an original, its copy and a sibling committed, and tandem.yml written in the work
    /// tree but not committed (the normal first step).
    func repositoryWithUncommittedMap(_ scratch: Scratch) throws -> String {
        let repo = scratch.path + "/repo"
        let code = "int total(int *items)\n{\n\tint count = compute_total(items, 7);\n\treturn count;\n}\n"
        try scratch.write("repo/a/x.c", code)
        try scratch.write("repo/b/x.c", "/* fork */\n" + code)
        try scratch.write("repo/c/x.c", code)
        let builder = try RepositoryBuilder(at: repo)
        try builder.commit("one")
        try scratch.write("repo/a/x.c", code.replacingOccurrences(of: "items, 7", with: "items, 8"))
        try builder.commit("fix")
        try scratch.write("repo/tandem.yml", map)
        return repo
    }

    /// `drift --repo .` in the work tree, and `drift --repo REPO` from elsewhere: the map not yet committed
    /// is used, and stderr says which file.
    @Test func driftFindsTheUncommittedMap() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = try repositoryWithUncommittedMap(scratch)
        let here = try run(tandemBinary, ["drift", "--repo", ".", "--format", "csv"], directory: repo)
        #expect(here.status == 0, "\(here.stderr)")
        #expect(here.stderr.hasPrefix("tandem: using the map ./tandem.yml: "), "\(here.stderr)")
        #expect(String(decoding: here.stdout, as: UTF8.self).contains(",a/x.c,b/x.c,modified,"))
        let elsewhere = try run(tandemBinary, ["drift", "--repo", repo, "--format", "csv"], directory: scratch.path)
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(
            elsewhere.stderr.contains("tandem: using the map \(repo)/tandem.yml from the work tree: "),
            "\(elsewhere.stderr)")
        #expect(elsewhere.stdout == here.stdout)
        // Nowhere: one line naming every place looked.
        try FileManager.default.removeItem(atPath: repo + "/tandem.yml")
        let none = try run(tandemBinary, ["drift", "--repo", repo], directory: scratch.path)
        #expect(none.status == 2, "\(none.stderr)")
        #expect(
            none.stderr.hasPrefix("tandem: no fork map: 'tandem.yml' is not at the root of '")
                && none.stderr.contains(
                    "in the current directory, in the work tree '")
                && none.stderr.split(separator: "\n").count == 1, "\(none.stderr)")
    }

    /// `siblings --upstream R --range …` with tandem.yml in the current directory.
    @Test func siblingsFindsTheMapInTheCurrentDirectory() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = try repositoryWithUncommittedMap(scratch)
        try scratch.write("tandem.yml", map)
        let result = try run(
            tandemBinary, ["siblings", "--upstream", repo, "--range", "HEAD~1..HEAD"], directory: scratch.path)
        #expect(result.status == 1, "\(result.stderr)")  // the fix reached a/ and not c/
        #expect(result.stderr.hasPrefix("tandem: using the map ./tandem.yml: "), "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self).contains("c/x.c"))
        // port with the fork as a revision finds the work tree's map too.
        let ported = try run(
            tandemBinary,
            ["port", "--upstream", repo, "--range", "HEAD~1..HEAD", "--fork", repo + "@HEAD~1", "--check"],
            directory: NSTemporaryDirectory())
        #expect(
            ported.status == 0 && String(decoding: ported.stdout, as: UTF8.self).contains("verdicts: 1 ported"),
            "\(ported.stderr)")
        #expect(ported.stderr.contains("from the work tree"), "\(ported.stderr)")
    }

    /// `map --discover --write` refuses to replace a tandem.yml (exit 2, one line) unless --force, and never
    /// writes a map with no mappings.
    @Test func discoverWriteNeverClobbers() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.copy(exampleFork + "/fork")
        let handWritten = try #require(scratch.read("tandem.yml"))
        let refused = try tandem("map", "--fork", scratch.path, "--discover", "--write")
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(
            refused.stderr
                == "tandem: not writing \(scratch.path)/tandem.yml: it exists (--force replaces it; the proposal is above)\n"
        )
        #expect(scratch.read("tandem.yml") == handWritten)
        let forced = try tandem("map", "--fork", scratch.path, "--discover", "--write", "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(scratch.read("tandem.yml") == String(decoding: forced.stdout, as: UTF8.self))
        // A tree with no copies: nothing proposed, nothing written.
        let plain = try Scratch()
        defer { plain.cleanup() }
        try plain.write("a/x.c", "one\n")
        try plain.write("b/y.c", "two\n")
        let nothing = try tandem("map", "--fork", plain.path, "--discover", "--write")
        #expect(nothing.status == 1 && nothing.stdout.isEmpty, "\(nothing.stderr)")
        #expect(nothing.stderr.hasPrefix("tandem: no copies found in '\(plain.path)': "), "\(nothing.stderr)")
        #expect(plain.read("tandem.yml") == nil)
    }

    /// Problems with the map read `tandem.yml:LINE: …`, YAML syntax errors too, and a forgotten '/' on a
    /// folder mapping is named as such.
    @Test(arguments: [
        ("forks: [\n", "tandem: tandem.yml:2: "),
        (
            "forks:\n  - {upstream: arch/i386/, fork: arch/xen/i386}\n",
            "tandem: tandem.yml:2: 'arch/i386/' is a folder and 'arch/xen/i386' is not: a folder mapping ends in '/' on both sides (write 'arch/xen/i386/')\n"
        ),
    ])
    func mapMessagesHaveOneForm(text: String, message: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write("tandem.yml", text)
        let result = try tandem("map", "--fork", scratch.path)
        #expect(
            result.status == 2 && result.stderr.hasPrefix(message) && !result.stderr.contains(": line "),
            "\(result.stderr)")
    }
}
