/// Evidence, read from the copy itself, that the fork probably does not want a hunk that would apply. A hunk
/// with such evidence is not landed silently: `tandem port` gives it the verdict `review` (it would apply;
/// a person decides) and leaves it out of the rewritten patch and `--apply` unless the user accepts it.
///
/// Eight rules decide (the accuracy section of docs/benchmarks.md has the numbers for them and for the
/// candidates that did not earn their place):
///
/// - **second definition**: after porting, the copy would define a function or macro (or, in a Kconfig file,
///   a `config` symbol) twice where both definitions are compiled together, where neither the copy before
///   nor upstream's own result does (upstream added `play_dead()` under `#ifdef CONFIG_HOTPLUG_CPU`, and the
///   copy already had its own there; or upstream moved a function whose removal did not land on the copy).
///   Definitions are found with `CUnits`, with the conditional branches around them: two clash when one's
///   branches contain the other's (the same branch, or top level and an `#if`), so the `#ifdef`/`#else`
///   variants of one function are told apart, and a move that lands whole is not flagged. Kconfig symbols
///   are counted against the copy before and upstream's result alone (Kconfig merges a symbol's
///   definitions wherever they stand).
///
/// - **lost definition**: after porting, the copy would no longer define a function or macro (or Kconfig
///   symbol) that it defined before and that upstream's result still defines: the hunk removing it landed,
///   the one adding it back at upstream's new place did not (a move half done loses the unit).
///
/// - **a line of a kind the fork rewrote** (`RewrittenKind`): the hunk adds a line shaped like two or more
///   lines near it in the original, none of which the copy holds: the fork rewrote or dropped that kind of
///   line there, and probably wants the new one in its own form. It needs the original, and reads any text.
///
/// - **a string the fork removed** (`RemovedString`): the hunk adds a quoted string that the original holds
///   elsewhere and the copy nowhere (`"movq %0,%%cr3"` in a copy that writes `%cr3` through the hypervisor).
///
/// - **a definition the fork removed** (`RemovedDefinition`): the hunk's new code uses a function, macro or
///   object that the original defines and the copy holds nowhere (`mtrr_sysdev_driver` in a copy that sets
///   MTRRs through the hypervisor): landed, it would refer to nothing.
///
/// - **moved from a changed copy** (`MovedFromCopy`): the hunk adds a function or macro that the same patch
///   removes from another file, whose copy in the fork defines it in its own words: upstream's version would
///   land where the fork's belongs (`loaddebug()` moved from `process.c` to `processor.h`).
///
/// - **members upstream has above an insertion** (`PositionalMembers`): the hunk adds enumerators or members
///   to an `enum`, `struct` or `union` whose body in the copy holds upstream's members above them less some,
///   and none of its own: landed, the new ones would take other values or offsets than upstream's.
///
/// - **missing header** (`MissingHeader`): the hunk includes a header upstream has, whose copy the map puts
///   in the fork and the fork does not have (a folder of hand-kept header copies such as `tools/include/`).
///
/// The changes of a conflicting hunk that land on their own (a partial landing) are checked too; held, none
/// of them land. A hunk holding one end of a conditional whose other end is held is held with it.
///
/// Cost: one segmentation each of the copy before and after, and of the original before and after, per
/// file patch with a landed hunk that adds or removes a definition line; linear in their lengths.
public enum PortRisk {
    /// One piece of evidence.
    public enum Reason: Sendable, Equatable {
        case secondDefinition(name: String)
        case lostDefinition(name: String)
        /// `count` lines of the added line's kind stand near it in the original (the first at 1-based
        /// `line`, reading `example`), and the copy holds none of them (`RewrittenKind`).
        case rewrittenKind(count: Int, line: Int, example: Bytes)
        /// The hunk includes `header`, whose copy in the fork (`copy`) does not exist (`MissingHeader`).
        case missingHeader(header: String, copy: String)
        /// The hunk adds the string `literal`, which the original holds (first at 1-based `line`) and the
        /// copy nowhere (`RemovedString`).
        case removedString(literal: String, line: Int)
        /// The hunk's new code uses `name`, which the original defines at file level (first at 1-based
        /// `line`) and the copy holds nowhere (`RemovedDefinition`).
        case removedDefinition(name: String, line: Int)
        /// The hunk adds the definition of `name`, which the patch moves here from `original`, whose copy
        /// `copy` defines it in other words (`MovedFromCopy`).
        case movedFromChangedCopy(name: String, original: String, copy: String)
        /// The hunk adds members to a body (`body`, its opening line) whose copy holds upstream's members above
        /// them less `count`, the first of them `missing` (each as the names its code holds), and none of its
        /// own (`PositionalMembers`).
        case membersMissingAbove(body: String, missing: [String], count: Int)
        /// The hunk adds or removes one end of a conditional whose other end is in a hunk held back: landed
        /// alone, it would leave the copy's `#if…`/`#endif` lines unmatched (`FilePatcher+Conditionals`).
        case otherEndHeld

