import ArgumentParser
import Tandem
import TandemCore
import TandemIO
import TandemReport

/// `tandem dashboard`: a drift dashboard folder from a drift series and port verdicts.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write a drift dashboard: index.html, drift.json, drift.csv, tandem.prom and grafana-dashboard.json.",
        discussion: """
            Reads a drift series (--drift FILE.json from tandem drift --format json) and, optionally, port verdicts \
            (--port FILE.json or LABEL=FILE.json, one per upstream release), missed sibling fixes (--siblings \
            FILE.json from tandem siblings --format json) and sharing verdicts (--hooks FILE.json from tandem \
            hooks --format json). Writes into --output DIR, each file \
            atomically (temporary file, then rename, as node_exporter's textfile collector needs for tandem.prom): \
            index.html (one self-contained page, inline CSS and SVG, no script), drift.json and drift.csv (the \
            series, as tandem drift writes them), tandem.prom (Prometheus text format) and grafana-dashboard.json \
            (a classic Grafana dashboard over those metrics). The whole series is read into memory: for long \
            histories, make it with --tags or --every. \
            Exit status: 0 written; 2 trouble (unreadable or malformed input, unwritable folder); 64 usage.
            """
    )

    @Option(help: "A tandem.drift/2 (or /1) file, from tandem drift --format json.")
    var drift: String

    @Option(name: .customLong("port"), help: "A tandem.port/1 file, or LABEL=FILE; repeat for several releases.")
    var ports: [String] = []

    @Option(help: "A tandem.siblings/1 file (tandem siblings --format json): the missed sibling fixes section.")
    var siblings: String?

    @Option(
        help:
            "A tandem.hooks/2 file (tandem hooks --format json; /1 files are read too): the sharing and hooks section.")
    var hooks: String?

    @Option(name: .shortAndLong, help: "The folder to write (created if missing).")
    var output: String

    @Option(help: "How many of the least similar copies to chart.")
    var top: Int = 8

    @Option(help: "Allowed drift in percent per copy (findings on the page and in tandem.prom).")
    var maxDrift: Double?

    @Option(help: "The page title (default: what the data covers).")
    var title: String?

    func validate() throws {
        if top < 0 { throw ValidationError("--top must not be negative") }
        if let maxDrift, !(0...100).contains(maxDrift) {
            throw ValidationError("--max-drift is a percentage from 0 to 100")
        }
    }

    func run() throws {
        var report = Report(title: title ?? "", maxDrift: maxDrift)
        let driftSeries = try ReportInput.drift(bytes: try ByteFile.read(drift), name: drift)
        report.drift = driftSeries
        for item in ports {
            let (label, path) = ReportJob.labelled(item)
            report.ports.append(try ReportInput.portRun(label: label, bytes: try ByteFile.read(path), name: path))
        }
        _ = try ReportJob.addAnalyses(to: &report, siblings: siblings, hooks: hooks)
        if report.title.isEmpty {
            let span = [driftSeries.snapshots.first?.info.label, driftSeries.snapshots.last?.info.label].compactMap {
                $0
            }
            report.title =
                "drift "
                + (span.count == 2 && span[0] != span[1] ? "\(span[0]) to \(span[1])" : span.first ?? "(empty)")
        }
        var json = DriftJSONRenderer(map: driftSeries.map), csv = DriftCSVRenderer(map: driftSeries.map)
        var jsonText = json.begin(), csvText = csv.begin()
        for snapshot in driftSeries.snapshots {
            jsonText += json.snapshot(snapshot)
            csvText += csv.snapshot(snapshot)
        }
        jsonText += json.end()
        csvText += csv.end()
        try Folder.create(output)
        let files: [(String, String)] = [
            ("drift.json", jsonText), ("drift.csv", csvText),
            ("tandem.prom", PrometheusRenderer.render(report)),
            ("grafana-dashboard.json", GrafanaRenderer.render(title: "tandem: " + report.title)),
            ("index.html", DashboardHTMLRenderer.render(report, top: top, version: TandemCommand.version)),
        ]
        for (name, text) in files { try AtomicFile.write(Array(text.utf8), to: output + "/" + name) }
        try Console.output(
            "dashboard: \(output)/index.html (with drift.json, drift.csv, tandem.prom, grafana-dashboard.json)\n")
    }
}
