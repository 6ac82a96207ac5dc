import TandemCore

/// Bytes of an ASCII/UTF-8 literal.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The step that placed a hunk, or nil when it was not applied.
func step(_ outcome: HunkOutcome) -> PlacementStep? {
    if case .applied(let p) = outcome { return p.step }
    return nil
}

/// Parses text and returns the result.
func parse(_ text: String) -> PatchParser.Result { PatchParser.parse(bytes(text)) }

/// The seeded generator of the property tests (the seed is in each test's arguments).
typealias SeededGenerator = SplitMix64
