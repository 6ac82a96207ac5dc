import Testing
@testable import TandemCore

/// `Porter` in process: risk flags (`review`), and originals the fork tree holds.
@Suite("Porter: review verdicts and originals")
struct PorterTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")])

    /// The upstream original before the patch.
    let original = """
        #include <linux/cpu.h>

        void idle(void)
        {
        \thalt();
        }

        """

    /// The patch adds play_dead() under CONFIG_HOTPLUG_CPU.
    let addsPlayDead = [
        "--- a/arch/a/process.c\n", "+++ b/arch/a/process.c\n", "@@ -1,5 +1,11 @@\n",
        " #include <linux/cpu.h>\n", " \n", "+#ifdef CONFIG_HOTPLUG_CPU\n", "+static void play_dead(void)\n", "+{\n",
        "+}\n",
        "+#endif\n", "+\n", " void idle(void)\n", " {\n", " \thalt();\n",
    ].joined()

    func port(_ patch: String, fork: [String: String], accept: Bool = false) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(fork),
            base: MemoryTree(["arch/a/process.c": original]), options: .init(acceptReview: accept))
    }

    func verdicts(_ result: Porter.Result) -> [String] { result.report.entries.map(\.verdict.label) }

    /// The copy already has its own play_dead() in that branch: landing upstream's would define it twice.
    /// The hunk is `review`, left out of the copy and the rewritten patch; accepted, it lands.
    @Test func secondDefinitionIsHeldForReview() throws {
        let copy = """
            #include <linux/cpu.h>

            void idle(void)
            {
            \thalt();
            }

            #ifdef CONFIG_HOTPLUG_CPU
            static void play_dead(void)
            {
            \txen_down();
            }
            #endif

            """
        let held = try port(addsPlayDead, fork: ["arch/xen/a/process.c": copy])
        #expect(verdicts(held) == ["review"])
        #expect(held.report.entries[0].verdict.message.contains("the copy would define play_dead twice"))
        #expect(held.report.failures == 1)
        #expect(held.copies.first?.ported == bytes(copy))
        #expect(!displayText(held.patch).contains("arch/xen/a/process.c"))
        let taken = try port(addsPlayDead, fork: ["arch/xen/a/process.c": copy], accept: true)
        #expect(verdicts(taken) == ["ported"])
        #expect(
            displayText(taken.copies.first?.ported ?? []).components(separatedBy: "static void play_dead").count == 3)
    }

    /// Twins that are not flagged: the copy's play_dead() sits in the #else branch (a variant, not a
    /// duplicate), or the copy has none.
    @Test func variantsAndFirstDefinitionsLand() throws {
        let variant = """
            #include <linux/cpu.h>

            void idle(void)
            {
            \thalt();
            }

            #ifndef CONFIG_HOTPLUG_CPU
            #else
            static void play_dead(void)
            {
            }
            #endif

            """
        #expect(verdicts(try port(addsPlayDead, fork: ["arch/xen/a/process.c": variant])) == ["ported"])
        #expect(verdicts(try port(addsPlayDead, fork: ["arch/xen/a/process.c": original])) == ["ported"])
    }

    /// A fork tree that holds the originals and has already merged the release into one of them: that
    /// original's hunks are already applied, the output patch leaves its file patch out (it would not apply),
    /// and the copy still gets its duplicate.
    @Test func originalAlreadyMergedIsNotPatchedTwice() throws {
        let merged = """
            #include <linux/cpu.h>

            #ifdef CONFIG_HOTPLUG_CPU
            static void play_dead(void)
            {
            }
            #endif

            void idle(void)
            {
            \thalt();
            }

            """
        let result = try port(addsPlayDead, fork: ["arch/a/process.c": merged, "arch/xen/a/process.c": original])
        let entries = result.report.entries.map { "\(displayText($0.copyPath)):\($0.verdict.label)" }
        #expect(entries.sorted() == ["arch/a/process.c:already-applied", "arch/xen/a/process.c:ported"])
        let patch = displayText(result.patch)
        #expect(!patch.contains("--- a/arch/a/process.c"))
        #expect(patch.contains("arch/xen/a/process.c"))
        #expect(result.copies.first { $0.path == bytes("arch/a/process.c") }?.ported == bytes(merged))
        // Twin: an original as upstream had it goes out byte for byte, with no verdict of its own.
        let clean = try port(addsPlayDead, fork: ["arch/a/process.c": original, "arch/xen/a/process.c": original])
        #expect(clean.report.entries.map { displayText($0.copyPath) } == ["arch/xen/a/process.c"])
        #expect(displayText(clean.patch).hasPrefix(addsPlayDead))
    }

    /// A hunk whose lines the fork removed: with the base, the message says the fork removed the function
    /// they sat in (not "give --base"; `ForkRemovalTests` has the other reasons); without it, it asks for
    /// the base.
    @Test func contextNotFoundSaysWhatTheBaseShows() throws {
        let patch =
            "--- a/arch/a/process.c\n+++ b/arch/a/process.c\n@@ -3,4 +3,4 @@\n void idle(void)\n {\n-\thalt();\n+\tsafe_halt();\n }\n"
        let copy = "#include <linux/cpu.h>\n\nstatic int xen_only;\n"
        let withBase = try port(patch, fork: ["arch/xen/a/process.c": copy])
        #expect(verdicts(withBase) == ["context-not-found"])
        #expect(withBase.report.entries[0].verdict.message.contains("the fork removed idle, which this hunk changes"))
        let without = try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/process.c": copy]),
            base: nil, options: .init())
        #expect(without.report.entries[0].verdict.message.contains("give --base or --upstream"))
    }

    /// An ambiguous hunk's entry carries the hunk and the copy's lines at each place it fits (two lines of
    /// margin, own storage), so reports can show a person what to choose between.
    @Test func ambiguousEntriesCarryTheHunkAndEachPlace() throws {
        let copy =
            "int first(void)\n{\n\tlock();\n\twork();\n\tunlock();\n}\n\nint second(void)\n{\n\tlock();\n\twork();\n\tunlock();\n}\n"
        let patch =
            "--- a/arch/a/x.c\n+++ b/arch/a/x.c\n@@ -6,3 +6,3 @@ int first(void)\n \tlock();\n-\twork();\n+\twork2();\n \tunlock();\n"
        let result = try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/x.c": copy]),
            base: nil, options: .init())
        #expect(verdicts(result) == ["ambiguous"])
        let places = try #require(result.report.entries.first?.places)
        #expect(
            places.hunk.map(displayText) == [
                "@@ -6,3 +6,3 @@ int first(void)\n", " \tlock();\n", "-\twork();\n", "+\twork2();\n", " \tunlock();\n",
            ])
        #expect(places.places.map(\.line) == [3, 10])
        #expect(places.places.map(\.firstLine) == [1, 8])
        #expect(
            places.places[0].lines.map(displayText) == [
                "int first(void)\n", "{\n", "\tlock();\n", "\twork();\n", "\tunlock();\n", "}\n", "\n",
            ])
        #expect(
            places.places[1].lines.map(displayText) == [
                "int second(void)\n", "{\n", "\tlock();\n", "\twork();\n", "\tunlock();\n", "}\n",
            ])
        // Own storage: no line is a slice of a larger buffer.
        #expect(
            places.places.allSatisfy { $0.lines.allSatisfy { $0.startIndex == 0 } }
                && places.hunk.allSatisfy { $0.startIndex == 0 })
        // Clamped at both ends of the copy, and never more than `limit` places.
        let hunk = try #require(PatchParser.parse(bytes(patch)).patch.files.first?.hunks.first)
        let clamped = AmbiguousPlaces(
            hunk: hunk, copy: TextFile(bytes: bytes(copy)).lines, lines: [-5, 1, 14, 99, 3, 4])
        #expect(clamped.places.count == AmbiguousPlaces.limit)
        #expect(clamped.places.map(\.firstLine) == [1, 1, 12, 14])
        #expect(clamped.places.map(\.lines.count) == [0, 5, 2, 0])
    }
}
