import Foundation
import Testing
import TandemTestSupport

/// `tandem siblings --range A..B` over several commits: a fix that reached the sibling later in the range is
/// "reached in <commit>" with the lag, not missed; one that has not reached it by B stays missed, naming the
/// commit that made it.
@Suite("tandem siblings over a range of commits")
struct SiblingsRangeTests {
    /// A repository whose arch/a and arch/b hold the same function; commit 2 fixes arch/a, commit 3 adds a
    /// function of arch/b's own, commit 4 (ten days after 2) carries the fix to arch/b in its own spacing.
    func history(_ scratch: Scratch) throws -> (repo: String, ids: [String]) {
        let repo = try RepositoryBuilder(at: scratch.path + "/up")
        let function =
            "int tail(void)\n{\n\treturn 0;\n}\n\nstatic int clamp(struct dev *d, int n)\n{\n\tint max = d->limit;\n"
            + "\tif (n > max)\n\t\tn = max;\n\treturn n;\n}\n"
        var ids: [String] = []
        func commit(_ files: [String: String], day: Int, _ message: String) throws {
            for (path, text) in files { try repo.write(path, text) }
            ids.append(try repo.commit(message, date: "2005-06-\(String(format: "%02d", day))T12:00:00Z"))
        }
        let fixed = function.replacingOccurrences(
            of: "\tif (n > max)\n\t\tn = max;\n", with: "\tif (n > max || n < 0)\n\t\tn = max;\n")
        try commit(
            [
                "arch/a/x.c": function, "arch/b/x.c": function,
                "tandem.yml": "siblings:\n  - [arch/a/, arch/b/]\n",
            ], day: 1, "base")
        try commit(["arch/a/x.c": fixed], day: 2, "a: clamp negative counts")
        let own = "\nint b_only(void)\n{\n\treturn 2;\n}\n"
        try commit(["arch/b/x.c": function + own], day: 5, "b: a function of its own")
        let carried = fixed.replacingOccurrences(of: "n > max || n < 0", with: "n>max || n<0") + own
        try commit(["arch/b/x.c": carried], day: 12, "b: clamp negative counts too")
        return (repo.path, ids)
    }

    @Test func aFixCarriedLaterIsReachedNotMissed() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let (repo, ids) = try history(scratch)
        // (Commit 3's new function, a pure addition beside code arch/a has too, is a finding under the default
        // threshold: only --all shows it.)
        let whole = try tandem("siblings", "--upstream", repo, "--range", "\(ids[0])..\(ids[3])", "--format", "json")
        #expect(whole.status == 0, "\(whole.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout)) as? [String: Any])
        #expect((json["missed"] as? [Any])?.isEmpty == true)
        let later = try #require((json["reachedLater"] as? [[String: Any]])?.first)
        #expect(later["reachedIn"] as? String == ids[3] && later["commit"] as? String == ids[1])
        #expect(later["lagDays"] as? Int == 10 && later["how"] as? String == "equivalent")
        #expect(later["siblingPath"] as? String == "arch/b/x.c" && later["siblingLine"] as? Int == 9)
        let text = try tandem("siblings", "--upstream", repo, "--range", "\(ids[0])..\(ids[3])")
        #expect(
            String(decoding: text.stdout, as: UTF8.self).contains(
                "reached arch/b/x.c:9 in \(ids[3].prefix(12)) 10 days later (equivalent)"))
        // Twin: the range ends before the fix is carried; commit 3 changed the sibling file elsewhere, which
        // settles nothing: the fix is missed, and the finding names commit 2.
        let early = try tandem("siblings", "--upstream", repo, "--range", "\(ids[0])..\(ids[2])", "--format", "json")
        #expect(early.status == 1, "\(early.stderr)")
        let earlyJSON = try #require(try JSONSerialization.jsonObject(with: Data(early.stdout)) as? [String: Any])
        let missed = try #require((earlyJSON["missed"] as? [[String: Any]])?.first)
        #expect(missed["commit"] as? String == ids[1] && missed["siblingLine"] as? Int == 9)
        #expect((earlyJSON["reachedLater"] as? [Any])?.isEmpty == true)
    }
}
