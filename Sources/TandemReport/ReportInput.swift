import TandemCore

/// Fills the report model from tandem's own outputs: a `PortReport` in memory, or `tandem.port/1`,
/// `tandem.drift/1`, `tandem.siblings/1` and `tandem.hooks/1` files read back (`JSONValue`). Every problem is one "name: where: what" line.
public enum ReportInput {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(_ message: String) { self.message = message }
    }

    /// The entries of an in-memory port run.
    public static func portRun(label: String, report: PortReport) -> Report.PortRun {
        Report.PortRun(label: label, entries: report.entries.map { entry in
            var commit: String?, conflict: HunkConflict?
            switch entry.verdict {
            case .forkConflict(let c): conflict = c
            case .upstreamDrift(let c, let named): conflict = c; commit = named
            default: break
            }
            func lines(_ list: [Bytes]?) -> [String] { (list ?? []).map { JSONText.pathText(Array($0)) } }
            return Report.PortEntry(upstreamPath: JSONText.pathText(entry.upstreamPath), hunk: entry.hunk,
                                    copyPath: JSONText.pathText(entry.copyPath), verdict: entry.verdict.label,
                                    reason: entry.verdict.message, line: entry.line, commit: commit,
                                    fork: lines(conflict?.ours), upstreamBefore: lines(conflict?.base), upstreamAfter: lines(conflict?.theirs))
        })
    }

    /// A `tandem.port/1` file (`name` is used in messages).
    public static func portRun(label: String, bytes: [UInt8], name: String) throws(Problem) -> Report.PortRun {
        let json = try parse(bytes, name: name, schema: PortJSONRenderer.schema)
        guard let entries = json["entries"]?.array else { throw Problem("\(name): no 'entries' list") }
        var out: [Report.PortEntry] = []
        for (index, entry) in entries.enumerated() {
            func text(_ key: String) throws(Problem) -> String {
                guard let value = entry[key]?.string else { throw Problem("\(name): entries[\(index)]: '\(key)' is missing or not a string") }
                return value
            }
            func number(_ key: String) throws(Problem) -> Int {
                guard let value = entry[key]?.int else { throw Problem("\(name): entries[\(index)]: '\(key)' is missing or not a whole number") }
                return value
            }
            func lines(_ key: String) -> [String] { entry[key]?.array?.compactMap(\.string) ?? [] }
            out.append(Report.PortEntry(upstreamPath: try text("upstreamPath"), hunk: try number("hunk"), copyPath: try text("copyPath"),
                                        verdict: try text("verdict"), reason: try text("reason"), line: try number("line"),
                                        commit: entry["commit"]?.string, fork: lines("fork"),
                                        upstreamBefore: lines("upstreamBefore"), upstreamAfter: lines("upstreamAfter")))
        }
        return Report.PortRun(label: label, entries: out)
    }

    /// A `tandem.drift/1` file.
    public static func drift(bytes: [UInt8], name: String) throws(Problem) -> Report.Drift {
        let json = try parse(bytes, name: name, schema: "tandem.drift/1")
        guard let trees = json["trees"]?.array, let snapshots = json["snapshots"]?.array else {
            throw Problem("\(name): 'trees' and 'snapshots' lists are required")
        }
        var map = ForkMap(guards: json["guards"]?.array?.compactMap(\.string) ?? [])
        for (index, tree) in trees.enumerated() {
            guard let upstream = tree["upstream"]?.string, let fork = tree["fork"]?.string else {
                throw Problem("\(name): trees[\(index)]: 'upstream' and 'fork' are required")
            }
            map.mappings.append(ForkMapping(upstream: upstream, fork: fork, line: tree["line"]?.int ?? 0))
        }
        var results: [DriftSnapshot.Result] = []
        for (s, snapshot) in snapshots.enumerated() {
            guard let label = snapshot["label"]?.string, let pairs = snapshot["pairs"]?.array else {
                throw Problem("\(name): snapshots[\(s)]: 'label' and 'pairs' are required")
            }
            let info = DriftSnapshot.Info(label: label, time: snapshot["time"]?.int.map(Int64.init), revision: snapshot["revision"]?.string,
                                          upstreamRevision: snapshot["upstreamRevision"]?.string, version: snapshot["version"]?.string)
            var rows: [DriftRow] = []
            for (p, pair) in pairs.enumerated() {
                func number(_ key: String) throws(Problem) -> Int {
                    guard let value = pair[key]?.int else { throw Problem("\(name): snapshots[\(s)].pairs[\(p)]: '\(key)' is missing") }
                    return value
                }
                guard let fork = pair["fork"]?.string, let tree = pair["tree"]?.int, tree >= 0, tree < map.mappings.count,
                      let similarity = pair["similarity"]?.double else {
                    throw Problem("\(name): snapshots[\(s)].pairs[\(p)]: 'fork', 'tree' (an index into trees) and 'similarity' are required")
                }
                let drift = PairDrift(identical: pair["identical"]?.bool ?? false,
                                      identicalIgnoringWhitespace: pair["identicalIgnoringWhitespace"]?.bool ?? false,
                                      similarity: similarity, sharedLines: try number("sharedLines"), forkOnlyLines: try number("forkOnlyLines"),
                                      upstreamOnlyLines: try number("upstreamOnlyLines"), divergentRegions: try number("divergentRegions"),
                                      guardedForkLines: try number("guardedForkLines"),
                                      changedFunctions: pair["changedFunctions"]?.array?.compactMap(\.string) ?? [])
                let port = pair["nextPort"]
                let cost = port.flatMap { port in port["hunks"]?.int.flatMap { hunks in port["failed"]?.int.map { PortCost(hunks: hunks, failed: $0) } } }
                rows.append(DriftRow(pair: DriftPair(tree: tree, upstream: pair["upstream"]?.string.map { Array($0.utf8) }, fork: Array(fork.utf8)),
                                     drift: drift, cost: cost, reused: pair["reused"]?.bool ?? false))
            }
            results.append(DriftSnapshot.Result(info: info, rows: rows, treeCount: map.mappings.count))
        }
        return Report.Drift(map: map, snapshots: results)
    }

    /// The possible missed fixes of a `tandem.siblings/1` file.
    public static func siblings(bytes: [UInt8], name: String) throws(Problem) -> [Report.SiblingFix] {
        let json = try parse(bytes, name: name, schema: "tandem.siblings/1")
        guard let missed = json["missed"]?.array else { throw Problem("\(name): no 'missed' list") }
        var out: [Report.SiblingFix] = []
        for (index, fix) in missed.enumerated() {
            guard let path = fix["path"]?.string, let hunk = fix["hunk"]?.int, let siblingPath = fix["siblingPath"]?.string,
                  let siblingLine = fix["siblingLine"]?.int, let confidence = fix["confidence"]?.double else {
                throw Problem("\(name): missed[\(index)]: 'path', 'hunk', 'siblingPath', 'siblingLine' and 'confidence' are required")
            }
            out.append(Report.SiblingFix(path: path, hunk: hunk, line: fix["line"]?.int ?? 0, function: fix["function"]?.string,
                                         siblingPath: siblingPath, siblingLine: siblingLine, confidence: confidence,
                                         why: fix["why"]?.string ?? "", hunkText: fix["hunkText"]?.array?.compactMap(\.string) ?? []))
        }
        return out
    }

    /// The copies of a `tandem.hooks/1` file, with the hooks each one's differences name.
    public static func hooks(bytes: [UInt8], name: String) throws(Problem) -> [Report.HookCopy] {
        let json = try parse(bytes, name: name, schema: "tandem.hooks/1")
        guard let copies = json["copies"]?.array else { throw Problem("\(name): no 'copies' list") }
        var out: [Report.HookCopy] = []
        for (index, copy) in copies.enumerated() {
            guard let upstream = copy["upstream"]?.string, let fork = copy["fork"]?.string, let verdict = copy["verdict"]?.string else {
                throw Problem("\(name): copies[\(index)]: 'upstream', 'fork' and 'verdict' are required")
            }
            let hooks = (copy["differences"]?.array ?? []).compactMap { $0["hook"]?.string }
            out.append(Report.HookCopy(upstream: upstream, fork: fork, verdict: verdict, reason: copy["reason"]?.string ?? "",
                                       copyLines: copy["copyLines"]?.int ?? 0, hooks: hooks))
        }
        return out
    }

    static func parse(_ bytes: [UInt8], name: String, schema: String) throws(Problem) -> JSONValue {
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch { throw Problem("\(name): \(error.description)") }
        let found = json["schema"]?.string
        guard found == schema else {
            throw Problem("\(name): not a \(schema) file (schema is \(found.map { "'\($0)'" } ?? "missing"))")
        }
        return json
    }
}
