/// Binary file patches: the plan of a `GIT binary patch`, all or nothing per file.
///
/// The rules follow `git apply`: the data must decode, the file must be the blob the `index` line names as the
/// side it reads (none for a creation), and the result the blob named as the side it makes; a binary file is
/// never placed, fuzzed or merged. As with text, a rerun finds its work done: a file that already is the blob
/// the patch makes (created, renamed or changed by an earlier run) counts as already applied, and a deletion
/// of a file that is gone as already deleted. `Binary files … differ` carries no data and is reported only.
extension PatchApplier {
    static func planBinary(
        _ file: FilePatch, plan: FilePlan, tree: FileTree, options: Options,
        failAll: (FailureReason) -> FilePlan, alreadyDone: (String, [UInt8]) -> FilePlan
    ) throws -> FilePlan {
        guard file.headerLine(.gitBinaryPatch) != nil else { return failAll(.binary()) }
        let binary: GitBinaryPatch
        do {
            binary = try GitBinaryPatch(file)
        } catch {
            return failAll(.binary(error.description))
        }
        let (_, _, path, creation, deletion, modes) = effect(file, options: options)
        var plan = plan
        let reverse = options.reverse
        func made(from bytes: [UInt8]) -> Result<[UInt8], GitBinaryPatch.Failure> {
            Result { () throws(GitBinaryPatch.Failure) in try binary.apply(to: bytes, reverse: reverse) }
        }
        if creation {
            if let existing = try tree.file(at: path) {
                guard binary.isResult(existing.bytes, reverse: reverse) else {
                    return failAll(.alreadyExists("\(displayText(path)) already exists in the tree with other content"))
                }
                return alreadyDone("already created", existing.bytes)
            }
            switch made(from: []) {
            case .failure(let why): return failAll(.binary(why.description))
            case .success(let bytes): plan.applied = bytes
            }
            plan.mode = (modes.new ?? modes.old ?? .regular).treeMode
            return plan
        }
        guard let source = plan.source else { return failAll(.missingFile("can't find file to patch")) }
        guard let existing = try tree.file(at: source) else {
            if deletion { return alreadyDone("already deleted", []) }
            if source != path, let moved = try tree.file(at: path), binary.isResult(moved.bytes, reverse: reverse) {
                return alreadyDone(plan.result.action == .copy ? "already copied" : "already renamed", moved.bytes)
            }
            return failAll(.missingFile("can't find file to patch: \(displayText(source))"))
        }
        let existingType = GitFileMode(treeMode: existing.mode)
        if existingType == .symlink || modes.old == .symlink || modes.new == .symlink {
            return failAll(.wrongType("\(displayText(source)): a binary patch changes regular files only"))
        }
        if source != path, let occupant = try tree.file(at: path) {
            // A rename or copy onto a taken name: refused, unless a killed run already wrote this result there.
            guard case .success(let bytes) = made(from: existing.bytes), bytes == occupant.bytes else {
                return failAll(.alreadyExists("\(displayText(path)) already exists in the tree"))
            }
            var done = alreadyDone(
                plan.result.action == .copy ? "already copied" : "already renamed", occupant.bytes)
            if plan.result.action == .rename {
                done.source = source
                done.keepsSource = false
                done.removesSourceOnly = true
            }
            return done
        }
        switch made(from: existing.bytes) {
        case .success(let bytes):
            plan.applied = bytes
            plan.contentChanged = bytes != existing.bytes
        case .failure(let why):
            // A file that already is what the patch makes (a rerun): nothing to do.
            if !deletion, source == path, binary.isResult(existing.bytes, reverse: reverse) {
                return alreadyDone("already applied", existing.bytes)
            }
            return failAll(.binary(why.description))
        }
        if let new = modes.new, new != existingType {
            plan.mode = new.treeMode
        } else if source != path {
            plan.mode = existing.mode
        }
        return plan
    }
}
