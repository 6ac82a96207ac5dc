/// Evidence, read from the copy itself, that the fork probably does not want a hunk that would apply. A hunk
/// with such evidence is not landed silently: `tandem port` gives it the verdict `review` (it would apply;
/// a person decides) and leaves it out of the rewritten patch and `--apply` unless the user accepts it.
///
/// Two rules decide (the accuracy section of docs/benchmarks.md has the numbers for them and for the
/// candidates that did not earn their place):
///
/// - **second definition**: after porting, the copy would define a function or macro twice where both
///   definitions are compiled together, where neither the copy before nor upstream's own result
///   does (upstream added `play_dead()` under `#ifdef CONFIG_HOTPLUG_CPU`, and the copy already had its own
///   there; or upstream moved a function whose removal did not land on the copy). Definitions are found
///   with `CUnits`, with the conditional branches around them: two clash when one's branches contain the
///   other's (the same branch, or top level and an `#if`), so the `#ifdef`/`#else` variants of one function
///   are told apart, and a move that lands whole is not flagged.
///
/// - **lost definition**: after porting, the copy would no longer define a function or macro that it
///   defined before and that upstream's result still defines: the hunk removing it landed, the one adding
///   it back at upstream's new place did not (a move half done loses the unit).
///
/// The changes of a conflicting hunk that land on their own (a partial landing) are checked too; held, none
/// of them land.
///
/// Cost: a segmentation of the copy before and after, and of the original before and after, per file
/// patch with a landed hunk; linear in their lengths.
public enum PortRisk {
    /// One piece of evidence.
    public enum Reason: Sendable, Equatable {
        case secondDefinition(name: String)
        case lostDefinition(name: String)

        /// The evidence in words.
        public var message: String {
            switch self {
            case .secondDefinition(let name): return "the copy would define \(name) twice"
            case .lostDefinition(let name): return "the copy would lose \(name), which upstream keeps (moved)"
            }
        }
    }

