import Testing
import TandemCore

/// Random patches — git and plain file patches, mail text, CRLF, Latin-1 bytes, missing final newlines,
/// `\ No newline` markers — must print back to the bytes they were parsed from, and parse to the structure
/// they were generated with.
@Suite("Round trip on random patches")
struct RoundTripPropertyTests {
    struct Generated {
        var bytes: [UInt8]
        var files: Int
        var hunks: Int
    }

    static func randomLine(_ g: inout SeededGenerator, eol: [UInt8]) -> [UInt8] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_(){};=+-*/ \t#".utf8) + [0xE9, 0xFC, 0x00, 0x7F]
        let length = Int.random(in: 0...30, using: &g)
        // alphabet is not empty.
        // swift-format-ignore: NeverForceUnwrap
        return (0..<length).map { _ in alphabet.randomElement(using: &g)! } + eol
    }

    static func generate(seed: UInt64) -> Generated {
        var g = SeededGenerator(seed: seed)
        let crlf = Bool.random(using: &g)
        let eol: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) + eol }
        let fileCount = Int.random(in: 0...4, using: &g)
        var hunkTotal = 0
        for f in 0..<fileCount {
            if Bool.random(using: &g) { line("Some prose about change \(f).") }
            let name = "dir\(f)/file \(f).c"
            if Bool.random(using: &g) {
                line("diff --git a/\(name) b/\(name)")
                line("index 1234567..89abcde 100644")
            }
            line("--- a/\(name)\t2005-01-01 00:00:00")
            line("+++ b/\(name)")
            let hunks = Int.random(in: 1...3, using: &g)
            hunkTotal += hunks
            var start = 1
            for _ in 0..<hunks {
                var body: [[UInt8]] = []
                var old = 0, new = 0
                for _ in 0..<Int.random(in: 1...8, using: &g) {
                    switch Int.random(in: 0..<3, using: &g) {
                    case 0: body.append([0x20] + randomLine(&g, eol: eol)); old += 1; new += 1
                    case 1: body.append([0x2D] + randomLine(&g, eol: eol)); old += 1
                    default: body.append([0x2B] + randomLine(&g, eol: eol)); new += 1
                    }
                }
                if Int.random(in: 0..<4, using: &g) == 0 {
                    body.append(Array("\\ No newline at end of file".utf8) + eol)
                }
                line("@@ -\(start),\(old) +\(start),\(new) @@ section")
                for b in body { out += b }
                start += old + 10
            }
        }
        if Bool.random(using: &g) { line("-- "); line("2.39.5") }
        if Bool.random(using: &g), out.last == 0x0A {
            out.removeLast(crlf ? 2 : 1)  // no final newline
        }
        return Generated(bytes: out, files: fileCount, hunks: hunkTotal)
    }

    @Test(arguments: 0..<400)
    func printParseIsIdentity(seed: Int) {
        let generated = Self.generate(seed: UInt64(seed))
        let result = PatchParser.parse(generated.bytes)
        #expect(result.patch.bytes == generated.bytes)
        #expect(result.patch.files.count == generated.files)
        #expect(result.patch.files.reduce(0) { $0 + $1.hunks.count } == generated.hunks)
        // Re-parsing the printed patch gives an equal model.
        #expect(PatchParser.parse(result.patch.bytes).patch == result.patch)
    }

    @Test(arguments: 0..<50)
    func randomBytesNeverTrapAndRoundTrip(seed: Int) {
        var g = SeededGenerator(seed: UInt64(seed) &+ 1_000)
        let pieces = [
            "--- a/x\n", "+++ b/x\n", "@@ -1,2 +1,2 @@\n", " c\n", "-d\n", "+e\n", "\\ No newline\n",
            "diff --git a/x b/x\n", "GIT binary patch\n", "literal 3\n", "\n", "\r\n", "Binary files a and b differ\n",
            "@@ -9223372036854775807,1 +1 @@\n", "new file mode 100644\n", "rename from \"x\n",
        ]
        var input: [UInt8] = []
        for _ in 0..<Int.random(in: 0...60, using: &g) {
            if Int.random(in: 0..<5, using: &g) == 0 {
                input += (0..<Int.random(in: 1...5, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            } else {
                input += Array(pieces.randomElement(using: &g)!.utf8)
            }
        }
        let result = PatchParser.parse(input)
        #expect(result.patch.bytes == input)
        _ = PatchStatistics(result.patch)
        _ = PatchFilter(renames: [PatchFilter.Rename(from: [0x78], to: [0x79])]).apply(to: result.patch).bytes
    }
}
