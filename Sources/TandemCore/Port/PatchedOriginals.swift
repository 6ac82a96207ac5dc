/// The upstream originals as the patch being ported leaves them: the other image `ForkSpellings` reads a copy
/// against.
///
/// Why: the fork's spelling of names is read from its copies against their originals. On a second run over
/// copies a first run ported (or a fork that took upstream's change by hand), the copies stand nearer the
/// patched originals than the base: the lines the first run changed no longer pair with the base's, and the
/// evidence for a spelling can drop below the ledger's threshold, so the second run reads the hunks in
/// upstream's spelling, finds their post-image nowhere, and calls a ported hunk a conflict, or writes a line
/// a second time. Read against the patched original, those copies give their evidence back.
///
/// The image of a path is the base's file with the patch's hunks for it applied as a clean patch applies
/// (exactly or at an offset, no fuzz: the patch was made against this base; `appliedCleanly`), or, for a patch
/// `whole` over a later base (the last step of a range), that base's file when the patch leaves it alone.
/// Only modifications are read: an original the patch adds, deletes or renames has no copy paired with it
/// under one path. The file patches are loaded on first use, for the paths the ledger asks for only (a
/// streamed port reads those file patches again, at the places its first pass over the patch file found
/// them: `MovedAwayScan.spans`).
public final class PatchedOriginals {
    private let base: FileTree
    private let strip: Int
    private let whole: Bool
    private let load: (_ wanted: Set<[UInt8]>) -> [FilePatch]
    private var hunks: [[UInt8]: [Hunk]]?

    /// The originals of `base` after the file patches `load` returns (given the paths wanted), stripped
    /// by `strip`. With `whole`, a path the patch leaves alone reads as `base` has it (a range's last
    /// step, whose base is not the ledger's); without, as nothing (the ledger's own base has it).
    public init(
        base: FileTree, strip: Int, whole: Bool = false, load: @escaping (_ wanted: Set<[UInt8]>) -> [FilePatch]
    ) {
        self.base = base
        self.strip = strip
        self.whole = whole
        self.load = load
    }

    /// The originals of `base` after `files`.
    public convenience init(files: [FilePatch], base: FileTree, strip: Int, whole: Bool = false) {
        self.init(base: base, strip: strip, whole: whole) { wanted in
            files.filter { $0.identity(strip: strip).oldName.map(wanted.contains) ?? false }
        }
    }

    /// Makes the paths the ledger will ask for known: their file patches are read now, once.
    func prepare(_ paths: Set<[UInt8]>) {
        guard hunks == nil else { return }
        var table: [[UInt8]: [Hunk]] = [:]
        for file in load(paths) {
            let identity = file.identity(strip: strip)
            guard identity.change.kind == .modify, !file.isBinary, let path = identity.oldName,
                identity.newName == path, paths.contains(path)
            else { continue }
            // (A change of mode alone leaves the text as it is: an image all the same.)
            table[path, default: []] += file.hunks
        }
        hunks = table
    }

    /// The original at `path` as the patch leaves it; nil when the patch leaves it alone (and the base is
    /// the ledger's), when the base has no such file, or when the hunks do not apply to it as they stand.
    /// `ledgerBase`: the file as the ledger's base has it, read already (the patch's base, unless `whole`).
    func file(at path: [UInt8], ledgerBase: [UInt8]? = nil) -> [UInt8]? {
        let own = hunks?[path]
        guard own != nil || whole else { return nil }
        let read = whole ? nil : ledgerBase
        guard let before = read ?? (try? base.file(at: path))?.map(\.bytes) else { return nil }
        guard let own else { return before }
        let result = FilePatcher.applyAsMade(own, toBytes: before, path: path)
        return result.appliedCleanly ? result.bytes : nil
    }
}
