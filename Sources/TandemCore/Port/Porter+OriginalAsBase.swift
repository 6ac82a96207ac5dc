/// With no base given, a fork that holds the originals beside its copies (a kernel tree keeps
/// `arch/i386/kernel/setup.c` beside `setup-xen.c`, and `include/uapi/` beside `tools/include/uapi/`) often
/// holds the very text the patch was made against: the release not merged yet. That original is the base
/// the user would have named with `--base`, as `git apply -3` takes the pre-image blob it finds in the
/// repository. So, for each copy, the fork's original serves as the base when every hunk of the file patch
/// stands in it exactly where its header says (with no fuzz, no offset, and the patch's line endings):
/// the original is the patch's pre-image. An original the fork already moved on (the new release merged,
/// part of it, or a change of the fork's own inside a hunk's lines) is no pre-image, and the copy is
/// ported without a base, as before. Each copy that took its original as base gets a note
/// (`base-from-fork`), so the report says where the base came from.
///
/// Cost: one placement of the file patch's hunks on the original, exact matches only, once per file patch
/// (`port(_:into:)` asks, for all the copies; the same answer tells the original's own patch goes out as it
/// is, which `carryOriginal` would have placed the hunks again to find).
extension Porter {
    /// The fork's original at `path`, when it is the pre-image of `file` (see the notes above); nil otherwise.
    func originalAsBase(_ file: FilePatch, at path: [UInt8]) throws -> [UInt8]? {
        guard !file.hunks.isEmpty, let original = try fork.file(at: path) else { return nil }
        let placed = FilePatcher.applyAsMade(file.hunks, toBytes: original.bytes, path: path)
        guard placed.lineEndings == nil, placed.appliedExactly else { return nil }
        return original.bytes
    }
}
