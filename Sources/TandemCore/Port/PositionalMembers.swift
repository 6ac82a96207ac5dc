/// Risk rule **members upstream has above an insertion** (`PortRisk`): a hunk adds members to an `enum`,
/// `struct` or `union` of the copy, and the copy's body lacks members that upstream's has above them. An
/// enumerator's value and a member's offset are its position: landed below fewer members than upstream's,
/// the new ones take other values than upstream gives them. The copy is behind upstream there (or trimmed),
/// and what it needs is the missing members first, which the hunk does not bring.
///
/// Found on the kernel's own hand-kept copies (`scripts/bench tools-port`): upstream appended
/// `IFLA_BRPORT_MAB` and four more to `enum { … IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, IFLA_BRPORT_LOCKED,
/// __IFLA_BRPORT_MAX }` in `if_link.h`; the copy under `tools/` had never taken `IFLA_BRPORT_LOCKED`, so the
/// insertion, anchored on the line before, gave `IFLA_BRPORT_MAB` the value of `IFLA_BRPORT_LOCKED` (the
/// maintainers' next sync added both). A netlink attribute or a uapi structure read by the tools with the
/// wrong number is a silent bug; the text steps cannot see it, the hunk's own lines being all there.
///
/// The test, for each run of lines a landed hunk adds (lines the matching of the replaced and the replacing
/// lines does not pair) that holds a member (code ending in `,` or `;`, not a directive), in a C file:
/// 1. in the ported copy, the run stands in a type unit (`CUnits`: `enum`, `struct`, `union`, or their
///    `typedef`) after the line that opens its body;
/// 2. in upstream's result, the same lines stand (the place nearest the hunk's new start) in such a body
///    of the same kind;
/// 3. the copy's members above the run are upstream's less some (compared by their code's names, comments
///    and blanks aside): the copy is behind upstream in that body. A body where the fork has members of its
///    own there (one it added, or renamed) is the fork's numbering, and is let through: a fork built as a
///    whole (the Xen tree's `enum fixed_addresses`) numbers its own enumerators, where a copy that talks to
///    the original (a uapi header under `tools/`) must number them as upstream does. An enumerator given
///    its value (`= 4`) first in the run pins the run's values, and is let through too.
///
/// Measured on the three porting corpora: see docs/benchmarks.md.
///
/// Asked only of copies that differ from their original (`Porter`): an original the fork holds as it is
/// lacks nothing.
///
/// Cost: one `LineMatching` per landed piece that adds a member line; the ported copy is segmented once per
/// file patch when a run adds one, and upstream's result is made and segmented when such a run stands in a
/// body.
enum PositionalMembers {
    /// The evidence against each landed hunk that has any, by index. `pieces` are the landed changes as
    /// `FilePatcher.Result.landedPieces(excluding:)` gives them, `ported` the copy with them (asked for only
    /// when a run adds a member), `upstream` upstream's result (asked for only when such a run stands in a
    /// body; nil when the patch does not apply to the base), `hunks` the file patch's hunks (for their
    /// stated new start).
    static func evidence(
        pieces: [(hunk: Int, start: Int, old: [Bytes], new: [Bytes])], ported portedText: () -> [Bytes],
        upstream upstreamText: () -> [Bytes]?, hunks: [Hunk]
    ) -> [Int: PortRisk.Reason] {
        // The added runs that hold a member: (hunk, first line in the ported copy, the run's lines).
        var runs: [(hunk: Int, at: Int, lines: [Bytes])] = []
        for piece in pieces {
            // Most pieces add no member line at all: asked first, cheaply, before any matching.
            let old = Set(piece.old)
            guard piece.new.contains(where: { !old.contains($0) && isMemberLine($0) }) else { continue }
            let paired = Set(LineMatching(piece.old, piece.new).pairs.map(\.b))
            var k = 0
            while k < piece.new.count {
                guard !paired.contains(k) else {
                    k += 1
                    continue
                }
                var end = k
                while end < piece.new.count, !paired.contains(end) { end += 1 }
                let run = Array(piece.new[k..<end])
                if run.contains(where: isMemberLine) { runs.append((piece.hunk, piece.start + k, run)) }
                k = end
            }
        }
        guard !runs.isEmpty else { return [:] }
        let ported = portedText()
        let portedUnits = CUnits.segment(ported).units
        // Upstream's result, made and segmented when a run first stands in a body of the copy.
        var upstreamMemo: (lines: [Bytes], units: [CUnits.Unit])??
        func upstreamSide() -> (lines: [Bytes], units: [CUnits.Unit])? {
            if let known = upstreamMemo { return known }
            let made = upstreamText().map { ($0, CUnits.segment($0).units) }
            upstreamMemo = .some(made)
            return made
        }
        var out: [Int: PortRisk.Reason] = [:]
        for run in runs where out[run.hunk] == nil {
            guard let mine = body(around: run.at, in: ported, units: portedUnits),
                let (upstream, upstreamUnits) = upstreamSide(),
                let there = place(of: run.lines, in: upstream, near: hunks[run.hunk].header.newStart - 1),
                let theirs = body(around: there, in: upstream, units: upstreamUnits),
                theirs.kind == mine.kind
            else { continue }
            if mine.kind == "enum", let first = run.lines.first(where: isMemberLine),
                first.contains(UInt8(ascii: "="))
            {
                continue
            }
            let theirCounts = counts(theirs.members), myCounts = counts(mine.members)
            let missing = theirCounts.reduce(0) { $0 + max(0, $1.value - myCounts[$1.key, default: 0]) }
            let own = myCounts.reduce(0) { $0 + max(0, $1.value - theirCounts[$1.key, default: 0]) }
            guard missing > 0, own == 0 else { continue }
            var named: [String] = []
            for member in theirs.members where theirCounts[member, default: 0] > myCounts[member, default: 0] {
                let name = member.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
                if !named.contains(name) { named.append(name) }
            }
            out[run.hunk] = .membersMissingAbove(
                body: mine.header, missing: Array(named.prefix(3)), count: missing)
        }
        return out
    }

