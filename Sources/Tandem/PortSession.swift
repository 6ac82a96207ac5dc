import TandemCore
import TandemGit
import TandemIO

/// The porting loop shared by `tandem port` and `tandem report`: the steps (one patch, the whole upstream
/// range, or one step per upstream commit) are ported in order onto an overlay of the fork, each onto the
/// result of the ones before, collecting the rewritten patch, the rejects and every verdict.
public struct PortSession {
    /// One patch to port, with its base tree and, from history, an explainer for upstream drift.
    public struct Step {
        public var label: String?
        public var patch: Patch
        public var base: FileTree?
        public var explain: Porter.DriftExplainer?
        /// The upstream commit of a `--per-commit` step: every verdict of the step names it.
        public var commit: PortReport.Commit?

        public init(
            label: String? = nil, patch: Patch, base: FileTree? = nil, explain: Porter.DriftExplainer? = nil,
            commit: PortReport.Commit? = nil
        ) {
            self.label = label
            self.patch = patch
            self.base = base
            self.explain = explain
            self.commit = commit
        }
    }

    /// The rewritten patch: the upstream file patches plus a duplicate for each copy.
    public var patch: [UInt8] = []
    /// The hunks that were not ported, as a patch.
    public var rejects: [UInt8] = []
    /// Every verdict.
    public var report = PortReport()
    /// The fork with the ported copies (and, when carried, the changed originals) laid over it.
    public var overlay: OverlayTree
    /// The ported copies (kept when the steps carry originals).
    public var copies: [Porter.CopyResult] = []
    /// Upstream files (not copies) the steps changed, carried forward in the overlay.
    public var originals: [[UInt8]] = []

    /// The steps of an upstream `range` in the repository `upstream`: the whole range as one patch with its
    /// start as base, or (`perCommit`) one patch per first-parent commit with its parent as base. A range
    /// that holds no commits is a warning and exit 1; a diverged one is taken from its merge base (see
    /// `checkedRange`).
    public static func steps(
        upstream: String, range: String, perCommit: Bool, specs: TreeSpec,
        messages: Messages
    ) throws -> [Step] {
        let repository = try specs.repository(upstream)
        let history = DriftHistory(repository: repository)
        let resolved = try checkedRange(range, in: repository, messages: messages)
        defer { messages.warnShallowBoundary(repository) }
        if perCommit {
            var steps: [Step] = []
            for commit in try repository.commits(range, firstParent: true, order: .oldestFirst) {
                guard let parent = commit.parents.first else { continue }
                let old = try GitTree(repository: repository, revision: parent.hex)
                let new = try GitTree(repository: repository, revision: commit.id.hex)
                let changed = try changes(repository, from: parent, to: commit.id, messages: messages)
                let bytes = try TreeDiff.patch(old: old, new: new, changes: changed, binary: true)
                steps.append(
                    Step(
                        label: "tandem-port: \(commit.id.hex) \(commit.summary)", patch: PatchParser.parse(bytes).patch,
                        base: old, explain: history.explainer(before: parent),
                        commit: PortReport.Commit(id: commit.id.hex, summary: commit.summary)))
            }
            return steps
        }
        let old = try GitTree(repository: repository, revision: resolved.base.hex)
        let new = try GitTree(repository: repository, revision: resolved.to.hex)
        let changed = try changes(repository, from: old.commit, to: new.commit, messages: messages)
        let bytes = try TreeDiff.patch(old: old, new: new, changes: changed, binary: true)
        return [
            Step(
                label: nil, patch: PatchParser.parse(bytes).patch, base: old,
                explain: history.explainer(before: old.commit))
        ]
    }

    /// The paths that changed between two commits, with renames (libgit2's similarity detection among the
    /// deleted and added files; past git's rename limit only exact renames, with a warning).
    static func changes(_ repository: GitRepository, from: ObjectID, to: ObjectID, messages: Messages) throws(GitError)
        -> [ChangedPath]
    {
        let found = try repository.changedPathsFindingRenames(from: from, to: to)
        if found.exactOnly {
            let deleted = found.changes.filter { $0.status == .deleted }.count,
                added = found.changes.filter { $0.status == .added }.count
            messages.say(
                "warning: \(String(from.hex.prefix(12)))..\(String(to.hex.prefix(12))): \(deleted) deleted × \(added) added files "
                    + "is over the rename limit (1000²): only exact renames were found")
        }
        return found.changes
    }

