/// `tandem port`: duplicates the hunks of an upstream patch onto the forked copies the fork map names,
/// re-anchored to each copy's real text, with a verdict for every (hunk × copy).
///
/// For each upstream file patch, every copy (`ForkMap.copies`) is handled by what the patch does:
/// - a change to an existing file: the hunks are placed on the copy by the placement cascade (`FilePatcher`),
///   with the upstream pre-image as base when one is known, so matching and 3-way work on drifted copies.
///   The applied hunks become a *duplicated file patch* for the copy, written as the diff from the copy to
///   the copy with those hunks (`UnifiedDiffWriter`): its headers and context come from the copy's own text,
///   so the output applies to the fork with `git apply` and `patch -p1` without fuzz. The word merge may
///   take upstream's words over a fork edit the fork made the same way in its copy of a macro those words
///   call (`ForkMacros`).
/// - a new file in a mapped directory: `new-upstream-file` (copy it or share it?);
/// - a deletion of the original while the copy exists: `upstream-deleted`, never a silent orphan;
/// - a rename of the original (`Porter+Renames.swift`): its edits go to the copy, which keeps its path, with
///   an `upstream-renamed` verdict (or to the copy under the new name, when the fork already has it);
/// - binary: `binary`;
/// - a copy that does not exist: `shared` when the fork's shared list names the file (e.g. `i387.o` in a
///   Makefile's `c-obj-y`), else `missing-fork-file`;
/// - a mapping with policy `flag`: the placement is only tried, and reported as `flagged`;
/// - a copy the patch changes itself (`PatchedCopies`: upstream's own file patch for it goes out as for any
///   file the fork holds): the placement is tried on the copy as that file patch leaves it, and reported
///   `already-applied` or `flagged`, never written.
/// A conflict is a `fork-conflict`, unless `explainDrift` (history, supplied by the caller) finds the
/// upstream commit whose change the copy lacks: then `upstream-drift` names it.
///
/// The output patch is the upstream patch with each file patch followed by its duplicates, so one patch
/// carries upstream and fork forward together. An original file patch is left out when the fork tree does
/// not hold that original (a vendor tree of copies only), and when a same-path copy stands in for it.
/// Nothing is written here; `Result.copies` holds each copy's new content (and with conflict markers, for
/// `--merge`) when the porter keeps copies.
///
/// A porter works one file patch at a time (`port(_:into:)`), so a caller can feed it a patch read in
/// pieces (`PatchStream`) and hand each piece's output on before reading the next; `port(_:map:…)` is the
/// whole-patch form.
public struct Porter {
    public struct Options: Sendable {
        public var strip: Int
        public var maxFuzz: Int
        public var context: Int
        /// Land hunks that `PortRisk` would hold back for a person (verdict `ported` instead of `review`).
        public var acceptReview: Bool

        public init(strip: Int = 1, maxFuzz: Int = 2, context: Int = 3, acceptReview: Bool = false) {
            self.strip = strip
            self.maxFuzz = maxFuzz
            self.context = context
            self.acceptReview = acceptReview
        }
    }

    /// A copy's new content after porting.
    public struct CopyResult: Sendable {
        public var path: [UInt8]
        public var original: TreeFile
        public var ported: [UInt8]
        public var withConflicts: [UInt8]
        /// The failed hunks that `withConflicts` does not hold as markers (ambiguous, context not found,
        /// held for review), as a reject file for the copy (`a/`, `b/` prefixes); empty when none. What
        /// `--apply --merge` saves beside the copy.
        public var unmerged: [UInt8]

        public init(path: [UInt8], original: TreeFile, ported: [UInt8], withConflicts: [UInt8], unmerged: [UInt8] = [])
        {
            self.path = path
            self.original = original
            self.ported = ported
            self.withConflicts = withConflicts
            self.unmerged = unmerged
        }
    }

    public struct Result: Sendable {
        public var report: PortReport
        /// The upstream patch with the duplicated file patches.
        public var patch: [UInt8]
        /// Rejected hunks of every copy, with their verdicts in the hunk headers (empty when none).
        public var rejects: [UInt8]
        /// Each copy's new content (empty unless the porter keeps copies).
        public var copies: [CopyResult]
        /// The definitions each file patch removes and adds, for the notes on moves between files (see
        /// `MoveLedger`; `Porter.port` adds them, a caller porting piece by piece merges and adds them at the end).
        public var moves = MoveLedger()

        public init(
            report: PortReport = PortReport(), patch: [UInt8] = [], rejects: [UInt8] = [], copies: [CopyResult] = []
        ) {
            self.report = report
            self.patch = patch
            self.rejects = rejects
            self.copies = copies
        }
    }

    /// Finds the upstream commit whose change a conflicting copy lacks: (upstream path, conflict) → a
    /// description of the commit, or nil.
    public typealias DriftExplainer = ([UInt8], HunkConflict) -> String?