        /// The evidence in words.
        public var message: String {
            switch self {
            case .secondDefinition(let name): return "the copy would define \(name) twice"
            case .lostDefinition(let name): return "the copy would lose \(name), which upstream keeps (moved)"
            case .rewrittenKind(let count, let line, let example):
                let text = String(
                    decoding: example.withoutTerminator.drop(while: ASCII.isBlank).reversed().drop(while: ASCII.isBlank)
                        .reversed(), as: UTF8.self)
                return
                    "it adds a line like the \(count) around line \(line) of the original (`\(text)`), which the fork "
                    + "rewrote or dropped: the fork may want it in its own form"
            case .removedString(let literal, let line):
                return "it adds \(literal), which the original has at line \(line) and the copy has nowhere (the fork "
                    + "removed or rewrote it): the fork may not want it as written"
            case .removedDefinition(let name, let line):
                return "it uses \(name), which the original defines at line \(line) and the copy has nowhere (the "
                    + "fork removed it): landed, it would refer to nothing"
            case .membersMissingAbove(let body, let missing, let count):
                let list = missing.map { "`\($0)`" }.joined(separator: ", ")
                return "it adds members to `\(body)` below \(count) member\(count == 1 ? "" : "s") that upstream has "
                    + "above them and the copy lacks (\(list)\(count > missing.count ? ", …" : "")): the new ones would "
                    + "take other values or offsets than upstream's; carry the missing ones first (the copy is behind "
                    + "upstream there)"
            case .otherEndHeld:
                return "it adds or removes one end of a conditional whose other end is in a hunk held for review"
            case .movedFromChangedCopy(let name, let original, let copy):
                return "upstream moves \(name) here from \(original), and the fork changed it in \(copy): this adds "
                    + "upstream's version, not the fork's (carry the fork's by hand)"
            case .missingHeader(let header, let copy):
                return "it includes \(header), which the fork does not have (no \(copy)): copy the header first"
            }
        }
    }

    /// The functions and macros one text defines, segmented once (`CUnits`) for every rule that asks; or,
    /// for a Kconfig file, the symbols its `config` and `menuconfig` lines define.
    struct Definitions {
        let lines: [Bytes]
        let units: [CUnits.Unit]
        /// Kconfig: a symbol defined twice is compiled together wherever it stands (its properties merge).
        let kconfig: Bool

        init(_ lines: [Bytes]) {
            self.lines = lines
            units = CUnits.segment(lines).units.filter(\.kind.isDefinition)
            kconfig = false
        }

        /// The symbols a Kconfig file defines: each line that reads `config NAME` or `menuconfig NAME`.
        init(kconfig lines: [Bytes]) {
            self.lines = lines
            var units: [CUnits.Unit] = []
            for (index, line) in lines.enumerated() {
                let words = line.split(whereSeparator: { ASCII.isBlank($0) || $0 == ASCII.newline })
                guard words.count == 2, let first = words.first,
                    first.elementsEqual("config".utf8) || first.elementsEqual("menuconfig".utf8)
                else { continue }
                units.append(
                    CUnits.Unit(
                        kind: .macro, name: String(decoding: words[1], as: UTF8.self), lines: index..<(index + 1)))
            }
            self.units = units
            kconfig = true
        }

        var names: Set<String> { Set(units.map(\.name)) }

        /// For each function or macro defined more than once, how many pairs of its definitions are
        /// compiled together: one's conditional branches contain the other's (the same branch, or one at top
        /// level and the other under an `#if`). Definitions in two branches of one `#if` (`#ifdef X` …
        /// `#else`) exclude each other; so, for this count, do definitions under two unrelated conditionals.
        var clashes: [String: Int] {
            var seen = Set<String>(), repeated = Set<String>()
            for unit in units where !seen.insert(unit.name).inserted { repeated.insert(unit.name) }
            guard !repeated.isEmpty else { return [:] }
            let chosen = units.filter { repeated.contains($0.name) }
            if kconfig {
                var counts: [String: Int] = [:]
                for unit in chosen { counts[unit.name, default: 0] += 1 }
                return counts.mapValues { $0 * ($0 - 1) / 2 }
            }
            let branches = conditionalBranches(lines, at: chosen.map(\.lines.lowerBound))
            var paths: [String: [[String]]] = [:]
            for (unit, branch) in zip(chosen, branches) { paths[unit.name, default: []].append(branch) }
            var out: [String: Int] = [:]
            for (name, list) in paths {
                var pairs = 0
                for i in list.indices {
                    for j in list.indices where j > i {
                        if list[i].starts(with: list[j]) || list[j].starts(with: list[i]) { pairs += 1 }
                    }
                }
                if pairs > 0 { out[name] = pairs }
            }
            return out
        }

        /// For each of `names`, the first line of each of its definitions that names it (the line with
        /// `name(` or `#define name`).
        func headerLines(of names: Set<String>) -> [String: Set<Bytes>] {
            guard !names.isEmpty else { return [:] }
            var out: [String: Set<Bytes>] = [:]
            for unit in units where names.contains(unit.name) {
                let name = Array(unit.name.utf8)
                if let line = unit.lines.lazy.map({ lines[$0] }).first(where: { $0.contains(run: name) }) {
                    out[unit.name, default: []].insert(line)
                }
            }
            return out
        }
    }

