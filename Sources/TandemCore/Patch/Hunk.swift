/// One hunk: its header and its body lines, raw.
public struct Hunk: Sendable, Equatable {
    public var header: HunkHeader
    /// The body lines exactly as read: each starts with ` `, `-`, `+` or `\` (or is an empty context line) and
    /// keeps its terminator.
    public var body: LineBlock

    public init(header: HunkHeader, body: LineBlock) {
        self.header = header
        self.body = body
    }

    /// Numbers of pre-image and post-image lines the body really holds (context counts on both sides).
    public var lineCounts: (old: Int, new: Int) {
        var old = 0, new = 0
        for line in body {
            switch HunkLineKind(line: line) {
            case .context: old += 1; new += 1
            case .deletion: old += 1
            case .addition: new += 1
            case .noNewlineMarker, .other: break
            }
        }
        return (old, new)
    }

    /// Numbers of added and removed lines (what `git apply --numstat` counts).
    public var changeCounts: (added: Int, removed: Int) {
        (body.countLines(startingWith: ASCII.plus), body.countLines(startingWith: ASCII.minus))
    }

    /// True when the body holds as many lines as the header promises.
    public var isComplete: Bool {
        let counts = lineCounts
        return counts.old == header.oldCount && counts.new == header.newCount
    }

    /// The hunk with both start lines moved by `lines` (never below 1, or 0 for an empty side), its body and
    /// section as they are: a reject numbers a hunk where it would stand in the file it was meant for.
    public func renumbered(by lines: Int) -> Hunk {
        guard lines != 0 else { return self }
        func moved(_ start: Int, _ count: Int) -> Int { count == 0 ? max(start + lines, 0) : max(start + lines, 1) }
        let h = header
        return Hunk(
            header: HunkHeader(
                oldStart: moved(h.oldStart, h.oldCount), oldCount: h.oldCount,
                newStart: moved(h.newStart, h.newCount), newCount: h.newCount, section: h.section,
                terminator: h.raw.terminator.isEmpty ? [ASCII.newline] : h.raw.terminator),
            body: body)
    }
}
