import Foundation
import Testing
import TandemCore
@testable import TandemReport

/// One snapshot of a `tandem.drift/2` series: a pair `f/x.c` at 0.8 and a fork-only `f/hypercall.h` of 30
/// lines, compared with a stand-in tag for an untagged upstream version.
let forkOnlyDrift = """
    {"schema":"tandem.drift/2","trees":[{"index":0,"upstream":"a/","fork":"f/","line":1}],"guards":[],"snapshots":[
    {"label":"xen-3.0","time":null,"revision":null,"upstreamRevision":"v2.6.16-rc1","version":"2.6.16-rc1-git4",
     "approximate":true,"total":{},"trees":[{}],"recomputed":2,
     "pairs":[
      {"tree":0,"upstream":"a/x.c","fork":"f/x.c","state":"modified","identical":false,"identicalIgnoringWhitespace":false,"similarity":0.8,
       "sharedLines":8,"forkOnlyLines":2,"upstreamOnlyLines":2,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":2,"changedFunctions":[],
       "nextPort":null,"reused":false},
      {"tree":0,"upstream":null,"fork":"f/hypercall.h","state":"fork-only","identical":false,"identicalIgnoringWhitespace":false,"similarity":0,
       "sharedLines":0,"forkOnlyLines":30,"upstreamOnlyLines":0,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":30,"changedFunctions":[],
       "nextPort":null,"reused":false}]}],"summary":{}}
    """

/// Fork-only files apart, and the approximate upstream version, through every drift renderer; and the
/// reader of `tandem.drift/2` and `/1` files.
@Suite("Drift reports: fork-only files and tandem.drift/2")
struct DriftSchemaTwoTests {
    func series() throws -> Report.Drift {
        try ReportInput.drift(bytes: Array(forkOnlyDrift.utf8), name: "drift.json")
    }

    /// The headline is the pair's 0.8 over one copy; the fork-only file is on its own line in the table, in
    /// the `forkOnly` object of the JSON totals, a row of its own state in the CSV, a card and a separate
    /// part of the copies table on the dashboard (and never in its chart of least similar copies), a line
    /// under the Markdown table and tree gauges in tandem.prom.
    @Test func forkOnlyFilesApartInEveryRenderer() throws {
        let drift = try series()
        let newest = try #require(drift.snapshots.last)
        #expect(newest.info.approximate && newest.total.pairs == 1 && newest.total.similarity == 0.8)
        #expect(newest.total.forkOnlyFiles == 1 && newest.total.forkOnlyFileLines == 30)

        var table = DriftTableRenderer(map: drift.map)
        let text = table.begin() + table.snapshot(newest) + table.end()
        #expect(text.contains("\nxen-3.0 ≈ "))
        #expect(text.contains("\n  fork-only files "))
        #expect(text.contains("most drifted copies at xen-3.0 (1 of 1 modified, 1 copies)"))
        #expect(
            text.contains("(no original upstream; not in the totals): 1 file, 30 lines\n        30 f/hypercall.h\n"))
        #expect(text.contains("\nupstream versions visited: 2.6.16-rc1-git4 ≈ v2.6.16-rc1 (1 snapshot)\n"))

        var json = DriftJSONRenderer(map: drift.map)
        let written = json.begin() + json.snapshot(newest) + json.end()
        let object = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any] ?? [:]
        #expect(object["schema"] as? String == "tandem.drift/2")
        let snapshot = (object["snapshots"] as? [[String: Any]])?.first ?? [:]
        let total = snapshot["total"] as? [String: Any] ?? [:]
        #expect(total["pairs"] as? Int == 1 && total["similarity"] as? Double == 0.8 && total["forkOnlyFiles"] == nil)
        #expect((total["forkOnly"] as? [String: Int]) == ["files": 1, "lines": 30])
        #expect(snapshot["approximate"] as? Bool == true)
        // Written and read back, the series is the same.
        #expect(try ReportInput.drift(bytes: Array(written.utf8), name: "again").snapshots == drift.snapshots)

        var csv = DriftCSVRenderer(map: drift.map)
        let rows = (csv.begin() + csv.snapshot(newest)).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.dropFirst().map { $0[6] } == ["modified", "fork-only"])
        #expect(rows.dropFirst().allSatisfy { Array($0.suffix(3)) == ["2.6.16-rc1-git4", "v2.6.16-rc1", "1"] })

        let report = Report(title: "t", drift: drift, maxDrift: 30)
        let page = DashboardHTMLRenderer.render(report, version: "test")
        #expect(page.contains("<b>1</b><span>fork-only files, 30 lines (not in the totals)</span>"))
        #expect(page.contains("<b>1</b><span>forked copies</span>") && page.contains("<b>0.8000</b><span>similarity"))
        let copies = try #require(page.range(of: "<h2>Copies at"))
        let pairRow = try #require(page.range(of: "<code>f/x.c</code>", range: copies.upperBound..<page.endIndex))
        let header = try #require(
            page.range(
                of: "1 fork-only file, 30 lines: no original upstream", range: pairRow.upperBound..<page.endIndex))
        #expect(page.range(of: "<code>f/hypercall.h</code>", range: header.upperBound..<page.endIndex) != nil)
        // The chart of least similar copies has the pair only.
        #expect(!page[..<copies.lowerBound].contains("hypercall.h"))

        let markdown = MarkdownRenderer.render(report, failOn: "error")
        #expect(markdown.contains("Not in these totals: 1 fork-only file, 30 lines (no original upstream)."))
        let prom = PrometheusRenderer.render(report)
        #expect(prom.contains("tandem_tree_copies{tree=\"a/ -> f/\"} 1\n"))
        #expect(prom.contains("tandem_tree_fork_only_files{tree=\"a/ -> f/\"} 1\n"))
        #expect(prom.contains("tandem_tree_fork_only_file_lines{tree=\"a/ -> f/\"} 30\n"))
    }

    /// `tandem.drift/1` files of earlier releases are still read, and give the totals of today (fork-only
    /// files apart); another schema is refused with one line.
    @Test func driftOneFilesAreStillRead() throws {
        let one = forkOnlyDrift.replacing("tandem.drift/2", with: "tandem.drift/1").replacing(
            "\"approximate\":true,", with: "")
        let old = try ReportInput.drift(bytes: Array(one.utf8), name: "old.json")
        let newest = try #require(old.snapshots.last)
        #expect(!newest.info.approximate && newest.total.pairs == 1 && newest.total.forkOnlyFiles == 1)
        #expect(newest.rows == (try series().snapshots.last?.rows))
        let future = forkOnlyDrift.replacing("tandem.drift/2", with: "tandem.drift/3")
        #expect(throws: ReportInput.Problem("drift.json: not a tandem.drift/2 file (schema is 'tandem.drift/3')")) {
            try ReportInput.drift(bytes: Array(future.utf8), name: "drift.json")
        }
    }
}