    /// `range` resolved, as git reads it. No commits (B is A or an ancestor of A: a reversed range) is a
    /// `Failure` with status 1, since nothing would be ported and a CI job must notice; no common history
    /// is exit 2; a start that is not an ancestor of the end is a warning, and the range's change is taken
    /// from their merge base (`git diff A...B`), so it never undoes the start's own commits.
    public static func checkedRange(_ range: String, in repository: GitRepository, messages: Messages) throws
        -> GitRange
    {
        let resolved = try repository.resolveRange(range)
        let from = resolved.fromName, to = resolved.toName
        switch resolved.shape {
        case .ancestor:
            break
        case .empty:
            let why =
                resolved.from == resolved.to
                ? "both ends are the same commit"
                : "'\(to)' is an ancestor of '\(from)' (did you mean '\(to)..\(from)'?)"
            throw Failure("warning: range '\(range)' holds no commits: \(why); nothing to do", status: 1)
        case .unrelated:
            var message = "range '\(range)': '\(from)' and '\(to)' share no history (no merge base)"
            if let stop = repository.takeReachedBoundary().first {
                message +=
                    " in this shallow clone, whose history stops at \(String(stop.hex.prefix(12))) (deepen it: git fetch --deepen N)"
            }
            throw Failure(message)
        case .diverged(let base):
            messages.say(
                "warning: '\(from)' is not an ancestor of '\(to)': taking the changes of '\(to)' since their merge base "
                    + "\(String(base.hex.prefix(12))), as git diff \(from)...\(to) does")
        }
        return resolved
    }

    /// What a streamed port found: the verdicts, whether a diagnostic was an error, and (while no verdict
    /// was given) what the file patches would have touched at other `-p` levels.
    public struct Streamed {
        public var report = PortReport()
        public var malformed = false
        public var coverage = PortCoverage()
    }

    /// Ports one patch read piece by piece, handing each piece's share of the rewritten patch and of the
    /// rejects to `emit` as soon as it is made. No copy is kept, so memory follows the largest file patch
    /// and its copies, not the patch (the verdicts are kept: one small entry per hunk and copy). Diagnostics
    /// are printed as the pieces come.
    ///
    /// `reread` gives a reader of the patch from its start (a patch file, or standard input copied into a
    /// temporary file: `SpooledInput`), nil when the patch can be read only once; `path` names it in messages.
    public static func stream(
        _ stream: inout PatchStream, path: String, reread: (() throws -> ByteReader)?, map: ForkMap, fork: FileTree,
        base: FileTree?, options: Porter.Options, messages: Messages,
        emit: (_ patch: [UInt8], _ rejects: [UInt8]) throws -> Void
    ) throws -> Streamed {
        var out = Streamed()
        // A first pass over a patch that can be read again finds where each file patch lies (the copies the
        // patch changes itself, `PatchedCopies`) and, with a base, the definitions the patch moves between
        // files (`MovedFromCopy`); read once, each piece adds its own moves before it is ported.
        let firstPass = reread != nil
        var scan = MovedAwayScan(strip: options.strip, definitions: base != nil)
        var movedAway: [String: Set<[UInt8]>] = [:]
        if firstPass, let reader = try reread?() {
            var buffer: [UInt8] = []
            while true {
                buffer.removeAll(keepingCapacity: true)
                guard try reader.read(into: &buffer, count: 1 << 20) > 0 else { break }
                scan.feed(buffer)
            }
            movedAway = scan.finish()
        }
        // The fork's spelling, read against the originals as the patch leaves them too: when the ledger asks,
        // the file patches of the originals the fork map pairs are read again where the first pass found
        // them.
        let spans = scan.spans
        let spellings = base.map { base in
            ForkSpellings(
                map: map, fork: fork, base: base,
                after: firstPass
                    ? PatchedOriginals(base: base, strip: options.strip) { wanted in
                        PatchReading.files(try? reread?(), strip: options.strip, among: wanted, spans: spans)
                    } : nil)
        }
        var porter = try Porter(
            map: map, fork: fork, base: base, options: options, keepCopies: false, spellings: spellings)
        porter.movedAway = movedAway
        if firstPass {
            let named = Array(spans.keys) + Array(scan.renamed)
            porter.patchedCopies = PatchedCopies(named: named, map: map, fork: fork, strip: options.strip) {
                wanted in PatchReading.files(try? reread?(), strip: options.strip, among: wanted, spans: spans)
            }
        }
        var moves = MoveLedger()
        while let piece = try stream.next() {
            messages.say(piece.diagnostics, path: path)
            if piece.diagnostics.contains(where: { $0.severity == .error }) { out.malformed = true }
            if base != nil, !firstPass {
                porter.movedAway.merge(MovedFromCopy.removals(piece.patch.files, strip: options.strip)) { $0.union($1) }
            }
            var result = Porter.Result()
            for file in piece.patch.files {
                try porter.port(file, into: &result)
                if out.report.entries.isEmpty && result.report.entries.isEmpty {
                    out.coverage.add(file, strip: options.strip, map: map)
                }
            }
            result.patch += piece.patch.trailer.bytes
            out.report.entries += result.report.entries
            out.report.notes += result.report.notes
            moves.merge(result.moves)
            try emit(result.patch, result.rejects)
        }
        out.report.notes += moves.notes(entries: out.report.entries)
        return out
    }

