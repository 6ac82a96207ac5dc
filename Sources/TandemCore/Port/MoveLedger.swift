/// Functions upstream moves from one file to another, and the copies that keep their own version behind.
///
/// Each file patch is ported on its own (`Porter+Moves` carries moves within a file), so a move between
/// files shows only over the whole patch: upstream removes `F` from `a.c` and adds it to `b.c`. When the
/// hunk removing it does not land on the copy of `a.c` (the fork changed `F`), the copy keeps its `F`,
/// while `b.c` (upstream's, or its copy) gains one: built together, `F` is defined twice. The ledger
/// records, per file patch, the names whose definition line upstream removes and does not add back in that
/// file, and the names whose definition line it adds and did not remove there; once every file patch is
/// ported, `notes(entries:)` names each copy that keeps a function upstream moved elsewhere.
///
/// Definition lines are read by `DefinitionLine.name`. A `static` function
/// or a macro of a source file moved to another source file is local to each, so it is no clash; moved
/// into a header, it meets the copy's version wherever the header is included. Only lines the
/// patch adds or removes are read, so the cost is one pass over each hunk's changed lines.
public struct MoveLedger: Sendable, Equatable {
    struct Removal: Sendable, Equatable {
        var name: String
        var upstreamPath: [UInt8]
        /// 1-based hunk numbers that remove the definition line.
        var hunks: [Int]
        /// The definition is local to a source file (a `static` function or a `#define` outside a header):
        /// moved to another source file, the copy's version clashes with nothing.
        var local: Bool
    }

    var removals: [Removal] = []
    /// Name → the upstream files where the patch adds its definition.
    var additions: [String: [[UInt8]]] = [:]

    public init() {}

    /// Records the definitions `file` (whose original is `upstreamPath`) adds, and with `removals` those it
    /// removes.
    public mutating func record(_ file: FilePatch, upstreamPath: [UInt8], removals recordRemovals: Bool = true) {
        var removed: [String: [Int]] = [:], added = Set<String>(), local = Set<String>()
        let header = Self.isHeader(upstreamPath)
        for (index, hunk) in file.hunks.enumerated() {
            var previous: Bytes = []
            for line in hunk.body {
                let kind = HunkLineKind(line: line)
                defer { previous = line.dropFirst() }
                guard kind == .addition || kind == .deletion, let name = DefinitionLine.name(line.dropFirst()) else {
                    continue
                }
                if kind == .deletion {
                    removed[name, default: []].append(index + 1)
                    let text = line.dropFirst()
                    if !header,
                        text.starts(with: Array("#".utf8)) || text.starts(with: Array("static".utf8))
                            || previous.starts(with: Array("static".utf8))
                    {
                        local.insert(name)
                    }
                } else {
                    added.insert(name)
                }
            }
        }
        for (name, hunks) in removed.sorted(by: { $0.key < $1.key }) where recordRemovals && !added.contains(name) {
            removals.append(
                Removal(name: name, upstreamPath: upstreamPath, hunks: hunks, local: local.contains(name)))
        }
        for name in added.sorted() where removed[name] == nil {
            additions[name, default: []].append(upstreamPath)
        }
    }

    public mutating func merge(_ other: MoveLedger) {
        removals += other.removals
        for (name, paths) in other.additions { additions[name, default: []] += paths }
    }

    /// A note for each copy that keeps functions upstream moved to other files: the hunk removing one did
    /// not land there (any verdict but `ported` or `already-applied`), or upstream removed the whole file and
    /// the copy is still there. One note per copy, naming the functions, where they went and the hunks.
    public func notes(entries: [PortReport.Entry]) -> [PortReport.Note] {
        guard !removals.isEmpty, !additions.isEmpty else { return [] }
        struct Kept {
            var upstreamPath: [UInt8]
            var names: [String] = []
            var targets: [[UInt8]] = []
            var hunks: [Int] = []
        }
        let entriesOf = Dictionary(grouping: entries, by: \.upstreamPath)
        var kept: [[UInt8]: Kept] = [:], order: [[UInt8]] = []
        for removal in removals {
            guard let targets = additions[removal.name]?.filter({ $0 != removal.upstreamPath }), !targets.isEmpty,
                !removal.local || targets.contains(where: Self.isHeader)
            else { continue }
            var seen = Set<[UInt8]>()
            for entry in entriesOf[removal.upstreamPath] ?? [] {
                let relevant =
                    entry.hunk == 0 ? entry.verdict.kind == .upstreamDeleted : removal.hunks.contains(entry.hunk)
                guard relevant, entry.verdict.kind != .ported, entry.verdict.kind != .alreadyApplied,
                    seen.insert(entry.copyPath).inserted
                else { continue }
                if kept[entry.copyPath] == nil { order.append(entry.copyPath) }
                var k = kept[entry.copyPath] ?? Kept(upstreamPath: removal.upstreamPath)
                k.names.append(removal.name)
                for target in targets where !k.targets.contains(target) { k.targets.append(target) }
                if !k.hunks.contains(entry.hunk) { k.hunks.append(entry.hunk) }
                kept[entry.copyPath] = k
            }
        }
        return order.compactMap { copy in
            guard let k = kept[copy] else { return nil }
            let names = k.names.count <= 6 ? k.names : Array(k.names.prefix(5)) + ["\(k.names.count - 5) more"]
            let hunks = k.hunks.sorted()
            let which =
                hunks == [0]
                ? "the file's removal"
                : (hunks.count == 1 ? "hunk " : "hunks ") + hunks.map(String.init).joined(separator: ", ")
            let one = k.names.count == 1
            let message =
                "upstream moved \(names.joined(separator: ", ")) to "
                + k.targets.map(displayText).joined(separator: ", ") + ", and this copy keeps "
                + (one ? "its own" : "its own versions") + " (\(which) did not land): built together, "
                + (one ? "\(k.names[0]) is" : "each is") + " defined twice; remove "
                + (one ? "it" : "them") + " here or port the move by hand"
            return PortReport.Note(
                upstreamPath: k.upstreamPath, copyPath: copy, message: message, kind: .movedElsewhere)
        }
    }

    static func isHeader(_ path: [UInt8]) -> Bool { path.count > 2 && path.suffix(2).elementsEqual(Array(".h".utf8)) }
}
