/// What a fork substituted inside one unit it modified: the *operations* of `tandem hooks`. An operation is
/// an original-side primitive — a call, an inline assembler instruction, a macro constant — that the copy
/// replaced by something else (`write_cr3(x)` → `xen_pt_switch(x)`, `"cli"` → `xen_irq_disable()`), or a
/// unit that is itself a small primitive (a macro, a short inline function in a header) that the copy
/// redefines. Operations, not the big functions that contain them, are what a hook table (Linux's
/// `paravirt_ops`) is made of: a function that calls `load_esp0` can be shared once `load_esp0` is a hook.
///
/// How one modified unit is mined:
/// 1. A *primitive unit* (a macro, or a function of at most `primitiveLines` lines that is `inline` or in a
///    header) is one operation, named after the unit: the copy's whole definition is the substitute.
/// 2. Otherwise the unit's lines are compared as token strings (white space and comments ignored;
///    preprocessor lines such as `#ifdef CONFIG_XEN` set aside, since they mark code, they do not do
///    anything) and the differing regions are taken one by one. Inside a region the tokens are compared
///    again, and each run of original tokens the copy dropped names its operations: a called identifier
///    (`name (`), an `asm` statement's instruction (its string's first word), an all-capitals macro
///    constant. A region whose original tokens are all still there (the copy only wrapped them:
///    `__va(read_cr3())` → `__va(machine_to_phys(read_cr3()))`) names the original call at the insertion.
///    A region the copy only added (the original has no line there) is an *added* operation when it calls
///    something new — a function the original file never calls — named after that call: a hook that does
///    nothing natively (`xen_pgd_pin(…)` after the page tables are built).
/// 3. A region that names no operation, or that is larger than `maxRegionLines` lines on either side, is a
///    *rewrite*: code the fork wrote differently, which no hook expresses. One rewrite keeps the copy.
///
/// Complexity: the line and token comparisons are longest-common-subsequence tables over one unit's lines
/// and one region's tokens (a unit over `maxUnitLines` lines on either side is a rewrite without being
/// compared), so the work is bounded per unit.
public enum OperationMiner {
    /// How an operation was substituted.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// The unit is itself a small primitive (a macro or short inline) that the copy redefines.
        case primitive
        /// A call the copy replaced.
        case call
        /// An inline assembler instruction the copy replaced.
        case asm
        /// A macro constant the copy replaced.
        case value
        /// A store (an assignment to a field or variable) the copy replaced by a call.
        case store
        /// A call the copy added where the original has none: a hook that does nothing natively.
        case added

        /// The order of the cases: the kind an operation is reported as when its sites differ.
        var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

