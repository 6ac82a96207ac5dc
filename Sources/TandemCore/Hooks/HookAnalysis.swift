/// `tandem hooks`: could a forked copy be dropped and its original shared, and if so through which
/// operations (hooks)?
///
/// Both files are split into top-level units (`CUnits`); units are paired by kind, name and occurrence,
/// and compared token by token, ignoring white space and comments (`CTokens.normalized`). Then:
/// - byte-identical copy → **share now**: drop the copy, list the original in the shared list;
/// - every unit equal once white space and comments are ignored → **cosmetic sync**, then share;
/// - otherwise each differing unit is mined for the operations the fork substituted in it
///   (`OperationMiner`): units only the copy has (fork helpers) move to a fork file and need none; units
///   only the original has are covered when they are the native side of an operation (or not functions);
///   when every difference is covered → **hook points**, with the operations the copy needs — no cap on
///   their number: a header of six redefined macros is six operations;
/// - a difference no operation expresses (a rewritten block, a function the fork removed) → **keep the
///   copy**, with the reason. Files that are not C or assembler (Makefiles, Kconfig) are compared line by
///   line only: shared when equal, kept otherwise.
/// Units with the same kind and name are paired body-equal first, then in order, so a unit the fork keeps
/// twice (its own version and the native one) pairs the native one with the original. Preprocessor
/// directives do not count (an `#ifdef CONFIG_XEN` is how a fork marks its code, not an operation).
/// Operations are gathered over all copies, grouped and ranked by `OperationTable`.
///
/// Complexity: linear in the two files (segmenting, normalizing, pairing through hash tables keyed by kind,
/// name and body), plus the differing units' own work (bounded per unit by `OperationMiner`). Pairing used
/// to scan every original with the same key for each copy unit, and to copy that list on each pairing:
/// quadratic in a key's count, which a file of thousands of identical `#ifdef CONFIG_X` / `#else` /
/// `#endif` blocks makes large (4,000 blocks: 5.8 s).
public enum HookAnalysis {
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
        /// The operations the fork substituted in the unit, where (modified units only).
        public var substitutions: [OperationMiner.Substitution]
        /// The differences no operation expresses (they keep the copy).
        public var rewrites: [OperationMiner.Rewrite]
        /// Port verdicts over the history that failed or needed merging inside this unit.
        public var pain: Int
        /// The unit's lines in the copy (0-based, half-open; empty for upstream-only).
        public var copyRange: Range<Int>

        /// The names of the operations, in order of first substitution.
        public var operations: [String] {
            var seen = Set<String>()
            return substitutions.map(\.operation).filter { seen.insert($0).inserted }
        }
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
        /// The original's definitions of its functions and macros, by name: the signatures of the
        /// operations named here or in other copies.
        public var definitions: [String: OperationTable.Definition] = [:]

