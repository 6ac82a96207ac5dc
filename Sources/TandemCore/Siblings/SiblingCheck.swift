/// `tandem siblings`: upstream fixes that reached one sibling architecture (`arch/i386/`) and not the other
/// (`arch/x86_64/`), or one copy of a file and not another.
///
/// For each hunk that changes a file under one member of a `siblings` group, in each other member:
/// 1. *Where would the fix go?* Candidates are the file at the same relative path, and every C file of the
///    sibling that defines the function the hunk is in (found from the file's functions, or from the hunk
///    header's section text) — a sibling may keep the code elsewhere.
/// 2. *Does the sibling hold the code the hunk fixes?* The lines the hunk removes (for a pure addition: its
///    surrounding context) must appear, in order, among the candidate's non-trivial lines: compared token by
///    token ignoring white space (confidence 0.9), or failing that with identifiers abstracted (renamed
///    variables or registers: 0.6). Inside a function of the same name adds 0.05. No match, nothing to say.
/// 3. *Did the fix reach it anyway?* Not reported when the candidate already holds the hunk's added lines
///    (token by token, or abstracted), when the same patch or range changes the candidate's matched lines,
///    or when any hunk of the patch under the sibling makes an equivalent change: the same removed and added
///    lines as multisets with identifiers abstracted (at least 80% overlap), so white space, renamed
///    identifiers and reordered lines do not hide it, bringing in most of the names the fix brings in.
/// What is left is a possible missed fix, with both places, the hunk, the sibling's code and a confidence.
public enum SiblingCheck {
    public struct MissedFix: Sendable, Equatable {
        public var path: [UInt8]
        /// 1-based hunk number in the file patch.
        public var hunk: Int
        public var function: String?
        public var line: Int
        public var siblingPath: [UInt8]
        /// 1-based first line of the matched code in the sibling.
        public var siblingLine: Int
        /// The sibling's lines around the match.
        public var siblingCode: [String]
        public var confidence: Double
        public var why: String
        /// The hunk as it appears in the patch (header and body).
        public var hunkText: [String]
        /// The function of the sibling where the change belongs (nil outside any function).
        public var siblingFunction: String? = nil
        /// Other 1-based sibling lines where the same code stands and nothing tells them apart (the finding
        /// is then ambiguous: each place may want the fix).
        public var alsoAt: [Int] = []
        /// What moved the confidence (`sibling-lacks-names`, `commit-touched-sibling`, …): see `weigh`.
        public var evidence: [String] = []
        /// The commit whose change this is, when a range is checked commit by commit (its id).
        public var commit: String? = nil
    }

    public struct Result: Sendable, Equatable {
        public var missed: [MissedFix]
        /// Hunks changing a sibling member (the ones checked).
        public var checked: Int
        /// (hunk, sibling) pairs where the sibling holds the code and the fix reached it.
        public var reached: Int
        /// Possible missed fixes left out for a confidence under the threshold (`keeping(minimum:)`).
        public var belowThreshold: Int = 0
        /// Possible missed fixes that a later commit of the range settled (see `SiblingCheck+Later`).
        public var reachedLater: [LaterFix] = []

        public init(
            missed: [MissedFix], checked: Int, reached: Int, belowThreshold: Int = 0, reachedLater: [LaterFix] = []
        ) {
            self.missed = missed
            self.checked = checked
            self.reached = reached
            self.belowThreshold = belowThreshold
            self.reachedLater = reachedLater
        }

        /// The result with only the findings of at least `minimum` confidence; the others are counted.
        public func keeping(minimum: Double) -> Result {
            var kept = self
            kept.missed = missed.filter { $0.confidence >= minimum - 1e-9 }
            kept.belowThreshold += missed.count - kept.missed.count
            kept.reachedLater = reachedLater.filter { $0.fix.confidence >= minimum - 1e-9 }
            return kept
        }
    }

    /// The confidence a finding needs to be reported by default. On the development history (i386 and
    /// x86_64, 2005–2006) 0.8 finds the most missed fixes at under 1.2 findings per commit, with fewer false
    /// alarms than the old checker reported at any confidence; see docs/benchmarks.md.
    public static let defaultMinimumConfidence = 0.8