    let map: ForkMap
    let fork: FileTree
    let base: FileTree?
    let options: Options
    let explainDrift: DriftExplainer?
    let keepCopies: Bool
    let sharedList: [UInt8]?
    /// Upstream paths renamed by earlier steps of the same run → the path they had before (a port commit by
    /// commit): a copy missing under the new name is looked for under the old one.
    let renamed: [[UInt8]: [UInt8]]
    /// The macros the fork redefined in its copies, read when the word merge first asks (`ForkMacros`).
    let macros: ForkMacros?
    /// The names the fork spells its own way across its copies, read when a hunk first adds a line
    /// (`ForkSpellings`).
    let spellings: ForkSpellings?
    /// The functions and macros the patch removes from a file, by name, with the upstream files that lose
    /// them (`MovedFromCopy.removals`): set before porting, by the whole-patch `port` or the caller.
    public var movedAway: [String: Set<[UInt8]>] = [:]
    /// The copies the patch changes itself (`PatchedCopies`): their hunks are placed on the copy as the patch
    /// leaves it and never written. Set before porting, by the whole-patch `port` or the caller.
    public var patchedCopies: PatchedCopies?

    /// A porter onto `fork` for patches made against `base`. With `keepCopies` false the copies' new
    /// contents are not kept in results (a check or a rewritten patch needs only verdicts and bytes), so
    /// porting a long patch piece by piece holds one file's copies at a time. `spellings`, the fork's own
    /// spelling of names, read once for all the steps of a range (by default, from `base`, when a hunk
    /// first asks).
    public init(
        map: ForkMap, fork: FileTree, base: FileTree? = nil, options: Options = Options(),
        explainDrift: DriftExplainer? = nil, keepCopies: Bool = true, renamed: [[UInt8]: [UInt8]] = [:],
        spellings: ForkSpellings? = nil
    ) throws {
        self.renamed = renamed
        self.map = map
        self.fork = fork
        self.base = base
        self.options = options
        self.explainDrift = explainDrift
        self.keepCopies = keepCopies
        macros = base.map { ForkMacros(map: map, fork: fork, base: $0) }
        self.spellings = base == nil ? nil : spellings ?? base.map { ForkSpellings(map: map, fork: fork, base: $0) }
        sharedList = try map.sharedList.flatMap { try fork.file(at: Array($0.utf8)) }.map { $0.bytes }
    }

    /// Ports a whole patch (see the type's notes).
    public static func port(
        _ patch: Patch, map: ForkMap, fork: FileTree, base: FileTree? = nil,
        options: Options = Options(), explainDrift: DriftExplainer? = nil,
        renamed: [[UInt8]: [UInt8]] = [:], spellings: ForkSpellings? = nil
    ) throws -> Result {
        // The fork's spelling is read against the base, and against the originals as the patch leaves them.
        let spellings =
            spellings
            ?? base.map {
                ForkSpellings(
                    map: map, fork: fork, base: $0,
                    after: PatchedOriginals(files: patch.files, base: $0, strip: options.strip))
            }
        var porter = try Porter(
            map: map, fork: fork, base: base, options: options, explainDrift: explainDrift, renamed: renamed,
            spellings: spellings)
        porter.movedAway = MovedFromCopy.removals(patch.files, strip: options.strip)
        porter.patchedCopies = PatchedCopies(files: patch.files, map: map, fork: fork, strip: options.strip)
        var result = Result()
        for file in patch.files { try porter.port(file, into: &result) }
        result.patch += patch.trailer.bytes
        result.report.notes += result.moves.notes(entries: result.report.entries)
        return result
    }

