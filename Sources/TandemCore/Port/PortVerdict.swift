/// The verdict on one upstream hunk (or file) for one forked copy: what `tandem port` did and, when it did
/// not port, what the maintainer should do.
public enum PortVerdict: Sendable, Equatable {
    /// Placed on the copy (step, line, confidence in the placement).
    case ported(Placement)
    /// The copy already has the change.
    case alreadyApplied(line: Int)
    /// The fork changed the lines the hunk changes: merge by hand (the conflict shows both sides).
    case forkConflict(HunkConflict)
    /// The copy lacks an earlier upstream change that the hunk's context assumes; `commit` names it when
    /// history was available.
    case upstreamDrift(HunkConflict?, commit: String)
    /// Two or more equally good places in the copy.
    case ambiguous(lines: [Int], note: String?)
    /// The context is not in the copy. Without a base tandem cannot say whether the fork changed it or the
    /// copy is behind (give `--base` or `--upstream`); with one (`withBase`), the base does not place it
    /// either: the fork removed or rewrote the lines around it, and `removal` says which when the copy
    /// tells (`ForkRemoval`).
    case contextNotFound(hint: String?, withBase: Bool = false, removal: ForkRemoval? = nil)
    /// The map names a copy that does not exist.
    case missingForkFile
    /// The copy does not exist because the build shares the original unmodified (the shared list names it):
    /// nothing to port.
    case shared
    /// A binary file patch: reported, not ported.
    case binary
    /// Upstream removed (or renamed) the original; the copy is still there: decide its fate. `forkChanged`:
    /// the entry is about a file the fork holds itself, which upstream removes and the fork changed (its
    /// text is not the removal's), or renames where the rename does not apply: it is kept.
    case upstreamDeleted(renamedTo: [UInt8]?, forkChanged: Bool = false)
    /// Upstream added a file where the map has copies: copy it or share it?
    case newUpstreamFile
    /// The mapping's policy is `flag`: the twin exists and the hunk would apply (or not); a person decides.
    /// `byUpstream`: the patch changes the copy itself and leaves this hunk out of it (`PatchedCopies`).
    case flagged(wouldApply: Bool, byUpstream: Bool = false)
    /// The hunk would apply (the placement says where and how), but the copy holds evidence that the fork
    /// does not want it (`PortRisk`): left out of the rewritten patch and `--apply` unless accepted.
    case review(Placement, reasons: [String])
    /// Upstream renamed the original (from `from` to the entry's upstream path) while the fork keeps the copy
    /// at its old path: the rename's changes were ported onto that copy, but the map now pairs the original
    /// with `mappedCopy` (nil: with no copy), so the next port will not find it. Rename the copy, or map it.
    case upstreamRenamed(from: [UInt8], mappedCopy: [UInt8]?)

    /// The verdict as a report keeps it: the lines reports show (a conflict's fork, base and upstream
    /// lines) in storage of their own, and the lines they do not (a placement's replacement, a conflict's
    /// merged region) dropped. Line slices would pin the whole patch piece and the whole copy they came
    /// from, so a long port would keep all its input alive through its verdicts.
    public var detached: PortVerdict {
        func own(_ lines: [Bytes]) -> [Bytes] { lines.map { Array($0)[...] } }
        func own(_ conflict: HunkConflict) -> HunkConflict {
            HunkConflict(
                targetIndex: conflict.targetIndex, targetCount: conflict.targetCount, ours: own(conflict.ours),
                base: own(conflict.base), theirs: own(conflict.theirs), merged: [], note: conflict.note,
                landed: conflict.landed, alreadyThere: conflict.alreadyThere, changeCount: conflict.changeCount)
        }
        switch self {
        case .ported(var placement):
            placement.replacement = []
            return .ported(placement)
        case .review(var placement, let reasons):
            placement.replacement = []
            return .review(placement, reasons: reasons)
        case .forkConflict(let conflict): return .forkConflict(own(conflict))
        case .upstreamDrift(let conflict, let commit): return .upstreamDrift(conflict.map(own), commit: commit)
        default: return self
        }
    }

    /// For `context-not-found`: whether the fork removed or rewrote the code (`ForkRemoval`), when the copy
    /// tells.
    public var removal: ForkRemoval? {
        if case .contextNotFound(_, _, let removal) = self { return removal }
        return nil
    }