        /// The operations the copy needs to be shared (hook-points), in order of first substitution.
        public var operations: [String] {
            var seen = Set<String>()
            return differences.flatMap(\.operations).filter { seen.insert($0).inserted }
        }
        public var pain: Int { differences.reduce(0) { $0 + $1.pain } }
    }

    /// Analyzes one pair; `painLines` are 1-based copy lines where a port over the history failed or merged;
    /// `sharedList` is the map's shared-list file (a Makefile), used to word the share steps.
    public static func analyze(
        original: [UInt8], copy: [UInt8], upstreamPath: [UInt8], forkPath: [UInt8], tree: Int,
        painLines: [Int] = [], sharedList: String? = nil
    ) -> CopyResult {
        let a = TextFile(bytes: original).lines, b = TextFile(bytes: copy).lines
        let source = isSource(forkPath)
        let assembly = CUnits.isAssembly(forkPath)
        // Files that are not C or assembler are never segmented.
        let ub = source ? CUnits.segment(b, assembly: assembly) : CUnits.Segmentation(units: [], unsegmented: [])
        var result = CopyResult(
            upstreamPath: upstreamPath, forkPath: forkPath, tree: tree, verdict: .keepCopy, reason: "",
            copyLines: b.count, units: ub.units.count, differences: [],
            unsegmented: ub.unsegmented.map { ($0.lowerBound + 1)...max($0.lowerBound + 1, $0.upperBound) },
            shareSteps: [])
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
                result.shareSteps = [
                    "sync \(String(decoding: forkPath, as: UTF8.self)) with \(String(decoding: upstreamPath, as: UTF8.self)) (white space)"
                ]
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
            for (index, candidate) in candidates.enumerated() {
                queues[BodyKey(key: name, body: candidate.body), default: ([], 0)].candidates.append(index)
            }
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
        let header = forkPath.last == UInt8(ascii: "h")
        let originalCalls = OperationMiner.calls(in: a)
        func modified(_ unit: CUnits.Unit, _ original: CUnits.Unit) -> UnitDifference {
            let (substitutions, rewrites) = OperationMiner.mine(
                original: original, in: a, copy: unit, in: b, header: header,
                originalCalls: originalCalls)
            return difference(
                unit, change: .modified, substitutions: substitutions, rewrites: rewrites, painLines: painLines)
        }
        var differences: [UnitDifference] = []
        for (index, unit) in ub.units.enumerated()
        where unit.kind != .directive && !copyBodies[index].isEmpty && !equal[index] {
            if let original = pairing[index] {
                differences.append(modified(unit, original))
            } else if let twin = originals[key(unit)]?.first?.unit {
                // A second version of an original unit (the fork's, beside the native one): mined against it.
                differences.append(modified(unit, twin))
            } else {
                differences.append(difference(unit, change: .forkOnly, painLines: painLines))
            }
        }
        // Units only the original has: the native side of an operation the copy substitutes, or (not a
        // function) a constant or type the fork does without; a function the fork removed otherwise.
        let substituted = Set(differences.flatMap(\.operations))
        for candidates in originals.values {
            for candidate in candidates
            where !candidate.used && candidate.unit.kind != .directive && !candidate.body.isEmpty {
                var gone = difference(candidate.unit, change: .upstreamOnly, painLines: painLines, inCopy: false)
                if candidate.unit.kind == .function && !substituted.contains(candidate.unit.name) {
                    gone.rewrites = [
                        OperationMiner.Rewrite(
                            copyLine: 0,
                            why: "the fork removed the function \(candidate.unit.name), which no "
                                + "operation it substitutes stands for")
                    ]
                }
                differences.append(gone)
            }
        }
        differences.sort { ($0.copyLine, $0.name) < ($1.copyLine, $1.name) }
        result.differences = differences
        for unit in ua.units
        where (unit.kind == .function || unit.kind == .macro) && result.definitions[unit.name] == nil {
            result.definitions[unit.name] = OperationTable.Definition(
                signature: definition(unit, lines: a), lines: unit.lines.count,
                primitive: OperationMiner.isPrimitive(unit, lines: a, header: header))
        }
        let rewrites = differences.flatMap(\.rewrites)
        let operations = result.operations
        if differences.isEmpty {
            result.verdict = .cosmeticSync
            result.reason = "only white space, comments or preprocessor lines differ"
            result.shareSteps =
                [
                    "sync \(String(decoding: forkPath, as: UTF8.self)) with \(String(decoding: upstreamPath, as: UTF8.self)) (cosmetic)"
                ]
                + shareSteps(forkPath: forkPath, upstreamPath: upstreamPath, sharedList: sharedList)
        } else if let first = rewrites.first {
            result.verdict = .keepCopy
            result.reason =
                first.why
                + (rewrites.count > 1
                    ? " (and \(rewrites.count - 1) more difference\(rewrites.count == 2 ? "" : "s") no operation expresses)"
                    : "")
        } else {
            result.verdict = .hookPoints
            let helpers = differences.filter { $0.change == .forkOnly }.count
            let covered =
                operations.isEmpty
                ? "no operation needed"
                : (operations.count == 1 ? "1 operation covers" : "\(operations.count) operations cover")
                    + " every difference"
            result.reason =
                covered
                + (helpers > 0 ? ", \(helpers) fork-only unit\(helpers == 1 ? " moves" : "s move") to a fork file" : "")
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
        [".c", ".h", ".S", ".s", ".cc", ".inc"].contains {
            path.count > $0.utf8.count && path.suffix($0.utf8.count).elementsEqual($0.utf8)
        }
    }

    static func difference(
        _ unit: CUnits.Unit, change: UnitDifference.Change, substitutions: [OperationMiner.Substitution] = [],
        rewrites: [OperationMiner.Rewrite] = [], painLines: [Int], inCopy: Bool = true
    ) -> UnitDifference {
        let pain = inCopy ? painLines.filter { unit.lines.contains($0 - 1) }.count : 0
        return UnitDifference(
            kind: unit.kind, name: unit.name, change: change, copyLines: inCopy ? unit.lines.count : 0,
            copyLine: inCopy ? unit.lines.lowerBound + 1 : 0, substitutions: substitutions, rewrites: rewrites,
            pain: pain,
            copyRange: inCopy ? unit.lines : 0..<0)
    }

    /// A unit's definition as one line, from its text: a function's header up to its body
    /// (`static void default_idle(void)`), a macro's `#define` with its parameters when it takes some
    /// (`#define write_cr3(x)`: the parenthesis right after the name, as C tells them apart).
    static func definition(_ unit: CUnits.Unit, lines: [Bytes]) -> String {
        var text = ""
        for line in lines[unit.lines] {
            var part = String(decoding: line.withoutTerminator, as: UTF8.self)
            if part.hasSuffix("\\") { part.removeLast() }
            if unit.kind != .macro, let brace = part.firstIndex(of: "{") {
                text += " " + part[..<brace]
                break
            }
            text += " " + part
            if unit.kind == .macro { break }
        }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard unit.kind == .macro else { return words }
        let characters = Array(words), name = Array(unit.name)
        guard characters.count >= name.count,
            let start = (0...(characters.count - name.count)).first(where: {
                characters[$0..<($0 + name.count)].elementsEqual(name)
            })
        else { return "#define " + unit.name }
        let end = start + name.count
        guard end < characters.count, characters[end] == "(", let close = characters[end...].firstIndex(of: ")") else {
            return String(characters[..<end])
        }
        return String(characters[...close])
    }

    /// How to share an identical copy: for C files, the `c-obj-y` line in the shared list (or the copy's
    /// folder Makefile); for headers, remove the copy so the include path finds the original.
    static func shareSteps(forkPath: [UInt8], upstreamPath: [UInt8], sharedList: String?) -> [String] {
        let copy = String(decoding: forkPath, as: UTF8.self), original = String(decoding: upstreamPath, as: UTF8.self)
        let folder = copy.split(separator: "/").dropLast().joined(separator: "/")
        let file = copy.split(separator: "/").last.map(String.init) ?? copy
        if file.hasSuffix(".c") || file.hasSuffix(".S") {
            let makefile =
                sharedList.flatMap { list in
                    list.split(separator: "/").dropLast().joined(separator: "/") == folder ? list : nil
                }
                ?? (folder.isEmpty ? "Makefile" : folder + "/Makefile")
            return ["remove \(copy)", "\(makefile): c-obj-y += \(file.dropLast(2)).o   (built from \(original))"]
        }
        return ["remove \(copy) (the build then uses \(original))"]
    }
}