    /// A file's lines reduced to the non-trivial ones, normalized and abstracted, with their line numbers.
    struct Lines {
        var normalized: [String] = []
        var abstracted: [String] = []
        var numbers: [Int] = []
        var raw: [Bytes] = []
        var functions: [CFunctions.Span] = []

        init(_ bytes: [UInt8]) {
            raw = TextFile(bytes: bytes).lines
            for (index, line) in raw.enumerated() {
                let n = CTokens.normalized(line)
                guard !CTokens.isTrivial(n) else { continue }
                normalized.append(n)
                abstracted.append(CTokens.abstracted(line, strings: true))
                numbers.append(index)
            }
            functions = CFunctions.spans(raw)
        }
    }

    /// The non-trivial lines of a hunk, split by kind.
    struct HunkLines {
        var removed: [Bytes] = [], added: [Bytes] = [], before: [Bytes] = [], after: [Bytes] = []
        /// The removed lines of each change block (a run of `-`/`+` lines), for blocks that remove any.
        var blocks: [[Bytes]] = []
        /// The nearest non-trivial context lines before the first removed line and after the last one.
        var aroundRemoved: (before: Bytes?, after: Bytes?) = (nil, nil)
        /// How many trivial context lines (`}`, blank lines) stand between the last non-trivial leading
        /// context line and the first change: a pure addition goes after them.
        var trivialBeforeChange = 0

        init(_ hunk: Hunk) {
            var seenChange = false
            var inBlock = false
            var lastContext: Bytes?
            for line in hunk.body {
                let kind = HunkLineKind(line: line)
                let content = line.isEmpty ? line : line.dropFirst()
                if kind == .context { inBlock = false }
                let trivial = CTokens.isTrivial(CTokens.normalized(content))
                if kind == .context, !seenChange { trivialBeforeChange = trivial ? trivialBeforeChange + 1 : 0 }
                guard !trivial else {
                    // A blank or brace line among removed lines ends a change: the paragraphs it separates
                    // may stand apart in the sibling.
                    if kind == .deletion { inBlock = false }
                    continue
                }
                switch kind {
                case .deletion:
                    if removed.isEmpty { aroundRemoved.before = lastContext }
                    aroundRemoved.after = nil
                    if !inBlock || blocks.isEmpty { blocks.append([]) }
                    inBlock = true
                    blocks[blocks.count - 1].append(content)
                    removed.append(content)
                    seenChange = true
                case .addition: added.append(content); seenChange = true
                case .context:
                    if seenChange { after.append(content) } else { before.append(content) }
                    lastContext = content
                    if !removed.isEmpty, aroundRemoved.after == nil { aroundRemoved.after = content }
                default: break
                }
            }
        }

        /// True when the hunk only renames: its removed and added lines are the same with identifiers (and
        /// the words of strings) abstracted (`LOCK "addl"` → `LOCK_PREFIX "addl"`, `"movl"` → `"movq"`), so
        /// an abstracted look-up cannot tell fixed from unfixed code.
        var renamesOnly: Bool {
            !removed.isEmpty
                && removed.map { CTokens.abstracted($0, strings: true) }
                    == added.map { CTokens.abstracted($0, strings: true) }
        }
    }

    /// A hunk's removed and added lines with identifiers abstracted, as multisets are compared to find an
    /// equivalent change (step 3).
    ///
    /// Abstracting identifiers lets a fix carried over with renamed variables count, but it also makes short
    /// hunks look alike (`EXPORT_SYMBOL(a);` and `set_bit(b);` are both `$ ( $ ) ;`). So the names a fix
    /// brings in (in its added lines and not in its removed lines: `EXPORT_SYMBOL` and the symbol it
    /// exports, though the context names it) must come in with the other change too, most of them. A
    /// fix that renames nothing it removes and names a local of its own may then go unrecognised in a
    /// sibling that calls the local otherwise: the finding stays open, which a reader can dismiss, where a
    /// wrong match would hide a missed fix.
    struct Signature {
        var removed: [String]
        var added: [String]
        /// Names (see `names`) of the added lines that the hunk's removed lines lack.
        var newNames: Set<String>
        /// Every name of the added lines.
        var addedNames: Set<String>