    /// Ports one upstream file patch onto its copies, appending to `result`: the file patch and its
    /// duplicates to the patch, failed hunks to the rejects, a verdict per (hunk × copy), and (when kept)
    /// the copies' new contents. The caller appends the patch's trailer after the last file patch.
    public func port(_ file: FilePatch, into result: inout Result) throws {
        let identity = file.identity(strip: options.strip)
        guard let upstreamPath = identity.oldName ?? identity.newName else {
            file.append(to: &result.patch)
            return
        }
        let copiesOfFile = try map.checkedCopies(of: upstreamPath)
        if Self.isCLike(upstreamPath) {
            // Additions count wherever they go (a function moved to code the fork shares); removals only
            // where the fork has copies.
            result.moves.record(file, upstreamPath: upstreamPath, removals: !copiesOfFile.isEmpty)
        }
        // Duplicates carry the same leading components as the original's names, so one -p fits all.
        // (As spelled on the ---/+++ or diff --git line: a rename's `rename from` names have no prefix.)
        // A name too short to strip (`+++ lin`, a header cut off) lends nothing: the other side's prefix
        // stands in, so the duplicate's two names still strip to the copy's path.
        let full = (old: file.spelledName(side: 0), new: file.spelledName(side: 1))
        let oldPrefix = full.old.flatMap { PatchPath.prefix($0, components: options.strip) }
        let newPrefix = full.new.flatMap { PatchPath.prefix($0, components: options.strip) }
        let prefixes = (old: oldPrefix ?? newPrefix ?? [], new: newPrefix ?? oldPrefix ?? [])
        // The original file patch goes along when the fork tree holds the original (the Xen layout keeps
        // arch/i386 beside arch/xen/i386); a same-path copy stands in for it.
        let holdsOriginal = try fork.contains(upstreamPath)
        // With no base given, that original is the copies' base where it is the patch's pre-image
        // (`Porter+OriginalAsBase`): found once, for the original and all its copies.
        let forkBase =
            base == nil && holdsOriginal && identity.change.kind != .add && identity.change.kind != .delete
                && copiesOfFile.contains(where: { $0.path != upstreamPath })
            ? try originalAsBase(file, at: upstreamPath) : nil
        if identity.change.kind == .add, holdsOriginal, !copiesOfFile.contains(where: { $0.path == upstreamPath }) {
            try addedWhereTheForkHasTheFile(file, at: upstreamPath, into: &result)
        } else if !copiesOfFile.contains(where: { $0.path == upstreamPath })
            && (identity.change.kind == .add ? !holdsOriginal : holdsOriginal)
        {
            if forkBase != nil {
                // Every hunk stands in it where it says: the patch goes out as it is.
                file.append(to: &result.patch)
            } else {
                try carryOriginal(file, at: upstreamPath, prefixes: prefixes, into: &result)
            }
        }
        if identity.change.kind == .rename, let from = identity.oldName, let to = identity.newName {
            return try portRename(file, from: from, to: to, prefixes: prefixes, forkBase: forkBase, into: &result)
        }
        for (mapping, mappedPath) in try Self.copiesToPort(copiesOfFile, in: fork) {
            let copyPath = try copyFollowingRenames(of: upstreamPath, under: mapping, mapped: mappedPath)
            func fileVerdict(_ verdict: PortVerdict) {
                result.report.entries.append(
                    .init(upstreamPath: upstreamPath, hunk: 0, copyPath: copyPath, verdict: verdict, line: 0))
            }
            let copy = try fork.file(at: copyPath)
            // An overlay holds only the files the fork overrides (no file there is the upstream file, used
            // as it is), and a sparse mapping only the files the fork copied: there is nothing to say.
            if copy == nil && mapping.isSparse { continue }
            if identity.change.kind == .add {
                let content = FilePatcher.apply(file.hunks, to: TextFile()).file.bytes
                fileVerdict(copy?.bytes == content ? .alreadyApplied(line: 1) : .newUpstreamFile)
                continue
            }
            if identity.change.kind == .delete {
                if copy != nil { fileVerdict(.upstreamDeleted(renamedTo: nil)) }
                continue
            }
            if file.isBinary && copy == nil {
                fileVerdict(.binary)
                continue
            }
            guard let copy else {
                fileVerdict(Self.isShared(upstreamPath, in: sharedList) ? .shared : .missingForkFile)
                continue
            }
            // A copy the patch changes itself is upstream's to change (`PatchedCopies`): a binary one is left
            // to it, a text one gets the original's hunks checked against it.
            let patched = copyPath != upstreamPath ? patchedCopies.flatMap { $0.changes(copyPath) ? $0 : nil } : nil
            if file.isBinary {
                fileVerdict(
                    patched != nil
                        ? .binary
                        : portBinary(
                            file, upstreamPath: upstreamPath, onto: copy, at: copyPath, policy: mapping.policy,
                            into: &result))
                continue
            }
            if let patched {
                guard let image = patched.image(of: copyPath, copy: copy.bytes) else {
                    for index in file.hunks.indices {
                        result.report.entries.append(
                            .init(
                                upstreamPath: upstreamPath, hunk: index + 1, copyPath: copyPath,
                                verdict: .flagged(wouldApply: false, byUpstream: true), line: 0))
                    }
                    continue
                }
                try portHunks(
                    of: file, upstreamPath: upstreamPath, onto: TreeFile(bytes: image, mode: copy.mode), at: copyPath,
                    policy: mapping.policy, prefixes: prefixes, forkBase: forkBase, changedByUpstream: true,
                    into: &result)
                continue
            }
            try portHunks(
                of: file, upstreamPath: upstreamPath, onto: copy, at: copyPath, policy: mapping.policy,
                prefixes: prefixes, forkBase: forkBase, into: &result)
        }
    }