    /// How often each member stands in `members`.
    static func counts(_ members: [[[UInt8]]]) -> [[[UInt8]]: Int] {
        members.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// A line of code that declares a member or an enumerator: its code ends in `,` or `;` and it is not a
    /// directive.
    static func isMemberLine(_ line: Bytes) -> Bool {
        let text = Array(line.withoutTerminator.drop(while: ASCII.isBlank))
        guard let first = text.first, first != UInt8(ascii: "#") else { return false }
        var inComment = false
        guard !RemovedDefinition.code(text, inComment: &inComment).isEmpty else { return false }
        let code = text.prefix { $0 != UInt8(ascii: "/") }.reversed().drop(while: ASCII.isBlank)
        return code.first == UInt8(ascii: ",") || code.first == UInt8(ascii: ";")
    }

    /// The `enum`, `struct` or `union` body that line `index` of `lines` stands in, below the line that opens
    /// it: its kind, its header as written (`enum {`), and the members above `index`, each as the names its
    /// code holds.
    static func body(around index: Int, in lines: [Bytes], units: [CUnits.Unit])
        -> (kind: String, header: String, members: [[[UInt8]]])?
    {
        guard let unit = units.first(where: { $0.kind == .type && $0.lines.contains(index) }),
            let open = unit.lines.first(where: { lines[$0].contains(UInt8(ascii: "{")) }), open < index
        else { return nil }
        let words = CTokens.tokens(Array(lines[unit.lines.lowerBound...open].joined()))
        let keywords = words.first == "typedef" ? words.dropFirst() : words[...]
        guard let kind = keywords.first, ["enum", "struct", "union"].contains(kind) else { return nil }
        var inComment = false
        var members: [[[UInt8]]] = []
        for k in (open + 1)..<index {
            let text = Array(lines[k].withoutTerminator)
            if text.drop(while: ASCII.isBlank).first == UInt8(ascii: "#") { continue }
            let names = RemovedDefinition.code(text, inComment: &inComment)
            if !names.isEmpty { members.append(names) }
        }
        let header = String(decoding: lines[open].withoutTerminator.drop(while: ASCII.isBlank), as: UTF8.self)
        return (kind, header.count > 60 ? String(header.prefix(57)) + "…" : header, members)
    }

    /// Where `run` stands in `lines`, line for line: the place nearest `near` (0-based), if any.
    static func place(of run: [Bytes], in lines: [Bytes], near: Int) -> Int? {
        guard let first = run.first, run.count <= lines.count else { return nil }
        var best: Int?
        for i in 0...(lines.count - run.count) where lines[i] == first {
            guard (0..<run.count).allSatisfy({ lines[i + $0] == run[$0] }) else { continue }
            if best.map({ abs($0 - near) > abs(i - near) }) ?? true { best = i }
        }
        return best
    }
}
