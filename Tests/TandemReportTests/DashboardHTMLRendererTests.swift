import Foundation
import Testing
import TandemCore
@testable import TandemReport

/// A drift series of two snapshots with long labels: `f/x.c` drifts to 0.5, `f/y.c` stays at 0.95, and the
/// older snapshot predicts the port to the newer one (1 of 3 hunks fail on x.c, no change to y.c).
let twoSnapshotDrift = """
    {"schema":"tandem.drift/1","trees":[{"index":0,"upstream":"a/","fork":"f/","line":1}],"guards":[],"snapshots":[
    {"label":"release-2024.01-long","time":null,"revision":null,"upstreamRevision":null,"version":null,"total":{},"trees":[{}],"recomputed":2,
     "pairs":[
      {"tree":0,"upstream":"a/x.c","fork":"f/x.c","state":"modified","identical":false,"identicalIgnoringWhitespace":false,"similarity":0.8,
       "sharedLines":8,"forkOnlyLines":2,"upstreamOnlyLines":2,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":2,"changedFunctions":[],
       "nextPort":{"hunks":3,"failed":1},"reused":false},
      {"tree":0,"upstream":"a/y.c","fork":"f/y.c","state":"modified","identical":false,"identicalIgnoringWhitespace":false,"similarity":0.95,
       "sharedLines":19,"forkOnlyLines":1,"upstreamOnlyLines":1,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":1,"changedFunctions":[],
       "nextPort":{"hunks":0,"failed":0},"reused":false}]},
    {"label":"release-2024.02-long","time":null,"revision":null,"upstreamRevision":null,"version":null,"total":{},"trees":[{}],"recomputed":2,
     "pairs":[
      {"tree":0,"upstream":"a/x.c","fork":"f/x.c","state":"modified","identical":false,"identicalIgnoringWhitespace":false,"similarity":0.5,
       "sharedLines":5,"forkOnlyLines":5,"upstreamOnlyLines":5,"divergentRegions":2,"guardedForkLines":0,"freeForkLines":5,"changedFunctions":[],
       "nextPort":null,"reused":false},
      {"tree":0,"upstream":"a/y.c","fork":"f/y.c","state":"modified","identical":false,"identicalIgnoringWhitespace":false,"similarity":0.95,
       "sharedLines":19,"forkOnlyLines":1,"upstreamOnlyLines":1,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":1,"changedFunctions":[],
       "nextPort":null,"reused":true}]}],"summary":{}}
    """

/// One port entry per verdict label, each on its own copy.
func everyVerdictRun() -> Report.PortRun {
    Report.PortRun(
        label: "v2",
        entries: PortVerdict.labels.enumerated().map { index, label in
            Report.PortEntry(
                upstreamPath: "a/\(label).c", hunk: 1, copyPath: "f/\(label).c", verdict: label,
                reason: "\(label): why", line: index + 1)
        })
}

/// The attribute `name="…"` of an HTML tag's text.
func attribute(_ name: String, in tag: Substring) -> String? {
    guard let start = tag.range(of: " \(name)=\"") else { return nil }
    return tag[start.upperBound...].prefix { $0 != "\"" }.description
}

/// The tags named `name` in `html`, each as its text from `<` to `>`.
func tags(_ name: String, in html: String) -> [Substring] {
    var out: [Substring] = []
    var rest = html[...]
    while let start = rest.range(of: "<\(name)") {
        let tail = rest[start.lowerBound...]
        guard let end = tail.firstIndex(of: ">") else { break }
        let tag = tail[...end]
        if let next = tag.dropFirst(name.count + 1).first, next == " " || next == ">" { out.append(tag) }
        rest = rest[tail.index(after: end)...]
    }
    return out
}

@Suite("Dashboard page")
struct DashboardHTMLRendererTests {
    func report(maxDrift: Double? = 30) throws -> Report {
        var report = Report(title: "t", ports: [everyVerdictRun()], maxDrift: maxDrift)
        report.drift = try ReportInput.drift(bytes: Array(twoSnapshotDrift.utf8), name: "drift.json")
        report.siblings = [
            Report.SiblingFix(
                path: "a/s.c", hunk: 1, line: 3, function: nil, siblingPath: "b/s.c", siblingLine: 4,
                confidence: 0.9, why: "same code", hunkText: [])
        ]
        return report
    }

