import Foundation
import Testing
@testable import TandemCore
import TandemTestSupport

/// `PatchStream` must hand out, at any chunk size, pieces that together are exactly `PatchParser.parse` of
/// the whole input: the same bytes when printed, the same file patches (with their line numbers) and the
/// same diagnostics. And it must really split: a long patch comes out in many pieces.
@Suite("PatchStream: a patch read in pieces")
struct PatchStreamTests {
    struct Streamed {
        var pieces = 0
        var printed: [UInt8] = []
        var files: [FilePatch] = []
        var fileLines: [Int] = []
        var diagnostics: [Diagnostic] = []
        var trailer: [UInt8] = []
        var largestPiece = 0
    }

    static func stream(_ input: [UInt8], chunkSize: Int) throws -> Streamed {
        var stream = PatchStream(input, chunkSize: chunkSize)
        var out = Streamed()
        while let piece = try stream.next() {
            out.pieces += 1
            let printed = piece.patch.bytes
            out.printed += printed
            out.largestPiece = max(out.largestPiece, printed.count)
            out.files += piece.patch.files
            out.fileLines += piece.patch.files.map(\.line)
            out.diagnostics += piece.diagnostics
            out.trailer = Array(piece.patch.trailer.bytes)
        }
        return out
    }

    /// Checks the streamed result against the whole parse; returns the number of pieces.
    @discardableResult
    static func expectSame(_ input: [UInt8], chunkSize: Int, _ name: String) throws -> Int {
        let whole = PatchParser.parse(input)
        let streamed = try stream(input, chunkSize: chunkSize)
        #expect(streamed.printed == input, "\(name) at chunk \(chunkSize): printed pieces differ from the input")
        #expect(streamed.files == whole.patch.files, "\(name) at chunk \(chunkSize): file patches differ")
        #expect(streamed.fileLines == whole.patch.files.map(\.line), "\(name) at chunk \(chunkSize): file lines differ")
        #expect(streamed.diagnostics == whole.diagnostics, "\(name) at chunk \(chunkSize): diagnostics differ")
        #expect(streamed.trailer == Array(whole.patch.trailer.bytes), "\(name) at chunk \(chunkSize): trailer differs")
        return streamed.pieces
    }

    static func fixturePatches() throws -> [(String, [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in ["patches", "patches/malformed", "example-fork/releases", "fuzz/parser"] {
            let path = Fixtures.path + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for name in names.sorted() where !name.hasSuffix(".md") {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder),
                    !isFolder.boolValue
                else { continue }
                found.append(
                    (folder + "/" + name, try Array(Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))))
            }
        }
        return found
    }

    @Test func fixturesAtEveryChunkSize() throws {
        let fixtures = try Self.fixturePatches()
        #expect(fixtures.count >= 40)
        for (name, input) in fixtures {
            for chunk in [1, 2, 3, 7, 64, 333, 4096, 1 << 22] {
                try Self.expectSame(input, chunkSize: chunk, name)
            }
        }
    }

    /// Lines that each start or end some structure, shuffled at random: file starts of every kind, hunk
    /// headers with right and wrong counts, binary sections, mail text, CRLF, a missing final newline.
    static func soup(seed: UInt64) -> [UInt8] {
        var g = SeededGenerator(seed: seed)
        let vocabulary = [
            "diff --git a/x.c b/x.c", "diff -urN old/x.c new/x.c", "index 1234567..89abcde 100644",
            "new file mode 100644",
            "--- a/x.c", "+++ b/x.c", "--- ", "+++ ", "@@ -1,3 +1,3 @@", "@@ -1 +1 @@", "@@ -5,2 +5,0 @@ f()",
            "@@ -1,99 +1,99 @@", " context", "-old", "+new", "", "\\ No newline at end of file", "-- ", "2.39.5",
            "Binary files a/x.bin and b/x.bin differ", "GIT binary patch", "literal 5", "delta 3", "HcmV?d00001",
            "Only in new: y.c", "From 1234 Mon Sep 17 00:00:00 2001", "Subject: [PATCH] x", "+++ b/y.c", "--- a/y.c",
        ]
        let crlf = Int.random(in: 0..<4, using: &g) == 0
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 0...120, using: &g) {
            // vocabulary is a non-empty literal.
            // swift-format-ignore: NeverForceUnwrap
            out += Array(vocabulary.randomElement(using: &g)!.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A])
        }
        if Bool.random(using: &g), !out.isEmpty { out.removeLast() }
        return out
    }

    @Test(arguments: 0..<40)
    func randomStructure(batch: Int) throws {
        for seed in UInt64(batch * 25)..<UInt64(batch * 25 + 25) {
            let input = Self.soup(seed: seed)
            for chunk in [1, 3, 16, 100] {
                try Self.expectSame(input, chunkSize: chunk, "soup \(seed)")
            }
        }
    }

    /// A release-sized patch really comes out in pieces, each far smaller than the whole, with the same
    /// result; a file patch longer than a chunk comes out whole in one piece.
    @Test func splitsLongPatches() throws {
        var input = Array("From: someone\nSubject: a long series\n\n".utf8)
        for f in 0..<400 {
            input += Array(
                "diff --git a/f\(f).c b/f\(f).c\nindex 1111111..2222222 100644\n--- a/f\(f).c\n+++ b/f\(f).c\n".utf8)
            input += Array("@@ -1,3 +1,3 @@\n a\n-b\(f)\n+c\(f)\n d\n".utf8)
        }
        input += Array("Stray text.\n@@ -9 +9 @@\n-x\n+y\n".utf8)  // a hunk outside any file: a diagnostic
        let long = (0..<5000).map { " line \($0)\n" }.joined()
        input += Array("--- a/long.c\n+++ b/long.c\n@@ -1,5000 +1,5001 @@\n\(long)+added\n-- \n2.39.5\n".utf8)
        let pieces = try Self.expectSame(input, chunkSize: 4096, "long series")
        #expect(pieces > 10)
        let streamed = try Self.stream(input, chunkSize: 4096)
        // Every piece but the one holding long.c (53,000 bytes) is about a chunk.
        #expect(streamed.largestPiece < long.utf8.count + 3 * 4096)
        var sizes: [Int] = []
        var stream = PatchStream(input, chunkSize: 4096)
        while let piece = try stream.next() { sizes.append(piece.patch.byteCount) }
        #expect(sizes.dropLast().allSatisfy { $0 <= 2 * 4096 })
        #expect(streamed.files.last?.hunks.first?.lineCounts.old == 5000)
        #expect(
            streamed.diagnostics.count == PatchParser.parse(input).diagnostics.count && !streamed.diagnostics.isEmpty)
    }

    struct ReadFailed: Error {}

    /// A read error stops the stream with that error; nothing is made up.
    @Test func readErrorsPropagate() throws {
        var calls = 0
        var stream = PatchStream(chunkSize: 64) { buffer, count in
            calls += 1
            if calls > 2 { throw ReadFailed() }
            let bytes = Array("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n".utf8)
            buffer += bytes
            return bytes.count
        }
        #expect(throws: ReadFailed.self) { while try stream.next() != nil {} }
    }
}