    /// Puts the upstream file patch for an original the fork tree holds into the output. When every hunk
    /// applies to the fork's original as it stands (exactly, or at an offset: what `git apply` accepts), the
    /// file patch goes out byte for byte, with no verdict (nothing to say). Otherwise — the fork already merged
    /// some of it (a tree that keeps the new originals beside its copies), or changed the original — the
    /// original is ported like a copy of itself: the hunks already there are `already-applied`, the others
    /// get their verdicts, and the file patch goes out rewritten from the fork's original, so the output
    /// patch always applies to the tree it was made for and never adds a hunk twice. A removal goes out
    /// only when it removes the fork's text: a file the fork changed is kept (`upstream-deleted`).
    private func carryOriginal(
        _ file: FilePatch, at upstreamPath: [UInt8], prefixes: (old: [UInt8], new: [UInt8]),
        into result: inout Result
    ) throws {
        if file.isBinary { return try carryBinaryOriginal(file, at: upstreamPath, into: &result) }
        let identity = file.identity(strip: options.strip)
        // A removal goes out when it removes the fork's text; a file the fork changed is kept, for a person
        // (as GNU patch keeps a file whose content differs from the patch's).
        if identity.change.kind == .delete, !file.hunks.isEmpty, let held = try fork.file(at: upstreamPath) {
            let removed = FilePatcher.applyAsMade(file.hunks, toBytes: held.bytes, path: upstreamPath)
            if !(removed.appliedCleanly && removed.bytes.isEmpty) {
                result.report.entries.append(
                    .init(
                        upstreamPath: upstreamPath, hunk: 0, copyPath: upstreamPath,
                        verdict: .upstreamDeleted(renamedTo: nil, forkChanged: true), line: 0))
                return
            }
        }
        // A rename goes out when its changes apply to the fork's text and the new name is free.
        if identity.change.kind == .rename, let to = identity.newName, to != upstreamPath,
            let held = try fork.file(at: upstreamPath)
        {
            try carryRename(file, from: upstreamPath, to: to, held: held, prefixes: prefixes, into: &result)
            return
        }
        guard identity.change.kind == .modify, !file.hunks.isEmpty else {
            file.append(to: &result.patch)
            return
        }
        // The patch was made against the base: an original equal to it takes the patch as it is, which a
        // comparison tells far more cheaply than placing every hunk (without reading, where the trees can).
        if let base, try fork.sameContent(at: upstreamPath, as: base) == true {
            file.append(to: &result.patch)
            return
        }
        guard let original = try fork.file(at: upstreamPath) else {
            file.append(to: &result.patch)
            return
        }
        if let baseFile = try base?.file(at: upstreamPath), ByteCompare.equal(baseFile.bytes, original.bytes) {
            file.append(to: &result.patch)
            return
        }
        let placed = FilePatcher.applyAsMade(file.hunks, toBytes: original.bytes, path: upstreamPath)
        // A patch whose line endings are not the original's applies only once converted: rewrite it.
        if placed.lineEndings == nil && placed.appliedCleanly {
            // The caller applies it with the rest of the upstream patch (`PortSession`, for --apply).
            emit(
                file, placed: placed, from: (upstreamPath, original), to: upstreamPath, prefixes: prefixes,
                into: &result)
            return
        }
        try portHunks(
            of: file, upstreamPath: upstreamPath, onto: original, at: upstreamPath,
            policy: .port, prefixes: prefixes, into: &result)
    }

    /// Upstream adds a file the fork already holds at that path (not as a copy): nothing to write when the
    /// fork's file is upstream's new one; otherwise an add/add conflict for a person (`fork-conflict`, the
    /// fork's lines against upstream's), as `git apply` refuses a file that "already exists". It used to go
    /// by without a word: the fork's file kept, upstream's left out of the rewritten patch, exit 0.
    private func addedWhereTheForkHasTheFile(
        _ file: FilePatch, at upstreamPath: [UInt8], into result: inout Result
    ) throws {
        if file.isBinary { return try carryBinaryOriginal(file, at: upstreamPath, into: &result) }
        guard let held = try fork.file(at: upstreamPath) else { return }
        let made = FilePatcher.apply(file.hunks, to: TextFile()).file.bytes
        if ByteCompare.equal(made, held.bytes) { return }
        let ours = TextFile(bytes: held.bytes).lines, theirs = TextFile(bytes: made).lines
        let conflict = HunkConflict(
            targetIndex: 0, targetCount: ours.count, ours: ours, base: [], theirs: theirs, merged: [],
            note: "upstream adds this file, and the fork already has it with other content (add/add)")
        result.report.entries.append(
            .init(
                upstreamPath: upstreamPath, hunk: 1, copyPath: upstreamPath,
                verdict: PortVerdict.forkConflict(conflict).detached, line: 1))
    }

    /// Puts upstream's rename of a file the fork holds into the output: as it is when its hunks apply to the
    /// fork's text at their own lines; rewritten from the fork's text when they apply at an offset; left out,
    /// with `upstream-deleted` on the file, when they do not apply or the fork has the new name already (as
    /// git apply would refuse it).
    private func carryRename(
        _ file: FilePatch, from: [UInt8], to: [UInt8], held: TreeFile, prefixes: (old: [UInt8], new: [UInt8]),
        into result: inout Result
    ) throws {
        let placed = FilePatcher.applyAsMade(file.hunks, toBytes: held.bytes, path: from)
        guard try !fork.contains(to), placed.lineEndings == nil, file.hunks.isEmpty || placed.appliedCleanly else {
            result.report.entries.append(
                .init(
                    upstreamPath: from, hunk: 0, copyPath: from,
                    verdict: .upstreamDeleted(renamedTo: to, forkChanged: true), line: 0))
            return
        }
        emit(file, placed: placed, from: (from, held), to: to, prefixes: prefixes, into: &result)
    }

