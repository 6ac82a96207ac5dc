import TandemCore

/// Fills the report model from tandem's own outputs: a `PortReport` in memory, or `tandem.port/1`,
/// `tandem.drift/2` (and `/1`), `tandem.siblings/1` and `tandem.hooks/2` (and `/1`) files read back (`JSONValue`). Every problem is
/// one "name:line: field: what" line (`InputObject`), and every number is checked to be in range as it is
/// read, so no renderer can trap on a damaged or hostile file.
public enum ReportInput {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(_ message: String) { self.message = message }
    }

    /// The entries of an in-memory port run.
    public static func portRun(label: String, report: PortReport) -> Report.PortRun {
        Report.PortRun(
            label: label,
            entries: report.entries.map { entry in
                var conflict: HunkConflict?
                switch entry.verdict {
                case .forkConflict(let c): conflict = c
                case .upstreamDrift(let c, _): conflict = c
                default: break
                }
                let commit = entry.commit?.id
                func lines(_ list: [Bytes]?) -> [String] { (list ?? []).map { JSONText.pathText(Array($0)) } }
                return Report.PortEntry(
                    upstreamPath: JSONText.pathText(entry.upstreamPath), hunk: entry.hunk,
                    copyPath: JSONText.pathText(entry.copyPath), verdict: entry.verdict.label,
                    reason: entry.verdict.message, line: entry.line, commit: commit,
                    fork: lines(conflict?.ours), upstreamBefore: lines(conflict?.base),
                    upstreamAfter: lines(conflict?.theirs),
                    hunkText: lines(entry.places?.hunk),
                    places: (entry.places?.places ?? []).map {
                        Report.PortEntry.Place(line: $0.line, firstLine: $0.firstLine, lines: lines($0.lines))
                    }, removal: entry.verdict.removal?.label)
            },
            moves: report.notes.filter { $0.kind == .movedElsewhere }.map {
                Report.MoveNote(
                    upstreamPath: JSONText.pathText($0.upstreamPath), copyPath: JSONText.pathText($0.copyPath),
                    message: $0.message)
            })
    }

    /// A `tandem.port/1` file (`name` is used in messages). An unknown verdict is a problem, not a verdict
    /// that needs nobody: a report must not say "nothing to do" about what it cannot read.
    public static func portRun(label: String, bytes: [UInt8], name: String) throws(Problem) -> Report.PortRun {
        let json = try parse(bytes, name: name, schema: PortJSONRenderer.schema)
        guard let entries = json.list("entries") else { throw json.problem("no 'entries' list") }
        var out: [Report.PortEntry] = []
        out.reserveCapacity(entries.count)
        for entry in entries {
            var places: [Report.PortEntry.Place] = []
            for place in entry.list("places") ?? [] {
                places.append(
                    Report.PortEntry.Place(
                        line: try place.number("line", .line), firstLine: try place.number("firstLine", .line),
                        lines: place.strings("lines")))
            }
            out.append(
                Report.PortEntry(
                    upstreamPath: try entry.string("upstreamPath"), hunk: try entry.number("hunk", .hunkOrZero),
                    copyPath: try entry.string("copyPath"),
                    verdict: try entry.name("verdict", "verdict", known: PortVerdict.labels),
                    reason: try entry.string("reason"), line: try entry.number("line", .lineOrZero),
                    commit: entry["commit"]?.string, fork: entry.strings("fork"),
                    upstreamBefore: entry.strings("upstreamBefore"), upstreamAfter: entry.strings("upstreamAfter"),
                    hunkText: entry.strings("hunkText"), places: places, removal: entry["removal"]?.string))
        }
        var moves: [Report.MoveNote] = []
        for note in json.list("notes") ?? [] where note["kind"]?.string == PortReport.Note.Kind.movedElsewhere.rawValue
        {
            moves.append(
                Report.MoveNote(
                    upstreamPath: try note.string("upstreamPath"), copyPath: try note.string("copyPath"),
                    message: try note.string("message")))
        }
        return Report.PortRun(label: label, entries: out, moves: moves)
    }

    /// A `tandem.drift/2` file, or a `tandem.drift/1` file of earlier releases (the two differ in their
    /// totals and summary, which are not read: totals are summed again from the pairs, fork-only files
    /// apart). Besides each number's range, a snapshot's counts must add up to at most 2^53 (its totals, and
    /// the dashboard's sums, then cannot overflow), a pair's guarded fork lines are among its fork-only
    /// lines, and a next port's failed hunks are among its hunks.
    public static func drift(bytes: [UInt8], name: String) throws(Problem) -> Report.Drift {
        let json: InputObject
        do { json = try parse(bytes, name: name, schema: DriftJSONRenderer.schema) } catch {
            guard (try? parse(bytes, name: name, schema: "tandem.drift/1")) != nil else { throw error }
            json = try parse(bytes, name: name, schema: "tandem.drift/1")
        }
        guard let trees = json.list("trees"), let snapshots = json.list("snapshots") else {
            throw json.problem("'trees' and 'snapshots' lists are required")
        }
        var map = ForkMap(guards: json.strings("guards"))
        for tree in trees {
            guard let upstream = tree["upstream"]?.string, let fork = tree["fork"]?.string else {
                throw tree.problem("'upstream' and 'fork' are required")
            }
            map.mappings.append(
                ForkMapping(upstream: upstream, fork: fork, line: try tree.number("line", .lineOrZero, fallback: 0)))
        }
        let counts = ["sharedLines", "forkOnlyLines", "upstreamOnlyLines", "divergentRegions", "guardedForkLines"]
        var results: [DriftSnapshot.Result] = []
        for snapshot in snapshots {
            guard let label = snapshot["label"]?.string, let pairs = snapshot.list("pairs") else {
                throw snapshot.problem("'label' and 'pairs' are required")
            }
            let info = DriftSnapshot.Info(
                label: label, time: try snapshot.optionalNumber("time", .seconds).map(Int64.init),
                revision: snapshot["revision"]?.string, upstreamRevision: snapshot["upstreamRevision"]?.string,
                version: snapshot["version"]?.string, approximate: try snapshot.flag("approximate"))
            var sums = [Int](repeating: 0, count: counts.count + 2)
            func add(_ value: Int, _ index: Int, _ pair: InputObject, _ key: String) throws(Problem) {
                sums[index] += value  // both at most 2^53: no overflow
                guard sums[index] <= InputObject.Whole.limit else {
                    throw pair.problem("the snapshot's '\(key)' add up to more than 2^53", at: key)
                }
            }
            var rows: [DriftRow] = []
            rows.reserveCapacity(pairs.count)
            for pair in pairs {
                guard let fork = pair["fork"]?.string, let tree = pair["tree"]?.int, tree >= 0,
                    tree < map.mappings.count, pair.member("similarity") != nil
                else {
                    throw pair.problem("'fork', 'tree' (an index into trees) and 'similarity' are required")
                }
                var values: [Int] = []
                for (index, key) in counts.enumerated() {
                    let value = try pair.number(key, .count)
                    try add(value, index, pair, key)
                    values.append(value)
                }
                guard values[4] <= values[1] else {
                    throw pair.problem(
                        "\(values[4]) guarded fork lines are more than the \(values[1]) fork-only lines",
                        at: "guardedForkLines")
                }
                let drift = PairDrift(
                    identical: try pair.flag("identical"),
                    identicalIgnoringWhitespace: try pair.flag("identicalIgnoringWhitespace"),
                    similarity: try pair.fraction("similarity"), sharedLines: values[0], forkOnlyLines: values[1],
                    upstreamOnlyLines: values[2], divergentRegions: values[3], guardedForkLines: values[4],
                    changedFunctions: pair.strings("changedFunctions"))
                var cost: PortCost?
                if let port = pair.object("nextPort") {
                    let hunks = try port.number("hunks", .count), failed = try port.number("failed", .count)
                    guard failed <= hunks else {
                        throw port.problem("\(failed) failed hunks are more than the \(hunks) hunks", at: "failed")
                    }
                    try add(hunks, counts.count, port, "hunks")
                    try add(failed, counts.count + 1, port, "failed")
                    cost = PortCost(hunks: hunks, failed: failed)
                }
                rows.append(
                    DriftRow(
                        pair: DriftPair(
                            tree: tree, upstream: pair["upstream"]?.string.map { Array($0.utf8) },
                            fork: Array(fork.utf8)),
                        drift: drift, cost: cost, reused: try pair.flag("reused")))
            }
            results.append(DriftSnapshot.Result(info: info, rows: rows, treeCount: map.mappings.count))
        }
        return Report.Drift(map: map, snapshots: results)
    }

    /// The possible missed fixes of a `tandem.siblings/1` file.
    public static func siblings(bytes: [UInt8], name: String) throws(Problem) -> [Report.SiblingFix] {
        let json = try parse(bytes, name: name, schema: "tandem.siblings/1")
        guard let missed = json.list("missed") else { throw json.problem("no 'missed' list") }
        var out: [Report.SiblingFix] = []
        for fix in missed {
            guard let path = fix["path"]?.string, fix.member("hunk") != nil,
                let siblingPath = fix["siblingPath"]?.string,
                fix.member("siblingLine") != nil, fix.member("confidence") != nil
            else {
                throw fix.problem("'path', 'hunk', 'siblingPath', 'siblingLine' and 'confidence' are required")
            }
            out.append(
                Report.SiblingFix(
                    path: path, hunk: try fix.number("hunk", .hunk),
                    line: try fix.number("line", .lineOrZero, fallback: 0),
                    function: fix["function"]?.string, siblingPath: siblingPath,
                    siblingLine: try fix.number("siblingLine", .line), confidence: try fix.fraction("confidence"),
                    why: fix["why"]?.string ?? "", hunkText: fix.strings("hunkText"),
                    siblingCode: fix.strings("siblingCode")))
        }
        return out
    }

    /// The copies of a `tandem.hooks/2` file (or a `tandem.hooks/1` file of earlier releases), with the
    /// operations each one needs (in `/1`, the hooks its differences name). An unknown verdict is a problem
    /// (the dashboard counts copies by verdict).
    public static func hooks(bytes: [UInt8], name: String) throws(Problem) -> [Report.HookCopy] {
        let json: InputObject
        do { json = try parse(bytes, name: name, schema: "tandem.hooks/2") } catch {
            guard (try? parse(bytes, name: name, schema: "tandem.hooks/1")) != nil else { throw error }
            json = try parse(bytes, name: name, schema: "tandem.hooks/1")
        }
        let second = json["schema"]?.string == "tandem.hooks/2"
        guard let copies = json.list("copies") else { throw json.problem("no 'copies' list") }
        var out: [Report.HookCopy] = []
        for copy in copies {
            guard let upstream = copy["upstream"]?.string, let fork = copy["fork"]?.string,
                copy["verdict"]?.string != nil
            else {
                throw copy.problem("'upstream', 'fork' and 'verdict' are required")
            }
            let verdict = try copy.name("verdict", "verdict", known: HookAnalysis.Verdict.allCases.map(\.rawValue))
            let hooks =
                second
                ? (copy["operations"]?.array ?? []).compactMap(\.string)
                : (copy["differences"]?.array ?? []).compactMap { $0["hook"]?.string }
            out.append(
                Report.HookCopy(
                    upstream: upstream, fork: fork, verdict: verdict, reason: copy["reason"]?.string ?? "",
                    copyLines: try copy.number("copyLines", .count, fallback: 0), hooks: hooks))
        }
        return out
    }

    /// The operations of a `tandem.hooks/2` file (none in a `tandem.hooks/1` file), in its rank order.
    public static func hookOperations(bytes: [UInt8], name: String) throws(Problem) -> [Report.HookOperation] {
        guard let json = try? parse(bytes, name: name, schema: "tandem.hooks/2") else { return [] }
        var out: [Report.HookOperation] = []
        for operation in json.list("operations") ?? [] {
            guard let name = operation["name"]?.string else { throw operation.problem("'name' is required") }
            out.append(
                Report.HookOperation(
                    name: name, kind: operation["kind"]?.string ?? "", group: operation["group"]?.string ?? "",
                    signature: operation["signature"]?.string, sites: operation["sites"]?.array?.count ?? 0,
                    copiesFreed: try operation.number("copiesFreed", .count, fallback: 0)))
        }
        return out
    }

    static func parse(_ bytes: [UInt8], name: String, schema: String) throws(Problem) -> InputObject {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch { throw Problem("\(name): \(error.description)") }
        let found = json["schema"]?.string
        guard found == schema else {
            throw Problem("\(name): not a \(schema) file (schema is \(found.map { "'\($0)'" } ?? "missing"))")
        }
        return InputObject(document: json, source: InputObject.Source(name: name, bytes: bytes))
    }
}
