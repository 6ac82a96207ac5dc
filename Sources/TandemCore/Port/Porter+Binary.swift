/// A `GIT binary patch` on an original the fork copies: carried onto the copy only when the copy is, byte
/// for byte, the blob the patch was made against.
///
/// A binary file has no lines to re-anchor and no merge that could keep the fork's changes, so there is one
/// safe case: the copy is the patch's old blob (checked by its id, as `git apply` checks), and the duplicate is
/// upstream's file patch under the copy's name, data and ids unchanged, which makes the patch's new blob. A
/// copy that already is the new blob is `already-applied`. Any other copy (the fork changed the file), data
/// that does not decode, or a copy the patch changes itself stays `binary`: reported, never written.
/// `Binary files … differ`, which carries no data, is `binary` too.
///
/// The same holds for an original the fork holds itself (`carryBinaryOriginal`): upstream's file patch goes
/// out when it applies to the fork's file (or creates one the fork lacks), and `--apply` writes it; any other
/// original gets a verdict (`already-applied`, or `binary`), so that nothing is left out silently, as
/// `tandem port --upstream` once left out the binary files a range added.
extension Porter {
    /// Carries the binary file patch `file` for the original at `upstreamPath`, or says why not.
    func carryBinaryOriginal(_ file: FilePatch, at upstreamPath: [UInt8], into result: inout Result) throws {
        func verdict(_ verdict: PortVerdict) {
            result.report.entries.append(
                .init(upstreamPath: upstreamPath, hunk: 0, copyPath: upstreamPath, verdict: verdict, line: 0))
        }
        // (`Binary files … differ` has no data to decode.)
        guard let binary = try? GitBinaryPatch(file) else { return verdict(.binary) }
        let identity = file.identity(strip: options.strip)
        let held = try fork.file(at: identity.change.kind == .add ? upstreamPath : identity.oldName ?? upstreamPath)
        if identity.change.kind == .add, let held {
            return verdict(binary.isResult(held.bytes) ? .alreadyApplied(line: 1) : .binary)
        }
        if (try? binary.apply(to: held?.bytes ?? [])) != nil {
            file.append(to: &result.patch)
        } else if let held, identity.change.kind == .modify, binary.isResult(held.bytes) {
            verdict(.alreadyApplied(line: 1))
        } else {
            verdict(.binary)
        }
    }

    /// The verdict on `copy` for the binary file patch `file`, and the duplicate in the output when it ports.
    func portBinary(
        _ file: FilePatch, upstreamPath: [UInt8], onto copy: TreeFile, at copyPath: [UInt8],
        policy: ForkMapping.Policy, into result: inout Result
    ) -> PortVerdict {
        guard let binary = try? GitBinaryPatch(file) else { return .binary }
        if binary.isResult(copy.bytes) { return .alreadyApplied(line: 1) }
        guard let bytes = try? binary.apply(to: copy.bytes) else { return .binary }
        guard policy == .port else { return .flagged(wouldApply: true) }
        let rename = PatchFilter.Rename(from: upstreamPath, to: copyPath)
        var duplicate = PatchFilter(renames: [rename], strip: options.strip).renamed(file)
        duplicate.prelude = LineBlock()
        duplicate.append(to: &result.patch)
        if keepCopies {
            result.copies.append(CopyResult(path: copyPath, original: copy, ported: bytes, withConflicts: bytes))
        }
        return .ported(
            Placement(
                step: .exact, targetIndex: 0, targetCount: 0, replacement: [], offset: 0, fuzz: 0, confidence: 1,
                subject: "binary file"))
    }
}