    /// Puts an upstream file patch that applies cleanly to a file the fork holds (`placed`) into the output:
    /// as it is when every hunk stands at its own lines; numbered where it stands otherwise, written from
    /// the fork's text (at upstream's numbers a fuzzy match there can compete with the exact place further
    /// on, which `tandem apply` refuses as ambiguous: a file earlier steps of a range changed is such a
    /// file). A change of mode goes out as it is: the diff writes the text only.
    private func emit(
        _ file: FilePatch, placed: FilePatcher.Result, from: (path: [UInt8], file: TreeFile), to: [UInt8],
        prefixes: (old: [UInt8], new: [UInt8]), into result: inout Result
    ) {
        if placed.appliedExactly || file.header.contains(where: { $0.kind == .oldMode || $0.kind == .newMode }) {
            file.append(to: &result.patch)
        } else {
            result.patch += UnifiedDiffWriter.filePatch(
                old: .init(path: from.path, file: from.file),
                new: .init(path: to, file: TreeFile(bytes: placed.bytes, mode: from.file.mode)),
                context: options.context, prefixes: prefixes, text: true)
        }
    }

    /// Of the candidate copies of one original, the ones to port: all of them when there is one (no
    /// lookup); when several mappings cover the original (an overlay, a layout, a file pattern), those
    /// that exist, or with none, the most specific mapping's that is not sparse (`isSparse`), the one
    /// reported missing. Renames
    /// are followed from the path returned.
    static func copiesToPort(_ candidates: [(mapping: ForkMapping, path: [UInt8])], in fork: FileTree) throws
        -> [(mapping: ForkMapping, path: [UInt8])]
    {
        guard candidates.count > 1 else { return candidates }
        let existing = try candidates.filter { try fork.contains($0.path) }
        if !existing.isEmpty { return existing }
        return candidates.filter { !$0.mapping.isSparse }
            .max { $0.mapping.fork.specificity < $1.mapping.fork.specificity }.map { [$0] } ?? []
    }

