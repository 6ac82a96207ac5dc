/// What happened to one hunk. Outcomes are data: a hunk that does not apply is a result, not an error.
public enum HunkOutcome: Sendable, Equatable {
    /// Placed and applied (or would be, in a check).
    case applied(Placement)
    /// The post-image is already there (at 1-based `line` of the target): nothing to do.
    case alreadyApplied(line: Int)
    /// Both the target and the patch changed the same lines; see `HunkConflict`.
    case conflict(HunkConflict)
    /// Not applied, and why.
    case failed(FailureReason)

    /// True for `applied` and `alreadyApplied`.
    public var isSuccess: Bool {
        switch self {
        case .applied, .alreadyApplied: return true
        case .conflict, .failed: return false
        }
    }

    /// True when the hunk changes the target: placed, or a conflict some of whose changes land on their own
    /// (`HunkConflict.partial`).
    public var changesTarget: Bool {
        switch self {
        case .applied: return true
        case .conflict(let c): return c.partial != nil
        case .alreadyApplied, .failed: return false
        }
    }

    /// Short machine name: `applied`, `already-applied`, `conflict`, or the failure reason.
    public var label: String {
        switch self {
        case .applied: return "applied"
        case .alreadyApplied: return VerdictKind.alreadyApplied.rawValue
        case .conflict: return "conflict"
        case .failed(let reason): return reason.label
        }
    }
}

/// Which step of the placement cascade found the place.
public enum PlacementStep: String, Sendable, Equatable, CaseIterable {
    /// The pre-image at its stated line (plus the offset carried from earlier hunks).
    case exact
    /// The pre-image elsewhere: the only place it matches.
    case offset
    /// The pre-image with some leading/trailing context dropped.
    case fuzz
    /// Positions mapped from the base file onto the target through a line matching.
    case matching
    /// A 3-way merge of the hunk's region: the target changed nearby lines, not the ones the hunk changes.
    case merge = "3-way"
    /// Each change block placed on its own through the base: the target changed lines right beside the
    /// changes (`FilePatcher+Blocks`).
    case blocks = "change-blocks"
    /// As `blocks`, with some line that both sides changed merged word by word (`TokenMerge`).
    case words = "word-merge"
    /// As `blocks`, with an insertion placed beside the one neighbouring line the target kept.
    case anchored = "anchored-insertion"
    /// As `blocks`, where both sides inserted `#include` lines at one point: upstream's, then the fork's.
    case includes = "include-union"
    /// As `blocks`, where both sides inserted whole top-level C units (declarations, macros, functions),
    /// Kconfig entries or Makefile list appends at one point, independent of each other: upstream's, then
    /// the fork's.
    case units = "unit-union"
    /// As `blocks`, where both sides inserted at the top of a C block, one side declarations and the other
    /// statements: the declarations first (`FilePatcher+Declarations`).
    case declarations = "declarations-first"
    /// As `blocks`, where both sides inserted lines right after a top-level definition and upstream's only
    /// name it (`EXPORT_SYMBOL(x);` after `x`'s definition): upstream's first (`FilePatcher+Attached`).
    case attached = "attached-first"
    /// As `blocks`, where both sides inserted lines at one point and one insertion reads as made a line up
    /// or down (it ends with the line before the point, or starts with the one after it), in one order
    /// only (`FilePatcher+Slid`).
    case slid = "slid-insertion"
    /// As `blocks`, where the target already held the block's new lines in other spacing (the fork wrote the
    /// change by hand): upstream's own text replaces them.
    case upstreamForm = "upstream-form"
    /// As `blocks`, where both sides deleted lines of one stretch, none of them changed: the lines neither
    /// side deleted stay (`FilePatcher.deletionUnion`).
    case deletions = "deletion-union"
    /// Part of a unit upstream moved within the file: the copy's own version moved with it, the fork's
    /// changes kept (`Porter+Moves`; `tandem port` only).
    case moved
}

/// Where and how a hunk was placed. Indices are in the target file as it was before the patch.
public struct Placement: Sendable, Equatable {
    public var step: PlacementStep
    /// 0-based first target line replaced.
    public var targetIndex: Int
    /// Number of target lines replaced.
    public var targetCount: Int
    /// The lines that replace them.
    public var replacement: [Bytes]
    /// Found position minus stated position, in lines.
    public var offset: Int
    /// Context lines ignored (the larger of leading and trailing).
    public var fuzz: Int
    /// 0…1: how sure the placement is (1 for exact, lower for offset, fuzz, matching and merge).
    public var confidence: Double
    /// What the step acted on, when it says more than the step's name (the unit a `moved` hunk moved).
    public var subject: String?

    public init(
        step: PlacementStep, targetIndex: Int, targetCount: Int, replacement: [Bytes], offset: Int,
        fuzz: Int, confidence: Double, subject: String? = nil
    ) {
        self.subject = subject
        self.step = step
        self.targetIndex = targetIndex
        self.targetCount = targetCount
        self.replacement = replacement
        self.offset = offset
        self.fuzz = fuzz
        self.confidence = confidence
    }
}

