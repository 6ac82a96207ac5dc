/// Risk rule **moved from a changed copy** (`PortRisk`): upstream moves a function or macro from one file to
/// another in the same patch (removes its definition from `a.c`, adds it to `b.h`), and the fork had changed
/// that definition in its copy of `a.c`. The hunk adding it to the copy of `b.h` would apply, but it brings
/// upstream's version: the fork's change stays behind in the copy of `a.c` (or is lost with it), and the
/// copy of `b.h` gets the code the fork had replaced. Upstream moved `loaddebug()` from `process.c` to
/// `processor.h`, where its body loads a debug register with `movl`; the Xen copy of `process.c` loads it
/// through the hypervisor, and the Xen developers moved that version.
///
/// The test, for each definition line a hunk adds (`DefinitionLine`) of a name the file did not define
/// before: the patch removes that name's definition from another file (and does not add it back there,
/// `MoveLedger`), the original of that file defines it once, half or more of that definition's lines that
/// say something are among the lines the hunk adds (it is the same code, moved: not another architecture's
/// function of the same name), and one of the file's copies in the fork defines it too, in other words
/// (blanks aside). A copy that defines it as the original does has nothing to carry, and the hunk lands.
///
/// Needs the base tree (the originals) and the patch's other file patches: a port of a patch file reads it
/// once first (`MovedAwayScan`); from standard input or a pipe (read once) a move is known from the piece
/// of the patch that removes the definition on.
///
/// Cost: one pass over the patch's removed lines (`removals`); for a hunk adding a moved name, a
/// segmentation of the original and of each copy of the file it left.
public enum MovedFromCopy {
    /// The names whose definition a file patch of `files` removes and does not add back in the same file,
    /// with the upstream paths that remove them (C files only).
    public static func removals(_ files: [FilePatch], strip: Int) -> [String: Set<[UInt8]>] {
        var ledger = MoveLedger()
        for file in files {
            let identity = file.identity(strip: strip)
            guard let path = identity.oldName ?? identity.newName, Porter.isCLike(path) else { continue }
            ledger.record(file, upstreamPath: path)
        }
        var out: [String: Set<[UInt8]>] = [:]
        for removal in ledger.removals { out[removal.name, default: []].insert(removal.upstreamPath) }
        return out
    }

    /// The names whose definition `hunk` adds, that the file's original did not define (`defined` gives the
    /// names it did, asked only when needed) and `moved` says another file loses: name → those files.
    static func arrivals(
        _ hunk: Hunk, in upstreamPath: [UInt8], moved: [String: Set<[UInt8]>], defined: () -> Set<String>
    ) -> [(name: String, sources: [[UInt8]])] {
        guard !moved.isEmpty else { return [] }
        var out: [(name: String, sources: [[UInt8]])] = []
        for line in hunk.body where HunkLineKind(line: line) == .addition {
            guard let name = DefinitionLine.name(line.dropFirst()), let sources = moved[name],
                !out.contains(where: { $0.name == name }), !defined().contains(name)
            else { continue }
            let others = sources.filter { $0 != upstreamPath }.sorted { $0.lexicographicallyPrecedes($1) }
            if !others.isEmpty { out.append((name, others)) }
        }
        return out
    }

    /// The names `lines` define, read line by line as `DefinitionLine` reads a hunk's.
    static func definedNames(_ bytes: [UInt8]?) -> Set<String> {
        Set(TextFile(bytes: bytes ?? []).lines.compactMap { DefinitionLine.name($0) })
    }

    /// True when `original` defines `name` once, half or more of that definition's lines that say something
    /// are among `added` (the hunk's added lines, blanks removed), and `copy` defines it in other words.
    static func changed(_ name: String, original: [UInt8], copy: [UInt8], added: Set<[UInt8]>) -> Bool {
        func bodies(_ bytes: [UInt8]) -> [[[UInt8]]] {
            let lines = TextFile(bytes: bytes).lines
            return CUnits.segment(lines).units.filter { $0.kind.isDefinition && $0.name == name }.map { unit in
                unit.lines.map { lines[$0].withoutBlanks }
            }
        }
        let theirs = bodies(original)
        guard theirs.count == 1 else { return false }
        let telling = theirs[0].filter { FilePatcher.isDistinctive(trimmed: $0) }
        let moved = telling.filter { added.contains($0) }.count
        guard !telling.isEmpty, 2 * moved >= telling.count else { return false }
        let body = theirs[0].flatMap { $0 }
        let ours = bodies(copy)
        return !ours.isEmpty && !ours.contains { $0.flatMap { $0 } == body }
    }
}