    /// Places the hunks of `file` on one existing copy: a verdict per hunk, the duplicated file patch and
    /// the rejects.
    /// `basePath` is where the original stands in the base (its old name, for a rename); `forkBase`, with no
    /// base given, the fork's own original when it is the patch's pre-image (`Porter+OriginalAsBase`).
    /// `changedByUpstream`: `copy` is the copy as the patch itself leaves it (`PatchedCopies`): the hunks are
    /// only placed, each already there `already-applied` and the others `flagged`.
    func portHunks(
        of file: FilePatch, upstreamPath: [UInt8], basePath: [UInt8]? = nil, onto copy: TreeFile, at copyPath: [UInt8],
        policy: ForkMapping.Policy, prefixes: (old: [UInt8], new: [UInt8]), forkBase: [UInt8]? = nil,
        changedByUpstream: Bool = false, into result: inout Result
    ) throws {
        let basePath = basePath ?? upstreamPath
        var baseFile = try base?.file(at: basePath)?.bytes
        if base == nil, basePath != copyPath, let original = forkBase {
            baseFile = original
            result.report.notes.append(
                .init(
                    upstreamPath: upstreamPath, copyPath: copyPath,
                    message: "no base given: the fork's own \(displayText(basePath)) holds the patch's pre-image "
                        + "and serves as the base", kind: .baseFromFork))
        }
        // The hunks and the base in the fork's spelling of the names it respells across its copies, so that
        // the merge reads the copy's respelled lines as standing and lands added lines as the fork writes them.
        var file = file
        if policy == .port, let respelled = spellings?.respell(file.hunks, base: baseFile), !respelled.changes.isEmpty {
            file.hunks = respelled.hunks
            if let normal = respelled.base { baseFile = normal }
            for change in respelled.changes {
                let what =
                    change.adds
                    ? "adds `\(change.name)` as upstream spells it; written `\(change.spelling)`"
                    : "reads `\(change.name)` as upstream spells it; read as `\(change.spelling)`"
                result.report.notes.append(
                    .init(
                        upstreamPath: upstreamPath, copyPath: copyPath,
                        message: "hunk \(change.hunk) \(what), as the fork does in \(change.lines) lines of "
                            + "\(change.copies) copies", kind: .respelled))
            }
        }
        let directives = SourceKind.readsDirectives(copyPath)
        var placed = FilePatcher.apply(
            file.hunks, toBytes: copy.bytes, baseBytes: baseFile,
            options: .init(maxFuzz: options.maxFuzz, directives: directives), carried: macros.map { $0.carries })
        // Upstream's own result (the patch on the base), worked out once, when a rule below first asks.
        var upstreamMemo: [Bytes]??
        func upstream() -> [Bytes]? {
            if let known = upstreamMemo { return known }
            let made = baseFile.flatMap { base in
                let result = FilePatcher.apply(
                    file.hunks, toBytes: base, options: .init(maxFuzz: 0, directives: directives))
                return result.appliedAll ? TextFile(bytes: result.bytes).lines : nil
            }
            upstreamMemo = .some(made)
            return made
        }
        // Hunks that would land but that the copy suggests the fork does not want. What the hunks say on their
        // own, against the copy and the trees, is read once, whichever placement below lands them.
        let hunkEvidence =
            policy == .port ? try evidence(file, copy: copy, original: basePath, base: baseFile) : [:]
        var risks =
            policy == .port
            ? assessRisks(
                file, placed: placed, copy: copy, copyPath: copyPath, evidence: hunkEvidence, base: baseFile,
                upstream: upstream)
            : [:]
        var held = options.acceptReview ? Set<Int>() : Set(risks.keys)
        // A unit upstream moved and the fork changed: the copy's own version moves (`Porter+Moves`).
        let assembly = CUnits.isAssembly(copyPath)
        var carried: CarriedMoves?
        if policy == .port, let baseFile, Self.isCLike(copyPath),
            let moves = Self.carryMoves(
                file.hunks, copy: copy.bytes, base: baseFile, upstream: upstream, first: placed, assembly: assembly,
                options: .init(maxFuzz: options.maxFuzz, directives: directives))
        {
            let movedRisks = assessRisks(
                file, placed: moves.placed, copy: copy, copyPath: copyPath, evidence: hunkEvidence, base: baseFile,
                upstream: upstream)
            let movedHeld = options.acceptReview ? Set<Int>() : Set(movedRisks.keys)
            if moves.moves.allSatisfy({ $0.hunks.isDisjoint(with: movedHeld) }),
                moves.finish(moves.placed.bytes(excluding: movedHeld), assembly: assembly) != nil,
                moves.finish(moves.placed.bytesWithConflicts(excluding: movedHeld), assembly: assembly) != nil
            {
                placed = moves.placed
                risks = movedRisks
                held = movedHeld
                carried = moves
            }
        }
        // A hunk held back may hold one end of a conditional whose other end another hunk lands: that one is
        // held with it, so the copy's conditionals still match.
        if !held.isEmpty {
            let matched = placed.keepingConditionalsMatched(excluding: held)
            for index in matched.subtracting(held) { risks[index, default: []].append(.otherEndHeld) }
            held = matched
        }
        if let conversion = placed.lineEndings {
            result.report.notes.append(
                .init(upstreamPath: upstreamPath, copyPath: copyPath, message: conversion.message))
        }
        var failed: [(hunk: Hunk, reason: String)] = []
        var unmerged: [(hunk: Hunk, reason: String)] = []
        var copyLines: [Bytes]?  // split only when a hunk is ambiguous
        // Whether the fork removed or rewrote the lines of a hunk that is nowhere (`ForkRemoval`).
        var removals = baseFile.map { ForkRemoval.Reader(base: $0, copy: copy.bytes, path: copyPath) }
        func removal(_ index: Int) -> ForkRemoval? {
            policy == .port ? removals?.diagnose(file.hunks[index]) : nil
        }
        let rejectStarts = Self.rejectStarts(placed.outcomes, hunks: file.hunks, held: held)
        let markedStarts = Self.rejectStarts(placed.outcomes, hunks: file.hunks, held: held, markers: true)
        for (index, outcome) in placed.outcomes.enumerated() {
            var verdict: PortVerdict
            var line = 0
            switch outcome {
            case .applied(var p):
                if let carried, let unit = carried.unit(moving: index) {
                    p.step = .moved
                    p.subject = unit
                    p.confidence = 0.8
                }
                verdict = held.contains(index) ? .review(p, reasons: risks[index]?.map(\.message) ?? []) : .ported(p)
                line = carried?.copyLine(p.targetIndex) ?? p.targetIndex + 1
            case .alreadyApplied(let l):
                line = carried?.copyLine(l - 1) ?? l
                verdict = .alreadyApplied(line: line)
            case .conflict(var c):
                line = carried?.copyLine(c.targetIndex) ?? c.targetIndex + 1
                if held.contains(index), let reasons = risks[index] {
                    // Its changes that stood on their own are held back with it.
                    c = Self.held(c, reasons: reasons)
                }
                if let commit = explainDrift?(basePath, c) {
                    verdict = .upstreamDrift(c, commit: commit)
                } else {
                    verdict = .forkConflict(c)
                }
            case .failed(let reason):
                switch reason {
                case .ambiguous(let lines, let note): verdict = .ambiguous(lines: lines, note: note)
                case .contextNotFound(let hint):
                    verdict = .contextNotFound(hint: hint, withBase: baseFile != nil, removal: removal(index))
                case .beyondEnd:
                    verdict = .contextNotFound(
                        hint: "the hunk starts past the end of the copy", withBase: baseFile != nil,
                        removal: removal(index))
                case .binary: verdict = .binary
                case .missingFile: verdict = .missingForkFile
                case .malformed(let why): verdict = .contextNotFound(hint: "malformed hunk: " + why)
                case .alreadyExists, .wrongType, .submodule: verdict = .contextNotFound(hint: reason.message)
                }
            }
            if policy == .flag { verdict = .flagged(wouldApply: outcome.isSuccess) }
            if changedByUpstream, verdict.kind != .alreadyApplied {
                verdict = .flagged(wouldApply: outcome.isSuccess, byUpstream: true)
            }
            if verdict.isFailure {
                // A conflict's changes that landed on their own are in the ported text, and those the copy had
                // stand: the reject holds the rest.
                var rest = file.hunks[index]
                switch verdict {
                case .forkConflict(let c), .upstreamDrift(let c?, _):
                    if let open = c.openChanges { rest = rest.remaining(refusing: open) }
                default: break
                }
                // Numbered where it would stand in the ported copy (`Porter+RejectLines`).
                failed.append((rest.renumbered(by: rejectStarts[index] - rest.header.oldStart), verdict.message))
                // A conflict not held back stands in the copy as markers under --merge; the rest does not.
                if case .conflict = outcome, !held.contains(index) {
                } else {
                    let hunk = file.hunks[index]
                    unmerged.append((hunk.renumbered(by: markedStarts[index] - hunk.header.oldStart), verdict.message))
                }
            }
            var places: AmbiguousPlaces?
            if case .ambiguous(let starts, _) = verdict {
                let lines = copyLines ?? TextFile(bytes: copy.bytes).lines
                copyLines = lines
                places = AmbiguousPlaces(hunk: file.hunks[index], copy: lines, lines: starts)
            }
            result.report.entries.append(
                .init(
                    upstreamPath: upstreamPath, hunk: index + 1, copyPath: copyPath,
                    verdict: verdict.detached, line: line, places: places))
        }
        guard policy == .port, !changedByUpstream else { return }
        // (A carried move was checked to finish on both texts.)
        let ported = carried?.finish(placed.bytes(excluding: held), assembly: assembly) ?? placed.bytes(excluding: held)
        if ported != copy.bytes {
            result.patch += UnifiedDiffWriter.filePatch(
                old: .init(path: copyPath, file: copy),
                new: .init(path: copyPath, file: TreeFile(bytes: ported, mode: copy.mode)),
                context: options.context, prefixes: prefixes, text: true)
        }
        if keepCopies {
            result.copies.append(
                CopyResult(
                    path: copyPath, original: copy, ported: ported,
                    withConflicts: carried?.finish(placed.bytesWithConflicts(excluding: held), assembly: assembly)
                        ?? placed.bytesWithConflicts(excluding: held),
                    unmerged: unmerged.isEmpty
                        ? [] : RejectFile.bytes(oldPath: copyPath, newPath: copyPath, hunks: unmerged)))
        }
        if !failed.isEmpty {
            result.rejects += RejectFile.bytes(oldPath: copyPath, newPath: copyPath, hunks: failed, prefixes: prefixes)
        }
    }

