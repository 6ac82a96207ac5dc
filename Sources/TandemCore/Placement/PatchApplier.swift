/// Plans the application of a whole patch to a tree: for every file patch, which file to read, the outcome
/// of every hunk (through `FilePatcher`), and the tree changes that would follow. It writes nothing; the
/// caller chooses what to carry out (`changes(for:)`), so `--check` and a failed all-or-nothing run share
/// one code path with a real run.
///
/// File-level rules: a `GIT binary patch` applies only to the blob its index line names, and only if it makes
/// the blob named for the other side (`GitBinaryPatch`); `Binary files … differ` is reported, not applied. A file to modify, delete or rename that
/// does not exist fails every hunk with *missing-file*. A file to create that already exists counts as
/// already applied when it already holds the patch's content, and fails otherwise. A deletion removes the
/// file only when no line is left; a deletion that a later file patch undoes by creating the path again
/// (git's form of a type change) is already done when the tree holds what the creation makes. Renames and
/// copies read the old name and write the new one; a mode from `new mode`/`new file mode` is set on the
/// written file.
public struct PatchApplier {
    public struct Options: Sendable {
        public var strip: Int
        public var maxFuzz: Int
        public var reverse: Bool
        /// Also build each file with conflict markers (what `.merge` writes); off, the plans do not hold it.
        public var conflictMarkers: Bool

        public init(strip: Int = 1, maxFuzz: Int = 2, reverse: Bool = false, conflictMarkers: Bool = false) {
            self.strip = strip
            self.maxFuzz = maxFuzz
            self.reverse = reverse
            self.conflictMarkers = conflictMarkers
        }
    }

    /// One change to the tree.
    public enum TreeChange: Sendable, Equatable {
        /// Write `bytes` to `path`; `mode` nil keeps the existing file's mode (new files: 0644).
        case write(path: [UInt8], bytes: [UInt8], mode: UInt32?)
        case remove(path: [UInt8])
    }

    /// How much of a partly failed file to write.
    public enum WriteMode: Sendable {
        /// Only files whose every hunk succeeded (the caller writes nothing at all unless all did).
        case allOrNothing
        /// Applied hunks, and a `.rej` file beside the target for the others.
        case reject
        /// Applied hunks and conflict markers; a `.rej` for failures that are not conflicts.
        case merge
    }

    /// The plan for one file patch.
    public struct FilePlan: Sendable {
        public var result: ApplyReport.FileResult
        var source: [UInt8]?
        /// True when the new content differs from the file read (the source bytes are not kept).
        var contentChanged = true
        var applied: [UInt8]?
        var withConflicts: [UInt8]?
        var mode: UInt32?
        /// The hunks a reject would hold, with their reasons, and how far the hunks above each move it in the
        /// file written with rejects and with conflict markers (`PatchApplier.shifts`).
        var rejectHunks: [(hunk: Hunk, reason: String, isConflict: Bool, shift: (reject: Int, merge: Int))] = []
        var isDeletion = false
        var keepsSource = true
        /// A rename a killed run half did (the new name written, the old one still there): only the old
        /// name is removed.
        var removesSourceOnly = false

        /// The tree changes this file patch makes under `mode`.
        public func changes(for mode: WriteMode) -> [TreeChange] {
            guard result.problem == nil, let applied else { return [] }
            if removesSourceOnly { return source.map { [.remove(path: $0)] } ?? [] }
            let success = result.failedCount == 0
            if mode == .allOrNothing && !success { return [] }
            var out: [TreeChange] = []
            let content = mode == .merge ? (withConflicts ?? applied) : applied
            if isDeletion && success && content.isEmpty {
                if let source { out.append(.remove(path: source)) }
            } else if contentChanged || (mode == .merge && withConflicts != nil) || source != result.path
                || self.mode != nil
            {
                out.append(.write(path: result.path, bytes: content, mode: self.mode))
                if !keepsSource, let source, source != result.path { out.append(.remove(path: source)) }
            }
            if mode != .allOrNothing, let reject = rejectBytes(for: mode) {
                out.append(.write(path: result.path + Array(".rej".utf8), bytes: reject, mode: nil))
            }
            return out
        }

