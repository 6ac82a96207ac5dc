import TandemCore

/// One report of what tandem found, for CI and dashboards: port verdicts (one per upstream hunk × copy, from
/// one or more runs, e.g. one per release), a drift series, and the thresholds that turn numbers into
/// findings. Every CI renderer (JUnit, SARIF, Markdown, JSON) and the dashboard read this one model, so the
/// formats cannot disagree.
public struct Report: Sendable {
    public static let schema = "tandem.report/1"

    /// A labelled set of port verdicts (`v2.6.12`, or the file it came from).
    public struct PortRun: Sendable, Equatable {
        public var label: String
        public var entries: [PortEntry]
        /// The run's notes that ask for action (a copy keeping functions upstream moved elsewhere).
        public var moves: [MoveNote]

        public init(label: String, entries: [PortEntry], moves: [MoveNote] = []) {
            self.label = label
            self.entries = entries
            self.moves = moves
        }
    }

    /// A copy that keeps functions upstream moved to another file (`MoveLedger`'s note).
    public struct MoveNote: Sendable, Equatable {
        public var upstreamPath: String
        public var copyPath: String
        public var message: String

        public init(upstreamPath: String, copyPath: String, message: String) {
            self.upstreamPath = upstreamPath
            self.copyPath = copyPath
            self.message = message
        }
    }

    /// One port verdict, flattened from `PortReport` or read from `tandem.port/1`.
    public struct PortEntry: Sendable, Equatable {
        public var upstreamPath: String
        /// 1-based hunk number; 0 for verdicts on a whole file.
        public var hunk: Int
        public var copyPath: String
        public var verdict: String
        public var reason: String
        /// Line in the copy (1-based; 0 when unknown).
        public var line: Int
        public var commit: String?
        /// For conflicts: the copy's lines and the hunk's pre- and post-image, with terminators.
        public var fork: [String]
        public var upstreamBefore: [String]
        public var upstreamAfter: [String]
        /// For `ambiguous`: the hunk (header line, then body lines, with terminators) and the copy's lines at
        /// each place it fits (`AmbiguousPlaces`).
        public var hunkText: [String]
        public var places: [Place]
        /// For `context-not-found`: `removed` or `rewritten` when the copy tells (`ForkRemoval`).
        public var removal: String?

        /// The copy's lines around one place an ambiguous hunk fits.
        public struct Place: Sendable, Equatable {
            /// 1-based line where the hunk's pre-image would start, and the line of `lines[0]`.
            public var line: Int
            public var firstLine: Int
            public var lines: [String]

            public init(line: Int, firstLine: Int, lines: [String]) {
                self.line = line
                self.firstLine = firstLine
                self.lines = lines
            }
        }

        public init(
            upstreamPath: String, hunk: Int, copyPath: String, verdict: String, reason: String, line: Int,
            commit: String? = nil, fork: [String] = [], upstreamBefore: [String] = [], upstreamAfter: [String] = [],
            hunkText: [String] = [], places: [Place] = [], removal: String? = nil
        ) {
            self.upstreamPath = upstreamPath
            self.hunk = hunk
            self.copyPath = copyPath
            self.verdict = verdict
            self.reason = reason
            self.line = line
            self.commit = commit
            self.fork = fork
            self.upstreamBefore = upstreamBefore
            self.upstreamAfter = upstreamAfter
            self.hunkText = hunkText
            self.places = places
            self.removal = removal
        }

        /// True when a person must act (the verdicts `PortVerdict.isFailure` names).
        public var isFailure: Bool {
            VerdictKind(rawValue: verdict)?.isFailure ?? false
        }
    }

    /// A drift series: its map (trees) and its measured snapshots, oldest first.
    public struct Drift: Sendable {
        public var map: ForkMap
        public var snapshots: [DriftSnapshot.Result]

        public init(map: ForkMap, snapshots: [DriftSnapshot.Result]) {
            self.map = map
            self.snapshots = snapshots
        }
    }

