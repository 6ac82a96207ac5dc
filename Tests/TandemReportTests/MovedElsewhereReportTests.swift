import Testing
@testable import TandemCore
@testable import TandemReport

/// A port note that a copy keeps functions upstream moved to another file reaches every CI format as a
/// `moved-elsewhere` warning, in memory and read back from `tandem.port/1`; a line-ending note does not.
@Suite("Port notes in CI reports")
struct MovedElsewhereReportTests {
    func portReport() -> PortReport {
        var report = PortReport()
        report.entries.append(
            .init(
                upstreamPath: Array("a/x.c".utf8), hunk: 1, copyPath: Array("f/x.c".utf8),
                verdict: .contextNotFound(hint: nil, withBase: true), line: 0))
        report.notes = [
            .init(
                upstreamPath: Array("a/x.c".utf8), copyPath: Array("f/x.c".utf8),
                message: "upstream moved helper to a/y.c, and this copy keeps its own", kind: .movedElsewhere),
            .init(upstreamPath: Array("a/z.c".utf8), copyPath: Array("f/z.c".utf8), message: "CRLF"),
        ]
        return report
    }

    @Test func aMoveNoteIsAWarningInEveryFormat() throws {
        let inMemory = ReportInput.portRun(label: "v1", report: portReport())
        let json = Array(PortJSONRenderer.render(portReport()).utf8)
        let readBack = try ReportInput.portRun(label: "v1", bytes: json, name: "r.json")
        #expect(inMemory.moves == readBack.moves)
        #expect(readBack.moves.map(\.copyPath) == ["f/x.c"])
        let report = Report(title: "t", ports: [readBack])
        let moved = report.findings.filter { $0.rule == .movedElsewhere }
        #expect(moved.count == 1)
        #expect(moved.first?.level == .warning)
        #expect(MarkdownRenderer.render(report, failOn: "error").contains("upstream moved helper to a/y.c"))
        #expect(SARIFRenderer.render(report, version: "t").contains("\"ruleId\": \"moved-elsewhere\""))
    }
}