/// A hunk whose changed lines the target changed too.
public struct HunkConflict: Sendable, Equatable {
    /// 0-based first target line of the region, and its length.
    public var targetIndex: Int
    public var targetCount: Int
    /// The target's lines there, the base's, and the patch's post-image.
    public var ours: [Bytes]
    public var base: [Bytes]
    public var theirs: [Bytes]
    /// The region merged with diff3-style conflict markers (what `--merge` writes).
    public var merged: [Bytes]
    /// Why the change blocks could not be merged one by one (`both sides insert at line 12`), when known.
    public var note: String?
    /// The hunk's change blocks that could land on their own (the rest is the conflict): applied with the
    /// hunk's other changes, left out when conflict markers are written instead.
    public var partial: Placement?
    /// How many of the hunk's changes `partial` lands, of how many (nil when none lands).
    public var landed: LandedChanges?
    /// The hunk's changes whose new lines the file held already, numbered from 0 among its change blocks
    /// as the placement split them, and how many changes it has (0: not split into changes).
    public var alreadyThere: [Int] = []
    public var changeCount = 0

    /// The changes a reject must still carry, numbered among the hunk's change blocks: those neither in the
    /// file before nor landed with `partial` (`Hunk.remaining(refusing:)` makes the reject from them); nil
    /// when nothing of the hunk stands in the file, and the reject is the whole hunk.
    public var openChanges: [Int]? {
        let total = landed?.total ?? changeCount
        var standing = Set(alreadyThere)
        if let landed { standing.formUnion((0..<total).filter { !landed.refused.contains($0) }) }
        guard total > 0, !standing.isEmpty else { return nil }
        return (0..<total).filter { !standing.contains($0) }
    }

    /// How many of a hunk's changes landed on their own, of all its changes.
    public struct LandedChanges: Sendable, Equatable {
        public var count: Int
        public var total: Int
        /// The changes that did not land, numbered from 0 among the hunk's change blocks as the placement
        /// split them (`Hunk.remaining(refusing:)` makes the reject of what is left from them).
        public var refused: [Int]

        public init(count: Int, total: Int, refused: [Int] = []) {
            self.count = count
            self.total = total
            self.refused = refused
        }
    }

    /// The note as reports show it: why the changes could not all land, then how many did
    /// (`both sides insert lines at line 12; 1 of 2 changes landed`).
    public var explanation: String? {
        guard let landed else { return note }
        let counts = "\(landed.count) of \(landed.total) changes landed"
        return note.map { "\($0); \(counts)" } ?? counts
    }

    public init(
        targetIndex: Int, targetCount: Int, ours: [Bytes], base: [Bytes], theirs: [Bytes], merged: [Bytes],
        note: String? = nil, partial: Placement? = nil, landed: LandedChanges? = nil, alreadyThere: [Int] = [],
        changeCount: Int = 0
    ) {
        self.partial = partial
        self.landed = landed
        self.alreadyThere = alreadyThere
        self.changeCount = changeCount
        self.targetIndex = targetIndex
        self.targetCount = targetCount
        self.ours = ours
        self.base = base
        self.theirs = theirs
        self.merged = merged
        self.note = note
    }
}

/// Why a hunk was not applied.
public enum FailureReason: Sendable, Equatable {
    /// The pre-image is nowhere in the target (within the allowed fuzz).
    case contextNotFound(hint: String?)
    /// Two or more equally good places (1-based target lines); tandem never picks one.
    case ambiguous(lines: [Int], note: String?)
    /// The hunk starts past the end of the target and its context is not found; the hint says more when
    /// a base tells (`tandem apply --base`: the file no longer has the function the hunk changes).
    case beyondEnd(hint: String? = nil)
    /// The file patch is binary and was not applied: `Binary files … differ` carries no data (nil), or the
    /// `GIT binary patch` does not apply (the reason).
    case binary(String? = nil)
    /// The file the hunk changes does not exist (or, for a creation, already exists with other content).
    case missingFile(String)
    /// A creation, rename or copy whose new name is taken by a file with other content (git: "already
    /// exists in working directory").
    case alreadyExists(String)
    /// The file in the tree is not the kind the patch changes (a symbolic link where the patch changes a
    /// regular file, or the reverse).
    case wrongType(String)
    /// A submodule (gitlink, mode 160000): reported, never written.
    case submodule
    /// The hunk itself is broken: cut off before its header's line counts, or ending in a line without a
    /// line end where the file goes on (applying it would join two lines).
    case malformed(String)

    public var label: String {
        switch self {
        case .contextNotFound: return VerdictKind.contextNotFound.rawValue
        case .ambiguous: return VerdictKind.ambiguous.rawValue
        case .beyondEnd: return "beyond-end"
        case .binary: return VerdictKind.binary.rawValue
        case .missingFile: return "missing-file"
        case .alreadyExists: return "already-exists"
        case .wrongType: return "wrong-type"
        case .submodule: return "submodule"
        case .malformed: return "malformed"
        }
    }

    /// The reason in words: `ambiguous: context matches at 40 and 212`.
    public var message: String {
        switch self {
        case .contextNotFound(let hint): return "context not found" + (hint.map { ": \($0)" } ?? "")
        case .ambiguous(let lines, let note):
            let places =
                lines.count == 2
                ? "\(lines[0]) and \(lines[1])"
                : lines.prefix(4).map(String.init).joined(separator: ", ") + (lines.count > 4 ? ", …" : "")
            return "ambiguous: " + (lines.isEmpty ? "" : "context matches at \(places)")
                + (note.map { (lines.isEmpty ? "" : "; ") + $0 } ?? "")
        case .beyondEnd(let hint): return "beyond end of file" + (hint.map { ": \($0)" } ?? "")
        case .binary(let why): return "binary patch: not applied" + (why.map { ": \($0)" } ?? "")
        case .missingFile(let why), .alreadyExists(let why), .wrongType(let why): return why
        case .submodule: return "submodule change (gitlink): reported, not written"
        case .malformed(let why): return "malformed hunk: " + why
        }
    }
}
