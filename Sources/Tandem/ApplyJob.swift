import TandemCore
import TandemIO

/// `tandem apply` as a value: a parsed patch applied to a directory, planned on all cores
/// (`ParallelPlanner`) and written per the write mode — all or nothing, or with rejects or conflict
/// markers — after a preflight of the whole tree. It returns what happened; it prints nothing.
public struct ApplyJob {
    public var patch: Patch
    /// The directory the patch is applied in.
    public var directory: String
    /// The tree the patch was made against (enables matching and 3-way merge).
    public var base: FileTree?
    public var options: PatchApplier.Options
    public var mode: PatchApplier.WriteMode
    /// Plan and report only.
    public var check: Bool

    public init(
        patch: Patch, directory: String, base: FileTree? = nil, options: PatchApplier.Options,
        mode: PatchApplier.WriteMode = .allOrNothing, check: Bool = false
    ) {
        self.patch = patch
        self.directory = directory
        self.base = base
        self.options = options
        self.mode = mode
        self.check = check
    }

    /// What the job did.
    public struct Outcome {
        /// Every file and hunk; a reject path or conflict markers are claimed only for what was written.
        public var report: ApplyReport
        /// Something was written and no write failed.
        public var applied: Bool
        /// Every hunk applied (whatever the mode).
        public var everything: Bool
        /// The write that failed, with whether anything had been written before it.
        public var trouble: IOError?
        public var wroteNothing: Bool
    }

    /// Plans and (unless `check`, or a failed all-or-nothing plan) writes. A write failure is returned in
    /// the outcome, not thrown, so the caller can still show the plan; an unreadable tree throws.
    public func run() throws -> Outcome {
        let tree = try TreeRoot(directory)
        var plans: [PatchApplier.FilePlan]
        if let base, !(base is TreeRoot) {
            // A git base is one libgit2 handle: not shared across threads.
            plans = try PatchApplier.plan(patch, tree: tree, base: base, options: options)
        } else {
            plans = try ParallelPlanner.plan(patch, tree: tree, base: base as? TreeRoot, options: options)
        }
        let everything = ApplyReport(files: plans.map(\.result)).succeeded
        let writing = !check && (everything || mode != .allOrNothing)
        var changesPerFile: [[PatchApplier.TreeChange]] = []
        for index in plans.indices {
            let fileChanges = plans[index].changes(for: mode)
            if writing && mode != .allOrNothing {
                if plans[index].rejectBytes(for: mode) != nil, plans[index].result.problem == nil {
                    plans[index].result.rejectPath = plans[index].result.path + Array(".rej".utf8)
                }
                if mode == .merge,
                    plans[index].result.hunks.contains(where: {
                        if case .conflict = $0.outcome { return true } else { return false }
                    })
                {
                    plans[index].result.wroteConflictMarkers = true
                }
            }
            changesPerFile.append(fileChanges)
        }
        var trouble: IOError?
        var wroteNothing = true
        if writing {
            let written = Locked<Set<Int>>([])
            do {
                // Everything the tree can show in advance (a file where a folder must go, a folder where a
                // file or a .rej must go, a folder not writable) stops the run before the first write.
                try tree.preflight(changesPerFile.flatMap { $0 })
                try ParallelPlanner.perform(
                    changesPerFile, patch: patch, strip: options.strip, tree: tree, written: written)
            } catch {
                trouble = error
            }
            // Only what was written is claimed: no "saving rejects to file X.rej" for a reject never saved.
            let done = written.withLock { $0 }
            wroteNothing = done.isEmpty
            for index in plans.indices where !done.contains(index) {
                plans[index].result.rejectPath = nil
                plans[index].result.wroteConflictMarkers = false
            }
        }
        return Outcome(
            report: ApplyReport(files: plans.map(\.result)),
            applied: writing && changesPerFile.contains { !$0.isEmpty } && trouble == nil,
            everything: everything, trouble: trouble, wroteNothing: wroteNothing)
    }
}
