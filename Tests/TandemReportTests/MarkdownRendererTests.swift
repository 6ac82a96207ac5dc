import Foundation
import Testing
import TandemCore
@testable import TandemReport

@Suite("Markdown summary")
struct MarkdownRendererTests {
    /// A conflict shows the fork's lines beside the upstream hunk, row by row where the fork kept a line of
    /// the hunk's pre-image, as `tandem port` prints it on the console.
    @Test func conflictShowsTheForkBesideTheHunk() {
        let entry = Report.PortEntry(
            upstreamPath: "a/x.c", hunk: 1, copyPath: "f/x.c", verdict: "fork-conflict", reason: "fork-conflict: merge",
            line: 10, fork: ["int a;\n", "x = xen_read();\n", "return x;\n"],
            upstreamBefore: ["int a;\n", "x = read();\n", "return x;\n"],
            upstreamAfter: ["int a;\n", "x = read_safe();\n", "return x;\n"])
        let text = MarkdownRenderer.render(
            Report(title: "t", ports: [.init(label: "v1", entries: [entry])]), failOn: "error")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func row(_ left: String, _ right: String) -> Bool {
            lines.contains { line in
                guard let bar = line.range(of: " | ") else { return false }
                return line[..<bar.lowerBound].trimmingCharacters(in: .whitespaces) == left
                    && line[bar.upperBound...] == right
            }
        }
        #expect(
            lines.contains { $0.contains("fork (copy, from line 10)") && $0.hasSuffix(" | upstream hunk") }, "\(text)")
        #expect(row("int a;", " int a;"), "\(text)")
        #expect(row("", "-x = read();"), "\(text)")
        #expect(row("", "+x = read_safe();"), "\(text)")
        #expect(row("x = xen_read();", ""), "\(text)")
        #expect(row("return x;", " return x;"), "\(text)")
        #expect(!lines.contains("======="))
        // Long lines are not cut: a summary is read in a browser, which scrolls.
        var long = entry
        long.fork[1] = "x = " + String(repeating: "y", count: 90) + ";\n"
        let wide = MarkdownRenderer.render(
            Report(title: "t", ports: [.init(label: "v1", entries: [long])]), failOn: "error")
        #expect(wide.contains("  x = " + String(repeating: "y", count: 90) + "; | \n"), "\(wide)")
    }

    /// An ambiguous hunk shows the hunk and the copy's lines at each place it fits, with line numbers,
    /// read back from a tandem.port/1 file.
    @Test func ambiguousShowsItsHunkAndEachPlace() throws {
        let port = """
            {"schema": "tandem.port/1", "entries": [
             {"upstreamPath": "a/x.c", "hunk": 2, "copyPath": "f/x.c", "verdict": "ambiguous", "reason": "ambiguous: context matches at 4 and 20",
              "step": null, "line": 0, "confidence": null, "commit": null,
              "hunkText": ["@@ -2,3 +2,3 @@ f\\n", " a\\n", "-b\\n", "+B\\n", " c\\n"],
              "places": [{"line": 4, "firstLine": 2, "lines": ["in_first() {\\n", "\\n", "a\\n", "b\\n", "c\\n", "}\\n"]},
                         {"line": 20, "firstLine": 18, "lines": ["in_second() {\\n", "\\n", "a\\n", "b\\n", "c\\n", "}\\n"]}]}],
             "totals": {}}
            """
        let run = try ReportInput.portRun(label: "v1", bytes: Array(port.utf8), name: "port.json")
        let text = MarkdownRenderer.render(Report(title: "t", ports: [run]), failOn: "error")
        #expect(text.contains("```diff\n@@ -2,3 +2,3 @@ f\n a\n-b\n+B\n c\n```"), "\(text)")
        let first = try #require(text.range(of: "At line 4 of the copy"))
        let second = try #require(text.range(of: "At line 20 of the copy"))
        #expect(first.upperBound < second.lowerBound)
        #expect(text[first.upperBound..<second.lowerBound].contains("   2 | in_first() {\n"), "\(text)")
        #expect(text[first.upperBound..<second.lowerBound].contains(">  5 | b\n"), "\(text)")
        #expect(text[second.upperBound...].contains("  18 | in_second() {\n"), "\(text)")
        #expect(text[second.upperBound...].contains("> 21 | b\n"), "\(text)")
    }

    /// The drift table's port column shows the last port the series predicted (the newest snapshot has
    /// none, having no next release), naming its step.
    @Test func driftTableShowsTheLastPort() throws {
        var report = Report(title: "t")
        report.drift = try ReportInput.drift(bytes: Array(twoSnapshotDrift.utf8), name: "drift.json")
        let text = MarkdownRenderer.render(report, failOn: "error")
        #expect(text.contains("| last port |"), "\(text)")
        #expect(text.contains("| 1 of 3 fail (release-2024.01-long → release-2024.02-long) |\n| **all** |"), "\(text)")
        #expect(text.contains("| 1 of 3 fail (release-2024.01-long → release-2024.02-long) |\n\n"), "\(text)")
    }
}