    /// A fix that changed one sibling and may be missing in another, read from `tandem.siblings/1`.
    public struct SiblingFix: Sendable, Equatable {
        /// The file the fix changed, its hunk, and the hunk's line there.
        public var path: String
        public var hunk: Int
        public var line: Int
        public var function: String?
        /// Where the sibling has the same code without the fix.
        public var siblingPath: String
        public var siblingLine: Int
        public var confidence: Double
        public var why: String
        public var hunkText: [String]
        /// The sibling's lines around the place, from two lines before `siblingLine` (empty when the file
        /// had none).
        public var siblingCode: [String]

        public init(
            path: String, hunk: Int, line: Int, function: String?, siblingPath: String, siblingLine: Int,
            confidence: Double, why: String, hunkText: [String], siblingCode: [String] = []
        ) {
            self.path = path
            self.hunk = hunk
            self.line = line
            self.function = function
            self.siblingPath = siblingPath
            self.siblingLine = siblingLine
            self.confidence = confidence
            self.why = why
            self.hunkText = hunkText
            self.siblingCode = siblingCode
        }
    }

    /// A copy's sharing verdict, read from `tandem.hooks/1`: share-now, cosmetic-sync, hook-points or
    /// keep-copy, with the hooks that would make it shareable.
    public struct HookCopy: Sendable, Equatable {
        public var upstream: String
        public var fork: String
        public var verdict: String
        public var reason: String
        public var copyLines: Int
        public var hooks: [String]

        public init(upstream: String, fork: String, verdict: String, reason: String, copyLines: Int, hooks: [String]) {
            self.upstream = upstream
            self.fork = fork
            self.verdict = verdict
            self.reason = reason
            self.copyLines = copyLines
            self.hooks = hooks
        }
    }

    /// An operation a fork substitutes, read from `tandem.hooks/2`: the dashboard's proposal table.
    public struct HookOperation: Sendable, Equatable {
        public var name: String
        public var kind: String
        public var group: String
        public var signature: String?
        public var sites: Int
        public var copiesFreed: Int

        public init(name: String, kind: String, group: String, signature: String?, sites: Int, copiesFreed: Int) {
            self.name = name
            self.kind = kind
            self.group = group
            self.signature = signature
            self.sites = sites
            self.copiesFreed = copiesFreed
        }
    }

    public var title: String
    public var ports: [PortRun]
    public var drift: Drift?
    /// Possible missed sibling fixes (`tandem siblings`): each a `missed-sibling-fix` warning.
    public var siblings: [SiblingFix] = []
    /// Sharing verdicts per copy (`tandem hooks`): shown on the dashboard, never findings.
    public var hooks: [HookCopy] = []
    /// The operations `tandem hooks` proposes (`tandem.hooks/2`), ranked.
    public var hookOperations: [HookOperation] = []
    /// Copies drifted more than this percentage (100·(1 − similarity)) at the newest snapshot are findings.
    public var maxDrift: Double?
    /// Where the trees come from when there is no drift series (the fork map), for grouping port verdicts.
    public var map: ForkMap?

    public init(title: String, ports: [PortRun] = [], drift: Drift? = nil, maxDrift: Double? = nil, map: ForkMap? = nil)
    {
        self.title = title
        self.ports = ports
        self.drift = drift
        self.maxDrift = maxDrift
        self.map = map
    }

    /// The trees (mappings) findings are grouped by: the drift series' map, else the given map.
    public var mappings: [ForkMapping] { drift?.map.mappings ?? map?.mappings ?? [] }

    /// The tree a copy belongs to (the first mapping whose fork side covers it), or nil.
    public func tree(of copyPath: String) -> Int? {
        let bytes = Array(copyPath.utf8)
        return mappings.firstIndex { $0.fork.captures(bytes) != nil }
    }

