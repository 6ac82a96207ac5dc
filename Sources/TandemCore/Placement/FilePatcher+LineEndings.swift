/// Line endings: a pre-pass of the placement cascade for a patch whose lines end otherwise than the file's.
///
/// A patch made on a CRLF checkout and applied to an LF one (or the reverse) matches no line at all, though
/// nothing but the line ending differs. When every line the hunks carry ends one way (all CRLF, or all LF)
/// and every line of the file the other way, the hunks' lines are given the file's line endings before
/// placement, so the cascade runs unchanged and the file keeps its own endings. The base (the file the patch
/// was made against), when it ends the patch's way, is converted with it. Lines without a line end (`\ No
/// newline at end of file`) stay without one. A file or a patch with mixed endings is left alone: which
/// lines to convert would be a guess, and the cascade then fails with a hint that names the difference.
///
/// Cost: one pass over the hunks' lines; a file is scanned only when the hunks' endings could differ from
/// its own (a byte search for CR when the hunks end in LF, one pass over its line ends otherwise).
extension FilePatcher {
    /// How the lines of a file or of a patch's hunks end.
    public enum LineEnding: String, Sendable {
        case lf = "LF", crlf = "CRLF"
    }

    /// A conversion made before placement: the hunks' lines (`patch`) were given the file's endings (`file`).
    public struct LineEndingConversion: Sendable, Equatable {
        public var patch: LineEnding
        public var file: LineEnding

        public init(patch: LineEnding, file: LineEnding) {
            self.patch = patch
            self.file = file
        }

        /// The note for people: what was done, once per file.
        public var message: String {
            "the patch has \(patch.rawValue) line endings and the file \(file.rawValue): applied with the file's \(file.rawValue)"
        }
    }

    /// `hunks` (and `base`) with the target's line endings when the hunks end the other way throughout;
    /// otherwise the input unchanged and no conversion.
    static func reconcilingLineEndings(_ hunks: [Hunk], target: [UInt8], base: [UInt8]?)
        -> (hunks: [Hunk], base: [UInt8]?, conversion: LineEndingConversion?)
    {
        guard let patch = lineEnding(of: hunks) else { return (hunks, base, nil) }
        let file: LineEnding
        switch patch {
        case .lf:
            guard target.contains(ASCII.carriageReturn), lineEnding(of: target) == .crlf else {
                return (hunks, base, nil)
            }
            file = .crlf
        case .crlf:
            guard lineEnding(of: target) == .lf else { return (hunks, base, nil) }
            file = .lf
        }
        let convertedHunks = hunks.map { hunk in
            Hunk(
                header: hunk.header,
                body: LineBlock(
                    lines: hunk.body.map { line -> [UInt8] in
                        switch HunkLineKind(line: line) {
                        case .context, .deletion, .addition: return Self.converted(line, to: file)
                        case .noNewlineMarker, .other: return Array(line)
                        }
                    }))
        }
        let newBase = base.map { lineEnding(of: $0) == patch ? convertedFile($0, to: file) : $0 }
        return (convertedHunks, newBase, LineEndingConversion(patch: patch, file: file))
    }

    /// The ending of every terminated content line of the hunks, when it is one; nil when mixed or none.
    static func lineEnding(of hunks: [Hunk]) -> LineEnding? {
        var seen: LineEnding?
        for hunk in hunks {
            for line in hunk.body {
                switch HunkLineKind(line: line) {
                case .context, .deletion, .addition:
                    guard line.last == ASCII.newline else { continue }
                    let ending: LineEnding =
                        line.count >= 2 && line[line.endIndex - 2] == ASCII.carriageReturn ? .crlf : .lf
                    if let seen, seen != ending { return nil }
                    seen = ending
                case .noNewlineMarker, .other:
                    continue
                }
            }
        }
        return seen
    }

    /// The ending of every line of `bytes` that has one, when it is one; nil when mixed or none.
    static func lineEnding(of bytes: [UInt8]) -> LineEnding? {
        var seen: LineEnding?
        for index in bytes.indices where bytes[index] == ASCII.newline {
            let ending: LineEnding = index > 0 && bytes[index - 1] == ASCII.carriageReturn ? .crlf : .lf
            if let seen, seen != ending { return nil }
            seen = ending
        }
        return seen
    }

    /// A line (with its one-byte hunk prefix) given the ending `ending`; a line without a line end is kept.
    static func converted(_ line: Bytes, to ending: LineEnding) -> [UInt8] {
        guard line.last == ASCII.newline else { return Array(line) }
        var body = Array(line.withoutTerminator)
        // An empty context line spelled as a bare line end has no prefix byte to keep.
        body += ending == .crlf ? [ASCII.carriageReturn, ASCII.newline] : [ASCII.newline]
        return body
    }

    /// A whole file given the line ending `ending` on every line that has one.
    static func convertedFile(_ bytes: [UInt8], to ending: LineEnding) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        for line in TextFile(bytes: bytes).lines { out += converted(line, to: ending) }
        return out
    }
}
