/// The pre-image and post-image of a hunk: the file lines it expects and the lines it leaves.
///
/// Lines keep their terminators; a `\ No newline at end of file` marker strips the terminator of the line
/// before it on the side(s) that line belongs to. Context counts on both sides. `leadingContext` and
/// `trailingContext` count the context lines before the first and after the last change: the lines fuzz may
/// drop, and whose absence anchors a hunk to the start or end of the file (git's rule).
public struct HunkImages: Sendable, Equatable {
    public var old: [Bytes]
    public var new: [Bytes]
    public var leadingContext: Int
    public var trailingContext: Int

    public init(old: [Bytes], new: [Bytes], leadingContext: Int, trailingContext: Int) {
        self.old = old
        self.new = new
        self.leadingContext = leadingContext
        self.trailingContext = trailingContext
    }

    /// The images with old and new swapped (`--reverse`).
    public var reversed: HunkImages {
        HunkImages(old: new, new: old, leadingContext: leadingContext, trailingContext: trailingContext)
    }
}

extension Hunk {
    /// The pre- and post-image of this hunk.
    public var images: HunkImages {
        var old: [Bytes] = [], new: [Bytes] = []
        old.reserveCapacity(header.oldCount)
        new.reserveCapacity(header.newCount)
        // Which sides the previous line went to, for a following marker.
        var lastSides: (old: Bool, new: Bool) = (false, false)
        var leading = 0, trailing = 0, seenChange = false
        for line in body {
            let kind = HunkLineKind(line: line)
            let content =
                line.isEmpty || line.first == ASCII.newline || line.first == ASCII.carriageReturn
                ? line : line.dropFirst()
            switch kind {
            case .context:
                old.append(content)
                new.append(content)
                lastSides = (true, true)
                if seenChange { trailing += 1 } else { leading += 1 }
            case .deletion:
                old.append(content)
                lastSides = (true, false)
                seenChange = true
                trailing = 0
            case .addition:
                new.append(content)
                lastSides = (false, true)
                seenChange = true
                trailing = 0
            case .noNewlineMarker:
                if lastSides.old, let last = old.last { old[old.count - 1] = last.withoutTerminator }
                if lastSides.new, let last = new.last { new[new.count - 1] = last.withoutTerminator }
                lastSides = (false, false)
            case .other:
                break
            }
        }
        if !seenChange { trailing = 0 }
        return HunkImages(old: old, new: new, leadingContext: leading, trailingContext: trailing)
    }
}
