import TandemCore
import TandemIO
import TandemReport

/// `tandem report` and `tandem dashboard` as a use case: the inputs (port verdict files, a drift series,
/// siblings and hooks analyses, or a port run done here from upstream history) read into one `Report`,
/// the model every CI renderer reads. Malformed input throws `ReportInput.Problem` naming the file.
public struct ReportJob {
    /// `tandem.port/1` files, each `LABEL=FILE` or `FILE`.
    public var ports: [String] = []
    public var drift: String?
    public var siblings: String?
    public var hooks: String?
    /// A port run done here: the upstream repository, range and fork tree, with the map.
    public var upstream: String?
    public var range: String?
    public var fork: String?
    public var map: String?
    public var title: String?
    public var maxDrift: Double?

    public init() {}

    /// The report, titled `title` or by what it covers.
    public func run(messages: Messages) throws -> Report {
        var report = Report(title: title ?? "", maxDrift: maxDrift)
        var what: [String] = []
        for item in ports {
            let (label, path) = Self.labelled(item)
            report.ports.append(try ReportInput.portRun(label: label, bytes: try ByteFile.read(path), name: path))
            what.append(label)
        }
        if let drift {
            report.drift = try ReportInput.drift(bytes: try ByteFile.read(drift), name: drift)
            what.append("drift to \(report.drift?.snapshots.last?.info.label ?? "?")")
        }
        what += try Self.addAnalyses(to: &report, siblings: siblings, hooks: hooks)
        if let map, fork == nil {
            report.map = try ForkMapLoader.load(try ByteFile.read(map), name: map)
        }
        if let upstream, let range, let fork {
            let specs = TreeSpec()
            let forkTree = try specs.open(fork)
            let forkMap = try MapLookup.load(map, tree: forkTree, treeName: fork, needs: .forks, messages: messages).map
            let steps = try PortSession.steps(
                upstream: upstream, range: range, perCommit: false, specs: specs, messages: messages)
            let session = try PortSession.run(
                steps, map: forkMap, fork: forkTree, options: Porter.Options(strip: 1, maxFuzz: 2),
                carryOriginals: false)
            report.ports.append(ReportInput.portRun(label: range, report: session.report))
            report.map = forkMap
            what.append(range)
        }
        if report.title.isEmpty { report.title = what.joined(separator: ", ") }
        return report
    }

    /// Reads `tandem siblings` and `tandem hooks` JSON into the report; returns what they add to a title.
    public static func addAnalyses(to report: inout Report, siblings: String?, hooks: String?) throws -> [String] {
        var what: [String] = []
        if let siblings {
            report.siblings = try ReportInput.siblings(bytes: try ByteFile.read(siblings), name: siblings)
            what.append("siblings")
        }
        if let hooks {
            let bytes = try ByteFile.read(hooks)
            report.hooks = try ReportInput.hooks(bytes: bytes, name: hooks)
            report.hookOperations = try ReportInput.hookOperations(bytes: bytes, name: hooks)
            what.append("hooks")
        }
        return what
    }

    /// "2 errors, 1 warning, 0 notes": the findings per level.
    public static func levelCounts(_ report: Report) -> String {
        [(Finding.Level.error, "error"), (.warning, "warning"), (.note, "note")].map { level, name in
            let count = report.findings.filter { $0.level == level }.count
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }.joined(separator: ", ")
    }

    /// `LABEL=FILE` or `FILE` (labelled by its name without folders and `.json`).
    public static func labelled(_ item: String) -> (label: String, path: String) {
        if let equals = item.firstIndex(of: "="), equals != item.startIndex {
            return (String(item[..<equals]), String(item[item.index(after: equals)...]))
        }
        var name = item.split(separator: "/").last.map(String.init) ?? item
        if name.hasSuffix(".json") { name.removeLast(5) }
        return (name, item)
    }
}
