/// Evidence, read from the copy itself, that the fork probably does not want a hunk that would apply. A hunk
/// with such evidence is not landed silently: `tandem port` gives it the verdict `review` (it would apply;
/// a person decides) and leaves it out of the rewritten patch and `--apply` unless the user accepts it.
///
/// One rule earned its place on real fork history (the accuracy section of docs/benchmarks.md has the numbers for it
/// and for the candidates that did not):
///
/// - **second definition**: after porting, the copy would define a function or macro twice where both
///   definitions are compiled together, where neither the copy before nor upstream's own result
///   does (upstream added `play_dead()` under `#ifdef CONFIG_HOTPLUG_CPU`, and the copy already had its own
///   there; or upstream moved a function whose removal did not land on the copy). Definitions are found
///   with `CUnits`, with the conditional branches around them: two clash when one's branches contain the
///   other's (the same branch, or top level and an `#if`), so the `#ifdef`/`#else` variants of one function
///   are told apart, and a move that lands whole is not flagged.
///
/// Cost: a segmentation of the copy before and after, and of the original before and after, per file
/// patch with a landed hunk; linear in their lengths.
public enum PortRisk {
    /// One piece of evidence.
    public enum Reason: Sendable, Equatable {
        case secondDefinition(name: String)

        /// The evidence in words.
        public var message: String {
            switch self {
            case .secondDefinition(let name): return "the copy would define \(name) twice"
            }
        }
    }

    /// The reasons for each landed hunk (by index) that has any. `copy` and `ported` are the copy before
    /// and after porting, `base` the original before the patch, `original` after it (when known), `isC`
    /// whether the file is C source (the rule looks at C definitions only).
    public static func assess(
        hunks: [Hunk], outcomes: [HunkOutcome], copy: [Bytes], ported: [Bytes],
        base: [Bytes]?, original: [Bytes]?, isC: Bool
    ) -> [Int: [Reason]] {
        let landed = outcomes.indices.filter { if case .applied = outcomes[$0] { return true } else { return false } }
        guard isC, !landed.isEmpty else { return [:] }
        let extra = extraDefinitions(copy: copy, ported: ported, base: base, original: original)
        guard !extra.isEmpty else { return [:] }
        var reasons: [Int: [Reason]] = [:]
        for index in landed {
            let images = hunks[index].images
            let defined = definedNames(in: images.new).subtracting(definedNames(in: images.old))
            let found = defined.filter { extra.contains($0) }.sorted().map { Reason.secondDefinition(name: $0) }
            if !found.isEmpty { reasons[index] = found }
        }
        return reasons
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

    /// The functions and macros defined in `lines`.
    static func definedNames(in lines: [Bytes]) -> Set<String> {
        Set(CUnits.segment(lines).units.filter { $0.kind == .function || $0.kind == .macro }.map(\.name))
    }
}
