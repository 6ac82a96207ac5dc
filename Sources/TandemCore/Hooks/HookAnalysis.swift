/// `tandem hooks`: could a forked copy be dropped and its original shared, and if so through which hook
/// points?
///
/// Both files are split into top-level units (`CUnits`); units are paired by kind, name and occurrence,
/// and compared token by token, ignoring white space and comments (`CTokens.normalized`). Then:
/// - byte-identical copy → **share now**: drop the copy, list the original in the shared list;
/// - every unit equal once white space and comments are ignored → **cosmetic sync**, then share;
/// - up to `maxHooks` units differ (changed in the copy, dropped from it, or given a second, fork version
///   beside the original one under `#ifdef`/`#else`) → **hook points**: each differing unit becomes one hook,
///   named with the operations it performs differently (`HookCatalog`) and its group, with a proposed
///   signature taken from the original's header; units only the copy has (fork helpers) move to a fork
///   file and need no hook;
/// - otherwise → **keep the copy**, with the reason. Files that are not C or assembler (Makefiles, Kconfig)
///   are compared line by line only: shared when equal, kept otherwise.
/// Units with the same kind and name are paired body-equal first, then in order, so a unit the fork keeps
/// twice (its own version and the native one) pairs the native one with the original.
/// Preprocessor directives do not count as hooks (an `#ifdef CONFIG_XEN` is how a fork marks its code, not
/// an operation). Lines saved per hook is the copy's line count over its hooks (the whole copy goes away).
///
/// Complexity: linear in the two files (segmenting, normalizing, pairing through hash tables keyed by kind,
/// name and body), plus the differing units' own work. Pairing used to scan every original with the same
/// key for each copy unit, and to copy that list on each pairing: quadratic in a key's count, which a file
/// of thousands of identical `#ifdef CONFIG_X` / `#else` / `#endif` blocks makes large (4,000 blocks: 5.8 s).
public enum HookAnalysis {
    public static let maxHooks = 3

    public enum Verdict: String, Sendable, CaseIterable {
        case shareNow = "share-now"
        case cosmeticSync = "cosmetic-sync"
        case hookPoints = "hook-points"
        case keepCopy = "keep-copy"
    }

    /// One unit where copy and original differ.
    public struct UnitDifference: Sendable, Equatable {
        public enum Change: String, Sendable { case modified, forkOnly = "fork-only", upstreamOnly = "upstream-only" }
        public var kind: CUnits.Kind
        public var name: String
        public var change: Change
        /// Lines of the unit in the copy (0 for upstream-only) and its 1-based first line there.
        public var copyLines: Int
        public var copyLine: Int
        /// Catalog operations whose use differs between the two versions (`write_cr3`, `HYPERVISOR_mmu_update`).
        public var operations: [String]
        public var group: HookCatalog.Group
        /// The proposed hook, e.g. `pv_cpu_ops.default_idle: void (*)(void)`; nil for fork-only units.
        public var hook: String?
        /// Port verdicts over the history that failed or needed merging inside this unit.
        public var pain: Int
    }

    public struct CopyResult: Sendable, Equatable {
        public var upstreamPath: [UInt8]
        public var forkPath: [UInt8]
        public var tree: Int
        public var verdict: Verdict
        public var reason: String
        public var copyLines: Int
        public var units: Int
        public var differences: [UnitDifference]
        /// The copy's lines the scanner could not segment (1-based ranges).
        public var unsegmented: [ClosedRange<Int>]
        /// For share-now and cosmetic-sync: what to change in the build (`arch/xen/i386/kernel/Makefile: c-obj-y += traps.o`).
        public var shareSteps: [String]

        public var hooks: [UnitDifference] { differences.filter { $0.hook != nil } }
        public var linesSavedPerHook: Double { Double(copyLines) / Double(max(hooks.count, 1)) }
        public var pain: Int { differences.reduce(0) { $0 + $1.pain } }
    }