        init(_ parts: HunkLines) {
            removed = parts.removed.map { CTokens.abstracted($0) }
            added = parts.added.map { CTokens.abstracted($0) }
            addedNames = Set(parts.added.flatMap(Self.names))
            newNames = addedNames.subtracting(parts.removed.flatMap(Self.names))
        }

        /// The names of one line; an `#include` names its header, path and all, as one name
        /// (`<linux/memory_hotplug.h>`, not `include`, `linux` and `memory_hotplug`, which another include
        /// shares).
        static func names(_ line: Bytes) -> [String] {
            let tokens = CTokens.tokens(line)
            if let header = CTokens.includedHeader(tokens) { return [header] }
            return tokens.filter { CTokens.isName($0) }
        }

        /// True when `other` makes the same change: the same removed and added lines as multisets with
        /// identifiers abstracted (at least 80% overlap each), bringing in more than half the names this one
        /// brings in.
        func isEquivalent(to other: Signature) -> Bool {
            guard overlap(removed, other.removed) >= 0.8, overlap(added, other.added) >= 0.8 else { return false }
            return newNames.isEmpty || 2 * newNames.intersection(other.addedNames).count > newNames.count
        }
    }

    /// Checks `patch` against the sibling groups in `tree`. `oneCommit` says the patch is a single commit:
    /// then a commit that also changed files under the sibling is evidence its author chose what the sibling
    /// needed (a release or a range of many commits always changes both).
    ///
    /// `cache` keeps the member indexes' per-file summaries between calls on trees that share files (the
    /// commits of a range).
    public static func check(
        _ patch: Patch, groups: [[String]], tree: FileTree, strip: Int = 1, oneCommit: Bool = false,
        cache: IndexCache? = nil
    ) throws -> Result {
        var result = Result(missed: [], checked: 0, reached: 0)
        let files = patch.files.filter { !$0.hunks.isEmpty }
        let paths = files.map { $0.oldName(strip: strip) ?? $0.newName(strip: strip) ?? [] }
        // Every hunk's signature, made once: each judgement compares against all hunks under a sibling.
        let signatures = files.map { $0.hunks.map { Signature(HunkLines($0)) } }
        var read: [[UInt8]: Lines?] = [:]
        func lines(_ path: [UInt8]) throws -> Lines? {
            if let cached = read[path] { return cached }
            let made = try tree.file(at: path).map { Lines($0.bytes) }
            read[path] = made
            return made
        }
        var memberIndex: [String: MemberIndex] = [:]
        func index(_ member: String) throws -> MemberIndex {
            if let known = memberIndex[member] { return known }
            let made = try MemberIndex(member, in: tree, cache: cache)
            memberIndex[member] = made
            return made
        }
        func filesDefining(_ function: String, under member: String) throws -> [[UInt8]] {
            try index(member).functions[function] ?? []
        }
        for (fileIndex, file) in files.enumerated() where !file.isCreation {
            let path = paths[fileIndex]
            for group in groups {
                guard let member = group.first(where: { under(path, $0) }) else { continue }
                let relative = Array(path.dropFirst(directory(member).count))
                let source = try lines(path)
                for (hunkIndex, hunk) in file.hunks.enumerated() {
                    let parts = HunkLines(hunk)
                    guard !parts.removed.isEmpty || !parts.added.isEmpty else { continue }
                    result.checked += 1
                    let function = functionName(hunk, in: source)
                    for other in group where other != member {
                        var candidates: [[UInt8]] = []
                        let same = directory(other) + relative
                        if try tree.contains(same) { candidates.append(same) }
                        if let function {
                            for path in try filesDefining(function, under: other) where !candidates.contains(path) {
                                candidates.append(path)
                            }
                        }
                        var best: MissedFix?
                        var bestContext: Int?
                        var reachedHere = false
                        for candidate in candidates {
                            guard let target = try lines(candidate) else { continue }
                            switch judge(
                                parts, function: function, target: target, candidate: candidate, patch: files,
                                paths: paths,
                                signatures: signatures, sibling: other)
                            {
                            case .absent: continue
                            case .reached: reachedHere = true
                            case .missed(
                                let line, let length, let confidence, let why, let inFunction, let also, let context):
                                let low = max(0, line - 2), high = min(target.raw.count, line + length + 2)
                                let fix = MissedFix(
                                    path: path, hunk: hunkIndex + 1, function: function, line: hunk.header.oldStart,
                                    siblingPath: candidate, siblingLine: line + 1,
                                    siblingCode: target.raw[low..<high].map {
                                        String(decoding: $0.withoutTerminator, as: UTF8.self)
                                    },
                                    confidence: confidence, why: why,
                                    hunkText: [String(decoding: hunk.header.raw.withoutTerminator, as: UTF8.self)]
                                        + hunk.body.map { String(decoding: $0.withoutTerminator, as: UTF8.self) },
                                    siblingFunction: inFunction, alsoAt: also)
                                if best.map({ confidence > $0.confidence }) ?? true {
                                    best = fix
                                    bestContext = context
                                }
                            }
                        }
                        if reachedHere {
                            result.reached += 1
                        } else if var best {
                            let evidence = try weigh(
                                parts, best: best, member: index(other),
                                patchTouchesSibling: oneCommit && paths.contains { under($0, other) },
                                contextAgreement: bestContext)
                            best.confidence =
                                (min(max(best.confidence + evidence.shift, 0.05), 1) * 100).rounded() / 100
                            best.evidence = evidence.tags
                            result.missed.append(best)
                        }
                    }
                }
            }
        }
        return result
    }

