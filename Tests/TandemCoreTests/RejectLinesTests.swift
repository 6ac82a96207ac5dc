import Testing
@testable import TandemCore

/// `Porter+RejectLines`: a port's reject names the copy, so its hunks are numbered where they would stand in
/// the ported copy, not at upstream's lines.
@Suite("Port rejects are numbered in the copy")
struct RejectLinesTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")])
    /// Forty numbered lines: the original.
    let original = (1...40).map { "line \($0)\n" }

    /// Hunk 1 adds three lines after line 2; hunk 2 changes line 31; hunk 3 changes a line the copy lacks.
    let patch = [
        "--- a/arch/a/f.c\n+++ b/arch/a/f.c\n",
        "@@ -1,3 +1,6 @@\n line 1\n line 2\n+new 1\n+new 2\n+new 3\n line 3\n",
        "@@ -30,3 +33,3 @@\n line 30\n-line 31\n+LINE 31\n line 32\n",
        "@@ -35,3 +38,3 @@\n line 35\n-not there\n+NOT THERE\n line 37\n",
    ].joined()

    func port(copy: [String]) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/f.c": copy.joined()]),
            base: MemoryTree(["arch/a/f.c": original.joined()]))
    }

    /// The copy holds 20 lines of its own above the code: hunk 1 lands 20 lines down and adds 3, so the
    /// hunk that is nowhere is numbered 35 + 20 + 3, and the conflict (the fork rewrote line 31) at its
    /// region in the copy, 3 lines down too.
    @Test func rejectsStandWhereTheCopyHasTheCode() throws {
        var copy = (1...20).map { "fork \($0)\n" } + original
        copy[20 + 30] = "xen 31\n"
        let result = try port(copy: copy)
        #expect(result.report.entries.map(\.verdict.label) == ["ported", "fork-conflict", "context-not-found"])
        let rej = displayText(result.rejects)
        // `line 30` is line 50 of the copy, 53 once hunk 1 landed; `line 35` is 58.
        #expect(rej.contains("\n@@ -53,3 +56,3 @@ fork-conflict: "), "\(rej)")
        #expect(rej.contains("\n@@ -58,3 +61,3 @@ context not found"), "\(rej)")
        // The console and the JSON keep the line of the copy before the port.
        #expect(result.report.entries[1].line == 50)
    }

    /// Twin: a copy that is the original, line for line, gets upstream's numbers moved only by what landed
    /// above (GNU patch's own numbering).
    @Test func anUndriftedCopyKeepsUpstreamsNumbers() throws {
        var copy = original
        copy[30] = "xen 31\n"
        let rej = displayText(try port(copy: copy).rejects)
        #expect(rej.contains("\n@@ -38,3 +41,3 @@ context not found"), "\(rej)")
    }

    /// `tandem apply`: a failed hunk's reject moves by the lines written above it, which differ between
    /// `--reject` (what landed) and `--merge` (the conflict's marked region).
    @Test func applyNumbersItsRejectsPerWriteMode() throws {
        var target = original
        target[30] = "xen 31\n"
        let plans = try PatchApplier.plan(
            PatchParser.parse(bytes(patch.replacingOccurrences(of: "arch/a/", with: ""))).patch,
            tree: MemoryTree(["f.c": target.joined()]), base: MemoryTree(["f.c": original.joined()]))
        #expect(plans[0].result.hunks.map(\.outcome.label) == ["applied", "conflict", "context-not-found"])
        #expect(plans[0].result.hunks[2].line == 38)
        let rejected = try #require(plans[0].rejectBytes(for: .reject).map(displayText))
        #expect(rejected.contains("\n@@ -38,3 +41,3 @@ context not found"), "\(rejected)")
        guard case .conflict(let c) = plans[0].result.hunks[1].outcome else { return }
        let grown = c.merged.count - c.targetCount
        #expect(grown > 0)
        let merged = try #require(plans[0].rejectBytes(for: .merge).map(displayText))
        #expect(!merged.contains("conflict: "))
        #expect(merged.contains("\n@@ -\(38 + grown),3 +\(41 + grown),3 @@ context not found"), "\(merged)")
        // Planned for conflict markers, the console's line is in the file with them too.
        let marked = try PatchApplier.plan(
            PatchParser.parse(bytes(patch.replacingOccurrences(of: "arch/a/", with: ""))).patch,
            tree: MemoryTree(["f.c": target.joined()]), base: MemoryTree(["f.c": original.joined()]),
            options: .init(conflictMarkers: true))
        #expect(marked[0].result.hunks[2].line == 38 + grown)
        // A conflict is reported where it stands in the file written: under markers, at its `<<<<<<<`.
        let conflictLine = try #require(marked[0].result.hunks[1].line)
        let written = displayText(try #require(marked[0].withConflicts)).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(written[conflictLine - 1].hasPrefix("<<<<<<<"), "\(written[conflictLine - 1])")
    }

    /// Beside a copy written with conflict markers (`--apply --merge`), the conflict's marked region counts
    /// instead of the changes that landed on their own.
    @Test func besideMarkersTheMarkedRegionCounts() throws {
        var copy = original
        copy[30] = "xen 31\n"
        let result = try port(copy: copy)
        let marked = try #require(result.copies.first)
        let unmerged = displayText(marked.unmerged)
        let markerLines =
            displayText(marked.withConflicts).split(separator: "\n", omittingEmptySubsequences: false)
            .count - displayText(marked.ported).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(markerLines > 0)
        #expect(
            unmerged.contains("\n@@ -\(38 + markerLines),3 +\(41 + markerLines),3 @@ context not found"), "\(unmerged)")
    }
}
