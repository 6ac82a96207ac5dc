import ArgumentParser
import Tandem
import TandemCore
import TandemIO
import TandemReport

/// `tandem report`: one CI command that turns port verdicts and a drift series into JUnit, SARIF,
/// Markdown and JSON, with an exit status from a policy.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write CI reports (JUnit, SARIF, Markdown, JSON) from port verdicts and drift, with an exit status from a policy.",
        discussion: """
            Inputs: --port FILE.json (tandem port --report; LABEL=FILE names the release, repeat for several), \
            --drift FILE.json (tandem drift --format json), or a port run done here: --upstream REPO --range A..B \
            --fork TREE [--map FILE]. --format takes a comma-separated list of junit, sarif, markdown, json; \
            with --output-dir DIR they are written atomically as tandem.junit.xml, tandem.sarif, tandem.md and \
            tandem.report.json; without it a single format goes to standard output. \
            Findings: hunk verdicts that need a person are errors (hunk-failed, fork-conflict, upstream-drift, \
            ambiguous), already-applied is a note, a possible missed sibling fix (--siblings FILE.json from tandem \
            siblings --format json) is a warning (missed-sibling-fix), and with --max-drift N a copy whose drift (100 x (1 - \
            similarity)) at the newest drift snapshot is over N percent is a warning (drift-threshold). \
            Exit status: 0 nothing at or above the --fail-on level (error by default; warning; never); 1 findings \
            at that level; 2 trouble (unreadable or malformed input); 64 usage.
            """
    )

    enum Format: String, CaseIterable {
        case junit, sarif, markdown, json

        var fileName: String {
            switch self {
            case .junit: return "tandem.junit.xml"
            case .sarif: return "tandem.sarif"
            case .markdown: return "tandem.md"
            case .json: return "tandem.report.json"
            }
        }
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, never
    }

    @Option(name: .customLong("port"), help: "A tandem.port/1 file, or LABEL=FILE; repeat for several releases.")
    var ports: [String] = []

    @Option(help: "A tandem.siblings/1 file (tandem siblings --format json): each possible missed fix is a warning.")
    var siblings: String?

    @Option(
        help:
            "A tandem.hooks/2 file (tandem hooks --format json; /1 files are read too): sharing verdicts, shown, never findings."
    )
    var hooks: String?

    @Option(help: "A tandem.drift/2 (or /1) file, from tandem drift --format json.")
    var drift: String?

    @Option(help: "Port here: the upstream repository (with --range and --fork).")
    var upstream: String?

    @Option(help: "Port here: the upstream range A..B.")
    var range: String?

    @Option(help: "Port here: the fork tree (a directory or REPO@REV).")
    var fork: String?

    @Option(help: "The fork map (default: tandem.yml at the fork's root; with file inputs only, optional).")
    var map: String?

    @Option(help: "Comma-separated: junit, sarif, markdown, json.")
    var format: String = "junit,sarif,markdown,json"

    @Option(help: "Write each format to its file in DIR (created if missing).")
    var outputDir: String?

    @Option(help: "The lowest level that fails the job: error, warning or never.")
    var failOn: FailOn = .error

    @Option(help: "Allowed drift in percent (100 x (1 - similarity)) per copy at the newest drift snapshot.")
    var maxDrift: Double?

    @Option(help: "The report's title (default: what was reported on).")
    var title: String?

    var formats: [Format] {
        formatNames.compactMap { Format(rawValue: $0) }
    }

    var formatNames: [String] { format.split(separator: ",").map { String($0.filter { $0 != " " }) } }

    func validate() throws {
        let names = formatNames
        for name in names where Format(rawValue: name) == nil {
            throw ValidationError("--format: '\(name)' is not one of junit, sarif, markdown, json")
        }
        if names.isEmpty { throw ValidationError("--format: name at least one of junit, sarif, markdown, json") }
        if outputDir == nil && names.count > 1 {
            throw ValidationError("several formats need --output-dir DIR (one format alone goes to standard output)")
        }
        if (upstream == nil) != (range == nil) || (upstream == nil) != (fork == nil) {
            throw ValidationError("--upstream, --range and --fork go together")
        }
        if ports.isEmpty && drift == nil && upstream == nil && siblings == nil && hooks == nil {
            throw ValidationError(
                "nothing to report: give --port, --drift, --siblings, --hooks or --upstream/--range/--fork")
        }
        if let maxDrift, !(0...100).contains(maxDrift) {
            throw ValidationError("--max-drift is a percentage from 0 to 100")
        }
    }

    func run() throws {
        var job = ReportJob()
        (job.ports, job.drift, job.siblings, job.hooks) = (ports, drift, siblings, hooks)
        (job.upstream, job.range, job.fork, job.map, job.title, job.maxDrift) = (
            upstream, range, fork, map, title, maxDrift
        )
        let report = try job.run(messages: Console.messages)
        let outputs: [(Format, String)] = formats.map { format in
            switch format {
            case .junit: return (format, JUnitRenderer.render(report))
            case .sarif: return (format, SARIFRenderer.render(report, version: TandemCommand.version))
            case .markdown: return (format, MarkdownRenderer.render(report, failOn: failOn.rawValue))
            case .json: return (format, ReportJSONRenderer.render(report))
            }
        }
        if let outputDir {
            try Folder.create(outputDir)
            for (format, text) in outputs {
                try AtomicFile.write(Array(text.utf8), to: outputDir + "/" + format.fileName)
            }
            // Nothing else goes to standard output: say what was written and what it found, so an exit
            // status of 1 is never the only trace in a CI log.
            try Console.output(
                "reports: " + formats.map { outputDir + "/" + $0.fileName }.joined(separator: ", ")
                    + " (" + ReportJob.levelCounts(report) + ")\n")
        } else if let (_, text) = outputs.first {
            try Console.output(text)
        }
        let levels = Set(report.findings.map(\.level))
        switch failOn {
        case .error where levels.contains(.error): throw Failure.findings
        case .warning where levels.contains(.error) || levels.contains(.warning): throw Failure.findings
        default: return
        }
    }
}
