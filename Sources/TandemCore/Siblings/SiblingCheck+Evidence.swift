/// How sure a possible missed fix is: the match's own confidence (how the code was found: token by token
/// 0.9, change by change 0.8, identifiers abstracted 0.6/0.5, one place of several less 0.2, a pure
/// addition less 0.2, in a function of the hunk's name plus 0.05), moved by evidence about the fix and the
/// sibling. Each piece of evidence is a tag in the finding, so a reader sees why.
///
/// - `sibling-lacks-names`: the fix's new lines use names (functions, macros, fields) that appear nowhere
///   under the sibling. The fix cannot go there as it is; the architecture may not have the feature.
/// - `commit-touched-sibling`: the same commit changed files under the sibling, so its author saw the
///   sibling and chose what to change there (only for a single commit: a release changes both anyway).
/// - `one-line`: the old code is a single line, which matches by chance more often. When it matched token
///   by token, the hunk's nearest context line on each side of it is compared with the sibling's nearest
///   line there: both the same (`context-agrees`), it is no longer a chance match and the penalty goes;
///   otherwise (`context-differs`) the penalty doubles.
extension SiblingCheck {
    /// Every C file under a sibling member: which files define each function, and every name used.
    struct MemberIndex {
        var functions: [String: [[UInt8]]] = [:]
        var names = Set<String>()

        init(_ member: String, in tree: FileTree, cache: IndexCache? = nil) throws {
            for entry in try tree.listing(under: [Array(member.utf8)]) where Self.isSource(entry.path) {
                let summary: IndexCache.Summary
                if let id = entry.id, let known = cache?.files[id] {
                    summary = known
                } else {
                    guard let file = try tree.file(at: entry.path), file.bytes.count < 2_000_000 else { continue }
                    summary = IndexCache.Summary(file.bytes)
                    if let id = entry.id { cache?.files[id] = summary }
                }
                for name in summary.functions where functions[name]?.last != entry.path {
                    functions[name, default: []].append(entry.path)
                }
                names.formUnion(summary.names)
            }
        }

        static func isSource(_ path: [UInt8]) -> Bool {
            guard let last = path.last, path.count > 2, path[path.count - 2] == UInt8(ascii: ".") else { return false }
            return last == UInt8(ascii: "c") || last == UInt8(ascii: "h") || last == UInt8(ascii: "S")
        }
    }

    /// The confidence shift and its tags for `best`.
    static func weigh(
        _ parts: HunkLines, best: MissedFix, member: MemberIndex, patchTouchesSibling: Bool,
        contextAgreement: Int? = nil
    ) -> (shift: Double, tags: [String]) {
        var shift = 0.0, tags: [String] = []
        let old = Set((parts.removed + parts.before + parts.after).flatMap { CTokens.tokens($0) })
        let new = Set(parts.added.flatMap { CTokens.tokens($0) }.filter { CTokens.isName($0) && !old.contains($0) })
        let lacking = new.filter { !member.names.contains($0) }
        if !lacking.isEmpty { tags.append("sibling-lacks-names") }
        if patchTouchesSibling {
            shift -= 0.5
            tags.append("commit-touched-sibling")
        }
        let key = parts.removed.isEmpty ? parts.before.suffix(3) + parts.after.prefix(3) : ArraySlice(parts.removed)
        if key.count == 1 {
            shift -= 0.1
            tags.append("one-line")
            if contextAgreement == 2 {
                shift += 0.1
                tags.append("context-agrees")
            } else if contextAgreement != nil {  // one side or neither
                shift -= 0.1
                tags.append("context-differs")
            }
        }
        if !best.alsoAt.isEmpty {
            shift -= 0.1
            tags.append("ambiguous")
        }
        return (shift, tags)
    }
}

extension SiblingCheck {
    /// What a member index keeps of each file, by content id, so a range checked commit by commit reads and
    /// scans only the files a commit changed. Not for use from several threads at once.
    public final class IndexCache: @unchecked Sendable {
        struct Summary {
            var functions: [String]
            var names: Set<String>

            init(_ bytes: [UInt8]) {
                let lines = TextFile(bytes: bytes).lines
                functions = CFunctions.spans(lines).map(\.name)
                names = []
                for line in lines {
                    for token in CTokens.tokens(line) where CTokens.isName(token) { names.insert(token) }
                }
            }
        }

        var files: [ObjectID: Summary] = [:]

        public init() {}
    }
}
