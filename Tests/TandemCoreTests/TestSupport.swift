import TandemCore

/// Bytes of an ASCII/UTF-8 literal.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Parses text and returns the result.
func parse(_ text: String) -> PatchParser.Result { PatchParser.parse(bytes(text)) }

/// SplitMix64: a small seeded generator, so property tests are reproducible (the seed is in the test name).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