    /// Every finding, most severe first, then by copy path, line and rule.
    public var findings: [Finding] {
        var out: [Finding] = []
        for run in ports {
            for entry in run.entries {
                guard let rule = Finding.Rule(verdict: entry.verdict, removal: entry.removal) else { continue }
                var message = entry.reason
                if entry.hunk > 0 { message = "\(entry.upstreamPath) hunk \(entry.hunk): " + message }
                if ports.count > 1 { message = "[\(run.label)] " + message }
                out.append(
                    Finding(
                        rule: rule, copyPath: entry.copyPath, line: entry.line, message: message,
                        upstreamPath: entry.upstreamPath, hunk: entry.hunk, release: run.label,
                        fingerprint: Finding.fingerprint(
                            rule.id, entry.copyPath, entry.upstreamPath,
                            entry.upstreamBefore.isEmpty ? "hunk \(entry.hunk)" : entry.upstreamBefore.joined()),
                        tree: tree(of: entry.copyPath)))
            }
        }
        for run in ports {
            for note in run.moves {
                out.append(
                    Finding(
                        rule: .movedElsewhere, copyPath: note.copyPath, line: 0,
                        message: (ports.count > 1 ? "[\(run.label)] " : "") + note.message,
                        upstreamPath: note.upstreamPath, hunk: 0, release: run.label,
                        fingerprint: Finding.fingerprint(
                            "moved-elsewhere", note.copyPath, note.upstreamPath, note.message),
                        tree: tree(of: note.copyPath)))
            }
        }
        for fix in siblings {
            let place = fix.function.map { " in \($0)()" } ?? ""
            out.append(
                Finding(
                    rule: .missedSiblingFix, copyPath: fix.siblingPath, line: fix.siblingLine,
                    message:
                        "possible missed fix: \(fix.path) hunk \(fix.hunk)\(place) did not reach this sibling: \(fix.why) (confidence \(DriftFormat.fixed(fix.confidence, 2)))",
                    upstreamPath: fix.path, hunk: fix.hunk, release: "siblings",
                    fingerprint: Finding.fingerprint(
                        "missed-sibling-fix", fix.siblingPath, fix.path, fix.hunkText.joined(separator: "\n")),
                    tree: tree(of: fix.siblingPath)))
        }
        if let maxDrift, let newest = drift?.snapshots.last {
            for row in newest.rows {
                let percent = 100 * (1 - row.drift.similarity)
                guard percent > maxDrift else { continue }
                let copy = JSONText.pathText(row.pair.fork)
                let original = row.pair.upstream.map(JSONText.pathText)
                let what = original.map { "differs from \($0)" } ?? "has no original upstream"
                out.append(
                    Finding(
                        rule: .driftThreshold, copyPath: copy, line: 0,
                        message:
                            "drift \(DriftFormat.fixed(percent, 1))% over the limit \(DriftFormat.fixed(maxDrift, 1))%: the copy \(what) (similarity \(DriftFormat.fixed(row.drift.similarity)), \(row.drift.forkOnlyLines) fork-only and \(row.drift.upstreamOnlyLines) upstream-only lines) at \(newest.info.label)",
                        upstreamPath: original ?? "", hunk: 0, release: newest.info.label,
                        fingerprint: Finding.fingerprint("drift-threshold", copy, original ?? ""), tree: row.pair.tree))
            }
        }
        return out.sorted {
            ($0.level.rank, $0.copyPath, $0.line, $0.rule.id, $0.message) < (
                $1.level.rank, $1.copyPath, $1.line, $1.rule.id, $1.message
            )
        }
    }