    /// Analyzes one pair; `painLines` are 1-based copy lines where a port over the history failed or merged;
    /// `sharedList` is the map's shared-list file (a Makefile), used to word the share steps.
    public static func analyze(original: [UInt8], copy: [UInt8], upstreamPath: [UInt8], forkPath: [UInt8], tree: Int,
                               painLines: [Int] = [], sharedList: String? = nil, maxHooks: Int = maxHooks) -> CopyResult {
        let a = TextFile(bytes: original).lines, b = TextFile(bytes: copy).lines
        let source = isSource(forkPath)
        let assembly = CUnits.isAssembly(forkPath)
        // Files that are not C or assembler are never segmented.
        let ub = source ? CUnits.segment(b, assembly: assembly) : CUnits.Segmentation(units: [], unsegmented: [])
        var result = CopyResult(upstreamPath: upstreamPath, forkPath: forkPath, tree: tree, verdict: .keepCopy, reason: "",
                                copyLines: b.count, units: ub.units.count, differences: [],
                                unsegmented: ub.unsegmented.map { ($0.lowerBound + 1)...max($0.lowerBound + 1, $0.upperBound) }, shareSteps: [])
        if ByteCompare.equal(original, copy) {
            result.verdict = .shareNow
            result.reason = "byte-identical to the original"
            result.shareSteps = shareSteps(forkPath: forkPath, upstreamPath: upstreamPath, sharedList: sharedList)
            return result
        }
        guard source else {
            if PairDrift.equalIgnoringWhitespace(a, b) {
                result.verdict = .cosmeticSync
                result.reason = "only white space differs (not C: compared line by line)"
                result.shareSteps = ["sync \(String(decoding: forkPath, as: UTF8.self)) with \(String(decoding: upstreamPath, as: UTF8.self)) (white space)"]
            } else {
                result.verdict = .keepCopy
                result.reason = "not C or assembler source: its differences cannot be split into hooks"
            }
            return result
        }
        let ua = CUnits.segment(a, assembly: assembly)
        func key(_ unit: CUnits.Unit) -> String { unit.kind.rawValue + " " + unit.name }
        func body(_ unit: CUnits.Unit, _ lines: [Bytes]) -> [String] {
            lines[unit.lines].map { CTokens.normalized($0) }.filter { !$0.isEmpty }
        }
        // Pair units by (kind, name): first those whose bodies are equal, then the rest in order.
        var originals: [String: [(unit: CUnits.Unit, body: [String], used: Bool)]] = [:]
        for unit in ua.units { originals[key(unit), default: []].append((unit, body(unit, a), false)) }
        var pairing: [CUnits.Unit?] = Array(repeating: nil, count: ub.units.count)
        var equal = Array(repeating: false, count: ub.units.count)
        let copyBodies = ub.units.map { body($0, b) }
        // First pass: each copy unit takes the first unused original with its key and its body. Only this
        // pass uses originals, each through its (key, body) queue, so the queue's head is that original.
        var queues: [BodyKey: (candidates: [Int], next: Int)] = [:]
        for (name, candidates) in originals {
            for (index, candidate) in candidates.enumerated() { queues[BodyKey(key: name, body: candidate.body), default: ([], 0)].candidates.append(index) }
        }
        for (index, unit) in ub.units.enumerated() {
            let name = key(unit), wanted = BodyKey(key: name, body: copyBodies[index])
            guard let queue = queues[wanted], queue.next < queue.candidates.count else { continue }
            let found = queue.candidates[queue.next]
            queues[wanted]?.next += 1
            originals[name]?[found].used = true
            pairing[index] = originals[name]?[found].unit
            equal[index] = true
        }
        // Second pass: each copy unit left takes the first unused original with its key. Used marks only
        // accumulate, so a cursor per key that skips them moves forward only.
        var cursors: [String: Int] = [:]
        for (index, unit) in ub.units.enumerated() where pairing[index] == nil {
            let name = key(unit)
            let count = originals[name]?.count ?? 0
            var next = cursors[name] ?? 0
            while next < count, originals[name]?[next].used == true { next += 1 }
            cursors[name] = next
            guard next < count else { continue }
            originals[name]?[next].used = true
            pairing[index] = originals[name]?[next].unit
        }
        var differences: [UnitDifference] = []
        for (index, unit) in ub.units.enumerated() where unit.kind != .directive && !copyBodies[index].isEmpty && !equal[index] {
            if let original = pairing[index] {
                differences.append(difference(unit, change: .modified, original: original, originalLines: a, copyLines: b, painLines: painLines))
            } else if let twin = originals[key(unit)]?.first?.unit {
                // A second version of an original unit (the fork's, beside the native one): the unit is a hook.
                differences.append(difference(unit, change: .modified, original: twin, originalLines: a, copyLines: b, painLines: painLines))
            } else {
                differences.append(difference(unit, change: .forkOnly, original: nil, originalLines: a, copyLines: b, painLines: painLines))
            }
        }
        for candidates in originals.values {
            for candidate in candidates where !candidate.used && candidate.unit.kind != .directive && !candidate.body.isEmpty {
                differences.append(difference(candidate.unit, change: .upstreamOnly, original: candidate.unit, originalLines: a, copyLines: b,
                                              painLines: painLines, inCopy: false))
            }
        }
        differences.sort { ($0.copyLine, $0.name) < ($1.copyLine, $1.name) }
        result.differences = differences
        let hooks = differences.filter { $0.hook != nil }
        if differences.isEmpty {
            result.verdict = .cosmeticSync
            result.reason = "only white space, comments or preprocessor lines differ"
            result.shareSteps = ["sync \(String(decoding: forkPath, as: UTF8.self)) with \(String(decoding: upstreamPath, as: UTF8.self)) (cosmetic)"]
                + shareSteps(forkPath: forkPath, upstreamPath: upstreamPath, sharedList: sharedList)
        } else if hooks.count <= maxHooks {
            result.verdict = .hookPoints
            let helpers = differences.count - hooks.count
            result.reason = (hooks.count == 1 ? "1 unit differs" : "\(hooks.count) units differ") + (helpers > 0 ? ", \(helpers) fork-only unit\(helpers == 1 ? "" : "s") move to a fork file" : "")
        } else {
            result.verdict = .keepCopy
            let lines = differences.reduce(0) { $0 + $1.copyLines }
            let share = Int((100 * Double(lines) / Double(max(b.count, 1))).rounded())
            result.reason = "\(hooks.count) units differ (more than \(maxHooks) hooks); \(share)% of the copy's lines are in differing units"
        }
        return result
    }