        public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
    }

    /// One place where the copy substitutes an operation.
    public struct Substitution: Sendable, Equatable {
        /// The original-side primitive (`write_cr3`, `cli`, `COMMAND_LINE`; for `added`, the new call).
        public var operation: String
        public var kind: Kind
        /// What the copy has instead, as normalized tokens (shortened).
        public var replacement: String
        /// 1-based line in the copy.
        public var copyLine: Int
    }

    /// A difference no operation expresses.
    public struct Rewrite: Sendable, Equatable {
        /// 1-based line in the copy (the region's first copy line, or the unit's when the copy has none).
        public var copyLine: Int
        public var why: String
    }

    public static let primitiveLines = 12
    public static let maxRegionLines = 6
    public static let maxUnitLines = 600

    /// True when `unit` is a small primitive in its own right.
    public static func isPrimitive(_ unit: CUnits.Unit, lines: [Bytes], header: Bool) -> Bool {
        switch unit.kind {
        case .macro: return true
        case .function:
            guard unit.lines.count <= primitiveLines else { return false }
            if header { return true }
            let head = lines[unit.lines].prefix(2).flatMap { CTokens.tokens($0) }
            return head.contains("inline") || head.contains("__always_inline")
        default: return false
        }
    }

    /// The substitutions and rewrites of a modified unit: `original` in the original's lines `a`, `copy` in
    /// the copy's lines `b`. `originalCalls` are the identifiers the original file calls anywhere (a call
    /// the copy adds that the original never makes is new).
    public static func mine(
        original: CUnits.Unit, in a: [Bytes], copy: CUnits.Unit, in b: [Bytes], header: Bool,
        originalCalls: Set<String>
    ) -> (substitutions: [Substitution], rewrites: [Rewrite]) {
        if isPrimitive(original, lines: a, header: header) {
            let replacement = text(b[copy.lines])
            return (
                [
                    Substitution(
                        operation: original.name, kind: .primitive, replacement: replacement,
                        copyLine: copy.lines.lowerBound + 1)
                ], []
            )
        }
        // Code lines only: preprocessor lines and lines without tokens are set aside.
        func code(_ lines: [Bytes], _ range: Range<Int>) -> [(line: Int, tokens: [String])] {
            var out: [(Int, [String])] = []
            var continued = false
            for index in range {
                let tokens = CTokens.tokens(lines[index])
                let directive = continued || tokens.first == "#"
                continued = directive && lines[index].withoutTerminator.last == UInt8(ascii: "\\")
                if !directive && !tokens.isEmpty { out.append((index, tokens)) }
            }
            return out
        }
        let left = code(a, original.lines), right = code(b, copy.lines)
        guard left.count <= maxUnitLines, right.count <= maxUnitLines else {
            return (
                [],
                [
                    Rewrite(
                        copyLine: copy.lines.lowerBound + 1,
                        why: "\(copy.name) is too long to compare (\(right.count) lines)")
                ]
            )
        }
        let pairs = commonSubsequence(
            left.map { $0.tokens.joined(separator: " ") }, right.map { $0.tokens.joined(separator: " ") })
        var substitutions: [Substitution] = [], rewrites: [Rewrite] = []
        var i = 0, j = 0
        for (mi, mj) in pairs + [(left.count, right.count)] {
            defer { (i, j) = (mi + 1, mj + 1) }
            guard mi > i || mj > j else { continue }
            let removed = left[i..<mi], added = right[j..<mj]
            let place =
                added.first.map { $0.line + 1 } ?? (j < right.count ? right[j].line + 1 : copy.lines.lowerBound + 1)
            if removed.count > maxRegionLines || added.count > maxRegionLines {
                rewrites.append(
                    Rewrite(
                        copyLine: place,
                        why: "\(copy.name): \(removed.count) line\(removed.count == 1 ? "" : "s") of the original "
                            + "rewritten as \(added.count) at line \(place)"))
                continue
            }
            let found = operations(
                removed: removed.flatMap(\.tokens), added: added.flatMap(\.tokens), originalCalls: originalCalls)
            if found.isEmpty {
                let what =
                    removed.isEmpty
                    ? "adds code that calls nothing new"
                    : "changes code without replacing a call, instruction or constant"
                rewrites.append(Rewrite(copyLine: place, why: "\(copy.name): the fork \(what) at line \(place)"))
                continue
            }
            let replacement = text(added.map { b[$0.line] })
            for (name, kind) in found {
                substitutions.append(
                    Substitution(operation: name, kind: kind, replacement: replacement, copyLine: place))
            }
        }
        return (substitutions, rewrites)
    }

    /// The operations one differing region names (see the file's prose), in order of first mention.
    static func operations(removed: [String], added: [String], originalCalls: Set<String>) -> [(String, Kind)] {
        var out: [(String, Kind)] = []
        func add(_ name: String, _ kind: Kind) {
            if !out.contains(where: { $0.0 == name }) { out.append((name, kind)) }
        }
        let kept = commonSubsequence(removed, added)
        let keptLeft = Set(kept.map(\.0))
        // Where the copy first inserted tokens in front of an original token it kept.
        var firstInsertion: Int?
        var previous = (-1, -1)
        for (l, r) in kept where firstInsertion == nil {
            if r > previous.1 + 1 { firstInsertion = l }
            previous = (l, r)
        }
        let dropped = removed.indices.filter { !keptLeft.contains($0) }
        let inserted = added.count > kept.count
        func isCall(_ tokens: [String], _ index: Int) -> Bool {
            isIdentifier(tokens[index]) && index + 1 < tokens.count && tokens[index + 1] == "("
                && !CTokens.keywords.contains(tokens[index])
        }
        for index in dropped {
            let token = removed[index]
            if isCall(removed, index) {
                add(token, .call)
            } else if token.hasPrefix("\""),
                removed[..<index].suffix(3).contains(where: { ["asm", "__asm__", "__asm"].contains($0) })
            {
                if let mnemonic = token.dropFirst().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).first {
                    add(String(mnemonic), .asm)
                }
            }
        }
        if out.isEmpty, inserted, added.indices.contains(where: { isCall(added, $0) }) {
            // A store the copy replaced by a call (`tss->rsp0 = next->rsp0;` → `HYPERVISOR_stack_switch(…)`):
            // the operation is the store, named by what it stores to.
            for index in dropped where removed[index] == "=" {
                let start = removed[..<index].lastIndex { [";", "{", "}", ")"].contains($0) }.map { $0 + 1 } ?? 0
                let target = removed[start..<index].joined()
                if !target.isEmpty,
                    removed[start..<index].allSatisfy({
                        isIdentifier($0) || ["->", ".", "-", ">", "[", "]"].contains($0) || $0.allSatisfy(\.isNumber)
                    })
                {
                    add(target, .store)
                }
            }
        }
        if out.isEmpty, inserted {
            // A macro constant the copy replaced (`COMMAND_LINE` → `xen_start_info.cmd_line`).
            for index in dropped {
                let token = removed[index]
                if isIdentifier(token), token.count > 1, token == token.uppercased(), token.contains(where: \.isLetter),
                    !CTokens.keywords.contains(token)
                {
                    add(token, .value)
                }
            }
        }
        if out.isEmpty, !removed.isEmpty, let at = firstInsertion {
            // The copy wrapped original code: the original call at (or right after) the insertion point.
            for index in at..<min(at + 3, removed.count)
            where isIdentifier(removed[index]) && index + 1 < removed.count
                && removed[index + 1] == "(" && !CTokens.keywords.contains(removed[index])
            {
                add(removed[index], .call)
                break
            }
        }
        if out.isEmpty, removed.isEmpty {
            // Code only the copy has: a hook where it calls something the original file never calls.
            for (index, token) in added.enumerated()
            where isIdentifier(token) && index + 1 < added.count && added[index + 1] == "("
                && !CTokens.keywords.contains(token) && !originalCalls.contains(token)
            {
                add(token, .added)
                break
            }
        }
        return out
    }

    /// Every identifier `lines` call (`name (`).
    public static func calls(in lines: [Bytes]) -> Set<String> {
        var out = Set<String>()
        for line in lines {
            let tokens = CTokens.tokens(line)
            for (index, token) in tokens.enumerated()
            where index + 1 < tokens.count && tokens[index + 1] == "(" && isIdentifier(token) {
                out.insert(token)
            }
        }
        return out
    }

    static func isIdentifier(_ token: String) -> Bool {
        guard let first = token.utf8.first else { return false }
        return CFunctions.isIdentifierStart(first)
    }

    /// Lines as one short line of text: white space collapsed, continuation backslashes dropped.
    static func text(_ lines: some Collection<Bytes>) -> String {
        let words = lines.flatMap { line in
            String(decoding: line.withoutTerminator, as: UTF8.self).split(whereSeparator: \.isWhitespace).filter {
                $0 != "\\"
            }
        }
        let text = words.joined(separator: " ")
        return text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }

    /// A longest common subsequence of `a` and `b` as index pairs, in order (a dynamic-programming table;
    /// the callers bound the sizes).
    static func commonSubsequence(_ a: [String], _ b: [String]) -> [(Int, Int)] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        let width = b.count + 1
        var table = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * width + j] =
                    a[i] == b[j]
                    ? table[(i + 1) * width + j + 1] + 1
                    : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var out: [(Int, Int)] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                out.append((i, j))
                i += 1
                j += 1
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }
}
