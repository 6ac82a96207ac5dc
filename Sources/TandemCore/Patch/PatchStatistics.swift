/// Per-file and total line counts of a patch: what `tandem stat` shows and `git apply --numstat` computes.
public struct PatchStatistics: Sendable, Equatable {
    /// Counts for one file patch.
    public struct File: Sendable, Equatable {
        /// The file's name after `-p` stripping (new name; old name for a deletion), raw bytes.
        public var path: [UInt8]
        /// The old name when it differs (renames and copies).
        public var oldPath: [UInt8]?
        public var change: FileChange
        public var added: Int
        public var removed: Int
        public var hunks: Int
        /// 1-based line of the file patch's header in the patch.
        public var line: Int
    }

    public var files: [File]

    public var added: Int { files.reduce(0) { $0 + $1.added } }
    public var removed: Int { files.reduce(0) { $0 + $1.removed } }
    public var hunks: Int { files.reduce(0) { $0 + $1.hunks } }

    /// Counts every file patch of `patch`, naming files with `strip` leading components removed.
    public init(_ patch: Patch, strip: Int = 1) {
        files = patch.files.map { file in
            var added = 0, removed = 0
            for hunk in file.hunks {
                let counts = hunk.changeCounts
                added += counts.added
                removed += counts.removed
            }
            let identity = file.identity(strip: strip)
            let path = identity.displayName ?? []
            let old = identity.oldName
            return File(
                path: path, oldPath: old != nil && old != path ? old : nil, change: identity.change,
                added: added, removed: removed, hunks: file.hunks.count, line: file.line)
        }
    }
}