    /// A unit's key (kind and name) with its normalized body: the originals a copy unit can pair with as equal.
    struct BodyKey: Hashable {
        var key: String
        var body: [String]
    }

    /// C, headers and assembler: the files units make sense for.
    static func isSource(_ path: [UInt8]) -> Bool {
        [".c", ".h", ".S", ".s", ".cc", ".inc"].contains { path.count > $0.utf8.count && path.suffix($0.utf8.count).elementsEqual($0.utf8) }
    }

    static func difference(_ unit: CUnits.Unit, change: UnitDifference.Change, original: CUnits.Unit?, originalLines a: [Bytes],
                           copyLines b: [Bytes], painLines: [Int], inCopy: Bool = true) -> UnitDifference {
        // Operations whose use differs between the two versions of the unit.
        func counts(_ lines: ArraySlice<Bytes>) -> [String: Int] {
            var out: [String: Int] = [:]
            for line in lines { for token in CTokens.tokens(line) where HookCatalog.group(of: token) != nil { out[token, default: 0] += 1 } }
            return out
        }
        let before = original.map { counts(a[$0.lines]) } ?? [:]
        let after = inCopy ? counts(b[unit.lines]) : [:]
        let operations = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        var votes: [HookCatalog.Group: Int] = [:]
        for operation in operations { if let group = HookCatalog.group(of: operation) { votes[group, default: 0] += 1 } }
        let group = votes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? HookCatalog.keywordGroup(unit.name)
        let lines = inCopy ? unit.lines.count : 0
        let pain = inCopy ? painLines.filter { unit.lines.contains($0 - 1) }.count : 0
        var hook: String?
        if change != .forkOnly, let original {
            hook = signature(original, lines: a, group: group)
        }
        return UnitDifference(kind: unit.kind, name: unit.name, change: change, copyLines: lines, copyLine: inCopy ? unit.lines.lowerBound + 1 : 0,
                              operations: operations, group: group, hook: hook, pain: pain)
    }

    /// The hook a unit would become: a function pointer with the original's signature in the group's ops
    /// table (`pv_cpu_ops.default_idle: void (*)(void)`), a function for a macro, an overridable object
    /// otherwise.
    static func signature(_ unit: CUnits.Unit, lines: [Bytes], group: HookCatalog.Group) -> String {
        let table = "pv_" + group.rawValue.replacing("-", with: "_") + "_ops"
        switch unit.kind {
        case .function:
            var header: [UInt8] = []
            for line in lines[unit.lines] {
                let text = Array(line.withoutTerminator)
                if let brace = text.firstIndex(of: UInt8(ascii: "{")) { header += text[..<brace]; break }
                header += text + [ASCII.space]
            }
            let tokens = CTokens.tokens(header).filter { !["static", "inline", "__init", "__cpuinit", "__devinit", "extern", "fastcall", "asmlinkage", "__always_inline"].contains($0) }
            guard let paren = tokens.firstIndex(of: "("), paren > 0 else { return "\(table).\(unit.name)" }
            let returns = tokens[..<(paren - 1)].joined(separator: " ")
            let parameters = tokens[(paren + 1)...].prefix { $0 != "{" }.dropLast().joined(separator: " ")
                .replacing(" ,", with: ",").replacing("* ", with: "*")
            return "\(table).\(unit.name): \(returns.isEmpty ? "int" : returns) (*)(\(parameters))"
        case .macro:
            return "\(table).\(unit.name.lowercased()): a function in place of the macro \(unit.name)"
        case .label:
            return "\(table).\(unit.name): an entry point the fork supplies"
        default:
            return "\(table).\(unit.name): an object the fork may override"
        }
    }

    /// How to share an identical copy: for C files, the `c-obj-y` line in the shared list (or the copy's
    /// folder Makefile); for headers, remove the copy so the include path finds the original.
    static func shareSteps(forkPath: [UInt8], upstreamPath: [UInt8], sharedList: String?) -> [String] {
        let copy = String(decoding: forkPath, as: UTF8.self), original = String(decoding: upstreamPath, as: UTF8.self)
        let folder = copy.split(separator: "/").dropLast().joined(separator: "/")
        let file = copy.split(separator: "/").last.map(String.init) ?? copy
        if file.hasSuffix(".c") || file.hasSuffix(".S") {
            let makefile = sharedList.flatMap { list in list.split(separator: "/").dropLast().joined(separator: "/") == folder ? list : nil }
                ?? (folder.isEmpty ? "Makefile" : folder + "/Makefile")
            return ["remove \(copy)", "\(makefile): c-obj-y += \(file.dropLast(2)).o   (built from \(original))"]
        }
        return ["remove \(copy) (the build then uses \(original))"]
    }
}
