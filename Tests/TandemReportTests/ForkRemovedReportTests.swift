import Testing
@testable import TandemCore
@testable import TandemReport

/// A `context-not-found` hunk whose code the fork removed (`ForkRemoval`) carries `removal: removed` in
/// `tandem.port/1` and is a `fork-removed` warning in every CI format, in memory and read back, so
/// `--fail-on error` passes on it, and `port`'s summary line counts it. Twins: one the fork rewrote (`removal: rewritten`) and one without a
/// diagnosis stay `hunk-failed` errors, and a `removal` value a report does not know is not taken for
/// "removed".
@Suite("Port: code the fork removed in CI reports")
struct ForkRemovedReportTests {
    func entry(_ hunk: Int, _ removal: ForkRemoval?) -> PortReport.Entry {
        .init(
            upstreamPath: Array("include/list.h".utf8), hunk: hunk, copyPath: Array("tools/include/list.h".utf8),
            verdict: .contextNotFound(hint: nil, withBase: true, removal: removal), line: 0)
    }

    func portReport() -> PortReport {
        var report = PortReport()
        report.entries = [
            entry(1, .removed(unit: "list_splice", lines: 3)), entry(2, .rewritten(unit: "list_add", lines: 4)),
            entry(3, nil),
        ]
        return report
    }

    @Test func removedCodeIsAWarningEverywhere() throws {
        let json = PortJSONRenderer.render(portReport())
        #expect(json.contains("\"removal\": \"removed\""))
        #expect(json.contains("\"removal\": \"rewritten\""))
        let inMemory = ReportInput.portRun(label: "v1", report: portReport())
        let readBack = try ReportInput.portRun(label: "v1", bytes: Array(json.utf8), name: "r.json")
        #expect(inMemory.entries == readBack.entries)
        let report = Report(title: "t", ports: [readBack])
        let rules = report.findings.sorted { $0.hunk < $1.hunk }.map { "\($0.hunk) \($0.rule.id) \($0.level)" }
        #expect(rules == ["1 fork-removed warning", "2 hunk-failed error", "3 hunk-failed error"])
        #expect(SARIFRenderer.render(report, version: "t").contains("\"ruleId\": \"fork-removed\""))
        #expect(MarkdownRenderer.render(report, failOn: "error").contains("most likely nothing to port"))
        // Only removed code: nothing at the error level.
        var removedOnly = portReport()
        removedOnly.entries.removeLast(2)
        let quiet = Report(title: "t", ports: [ReportInput.portRun(label: "v1", report: removedOnly)])
        #expect(quiet.findings.map(\.level) == [.warning])
    }

    /// A `removal` this report does not know is a failed hunk, not code the fork removed.
    @Test func anUnknownRemovalStaysAnError() throws {
        var json = PortJSONRenderer.render(portReport())
        json = json.replacingOccurrences(of: "\"removal\": \"removed\"", with: "\"removal\": \"vanished\"")
        let readBack = try ReportInput.portRun(label: "v1", bytes: Array(json.utf8), name: "r.json")
        let report = Report(title: "t", ports: [readBack])
        #expect(report.findings.allSatisfy { $0.rule == .hunkFailed && $0.level == .error })
    }

    /// The summary line says how many of the `context-not-found` hunks are in code the fork removed; with
    /// none removed it says nothing more.
    @Test func theSummaryCountsRemovedCode() {
        let text = PortTextRenderer.render(portReport())
        #expect(text.contains("verdicts: 3 context-not-found (1 in code the fork removed)\n"))
        var none = portReport()
        none.entries.removeFirst()
        #expect(PortTextRenderer.render(none).contains("verdicts: 2 context-not-found\n"))
    }
}