    /// The reasons for each landed hunk (by index) that has any, other than those in `excluding`. `copy` and
    /// `ported` are the copy before and after porting (without the hunks in `excluding`), `base` the original before the patch, `original` after it (when known), `isC`
    /// whether the file is C source (the rule looks at C definitions only).
    public static func assess(
        hunks: [Hunk], outcomes: [HunkOutcome], copy: [Bytes], ported: [Bytes],
        base: [Bytes]?, original: [Bytes]?, isC: Bool, excluding: Set<Int> = []
    ) -> [Int: [Reason]] {
        // Landed: placed whole, or the changes of a conflicting hunk that stand on their own (not the ones held
        // back already: `excluding`, which `ported` leaves out).
        let landed = outcomes.indices.filter {
            guard !excluding.contains($0) else { return false }
            switch outcomes[$0] {
            case .applied: return true
            case .conflict(let c): return c.partial != nil
            default: return false
            }
        }
        guard isC, !landed.isEmpty else { return [:] }
        let extra = extraDefinitions(copy: copy, ported: ported, base: base, original: original)
        let lost = original.map { lostDefinitions(copy: copy, ported: ported, original: $0) } ?? []
        guard !extra.isEmpty || !lost.isEmpty else { return [:] }
        // A hunk is answerable for a definition when it adds (or removes) the definition's first line: a hunk's
        // lines are a fragment of the file, which a segmentation of their own cannot be trusted to read.
        let added = headerLines(of: extra, in: ported), removed = headerLines(of: lost, in: copy)
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

    /// For each of `names`, the first line of each of its definitions in `lines` that names it (the line
    /// with `name(` or `#define name`).
    static func headerLines(of names: Set<String>, in lines: [Bytes]) -> [String: Set<Bytes>] {
        guard !names.isEmpty else { return [:] }
        var out: [String: Set<Bytes>] = [:]
        for unit in CUnits.segment(lines).units where names.contains(unit.name) {
            let name = Array(unit.name.utf8)
            if let line = unit.lines.lazy.map({ lines[$0] }).first(where: { contains($0, name) }) {
                out[unit.name, default: []].insert(line)
            }
        }
        return out
    }

    static func contains(_ line: Bytes, _ word: [UInt8]) -> Bool {
        guard !word.isEmpty, line.count >= word.count else { return false }
        var i = line.startIndex
        while i + word.count <= line.endIndex {
            if line[i..<(i + word.count)].elementsEqual(word) { return true }
            i += 1
        }
        return false
    }

    /// True when some line the hunk adds (with `adding`) or removes (with `removing`) may begin a definition
    /// (a `#define`, or a line at column 0 with a parenthesis that does not end a statement): the cheap test
    /// before any segmentation.
    public static func mayChangeDefinitions(_ hunk: Hunk, adding: Bool = true, removing: Bool = true) -> Bool {
        hunk.body.contains { line in
            let kind = HunkLineKind(line: line)
            guard (adding && kind == .addition) || (removing && kind == .deletion) else { return false }
            let text = line.dropFirst()
            guard let first = text.first, first != ASCII.space, first != ASCII.tab else { return false }
            if first == UInt8(ascii: "#") { return contains(text, Array("define".utf8)) }
            let trimmed = text.withoutTerminator
            return trimmed.contains(UInt8(ascii: "(")) && trimmed.last != UInt8(ascii: ";")
        }
    }

    /// Names the copy defines and upstream's result still defines, that `ported` no longer does: a hunk
    /// removed a unit upstream moved, and the hunk adding it back did not land.
    static func lostDefinitions(copy: [Bytes], ported: [Bytes], original: [Bytes]) -> Set<String> {
        let after = Set(definitionList(ported))
        let before = Set(definitionList(copy)).subtracting(after)
        guard !before.isEmpty else { return [] }
        return before.intersection(definitionList(original))
    }

    static func definitionList(_ lines: [Bytes]) -> [String] {
        CUnits.segment(lines).units.filter { $0.kind == .function || $0.kind == .macro }.map(\.name)
    }

    /// Names that `ported` defines twice where both definitions are compiled together, more often than
    /// either the copy before or upstream's own result does (C allows one definition; a macro redefined on
    /// purpose shows in upstream's own count).
    static func extraDefinitions(copy: [Bytes], ported: [Bytes], base: [Bytes]?, original: [Bytes]?) -> Set<String> {
        let after = clashes(ported)
        guard !after.isEmpty else { return [] }
        let before = clashes(copy)
        let upstream = original.map(clashes) ?? base.map(clashes) ?? [:]
        var extra = Set<String>()
        for (name, count) in after where count > max(before[name] ?? 0, upstream[name] ?? 0) {
            extra.insert(name)
        }
        return extra
    }

    /// For each function or macro defined more than once, how many pairs of its definitions are compiled
    /// together: one's conditional branches contain the other's (the same branch, or one at top level and the
    /// other under an `#if`). Definitions in two branches of one `#if` (`#ifdef X` … `#else`) exclude each
    /// other; so, for this count, do definitions under two unrelated conditionals.
    static func clashes(_ lines: [Bytes]) -> [String: Int] {
        let units = CUnits.segment(lines).units.filter { $0.kind == .function || $0.kind == .macro }
        var seen = Set<String>(), repeated = Set<String>()
        for unit in units where !seen.insert(unit.name).inserted { repeated.insert(unit.name) }
        guard !repeated.isEmpty else { return [:] }
        let chosen = units.filter { repeated.contains($0.name) }
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
            guard let first = line.first(where: { $0 != ASCII.space && $0 != ASCII.tab }), first == UInt8(ascii: "#")
            else { continue }
            let text = line.filter {
                $0 != ASCII.space && $0 != ASCII.tab && $0 != ASCII.newline && $0 != ASCII.carriageReturn
            }
            let directive = String(decoding: text, as: UTF8.self)
            if directive.hasPrefix("#if") {
                stack.append(directive)
            } else if directive.hasPrefix("#el"), let top = stack.popLast() {
                stack.append(top + "|" + directive)
            } else if directive.hasPrefix("#endif") {
                _ = stack.popLast()
            }
        }
        while out.count < starts.count { out.append(stack) }
        return out
    }

}