        /// The `.rej` bytes under `mode`, nil when nothing is rejected. Under `.merge`, conflicts are in the file
        /// as markers and only the other failures are rejected.
        public func rejectBytes(for mode: WriteMode) -> [UInt8]? {
            let hunks = rejectHunks.filter { mode != .merge || !$0.isConflict }.map {
                ($0.hunk.renumbered(by: mode == .merge ? $0.shift.merge : $0.shift.reject), $0.reason)
            }
            guard !hunks.isEmpty else { return nil }
            return RejectFile.bytes(oldPath: source ?? result.path, newPath: result.path, hunks: hunks)
        }
    }

    /// Plans `patch` against `tree`; `base` (the tree the patch was made against) enables matching and 3-way.
    /// Throws what the tree throws (a refused path, an unreadable file).
    public static func plan(
        _ patch: Patch, tree: FileTree, base: FileTree? = nil,
        options: Options = Options()
    ) throws -> [FilePlan] {
        try plan(patch.files[...], tree: tree, base: base, options: options)
    }

    /// Plans `files` in order. A file patch that touches a path an earlier one in `files` changed sees that
    /// earlier result (two file patches for one file apply one after the other, as with `git apply`).
    public static func plan<C: Collection<FilePatch>>(
        _ files: C, tree: FileTree, base: FileTree? = nil,
        options: Options = Options()
    ) throws -> [FilePlan] {
        var seen = Set<[UInt8]>(), repeated = Set<[UInt8]>()
        for file in files {
            // A file patch names its path up to three times (old, new, shown): only other file patches repeat it.
            for path in Set(touchedPaths(file, strip: options.strip)) where !seen.insert(path).inserted {
                repeated.insert(path)
            }
        }
        if repeated.isEmpty { return try files.map { try plan($0, tree: tree, base: base, options: options) } }
        var overlay = OverlayTree(tree)
        var plans: [FilePlan] = []
        let list = Array(files)
        let effects = list.map { effect($0, options: options) }
        // For each path some file patch creates, the indices of those creations, in order.
        var creations: [[UInt8]: [Int]] = [:]
        for (index, made) in effects.enumerated() where made.creation {
            creations[made.path, default: []].append(index)
        }
        for (index, file) in list.enumerated() {
            // A deletion followed by a creation of the same path (git's form of a type change: a file that
            // becomes a link, or the reverse) is already done when the tree holds what the creation makes.
            let deleted = effects[index]
            let replacement = deleted.deletion ? creations[deleted.path]?.first { $0 > index }.map { list[$0] } : nil
            let plan = try plan(file, tree: overlay, base: base, options: options, replacedBy: replacement)
            for change in plan.changes(for: .allOrNothing) {
                switch change {
                case .write(let path, let bytes, let mode):
                    let existing = try overlay.file(at: path)?.mode
                    overlay.set(path, TreeFile(bytes: bytes, mode: mode ?? existing ?? 0o644))
                case .remove(let path):
                    overlay.set(path, nil)
                }
            }
            plans.append(plan)
        }
        return plans
    }

    /// The paths a file patch reads or writes (old and new names).
    public static func touchedPaths(_ file: FilePatch, strip: Int) -> [[UInt8]] {
        let identity = file.identity(strip: strip)
        return [identity.oldName, identity.newName, identity.displayName].compactMap { $0 }
    }