    /// A conflict whose partial landing is held back: none of its changes land, and the note says why.
    static func held(_ conflict: HunkConflict, reasons: [PortRisk.Reason]) -> HunkConflict {
        var held = conflict
        held.landed = nil
        let why = "none of its changes landed: " + reasons.map(\.message).joined(separator: "; ")
        held.note = conflict.note.map { $0 + "; " + why } ?? why
        return held
    }

    /// The evidence each hunk carries on its own, by index, wherever it lands: a line of a kind the fork
    /// rewrote (any kind of file; needs the original, and a copy that differs from it: an original the fork
    /// holds as it is has rewritten nothing), a string or (in C) a definition the fork removed, and a header
    /// the fork does not have (needs the original tree, to find it as upstream does).
    private func evidence(_ file: FilePatch, copy: TreeFile, original: [UInt8], base: [UInt8]?) throws
        -> [Int: [PortRisk.Reason]]
    {
        var found: [Int: [PortRisk.Reason]] = [:]
        if let base, base != copy.bytes {
            let baseLines = TextFile(bytes: base).lines
            var copyLines: Set<[UInt8]>?
            for (index, hunk) in file.hunks.enumerated() {
                let reason = RewrittenKind.evidence(hunk, base: baseLines) {
                    if let known = copyLines { return known }
                    let made = Set(TextFile(bytes: copy.bytes).lines.map(\.withoutBlanks))
                    copyLines = made
                    return made
                }
                if let reason { found[index, default: []].append(reason) }
                if let reason = RemovedString.evidence(hunk, original: base, copy: copy.bytes) {
                    found[index, default: []].append(reason)
                }
            }
            if Self.isCLike(original) {
                for (index, reason) in RemovedDefinition.evidence(file.hunks, original: base, copy: copy.bytes) {
                    found[index, default: []].append(reason)
                }
            }
        }
        if let tree = self.base {
            // The names the original defined, read once per file when a hunk first adds a moved one.
            var defined: Set<String>?
            let definedInBase = {
                if let known = defined { return known }
                let made = MovedFromCopy.definedNames(base)
                defined = made
                return made
            }
            for (index, hunk) in file.hunks.enumerated() {
                if let reason = try MissingHeader.evidence(
                    hunk, original: original, map: map, fork: fork, upstream: tree)
                {
                    found[index, default: []].append(reason)
                }
                if let reason = try movedFromChangedCopy(hunk, original: original, defined: definedInBase, tree: tree) {
                    found[index, default: []].append(reason)
                }
            }
        }
        return found
    }

    /// `MovedFromCopy`'s evidence against `hunk` of the file patch for `original`: the first definition it
    /// adds that the patch moves from a file one of whose copies changed it.
    /// `defined` gives the names the file's original defines before the patch, `tree` is the base tree.
    private func movedFromChangedCopy(
        _ hunk: Hunk, original: [UInt8], defined: () -> Set<String>, tree: FileTree
    ) throws -> PortRisk.Reason? {
        let arrivals = MovedFromCopy.arrivals(hunk, in: original, moved: movedAway, defined: defined)
        guard !arrivals.isEmpty else { return nil }
        let added = Set(hunk.body.filter { HunkLineKind(line: $0) == .addition }.map { $0.dropFirst().withoutBlanks })
        for (name, sources) in arrivals {
            for source in sources {
                guard let from = try tree.file(at: source) else { continue }
                for (_, copyPath) in try map.checkedCopies(of: source) {
                    guard let copy = try fork.file(at: copyPath),
                        MovedFromCopy.changed(name, original: from.bytes, copy: copy.bytes, added: added)
                    else { continue }
                    return .movedFromChangedCopy(name: name, original: displayText(source), copy: displayText(copyPath))
                }
            }
        }
        return nil
    }