    /// The rows of the copies table, each from after its `<tr`.
    func copyRows(_ page: String) throws -> [String] {
        let start = try #require(page.range(of: "<h2>Copies at"))
        let rest = page[start.upperBound...]
        let table = rest[..<(try #require(rest.range(of: "</table>"))).lowerBound]
        return table.components(separatedBy: "<tr").filter { $0.contains("<td><code>f/") }
    }

    /// Each verdict label has a colour of its own in the bars and the legend, derived from
    /// `VerdictKind` (so a new verdict cannot fall back silently on another one's colour).
    @Test func everyVerdictHasItsOwnColour() throws {
        let page = DashboardHTMLRenderer.render(try report(), version: "t")
        var legend: [String: String] = [:]
        let spans = page.components(separatedBy: "<span><i style=\"background:").dropFirst()
        for span in spans {
            let colour = String(span.prefix { $0 != ";" && $0 != "\"" })
            guard let close = span.range(of: "</i>"), let end = span.range(of: "</span>") else { continue }
            legend[String(span[close.upperBound..<end.lowerBound])] = colour
        }
        for label in PortVerdict.labels { #expect(legend[label] != nil, "\(label) is not in the legend") }
        let colours = PortVerdict.labels.compactMap { legend[$0] }
        #expect(Set(colours).count == PortVerdict.labels.count, "\(legend)")
        // Every verdict has a colour chosen for it (the switch in VerdictColours), none shared.
        #expect(Set(VerdictKind.allCases.map(VerdictColours.colour(of:))).count == VerdictKind.allCases.count)
        // The bars use the legend's colours.
        for rect in tags("rect", in: page) {
            let title = page[rect.endIndex...].prefix { $0 != ":" }.replacingOccurrences(of: "<title>", with: "")
            if let colour = legend[title] { #expect(attribute("fill", in: rect) == colour, "\(title)") }
        }
    }

    /// The verdict table: one header per column, and the numeric columns' headers are right-aligned as
    /// their numbers are (a left-aligned header over a right-aligned number stands over the column before).
    @Test func verdictTableHeadersStandOverTheirNumbers() throws {
        let page = DashboardHTMLRenderer.render(try report(), version: "t")
        let table = try #require(page.range(of: "<table><thead><tr><th>release</th>").map { page[$0.lowerBound...] })
        let body = table[..<(try #require(table.range(of: "</table>"))).lowerBound]
        let headers = tags("th", in: String(body)), cells = tags("td", in: String(body))
        #expect(headers.count == PortVerdict.labels.count + 2)
        #expect(cells.count == headers.count)
        for (header, cell) in zip(headers, cells) {
            #expect(
                (attribute("class", in: header) == "n") == (attribute("class", in: cell) == "n"),
                "\(header) over \(cell)")
        }
        // The count of each verdict sits under its own name: labels in PortVerdict order, 1 each.
        let names = body.components(separatedBy: "<th class=\"n\">").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(names.map(String.init) == PortVerdict.labels + ["need a person"])
    }

    /// The error and warning cards link to the lists of those findings.
    @Test func findingCardsLinkToTheirLists() throws {
        let report = try report()
        let page = DashboardHTMLRenderer.render(report, version: "t")
        let errors = report.findings.filter { $0.level == .error },
            warnings = report.findings.filter { $0.level == .warning }
        #expect(errors.count == 9 && warnings.count == 2)  // upstream-renamed made it nine
        #expect(page.contains("<a class=\"card bad\" href=\"#errors\"><b>9</b><span>errors</span></a>"))
        #expect(page.contains("<a class=\"card bad\" href=\"#warnings\"><b>2</b><span>warnings</span></a>"))
        for (id, list) in [("errors", errors), ("warnings", warnings)] {
            let start = try #require(page.range(of: "id=\"\(id)\""))
            let section = page[start.upperBound...]
            let table = section[..<(try #require(section.range(of: "</table>"))).lowerBound]
            #expect(tags("tr", in: String(table)).count == list.count + 1, "\(id)")
            for finding in list { #expect(table.contains(XMLText.escape(finding.message)), "\(finding.message)") }
        }
    }

    /// With --max-drift, the copies over it are marked in the copies table, and only they.
    @Test func copiesOverMaxDriftAreMarked() throws {
        let page = DashboardHTMLRenderer.render(try report(maxDrift: 30), version: "t")
        let rows = try copyRows(page)
        let x = try #require(rows.first { $0.contains("<code>f/x.c</code>") }),
            y = try #require(rows.first { $0.contains("<code>f/y.c</code>") })
        #expect(x.hasPrefix(" class=\"over\"") && x.contains("over 30%"))
        #expect(!y.hasPrefix(" class=\"over\"") && !y.contains("over 30%"))
        let unlimited = DashboardHTMLRenderer.render(try report(maxDrift: nil), version: "t")
        #expect(!unlimited.contains("class=\"over\""))
    }

    /// The port column shows what drift predicted for the newest port of each copy's original (the newest
    /// snapshot has no next release, so its own prediction is always empty).
    @Test func portColumnShowsTheNewestPrediction() throws {
        let page = DashboardHTMLRenderer.render(try report(), version: "t")
        let rows = try copyRows(page)
        let x = try #require(rows.first { $0.contains("<code>f/x.c</code>") }),
            y = try #require(rows.first { $0.contains("<code>f/y.c</code>") })
        #expect(x.contains("1 of 3 fail"), "\(x)")
        // The step is named once, in the header, when the copies share it.
        #expect(page.contains("last port<span class=\"step\">release-2024.01-long → release-2024.02-long</span></th>"))
        #expect(y.contains("no change"), "\(y)")
        #expect(page.contains("<b>1 / 3</b>"), "the card counts the newest predicted port")
    }

    /// Axis labels fit inside their chart: rotated labels are measured (0.62 em per character at 11 px) and
    /// the margins make room for them.
    @Test func axisLabelsAreNotClipped() throws {
        let labels = ["v1", "a-rather-long-label", "release-2024.03-xen-pre", "89dc6909d243"]
        let chart = DashboardHTMLRenderer.lineChart([("s", [0.5, 0.6, 0.7, 0.8])], labels: labels)
        let svg = try #require(tags("svg", in: chart).first)
        let width = try #require(Double(attribute("width", in: svg) ?? "")),
            height = try #require(Double(attribute("height", in: svg) ?? ""))
        var seen = 0
        for tag in tags("text", in: chart) {
            guard let transform = attribute("transform", in: tag) else { continue }
            let numbers = transform.dropFirst("rotate(".count).dropLast().split(separator: " ").compactMap {
                Double($0)
            }
            let text = chart[tag.endIndex...].prefix { $0 != "<" }
            let extent = Double(text.count) * 11 * 0.62
            let angle = -(numbers[0]) * Double.pi / 180
            #expect(numbers[1] - extent * cos(angle) >= 0, "\(text) clipped on the left")
            #expect(numbers[2] + extent * sin(angle) + 4 <= height, "\(text) clipped at the bottom")
            #expect(numbers[1] <= width)
            #expect(labels.contains(String(text)), "\(text) is shortened")
            seen += 1
        }
        #expect(seen == labels.count)
    }
}