    enum Judgement {
        case absent, reached
        /// `context`: for a hunk whose old code is one line, matched token by token, on how many sides (0 to
        /// 2) the hunk's nearest context line agrees with the sibling's line there (`contextAgreement`).
        case missed(
            line: Int, length: Int, confidence: Double, why: String, function: String?, alsoAt: [Int], context: Int?)
    }

    static func judge(
        _ parts: HunkLines, function: String?, target: Lines, candidate: [UInt8], patch: [FilePatch], paths: [[UInt8]],
        signatures: [[Signature]], sibling: String
    ) -> Judgement {
        // 2. Does the sibling hold the code the hunk fixes?
        guard let place = locate(parts, function: function, in: target) else {
            // The code is not there as it was; if the fixed lines are, the fix reached the sibling.
            return holdsFix(parts, in: target, near: nil, abstractFrom: 3) ? .reached : .absent
        }
        var confidence = place.confidence
        if parts.removed.isEmpty { confidence -= 0.2 }
        let line = insertionLine(parts, place: place, in: target), endLine = max(target.numbers[place.last], line)
        let startLine = target.numbers[place.first]
        let inFunction = target.functions.first { $0.lines.contains(line) }?.name
        if let function, inFunction == function { confidence += 0.05 }
        // 3. Did the fix reach it anyway? Already there, at that place …
        if holdsFix(parts, in: target, near: place, abstractFrom: 2) { return .reached }
        // … changed by the same patch at that place …
        for (index, file) in patch.enumerated() where paths[index] == candidate {
            for hunk in file.hunks
            where hunk.header.oldStart <= endLine + 1 && hunk.header.oldStart + hunk.header.oldCount >= startLine + 1 {
                return .reached
            }
        }
        // … or given an equivalent change anywhere under the sibling.
        let mine = Signature(parts)
        for index in patch.indices where under(paths[index], sibling) {
            for other in signatures[index]
            where mine.isEquivalent(to: other) {
                return .reached
            }
        }
        let inFunctionText = inFunction.map { " in \($0)()" } ?? ""
        var why =
            parts.removed.isEmpty
            ? "the sibling has the context this hunk adds to\(inFunctionText), without the added lines"
            : "the sibling still has the lines this hunk changes\(inFunctionText)"
                + (place.confidence < 0.7 ? " (with other identifiers)" : "")
        let also = place.others.map { target.numbers[$0] + 1 }
        if !also.isEmpty {
            why +=
                "; ambiguous: the same code stands at line" + (also.count == 1 ? " " : "s ")
                + also.prefix(4).map(String.init).joined(separator: ", ")
        }
        return .missed(
            line: line, length: endLine - line + 1, confidence: (min(max(confidence, 0.1), 1) * 100).rounded() / 100,
            why: why,
            function: inFunction, alsoAt: also, context: contextAgreement(parts, place: place, in: target))
    }