    /// The reasons for each landed hunk (by index) that has any, other than those in `excluding`. `copy` and
    /// `ported` are the copy before and after porting (without the hunks in `excluding`), `base` the
    /// original before the patch, `original` after it (when known); the rules look at C definitions only.
    static func assess(
        hunks: [Hunk], outcomes: [HunkOutcome], copy: Definitions, ported: Definitions,
        base: Definitions?, original: Definitions?, excluding: Set<Int> = []
    ) -> [Int: [Reason]] {
        // Landed: placed whole, or the changes of a conflicting hunk that stand on their own (not the ones held
        // back already: `excluding`, which `ported` leaves out).
        let landed = outcomes.indices.filter { !excluding.contains($0) && outcomes[$0].changesTarget }
        guard !landed.isEmpty else { return [:] }
        let extra = extraDefinitions(copy: copy, ported: ported, base: base, original: original)
        let lost = original.map { lostDefinitions(copy: copy, ported: ported, original: $0) } ?? []
        guard !extra.isEmpty || !lost.isEmpty else { return [:] }
        // A hunk is answerable for a definition when it adds (or removes) the definition's first line: a hunk's
        // lines are a fragment of the file, which a segmentation of their own cannot be trusted to read.
        let added = ported.headerLines(of: extra), removed = copy.headerLines(of: lost)
        var reasons: [Int: [Reason]] = [:]
        for index in landed {
            var adds = Set<Bytes>(), removes = Set<Bytes>()
            for line in hunks[index].body {
                switch HunkLineKind(line: line) {
                case .addition: adds.insert(line.dropFirst())
                case .deletion: removes.insert(line.dropFirst())
                default: break
                }
            }
            let found =
                extra.sorted().filter { !(added[$0] ?? []).isDisjoint(with: adds) }.map {
                    Reason.secondDefinition(name: $0)
                }
                + lost.sorted().filter { !(removed[$0] ?? []).isDisjoint(with: removes) }.map {
                    Reason.lostDefinition(name: $0)
                }
            if !found.isEmpty { reasons[index] = found }
        }
        return reasons
    }

    /// True when some line the hunk adds (with `adding`) or removes (with `removing`) may begin a definition
    /// (`DefinitionLine.looksLike`; with `kconfig`, a `config` or `menuconfig` line): the cheap test before any
    /// segmentation.
    static func mayChangeDefinitions(_ hunk: Hunk, adding: Bool = true, removing: Bool = true, kconfig: Bool = false)
        -> Bool
    {
        hunk.body.contains { line in
            let kind = HunkLineKind(line: line)
            guard (adding && kind == .addition) || (removing && kind == .deletion) else { return false }
            if kconfig {
                let text = line.dropFirst().drop(while: ASCII.isBlank)
                return text.starts(with: "config".utf8) || text.starts(with: "menuconfig".utf8)
            }
            return DefinitionLine.looksLike(line.dropFirst())
        }
    }

    /// Names the copy defines and upstream's result still defines, that `ported` no longer does: a hunk
    /// removed a unit upstream moved, and the hunk adding it back did not land.
    static func lostDefinitions(copy: Definitions, ported: Definitions, original: Definitions) -> Set<String> {
        let before = copy.names.subtracting(ported.names)
        guard !before.isEmpty else { return [] }
        return before.intersection(original.names)
    }

    /// Names that `ported` defines twice where both definitions are compiled together, more often than
    /// either the copy before or upstream's own result does (C allows one definition; a macro redefined on
    /// purpose shows in upstream's own count).
    static func extraDefinitions(copy: Definitions, ported: Definitions, base: Definitions?, original: Definitions?)
        -> Set<String>
    {
        let after = ported.clashes
        guard !after.isEmpty else { return [] }
        let before = copy.clashes
        let upstream = (original ?? base)?.clashes ?? [:]
        var extra = Set<String>()
        for (name, count) in after where count > max(before[name] ?? 0, upstream[name] ?? 0) {
            extra.insert(name)
        }
        return extra
    }

    /// The preprocessor branches each line of `starts` (ascending indices) lies in: each open `#if…`, with
    /// the `#else`/`#elif` lines seen since, blanks removed.
    static func conditionalBranches(_ lines: [Bytes], at starts: [Int]) -> [[String]] {
        var stack: [String] = []
        var out: [[String]] = []
        out.reserveCapacity(starts.count)
        var next = 0
        for (index, line) in lines.enumerated() {
            while next < starts.count && starts[next] == index {
                out.append(stack)
                next += 1
            }
            guard next < starts.count else { break }
            guard let kind = ConditionalShape.directive(line) else { continue }
            let directive = String(decoding: line.filter { !ASCII.isBlank($0) }, as: UTF8.self)
            switch kind {
            case .open: stack.append(directive)
            case .branch: if let top = stack.popLast() { stack.append(top + "|" + directive) }
            case .close: _ = stack.popLast()
            }
        }
        while out.count < starts.count { out.append(stack) }
        return out
    }

}