    /// `PortRisk`'s evidence against each hunk that would land on the copy: the hunks' own `evidence`
    /// (`evidence(_:copy:original:base:)`) for those that land, then the definition rules.
    /// `upstream` gives the original after the patch (nil when the patch does not apply to the base).
    private func assessRisks(
        _ file: FilePatch, placed: FilePatcher.Result, copy: TreeFile, copyPath: [UInt8],
        evidence: [Int: [PortRisk.Reason]], base: [UInt8]?, upstream: () -> [Bytes]?
    ) -> [Int: [PortRisk.Reason]] {
        var risks = evidence.filter { placed.outcomes[$0.key].changesTarget }
        let isC = Self.isCLike(copyPath), isKconfig = Self.isKconfig(copyPath)
        // Members added below a gap of upstream's (`PositionalMembers`): only a copy that differs from its
        // original can lack any (an original the fork holds as it is has nothing missing).
        if isC, let base, base != copy.bytes {
            let excluded = options.acceptReview ? Set<Int>() : Set(risks.keys)
            let pieces = placed.landedPieces(excluding: excluded)
            if !pieces.isEmpty {
                let found = PositionalMembers.evidence(
                    pieces: pieces, ported: { TextFile(bytes: placed.bytes(excluding: excluded)).lines },
                    upstream: upstream, hunks: file.hunks)
                for (index, reason) in found { risks[index, default: []].append(reason) }
            }
        }
        // Only a landed hunk that adds a definition can define one twice, and only one that removes a
        // definition while another hunk does not land can lose one: most files have neither, and need no
        // segmentation.
        let unlanded = placed.outcomes.contains { if case .applied = $0 { return false } else { return true } }
        guard isC || isKconfig,
            zip(file.hunks, placed.outcomes).contains(where: { hunk, outcome in
                outcome.changesTarget
                    && PortRisk.mayChangeDefinitions(hunk, adding: true, removing: unlanded, kconfig: isKconfig)
            })
        else { return risks }
        let definitions = { (lines: [Bytes]) in
            isKconfig ? PortRisk.Definitions(kconfig: lines) : PortRisk.Definitions(lines)
        }
        let copyDefinitions = definitions(TextFile(bytes: copy.bytes).lines)
        let original = upstream().map(definitions)
        // The base counts only where upstream's result is unknown.
        let baseDefinitions = original == nil ? base.map { definitions(TextFile(bytes: $0).lines) } : nil
        // Holding a hunk back can put another at risk (held, the hunk re-adding a moved function leaves the
        // one removing it losing it): assess again without the held ones until nothing new is found.
        var held = options.acceptReview ? Set<Int>() : Set(risks.keys)
        while true {
            let found = PortRisk.assess(
                hunks: file.hunks, outcomes: placed.outcomes, copy: copyDefinitions,
                ported: definitions(TextFile(bytes: placed.bytes(excluding: held)).lines),
                base: baseDefinitions, original: original, excluding: held)
            let new = Set(found.keys).subtracting(held)
            for (index, reasons) in found { risks[index, default: []] += reasons }
            if new.isEmpty || options.acceptReview { return risks }
            held.formUnion(new)
        }
    }

    /// True for C sources, headers and assembler (`/* */` comments); false for Makefiles, Kconfig and the rest
    /// (`#` comments).
    static func isCLike(_ path: [UInt8]) -> Bool {
        guard let dot = path.lastIndex(of: UInt8(ascii: ".")), !path[dot...].contains(ASCII.slash) else { return false }
        return ["c", "h", "cc", "cpp"].contains(String(decoding: path[(dot + 1)...], as: UTF8.self))
    }

    /// True for Kconfig files (`Kconfig`, `Kconfig.debug`, …).
    static func isKconfig(_ path: [UInt8]) -> Bool {
        let name = path.split(separator: ASCII.slash).last ?? path[...]
        return name.starts(with: "Kconfig".utf8)
    }

    /// True when the shared list names the file as an object or source (`i387.o`, `i387.c`).
    static func isShared(_ path: [UInt8], in list: [UInt8]?) -> Bool {
        guard let list else { return false }
        let name = path.split(separator: ASCII.slash).last.map(Array.init) ?? path
        let stem = name.lastIndex(of: UInt8(ascii: ".")).map { Array(name[..<$0]) } ?? name
        let words = list.split {
            $0 == ASCII.space || $0 == ASCII.tab || $0 == ASCII.newline || $0 == UInt8(ascii: "=")
                || $0 == ASCII.backslash
        }
        return words.contains { $0.elementsEqual(stem + Array(".o".utf8)) || $0.elementsEqual(name) }
    }
}
