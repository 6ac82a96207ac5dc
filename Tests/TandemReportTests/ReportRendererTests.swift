import Foundation
import Testing
import TandemCore
@testable import TandemReport

/// A report with `count` findings of each kind named, for the limits.
func syntheticReport(errors: Int, notes: Int, path: String = "arch/xen/x.c") -> Report {
    var entries: [Report.PortEntry] = []
    for i in 0..<errors {
        entries.append(
            .init(
                upstreamPath: "arch/x.c", hunk: i + 1, copyPath: path, verdict: "fork-conflict",
                reason: "fork-conflict: merge", line: i + 10))
    }
    for i in 0..<notes {
        entries.append(
            .init(
                upstreamPath: "arch/x.c", hunk: errors + i + 1, copyPath: path, verdict: "already-applied",
                reason: "already applied", line: 500 + i))
    }
    entries.append(
        .init(upstreamPath: "arch/y.c", hunk: 1, copyPath: "arch/xen/y.c", verdict: "ported", reason: "ported", line: 3)
    )
    return Report(title: "t", ports: [.init(label: "v1", entries: entries)])
}

@Suite("Report model and renderers")
struct ReportRendererTests {
    @Test func findingsRulesLevelsAndFingerprints() {
        let report = syntheticReport(errors: 2, notes: 1)
        let findings = report.findings
        #expect(findings.map(\.rule) == [.forkConflict, .forkConflict, .alreadyApplied])
        #expect(findings.map(\.level) == [.error, .error, .note])
        // Ported verdicts are not findings; fingerprints differ per hunk and ignore the line.
        #expect(Set(findings.map(\.fingerprint)).count == 3)
        var moved = report
        moved.ports[0].entries[0].line += 40
        #expect(moved.findings.first { $0.hunk == 1 }?.fingerprint == findings.first { $0.hunk == 1 }?.fingerprint)
        #expect(
            Report.PortEntry(
                upstreamPath: "a", hunk: 0, copyPath: "b", verdict: "upstream-deleted", reason: "", line: 0
            ).isFailure)
    }

    /// GitHub's limits: the least severe results go first, and the run says what was dropped.
    @Test func sarifKeepsTheMostSevereWithinLimits() throws {
        let report = syntheticReport(errors: 12, notes: 18)
        let text = SARIFRenderer.render(report, version: "t", maxResults: 10)
        let json = try JSONValue.parse(Array(text.utf8))
        let run = json["runs"]?.array?.first
        let results = run?["results"]?.array ?? []
        #expect(results.count == 10 && results.allSatisfy { $0["level"]?.string == "error" })
        let note =
            run?["invocations"]?.array?.first?["toolExecutionNotifications"]?.array?.first?["message"]?["text"]?.string
            ?? ""
        #expect(note.hasPrefix("20 results dropped (2 error, 18 note)"), "\(note)")
        // By size: room for a few results only.
        let small = try JSONValue.parse(Array(SARIFRenderer.render(report, version: "t", maxBytes: 4_000).utf8))
        let kept = small["runs"]?.array?.first?["results"]?.array?.count ?? 0
        #expect(kept > 0 && kept < 30)
        #expect(SARIFRenderer.render(report, version: "t", maxBytes: 4_000).utf8.count <= 4_000)
        #expect(SARIFRenderer.uri("a b/ü%.c") == "a%20b/%C3%BC%25.c")
    }

    /// A report's path text (UTF-8, or git's spelling of other bytes) goes back to the path's bytes, which
    /// SARIF percent-encodes: `%E9` for a Latin-1 `é`, never the quotes and backslash of git's spelling.
    @Test func sarifURIsComeFromThePathsBytes() {
        let latin1: [UInt8] = Array("fk/lat".utf8) + [0xE9] + Array(".c".utf8)
        #expect(JSONText.pathText(latin1) == "\"fk/lat\\351.c\"")
        #expect(JSONText.pathBytes(JSONText.pathText(latin1)) == latin1)
        #expect(SARIFRenderer.uri(JSONText.pathBytes(JSONText.pathText(latin1))) == "fk/lat%E9.c")
        // UTF-8 text stays itself, quotes included; a quoted spelling of UTF-8 bytes is not what pathText writes.
        for text in ["fk/with space.c", "fk/été.c", "\"q\".c", "\"t\\303\\251\"", "\"broken\\9\""] {
            #expect(JSONText.pathBytes(text) == Array(text.utf8), "\(text)")
        }
        let entry = Report.PortEntry(
            upstreamPath: "up/x.c", hunk: 0, copyPath: JSONText.pathText(latin1), verdict: "missing-fork-file",
            reason: "missing", line: 0)
        let spaced = Report.PortEntry(
            upstreamPath: "up/y.c", hunk: 0, copyPath: "fk/with space.c", verdict: "missing-fork-file",
            reason: "missing", line: 0)
        let text = SARIFRenderer.render(
            Report(title: "t", ports: [.init(label: "v1", entries: [entry, spaced])]), version: "t")
        #expect(text.contains("\"uri\": \"fk/lat%E9.c\"") && text.contains("\"uri\": \"fk/with%20space.c\""), "\(text)")
        #expect(!text.contains("%22") && !text.contains("%5C"))
    }

    @Test func markdownStaysUnderItsLimit() {
        let report = syntheticReport(errors: 400, notes: 0)
        let text = MarkdownRenderer.render(report, failOn: "error", maxBytes: 20_000)
        #expect(text.utf8.count <= 20_000)
        #expect(text.contains("more findings not shown"))
        #expect(MarkdownRenderer.render(report, failOn: "error").contains("400 findings need a person"))
        #expect(MarkdownRenderer.fenced("a ```` b", language: "text").hasPrefix("`````text\n"))
    }

    @Test func prometheusEscapesLabelValues() {
        #expect(PrometheusRenderer.escape("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
        let text = PrometheusRenderer.render(syntheticReport(errors: 1, notes: 0))
        #expect(text.contains("tandem_port_hunks{release=\"v1\",verdict=\"fork-conflict\"} 1\n"))
        #expect(text.contains("tandem_findings{level=\"error\"} 1\n"))
    }

    @Test func xmlEscapingKeepsDocumentsWellFormed() {
        #expect(XMLText.escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
        #expect(XMLText.escape("a\u{1}b\u{7F}") == "a\\u{1}b\\u{7f}")
        #expect(XMLText.escape("tab\tand\nline") == "tab\tand\nline")
    }

    @Test(arguments: [
        ("{\"a\": [1, 2.5e3, -0, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"]}", nil as String?),
        ("{\"a\": }", "line 1, column 7: unexpected character"),
        ("[1,\n 2,\n ]", "line 3, column 2: unexpected character"),
        ("\"abc", "line 1, column 5: unterminated string"),
        ("{\"a\":1} x", "line 1, column 9: unexpected text after the JSON value"),
        ("\"\\ud800\"", "line 1, column 8: lone surrogate"),
        (String(repeating: "[", count: 300), "nested more than 256 levels"),
        ("01.", "malformed number"),
    ])
    func jsonReader(text: String, expected: String?) {
        do {
            let value = try JSONValue.parse(Array(text.utf8))
            #expect(expected == nil, "accepted \(text)")
            if expected == nil {
                #expect(value["a"]?.array?.count == 7)
                #expect(value["a"]?.array?[1].double == 2500 && value["a"]?.array?[0].int == 1)
                #expect(value["a"]?.array?[6].string == "x\u{e9}\n😀")
            }
        } catch {
            #expect(expected.map { error.description.contains($0) } == true, "\(error)")
        }
    }
}