    /// Indices of `files` in groups that touch disjoint sets of paths: each group can be planned (and
    /// written) independently of the others, for example on its own thread.
    public static func independentGroups(_ files: [FilePatch], strip: Int) -> [[Int]] {
        var parent = Array(files.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var owner: [[UInt8]: Int] = [:]
        for (index, file) in files.enumerated() {
            for path in touchedPaths(file, strip: strip) {
                if let other = owner[path] { parent[find(index)] = find(other) } else { owner[path] = index }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for index in files.indices {
            let root = find(index)
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(index)
        }
        return order.map { groups[$0] ?? [] }
    }

    /// What a file patch does once `-R` is taken into account: the path it ends at, whether it creates or
    /// deletes it, and the modes of each side.
    static func effect(_ file: FilePatch, options: Options)
        -> (
            oldName: [UInt8]?, newName: [UInt8]?, path: [UInt8], creation: Bool, deletion: Bool,
            modes: (old: GitFileMode?, new: GitFileMode?)
        )
    {
        let identity = file.identity(strip: options.strip)
        var oldName = identity.oldName, newName = identity.newName
        var creation = identity.change.kind == .add, deletion = identity.change.kind == .delete
        var modes = file.gitModes
        if options.reverse {
            swap(&oldName, &newName)
            swap(&creation, &deletion)
            modes = (modes.new, modes.old)
        }
        return (oldName, newName, newName ?? oldName ?? identity.displayName ?? [], creation, deletion, modes)
    }

    /// The content and kind of file a creation makes.
    static func created(by file: FilePatch, options: Options) -> (bytes: [UInt8], mode: GitFileMode) {
        let bytes = FilePatcher.apply(file.hunks, to: TextFile(), options: .init(reverse: options.reverse)).file.bytes
        let modes = effect(file, options: options).modes
        return (bytes, modes.new ?? modes.old ?? .regular)
    }

    /// Plans one file patch. `replacement`: for a deletion, a later file patch of the same run that creates
    /// the same path again.
    static func plan(
        _ file: FilePatch, tree: FileTree, base: FileTree?, options: Options, replacedBy replacement: FilePatch? = nil
    ) throws -> FilePlan {
        let identity = file.identity(strip: options.strip)
        let (oldName, newName, path, creation, deletion, modes) = effect(file, options: options)
        let action: ApplyReport.Action =
            creation
            ? .create
            : deletion
                ? .delete
                : identity.change.kind == .rename
                    ? .rename
                    : identity.change.kind == .copy
                        ? .copy
                        : identity.change.kind == .mode ? .mode : .modify
        var plan = FilePlan(
            result: ApplyReport.FileResult(
                path: path, sourcePath: oldName != newName ? oldName : nil,
                action: action, hunks: [], problem: nil))
        plan.source = creation ? nil : oldName
        plan.isDeletion = deletion
        plan.keepsSource = action != .rename

        func failAll(_ reason: FailureReason) -> FilePlan {
            var plan = plan
            plan.result.problem = reason
            plan.result.hunks = file.hunks.enumerated().map {
                ApplyReport.HunkResult(number: $0.offset + 1, header: $0.element.header, outcome: .failed(reason))
            }
            plan.rejectHunks = file.hunks.map { ($0, reason.message, false, (0, 0)) }
            return plan
        }
        /// The plan of a file patch whose work a run before this one already did: nothing to write.
        func alreadyDone(_ note: String, bytes: [UInt8] = []) -> FilePlan {
            var plan = plan
            plan.result.note = note
            plan.contentChanged = false
            plan.mode = nil
            plan.isDeletion = false
            plan.keepsSource = true
            plan.source = path
            plan.applied = bytes
            plan.result.hunks = file.hunks.enumerated().map {
                ApplyReport.HunkResult(
                    number: $0.offset + 1, header: $0.element.header, outcome: .alreadyApplied(line: 1))
            }
            return plan
        }
        if file.isBinary {
            return try planBinary(
                file, plan: plan, tree: tree, options: options, failAll: failAll, alreadyDone: alreadyDone)
        }
        if modes.old == .gitlink || modes.new == .gitlink { return failAll(.submodule) }
        guard !path.isEmpty else {
            return failAll(.missingFile("no file name left after stripping \(options.strip) components"))
        }
        let wantedType = modes.new ?? modes.old

        let target: [UInt8]
        if creation {
            if let existing = try tree.file(at: path) {
                let wanted = created(by: file, options: options).bytes
                guard existing.bytes == wanted,
                    (GitFileMode(treeMode: existing.mode) == .symlink) == (wantedType == .symlink)
                else {
                    return failAll(.alreadyExists("\(displayText(path)) already exists in the tree with other content"))
                }
                var done = alreadyDone("already created", bytes: existing.bytes)
                if let wantedType, wantedType.isRegular, GitFileMode(treeMode: existing.mode) != wantedType {
                    done.mode = wantedType.treeMode
                    done.result.note = "already created; mode set"
                }
                return done
            }
            target = []
            plan.mode = (wantedType ?? .regular).treeMode
        } else {
            guard let source = plan.source else { return failAll(.missingFile("can't find file to patch")) }
            guard let existing = try tree.file(at: source) else {
                // A rerun after a run that did this already (or was killed after this file).
                if deletion { return alreadyDone("already deleted") }
                if action == .rename, let renamed = try tree.file(at: path) {
                    let again = FilePatcher.apply(
                        file.hunks, toBytes: renamed.bytes,
                        options: .init(
                            maxFuzz: 0, reverse: options.reverse, directives: SourceKind.readsDirectives(path)))
                    if again.outcomes.allSatisfy({ if case .alreadyApplied = $0 { return true } else { return false } })
                    {
                        return alreadyDone("already renamed")
                    }
                }
                return failAll(.missingFile("can't find file to patch: \(displayText(source))"))
            }
            let existingType = GitFileMode(treeMode: existing.mode)
            if deletion, let replacement {
                let next = created(by: replacement, options: options)
                if existing.bytes == next.bytes && (existingType == .symlink) == (next.mode == .symlink) {
                    return alreadyDone("already replaced")
                }
            }
            if let stated = modes.old, (stated == .symlink) != (existingType == .symlink) {
                return failAll(
                    .wrongType(
                        existingType == .symlink
                            ? "\(displayText(source)) is a symbolic link in the tree; the patch changes a regular file"
                            : "\(displayText(source)) is a regular file in the tree; the patch changes a symbolic link")
                )
            }
            if modes.old == nil && existingType == .symlink && !file.hunks.isEmpty {
                return failAll(
                    .wrongType(
                        "\(displayText(source)) is a symbolic link in the tree; the patch changes a regular file"))
            }
            target = existing.bytes
            // The type to write: the patch's new mode, else what the file is (a link stays a link).
            if let new = modes.new, new != existingType {
                plan.mode = new.treeMode
            } else if existingType == .symlink {
                plan.mode = existingType.treeMode
            } else if source != path {
                plan.mode = existing.mode
            }
            if source != path, let occupant = try tree.file(at: path) {
                // A rename or copy onto a file that is there: refused, unless it is this patch's own result
                // (a run killed after writing the new name and before removing the old one).
                let result = FilePatcher.apply(
                    file.hunks, toBytes: target,
                    options: .init(
                        maxFuzz: options.maxFuzz, reverse: options.reverse, directives: SourceKind.readsDirectives(path)
                    ))
                guard result.outcomes.allSatisfy(\.isSuccess), result.bytes == occupant.bytes else {
                    return failAll(
                        .alreadyExists(
                            "\(displayText(path)) already exists in the tree"
                                + " (\(action == .copy ? "copied" : "renamed") from \(displayText(source)))"))
                }
                var done = alreadyDone(action == .copy ? "already copied" : "already renamed", bytes: occupant.bytes)
                if action == .rename {
                    done.source = source
                    done.keepsSource = false
                    done.result.note = "already renamed; removing \(displayText(source))"
                    done.removesSourceOnly = true
                }
                return done
            }
        }
        let baseFile = try base.flatMap { try $0.file(at: plan.source ?? path) }?.bytes
        let result = FilePatcher.apply(
            file.hunks, toBytes: target, baseBytes: baseFile,
            options: .init(
                maxFuzz: options.maxFuzz, reverse: options.reverse, directives: SourceKind.readsDirectives(path)))
        let outcomes = explained(
            result.outcomes, of: file.hunks, target: target, base: baseFile, path: path, reverse: options.reverse)
        let shifts = Self.shifts(outcomes), markedShifts = Self.shifts(outcomes, markers: true)
        plan.result.hunks = zip(file.hunks, outcomes).enumerated().map {
            var hunk = ApplyReport.HunkResult(number: $0.offset + 1, header: $0.element.0.header, outcome: $0.element.1)
            // (With conflict markers, the file the console speaks of holds them.)
            hunk.shift = options.conflictMarkers ? markedShifts[$0.offset] : shifts[$0.offset]
            hunk.reverse = options.reverse
            hunk.markers = options.conflictMarkers
            return hunk
        }
        plan.applied = result.bytes
        plan.result.lineEndings = result.lineEndings?.message
        plan.contentChanged = result.bytes != target
        if action == .mode && plan.mode == nil && !plan.contentChanged { plan.result.note = "mode already set" }
        if options.conflictMarkers,
            result.outcomes.contains(where: { if case .conflict = $0 { return true } else { return false } })
        {
            plan.withConflicts = result.bytesWithConflicts
        }
        for (index, (hunk, outcome)) in zip(file.hunks, outcomes).enumerated() {
            // Numbered where it would stand in the new file, as GNU patch numbers its rejects.
            let shift = (reject: shifts[index], merge: markedShifts[index])
            switch outcome {
            case .failed(let reason): plan.rejectHunks.append((hunk, reason.message, false, shift))
            case .conflict(let conflict):
                // The changes that landed on their own are written (`--reject`), and those the file had stand:
                // the reject holds the rest.
                let rest = conflict.openChanges.map { hunk.remaining(refusing: $0, reverse: options.reverse) }
                plan.rejectHunks.append(
                    (
                        rest ?? hunk,
                        "conflict: the file changed the lines this hunk changes"
                            + (conflict.explanation.map { " (\($0))" } ?? ""), true, shift
                    ))
            case .applied, .alreadyApplied: break
            }
        }
        if deletion && result.outcomes.allSatisfy(\.isSuccess) && !result.bytes.isEmpty {
            plan.result.problem = .contextNotFound(
                hint: "not deleting \(displayText(path)): lines the patch does not remove are left")
        }
        return plan
    }

    /// For each hunk, the lines the hunks above it add to the file (negative: remove) when written with
    /// rejects: their placements, and the changes of conflicts that land on their own (with `markers`, the
    /// conflicts' marked regions instead). GNU patch's `out_offset`: a failed hunk is reported, and its
    /// reject numbered, where it would stand in the new file.
    static func shifts(_ outcomes: [HunkOutcome], markers: Bool = false) -> [Int] {
        var shift = 0
        return outcomes.map { outcome in
            defer {
                switch outcome {
                case .applied(let p): shift += p.replacement.count - p.targetCount
                case .conflict(let c):
                    if markers {
                        shift += c.merged.count - c.targetCount
                    } else if let p = c.partial {
                        shift += p.replacement.count - p.targetCount
                    }
                case .alreadyApplied, .failed: break
                }
            }
            return shift
        }
    }

    /// `outcomes` with each hunk found neither in the target nor through the base told apart: were its lines
    /// removed from the file, or the function they sat in rewritten (`ForkRemoval`)? Only with a base, and
    /// not in reverse; a `beyond-end` hunk keeps its outcome's name, with the same diagnosis.
    static func explained(
        _ outcomes: [HunkOutcome], of hunks: [Hunk], target: [UInt8], base: [UInt8]?, path: [UInt8], reverse: Bool
    ) -> [HunkOutcome] {
        guard let base, !reverse else { return outcomes }
        var removals = ForkRemoval.Reader(base: base, copy: target, path: path)
        return outcomes.enumerated().map { index, outcome in
            // (`beyond-end` keeps its name, for readers of the JSON, with the same diagnosis.)
            switch outcome {
            case .failed(.contextNotFound(nil)):
                guard let removal = removals.diagnose(hunks[index]) else { return outcome }
                return .failed(.contextNotFound(hint: removal.message(applying: true)))
            case .failed(.beyondEnd(nil)):
                guard let removal = removals.diagnose(hunks[index]) else { return outcome }
                return .failed(.beyondEnd(hint: removal.message(applying: true)))
            default: return outcome
            }
        }
    }
}
