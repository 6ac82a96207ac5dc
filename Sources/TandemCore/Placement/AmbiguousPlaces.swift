/// What a person needs to choose between the places an *ambiguous* hunk fits: the upstream hunk as the
/// patch has it, and the copy's lines at each place with `margin` lines either side (the surroundings are
/// what tells two identical pre-images apart). Reports show it; tandem never picks a place itself.
///
/// The lines have storage of their own, not slices of the patch or the copy, so a verdict does not keep
/// its whole input alive (see `PortVerdict.detached`).
public struct AmbiguousPlaces: Sendable, Equatable {
    /// The copy's lines around one place.
    public struct Place: Sendable, Equatable {
        /// 1-based line of the copy where the hunk's pre-image would start.
        public var line: Int
        /// 1-based line of `lines[0]`.
        public var firstLine: Int
        /// The copy's lines from `firstLine`, with their terminators.
        public var lines: [Bytes]

        public init(line: Int, firstLine: Int, lines: [Bytes]) {
            self.line = line
            self.firstLine = firstLine
            self.lines = lines
        }
    }

    /// Lines of the copy shown before and after the span of the pre-image.
    public static let margin = 2
    /// Places kept at most (the reason counts them all).
    public static let limit = 4

    /// The hunk's header line, then its body lines, each with its terminator.
    public var hunk: [Bytes]
    public var places: [Place]

    public init(hunk: [Bytes], places: [Place]) {
        self.hunk = hunk
        self.places = places
    }

    /// `hunk` and the lines of `copy` around each 1-based start in `lines` (the first `limit` of them).
    public init(hunk: Hunk, copy: [Bytes], lines: [Int]) {
        func own(_ line: Bytes) -> Bytes { Array(line)[...] }
        self.hunk = [own(hunk.header.raw)] + hunk.body.map(own)
        let span = max(hunk.lineCounts.old, 1)
        places = lines.prefix(Self.limit).map { line in
            let first = min(max(line - Self.margin, 1), copy.count + 1)
            let end = min(max(line - 1 + span + Self.margin, first - 1), copy.count)
            return Place(line: line, firstLine: first, lines: copy[(first - 1)..<end].map(own))
        }
    }
}