    /// Every stable machine name, in the order of the cases (what a `tandem.port/1` file may say).
    public static let labels = VerdictKind.allCases.map(\.rawValue)

    /// Which verdict this is (the vocabulary, without the details).
    public var kind: VerdictKind {
        switch self {
        case .ported: return .ported
        case .alreadyApplied: return .alreadyApplied
        case .forkConflict: return .forkConflict
        case .upstreamDrift: return .upstreamDrift
        case .ambiguous: return .ambiguous
        case .contextNotFound: return .contextNotFound
        case .missingForkFile: return .missingForkFile
        case .shared: return .shared
        case .binary: return .binary
        case .upstreamDeleted: return .upstreamDeleted
        case .newUpstreamFile: return .newUpstreamFile
        case .flagged: return .flagged
        case .review: return .review
        case .upstreamRenamed: return .upstreamRenamed
        }
    }

    /// Stable machine name.
    public var label: String { kind.rawValue }

    /// True when the hunk needs a person (`VerdictKind.isFailure`).
    public var isFailure: Bool { kind.isFailure }

    /// What to do, in words.
    public var message: String {
        switch self {
        case .ported(let p):
            let offset = p.offset == 0 ? "" : "offset \(p.offset > 0 ? "+" : "")\(p.offset)"
            switch p.step {
            case .exact: return kind.rawValue
            case .offset: return "ported at " + offset
            case .fuzz: return "ported with fuzz \(p.fuzz)" + (offset.isEmpty ? "" : " (\(offset))")
            case .matching: return "ported by matching" + (offset.isEmpty ? "" : " (\(offset))")
            case .merge: return "ported by 3-way merge" + (offset.isEmpty ? "" : " (\(offset))")
            case .blocks:
                return "ported change by change (the fork changed lines beside them)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .words:
                return "ported by a word-level merge (both changed a line, different words)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .anchored:
                return "ported beside the one neighbouring line the fork kept" + (offset.isEmpty ? "" : " (\(offset))")
            case .includes:
                return "ported before the fork's own #include lines (both added includes at one point)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .declarations:
                return
                    "ported with the declarations first (both inserted at the top of a block: one side declarations, the other statements)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .attached:
                return "ported right below the definition it names, the fork's own lines after it (both inserted there)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .slid:
                return
                    "ported beside the fork's own lines, in the one order that keeps both insertions' neighbours (both inserted there)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .upstreamForm:
                return
                    "ported in upstream's own form (the copy had the change already, written by hand in other spacing)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .deletions:
                return "ported with the fork's own deletions (both deleted lines here, none changed)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .units:
                return
                    "ported before the fork's own top-level units (both added independent declarations, Kconfig entries or Makefile list appends at one point)"
                    + (offset.isEmpty ? "" : " (\(offset))")
            case .moved:
                return
                    "ported as a move: upstream moved \(p.subject ?? "this unit"), and the copy's own version moved with it,"
                    + " the fork's changes kept"
            }
        case .alreadyApplied: return "already applied in the copy"
        case .forkConflict(let conflict):
            return "\(kind.rawValue): the fork changed the lines this hunk changes"
                + (conflict.explanation.map { " (\($0))" } ?? "") + "; merge by hand"
        case .upstreamDrift(_, let commit):
            return
                "\(kind.rawValue): the copy lacks upstream change \(commit), which this hunk's context assumes; port that first"
        case .ambiguous(let lines, let note): return FailureReason.ambiguous(lines: lines, note: note).message
        case .contextNotFound(let hint, _, let removal?):
            return FailureReason.contextNotFound(hint: (hint.map { $0 + "; " } ?? "") + removal.message).message
        case .contextNotFound(let hint, let withBase, nil):
            return FailureReason.contextNotFound(hint: hint).message
                + (withBase
                    ? " (nor does the base place it: the fork removed or rewrote the lines around it; port it by hand)"
                    : " (give --base or --upstream to tell a fork change from a copy that is behind)")
        case .missingForkFile:
            return "\(kind.rawValue): the map names a copy that does not exist (a folder that copies only some "
                + "files: mark its mapping `sparse: true`)"
        case .shared: return "\(kind.rawValue): the build uses the original unmodified; nothing to port"
        case .binary: return "\(kind.rawValue): not ported"
        case .upstreamDeleted(nil, true):
            return "\(kind.rawValue): upstream removes this file, and the fork's text of it is not the one upstream "
                + "removes: it is kept (remove it by hand if the fork no longer needs it)"
        case .upstreamDeleted(let to?, true):
            return
                "\(kind.rawValue): upstream renames this file to \(displayText(to)), and the rename's changes do not "
                + "apply to the fork's text of it, or the fork has \(displayText(to)) already: it is kept under its name "
                + "(carry the rename by hand)"
        case .upstreamDeleted(let to, false):
            return "\(kind.rawValue): upstream "
                + (to.map { "renamed the original to \(displayText($0))" } ?? "removed the original")
                + "; the copy is still there"
        case .newUpstreamFile: return "\(kind.rawValue): copy it into the fork or share it"
        case .flagged(let wouldApply, false):
            return "flagged by policy: the twin exists; the hunk would " + (wouldApply ? "apply" : "not apply")
                + "; decide by hand"
        case .flagged(let wouldApply, true):
            return "flagged: the patch changes this copy itself and leaves this hunk out of it (the hunk would "
                + (wouldApply ? "apply" : "not apply") + " there); port it by hand if the copy needs it"
        case .review(let placement, let reasons):
            let how = PortVerdict.ported(placement).message.replacingPrefix(
                VerdictKind.ported.rawValue, with: "it would apply")
            return
                "\(kind.rawValue): \(how), but \(reasons.joined(separator: "; ")); not ported (--accept-review takes it)"
        case .upstreamRenamed(let from, let mappedCopy):
            return
                "\(kind.rawValue): upstream renamed the original from \(displayText(from)), and the copy keeps its path "
                + "(the rename's edits, if any, are ported onto it); the map now pairs the original with "
                + (mappedCopy.map { "\(displayText($0)): rename the copy" } ?? "no copy: map the copy by hand")
                + " so the next port finds it"
        }
    }
}

