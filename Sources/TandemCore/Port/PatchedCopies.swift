/// The forked copies that the patch being ported changes itself, and each one as the patch leaves it.
///
/// Why: some copies are upstream's files too. The kernel keeps copies of its headers under `tools/`
/// (`tools/arch/x86/include/asm/cpufeatures.h` of `arch/x86/include/asm/cpufeatures.h`) and its own release
/// patches change both, the copy usually in step with the original; a map of one sibling architecture onto
/// the other is the same. Ported as any copy, the original's hunks went onto the copy as the fork has it,
/// while the patch's own file patch for the copy went out too: the rewritten patch carried the change twice
/// (git apply then refused it), and `--apply` wrote the duplicate and dropped upstream's own change.
///
/// The rule: upstream's own change of a copy is upstream's word on it. The patch's file patch for the copy
/// goes out as any file patch of a file the fork holds (`Porter.carryOriginal`), and the original's hunks
/// are placed on the copy as that file patch leaves it, but never written there: a hunk already in it is
/// `already-applied` (upstream carried it), any other is `flagged`, as upstream left it out of its own
/// copy (the verdict says whether it would apply). Where the copy cannot be read so (the patch deletes or
/// renames it, or its hunks do not apply to the fork's copy as they stand) every hunk is `flagged`, as one
/// that would not apply. A copy the mapping pairs with its own path (`mm/memory.c` in another tree) is the
/// original itself, and ported as before.
///
/// Cost: nothing for a patch that changes no copy (the set is made from the file patches' names, or from
/// the spans a streamed port's first pass found); otherwise the copies' file patches are read once more,
/// on first use, and each copy is patched once per original ported onto it.
public struct PatchedCopies {
    /// The copies the patch names (its old or new name, `strip` components off).
    public let paths: Set<[UInt8]>
    private let images: PatchedOriginals?

    /// The copies among `named` (every path the patch names) that `map` holds as copies, read from `fork`
    /// after the file patches `load` returns (given the paths wanted).
    public init(
        named: some Sequence<[UInt8]>, map: ForkMap, fork: FileTree, strip: Int,
        load: @escaping (_ wanted: Set<[UInt8]>) -> [FilePatch]
    ) {
        paths = Set(named.filter(map.isCopy))
        images = paths.isEmpty ? nil : PatchedOriginals(base: fork, strip: strip, load: load)
    }

    /// The copies `files` change, read from `fork` after them.
    public init(files: [FilePatch], map: ForkMap, fork: FileTree, strip: Int) {
        let named = files.flatMap { file -> [[UInt8]] in
            let identity = file.identity(strip: strip)
            return [identity.oldName, identity.newName].compactMap { $0 }
        }
        self.init(named: named, map: map, fork: fork, strip: strip) { wanted in
            files.filter { $0.identity(strip: strip).oldName.map(wanted.contains) ?? false }
        }
    }

    /// True when the patch changes the copy at `path` itself.
    public func changes(_ path: [UInt8]) -> Bool { paths.contains(path) }

    /// The copy at `path`, whose bytes in the fork are `copy`, as the patch leaves it: nil when the patch
    /// deletes or renames it, or its hunks do not apply to it as they stand.
    public func image(of path: [UInt8], copy: [UInt8]) -> [UInt8]? {
        guard let images, paths.contains(path) else { return nil }
        images.prepare(paths)
        return images.file(at: path, ledgerBase: copy)
    }
}