    /// Ports every step in order. With `carryOriginals` (several steps, or `--apply`) the ported copies and
    /// the upstream files each step changes are written into the overlay (the next step and `--apply` need
    /// them); without it nothing is kept but the patch, the rejects and the verdicts.
    public static func run(_ steps: [Step], map: ForkMap, fork: FileTree, options: Porter.Options, carryOriginals: Bool)
        throws -> PortSession
    {
        var session = PortSession(overlay: OverlayTree(fork))
        var finalCopies: [[UInt8]: Porter.CopyResult] = [:]
        var order: [[UInt8]] = []
        // Originals renamed by earlier steps (new path → the path the copies were made under).
        var renamed: [[UInt8]: [UInt8]] = [:]
        // The fork's spelling of names is read once, against the first step's base (and, for copies that
        // stand nearer them, the originals as the last step leaves them), for every step.
        let last = steps.last.flatMap { step in
            step.base.map { PatchedOriginals(files: step.patch.files, base: $0, strip: options.strip, whole: true) }
        }
        let spellings = steps.first?.base.map { ForkSpellings(map: map, fork: fork, base: $0, after: last) }
        for step in steps {
            let result = try Porter.port(
                step.patch, map: map, fork: session.overlay, base: step.base, options: options,
                explainDrift: step.explain, renamed: renamed, spellings: spellings)
            for file in step.patch.files {
                let identity = file.identity(strip: options.strip)
                if identity.change.kind == .rename, let from = identity.oldName, let to = identity.newName {
                    renamed[to] = renamed[from] ?? from
                }
            }
            if let label = step.label { session.patch += Array((label + "\n").utf8) }
            session.patch += result.patch
            session.rejects += result.rejects
            session.report.entries += result.report.entries.map { entry in
                var entry = entry
                entry.commit = step.commit
                return entry
            }
            session.report.notes += result.report.notes
            // The ported copies are kept only when a later step or --apply needs them: a check of one
            // patch holds one step's copies at a time.
            for copy in result.copies where carryOriginals {
                if finalCopies[copy.path] == nil { order.append(copy.path) }
                finalCopies[copy.path] =
                    finalCopies[copy.path].map {
                        Porter.CopyResult(
                            path: copy.path, original: $0.original, ported: copy.ported,
                            withConflicts: copy.withConflicts,
                            unmerged: $0.unmerged + copy.unmerged)
                    } ?? copy
                session.overlay.set(copy.path, TreeFile(bytes: copy.ported, mode: copy.original.mode))
            }
            guard carryOriginals else { continue }
            let mapped = Set(result.copies.map(\.path))
            for plan in try PatchApplier.plan(
                step.patch, tree: session.overlay, options: .init(strip: options.strip, maxFuzz: 0))
            {
                if mapped.contains(plan.result.path) { continue }
                for change in plan.changes(for: .allOrNothing) {
                    switch change {
                    case .write(let path, let bytes, let mode):
                        let existing = try session.overlay.file(at: path)?.mode
                        session.overlay.set(path, TreeFile(bytes: bytes, mode: mode ?? existing ?? 0o644))
                        session.originals.append(path)
                    case .remove(let path):
                        session.overlay.set(path, nil)
                        session.originals.append(path)
                    }
                }
            }
        }
        session.copies = order.compactMap { finalCopies[$0] }
        return session
    }
}

extension PortSession {
    /// Writes the session into the fork directory `fork` (`port --apply`): the ported copies (with conflict
    /// markers under `merge`, and what is not merged saved beside each copy as X.rej) and the carried
    /// originals, all or nothing (`TreeRoot.preflight` before the first write). Without `merge`, a session
    /// with verdicts that need a person writes nothing and says so. Returns the X.rej files written.
    @discardableResult
    public func apply(to fork: String, merge: Bool, messages: Messages) throws -> [[UInt8]] {
        let failures = report.failures
        guard failures == 0 || merge else {
            messages.say(
                "nothing written: \(failures) verdict\(failures == 1 ? "" : "s") need a person (--merge writes conflict markers)"
            )
            return []
        }
        let root: TreeRoot
        do { root = try TreeRoot(fork) } catch {
            throw Failure("--apply needs the fork as a directory: \(error.message)")
        }
        var changes: [PatchApplier.TreeChange] = []
        var saved: [[UInt8]] = []
        for copy in copies {
            let bytes = merge ? copy.withConflicts : copy.ported
            if bytes != copy.original.bytes { changes.append(.write(path: copy.path, bytes: bytes, mode: nil)) }
            // Under --merge, hunks that are not conflict markers in the copy are saved beside it, as
            // `tandem apply --merge` does: nothing a person must look at is dropped.
            if merge && !copy.unmerged.isEmpty {
                changes.append(.write(path: copy.path + Array(".rej".utf8), bytes: copy.unmerged, mode: nil))
                saved.append(copy.path + Array(".rej".utf8))
            }
        }
        // Each original as the last step leaves it, once: one that a step made and a later one removed was
        // never the fork's, and stays away.
        var seen = Set<[UInt8]>()
        for path in originals where seen.insert(path).inserted {
            if let file = try overlay.file(at: path) {
                changes.append(.write(path: path, bytes: file.bytes, mode: file.mode))
            } else if try overlay.lower.contains(path) {
                changes.append(.remove(path: path))
            }
        }
        // All or nothing: whatever the tree can show in advance stops the run before the first write.
        try root.preflight(changes)
        for change in changes { try root.perform(change) }
        return saved
    }
}
