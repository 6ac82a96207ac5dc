/// What one line of a hunk body is, from its first byte.
public enum HunkLineKind: Sendable, Equatable {
    /// ` text` — in both pre- and post-image. An empty line (mailers strip the lone space) counts as one too.
    case context
    /// `-text` — only in the pre-image.
    case deletion
    /// `+text` — only in the post-image.
    case addition
    /// `\ No newline at end of file` — the line before it has no terminator in its file.
    case noNewlineMarker
    /// Anything else (never produced by the parser inside a hunk).
    case other

    /// The kind of a raw hunk line.
    @inlinable
    public init(line: Bytes) {
        guard let first = line.first else {
            self = .other
            return
        }
        switch first {
        case ASCII.space: self = .context
        case ASCII.minus: self = .deletion
        case ASCII.plus: self = .addition
        case ASCII.backslash: self = .noNewlineMarker
        case ASCII.newline: self = .context
        case ASCII.carriageReturn: self = line.count == 2 && line.last == ASCII.newline ? .context : .other
        default: self = .other
        }
    }
}