    /// Port verdict counts over every run, by verdict label.
    public var verdictCounts: [(verdict: String, count: Int)] {
        var counts: [String: Int] = [:]
        for run in ports { for entry in run.entries { counts[entry.verdict, default: 0] += 1 } }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// A finding: something a maintainer should look at, with a stable rule, a level, a place in a copy, and a
/// fingerprint that does not change when lines shift (for SARIF's `partialFingerprints`).
public struct Finding: Sendable, Equatable {
    public enum Rule: Sendable, CaseIterable {
        /// Port verdicts that could not carry a hunk (context not found, copy missing, binary, original
        /// deleted or renamed upstream).
        case hunkFailed
        case forkConflict
        case upstreamDrift
        case ambiguous
        case review
        case alreadyApplied
        case missedSiblingFix
        case driftThreshold
        /// A copy keeps functions upstream moved to another file (a port note).
        case movedElsewhere
        /// A hunk nowhere in the copy because the fork removed the code it changes (`context-not-found`
        /// with `removal: removed`): most likely nothing to port, so a warning, not an error.
        case forkRemoved

        /// The rule of a port verdict; nil for verdicts that need nothing (ported, shared, flagged, new file)
        /// and for a name that is no verdict. `removal` is the entry's `removal` (any other value than
        /// `removed` leaves a `context-not-found` a failed hunk).
        init?(verdict: String, removal: String? = nil) {
            guard let kind = VerdictKind(rawValue: verdict) else { return nil }
            if kind == .contextNotFound, removal == ForkRemoval.removedLabel {
                self = .forkRemoved
                return
            }
            switch kind {
            case .forkConflict: self = .forkConflict
            case .upstreamDrift: self = .upstreamDrift
            case .ambiguous: self = .ambiguous
            case .review: self = .review
            case .alreadyApplied: self = .alreadyApplied
            case .contextNotFound, .missingForkFile, .binary, .upstreamDeleted, .upstreamRenamed: self = .hunkFailed
            case .ported, .shared, .flagged, .newUpstreamFile: return nil
            }
        }

        /// The stable rule id (SARIF's `ruleId`): the verdict's own name where the rule is one verdict.
        public var id: String {
            switch self {
            case .hunkFailed: return "hunk-failed"
            case .forkConflict: return VerdictKind.forkConflict.rawValue
            case .upstreamDrift: return VerdictKind.upstreamDrift.rawValue
            case .ambiguous: return VerdictKind.ambiguous.rawValue
            case .review: return VerdictKind.review.rawValue
            case .alreadyApplied: return VerdictKind.alreadyApplied.rawValue
            case .missedSiblingFix: return "missed-sibling-fix"
            case .driftThreshold: return "drift-threshold"
            case .movedElsewhere: return "moved-elsewhere"
            case .forkRemoved: return "fork-removed"
            }
        }

        public var level: Level {
            switch self {
            case .hunkFailed, .forkConflict, .upstreamDrift, .ambiguous, .review: return .error
            case .missedSiblingFix, .driftThreshold, .movedElsewhere, .forkRemoved: return .warning
            case .alreadyApplied: return .note
            }
        }

        /// One line on what the rule means (SARIF's rule description, Markdown's legend).
        public var summary: String {
            switch self {
            case .hunkFailed:
                return
                    "An upstream hunk could not be carried to the copy (context not found, copy missing, binary, or original deleted upstream)."
            case .forkConflict: return "The fork changed the lines an upstream hunk changes: merge by hand."
            case .upstreamDrift:
                return "The copy lacks an earlier upstream change the hunk's context assumes: port that change first."
            case .ambiguous: return "The hunk fits at two or more places in the copy; tandem never picks one."
            case .review:
                return
                    "The hunk would apply, but the copy shows the fork may not want it: decide, then accept it or leave it."
            case .alreadyApplied: return "The copy already has the upstream change."
            case .missedSiblingFix: return "A fix reached one sibling architecture but not the other."
            case .driftThreshold: return "A copy has drifted from its original more than the allowed percentage."
            case .movedElsewhere:
                return
                    "Upstream moved functions to another file and the copy keeps its own: built together, each is defined twice."
            case .forkRemoved:
                return
                    "The fork removed the code an upstream hunk changes (none of its lines is in the copy): most likely nothing to port."
            }
        }
    }

    public enum Level: String, Sendable {
        case error, warning, note
        /// 0 for the most severe.
        public var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    }

    public var rule: Rule
    public var level: Level { rule.level }
    public var copyPath: String
    /// 1-based line in the copy; 0 when the finding is about the whole file.
    public var line: Int
    public var message: String
    public var upstreamPath: String
    public var hunk: Int
    /// The port run (release) or drift snapshot it came from.
    public var release: String
    public var fingerprint: String
    /// The tree (mapping index) of the copy, when known.
    public var tree: Int?

    /// 64-bit FNV-1a over the parts, as 16 hex digits: stable across runs and line shifts.
    public static func fingerprint(_ parts: String...) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
