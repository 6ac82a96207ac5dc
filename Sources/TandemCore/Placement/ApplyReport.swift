/// What `tandem apply` did (or would do) to each file and each hunk: the model every renderer reads.
public struct ApplyReport: Sendable {
    /// One hunk's result.
    public struct HunkResult: Sendable {
        /// 1-based number of the hunk in its file patch.
        public var number: Int
        public var header: HunkHeader
        public var outcome: HunkOutcome
        /// Lines the hunks written above this one added to the file (negative: removed), and whether the
        /// patch is applied in reverse: a failed hunk is reported where it would stand in the new file.
        public var shift = 0
        public var reverse = false
        /// True when the file is written with conflict markers (`--merge`).
        public var markers = false

        /// The line to report: for a placement, its first line in the new file (the hunk's stated new line
        /// plus its offset, as GNU patch counts); for a failed hunk, its stated line moved by the lines the
        /// hunks above it added or removed (GNU patch's `FAILED at`); for a conflict, where its region
        /// starts in the new file (with conflict markers, the line of its `<<<<<<<`).
        public var line: Int {
            switch outcome {
            case .applied(let p): return max(header.newStart + p.offset, 1)
            case .alreadyApplied(let line): return line
            case .conflict(let c):
                let marker = markers ? c.merged.firstIndex { $0.starts(with: Merge3.openMarker) } ?? 0 : 0
                return c.targetIndex + 1 + shift + marker
            case .failed: return max((reverse ? header.newStart : header.oldStart) + shift, 0)
            }
        }
    }

    /// What happens to the file as a whole.
    public enum Action: String, Sendable {
        case modify, create, delete, rename, copy, mode
    }

    /// One file patch's result.
    public struct FileResult: Sendable {
        /// The file written (new name).
        public var path: [UInt8]
        /// The file read, when it differs (renames, copies).
        public var sourcePath: [UInt8]?
        public var action: Action
        public var hunks: [HunkResult]
        /// A problem with the file as a whole (missing, binary, already exists); its hunks then carry it too.
        public var problem: FailureReason?
        /// Set when every hunk's post-image was already present (GNU patch: "Reversed (or previously
        /// applied) patch detected").
        public var allAlreadyApplied: Bool {
            !hunks.isEmpty
                && hunks.allSatisfy { if case .alreadyApplied = $0.outcome { return true } else { return false } }
        }
        public var failedCount: Int { hunks.filter { !$0.outcome.isSuccess }.count }
        /// What a run before this one had already done to the file (`already deleted`, `already renamed`,
        /// `mode already set`): a rerun finishes the job and says so.
        public var note: String?
        /// Set when the patch's lines ended otherwise than the file's (CRLF on LF, or the reverse) and were
        /// applied with the file's endings: says so, once for the file.
        public var lineEndings: String?
        /// Where rejected hunks were saved, if they were.
        public var rejectPath: [UInt8]?
        /// True when conflict markers were written into the file.
        public var wroteConflictMarkers: Bool = false
    }

    public var files: [FileResult] = []

    public init(files: [FileResult] = []) { self.files = files }

    public var hunkCount: Int { files.reduce(0) { $0 + $1.hunks.count } }
    public var failedCount: Int {
        files.reduce(0) { $0 + $1.failedCount } + files.filter { $0.problem != nil && $0.hunks.isEmpty }.count
    }
    /// True when every hunk applied or was already there and no file had a problem.
    public var succeeded: Bool { failedCount == 0 && files.allSatisfy { $0.problem == nil } }
}