    /// The 0-based sibling line where the change belongs. A hunk that removes lines: the first of them. A
    /// pure addition goes where its added lines would stand: after its last leading context line and the
    /// trivial lines (`}`, blank lines) the hunk keeps between that line and the addition, as far as the
    /// sibling has trivial lines there too; with no leading context, before its first trailing line.
    static func insertionLine(_ parts: HunkLines, place: Place, in target: Lines) -> Int {
        guard parts.removed.isEmpty else { return target.numbers[place.first] }
        let leading = min(parts.before.count, 3)
        guard leading > 0 else { return target.numbers[place.first] }
        var line = target.numbers[place.first + leading - 1] + 1
        var skipped = 0
        while skipped < parts.trivialBeforeChange, line < target.raw.count - 1,
            CTokens.isTrivial(CTokens.normalized(target.raw[line]))
        {
            line += 1
            skipped += 1
        }
        return min(line, target.raw.count - 1)
    }

    /// For a hunk whose old code is one line (`parts.removed`), found token by token at `place`: on how many
    /// sides the nearest non-trivial context line of the hunk around it equals the sibling's nearest
    /// non-trivial line on that side (0, 1 or 2). Nil for any other hunk or match.
    static func contextAgreement(_ parts: HunkLines, place: Place, in target: Lines) -> Int? {
        guard parts.removed.count == 1, place.first == place.last,
            target.normalized[place.first] == CTokens.normalized(parts.removed[0])
        else { return nil }
        var agree = 0
        if let before = parts.aroundRemoved.before, place.first > 0,
            target.normalized[place.first - 1] == CTokens.normalized(before)
        {
            agree += 1
        }
        if let after = parts.aroundRemoved.after, place.last + 1 < target.normalized.count,
            target.normalized[place.last + 1] == CTokens.normalized(after)
        {
            agree += 1
        }
        return agree
    }

    /// Multiset overlap of two line lists: shared lines over the larger count (1 for two empty lists).
    static func overlap(_ a: [String], _ b: [String]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        var counts: [String: Int] = [:]
        for line in a { counts[line, default: 0] += 1 }
        var shared = 0
        for line in b where (counts[line] ?? 0) > 0 {
            counts[line, default: 0] -= 1
            shared += 1
        }
        return Double(shared) / Double(max(a.count, b.count))
    }

    /// The function a hunk changes: from the file's functions at the first changed line, else from the hunk
    /// header's section text (`@@ … @@ static int foo(void)`).
    static func functionName(_ hunk: Hunk, in source: Lines?) -> String? {
        if let source {
            var line = hunk.header.oldStart - 1
            for body in hunk.body {
                let kind = HunkLineKind(line: body)
                if kind == .deletion || kind == .addition { break }
                if kind == .context { line += 1 }
            }
            if let span = source.functions.first(where: { $0.lines.contains(line) }) { return span.name }
        }
        let section = Array(hunk.header.section)
        guard let paren = section.firstIndex(of: UInt8(ascii: "(")) else { return nil }
        var end = paren
        while end > 0, section[end - 1] == ASCII.space { end -= 1 }
        var begin = end
        while begin > 0, CFunctions.isIdentifier(section[begin - 1]) { begin -= 1 }
        return begin < end ? String(decoding: section[begin..<end], as: UTF8.self) : nil
    }

    static func directory(_ member: String) -> [UInt8] {
        var bytes = Array(member.utf8)
        if bytes.last != ASCII.slash { bytes.append(ASCII.slash) }
        return bytes
    }

    static func under(_ path: [UInt8], _ member: String) -> Bool { path.starts(with: directory(member)) }

    /// How many of `patch`'s file patches, read with `strip`, change a file under a member of `groups`: none
    /// at the `-p` level in use usually means the wrong level.
    public static func filesUnderMembers(_ patch: Patch, groups: [[String]], strip: Int) -> Int {
        patch.files.filter { file in
            guard let path = file.oldName(strip: strip) ?? file.newName(strip: strip) else { return false }
            return groups.joined().contains { under(path, $0) }
        }.count
    }
}
