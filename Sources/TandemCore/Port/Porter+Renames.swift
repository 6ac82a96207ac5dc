/// How `tandem port` carries an upstream rename of an original onto its copies.
///
/// A rename (a file patch with `rename from X` / `rename to Y`, from a patch file or found in history by
/// similarity) keeps its copies: for each mapping that covers X,
/// - when the fork already has the copy under the name the map gives Y, the rename's edits are ported onto
///   that copy, and a copy still under X's name is an orphan (`upstream-deleted`, renamed to Y);
/// - otherwise the copy of X keeps its path: the edits are ported onto it (placed, re-anchored and verdicted
///   as any hunk, with X in the base), and one file-level `upstream-renamed` verdict says the map now pairs
///   Y with another path (or with none), so the copy should be renamed (or mapped) before the next port;
/// - a copy that does not exist is `missing-fork-file` (or `shared`) when the rename carries edits, and
///   nothing otherwise.
/// A mapping that covers Y but not X sees a new file: `new-upstream-file`, or its edits when the copy is there.
/// Every verdict names Y as the upstream file. Within one run (`--per-commit`), later steps find the copy a
/// rename left under X's name (`copyFollowingRenames`). Cost: two map lookups per rename.
extension Porter {
    /// The copy of `upstreamPath` under `mapping`: `mapped`, or — when the fork has no file there and an
    /// earlier step of the run renamed the original — the copy its old name had, which the fork kept.
    func copyFollowingRenames(of upstreamPath: [UInt8], under mapping: ForkMapping, mapped: [UInt8]) throws -> [UInt8] {
        guard !renamed.isEmpty, let earlier = renamed[upstreamPath], try !fork.contains(mapped),
            let kept = map.copies(of: earlier).first(where: { $0.mapping == mapping })?.path, try fork.contains(kept)
        else { return mapped }
        return kept
    }

    /// Ports the rename of original `from` to `to` onto the copies (see the type's notes).
    func portRename(
        _ file: FilePatch, from: [UInt8], to: [UInt8], prefixes: (old: [UInt8], new: [UInt8]),
        forkBase: [UInt8]? = nil, into result: inout Result
    ) throws {
        let oldCopies = map.copies(of: from), newCopies = map.copies(of: to)
        func fileVerdict(_ copyPath: [UInt8], _ verdict: PortVerdict) {
            result.report.entries.append(
                .init(upstreamPath: to, hunk: 0, copyPath: copyPath, verdict: verdict, line: 0))
        }
        func port(onto copy: TreeFile, at copyPath: [UInt8], policy: ForkMapping.Policy) throws {
            if file.isBinary { return fileVerdict(copyPath, .binary) }
            guard !file.hunks.isEmpty else { return }
            try portHunks(
                of: file, upstreamPath: to, basePath: from, onto: copy, at: copyPath, policy: policy,
                prefixes: prefixes, forkBase: forkBase, into: &result)
        }
        for (mapping, mappedOld) in oldCopies {
            let oldCopyPath = try copyFollowingRenames(of: from, under: mapping, mapped: mappedOld)
            let mappedNew = newCopies.first { $0.mapping == mapping }?.path
            let oldCopy = try fork.file(at: oldCopyPath)
            if let mappedNew, mappedNew != oldCopyPath, let newCopy = try fork.file(at: mappedNew) {
                // The fork already follows upstream's name.
                try port(onto: newCopy, at: mappedNew, policy: mapping.policy)
                if oldCopy != nil { fileVerdict(oldCopyPath, .upstreamDeleted(renamedTo: to)) }
                continue
            }
            guard let oldCopy else {
                if !file.hunks.isEmpty {
                    fileVerdict(oldCopyPath, Self.isShared(from, in: sharedList) ? .shared : .missingForkFile)
                }
                continue
            }
            if mappedNew != oldCopyPath {
                fileVerdict(oldCopyPath, .upstreamRenamed(from: from, mappedCopy: mappedNew))
            }
            try port(onto: oldCopy, at: oldCopyPath, policy: mapping.policy)
        }
        for (mapping, mappedNew) in newCopies where !oldCopies.contains(where: { $0.mapping == mapping }) {
            if let copy = try fork.file(at: mappedNew) {
                try port(onto: copy, at: mappedNew, policy: mapping.policy)
            } else {
                fileVerdict(mappedNew, .newUpstreamFile)
            }
        }
    }
}