/// Every verdict of a port run: one entry per (upstream hunk × copy), or per file for file-level verdicts.
public struct PortReport: Sendable {
    public struct Entry: Sendable {
        /// The upstream file (its new name, or old for a deletion).
        public var upstreamPath: [UInt8]
        /// 1-based hunk number in the upstream file patch; 0 for a file-level verdict.
        public var hunk: Int
        public var copyPath: [UInt8]
        public var verdict: PortVerdict
        /// 1-based line in the copy (0 when there is none).
        public var line: Int
        /// For `ambiguous`: the hunk and the copy's lines at each place it fits.
        public var places: AmbiguousPlaces? = nil
        /// The upstream commit the hunk comes from, when the port went commit by commit (`--per-commit`);
        /// nil for a patch or a whole range.
        public var commit: Commit? = nil
    }

    /// An upstream commit: its id (40 hex digits) and the first line of its message.
    public struct Commit: Sendable, Equatable {
        public var id: String
        public var summary: String

        public init(id: String, summary: String) {
            self.id = id
            self.summary = summary
        }
    }

    /// Something said once for a copy rather than per hunk: the patch's line endings were not the copy's
    /// (`info`), the copy keeps functions upstream moved to another file (`movedElsewhere`, which CI
    /// reports show as a warning), or, with no base given, the fork's own original held the patch's
    /// pre-image and served as the copy's base (`baseFromFork`, which the text output counts in one line), or
    /// hunks add names the fork spells its own way across its copies, and landed in its spelling
    /// (`respelled`, `ForkSpellings`).
    public struct Note: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case info
            case movedElsewhere = "moved-elsewhere"
            case baseFromFork = "base-from-fork"
            case respelled
        }

        public var upstreamPath: [UInt8]
        public var copyPath: [UInt8]
        public var message: String
        public var kind: Kind = .info
    }

    public var entries: [Entry] = []
    public var notes: [Note] = []

    public init(entries: [Entry] = [], notes: [Note] = []) {
        self.entries = entries
        self.notes = notes
    }

    public var failures: Int { entries.filter(\.verdict.isFailure).count }

    /// Verdict label → count.
    public var counts: [(label: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for entry in entries {
            if counts[entry.verdict.label] == nil { order.append(entry.verdict.label) }
            counts[entry.verdict.label, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}

private extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
