import Foundation
import Testing

@testable import TandemCore

/// The pieces of a `GIT binary patch`: SHA-1 blob ids, zlib inflate, git deltas, base85, and the decoded
/// patch's checks. (Whole patches made by git itself are applied in `BinaryPatchCommandTests`.)
@Suite("GIT binary patch")
struct GitBinaryPatchTests {
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
        }
    }

    @Test func sha1MatchesTheStandardVectorsAndGitBlobIDs() {
        #expect(ObjectID(bytes: SHA1.digest([UInt8]())).hex == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(ObjectID(bytes: SHA1.digest(Array("abc".utf8))).hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
        // 56 bytes: the padding needs a second block.
        let two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(ObjectID(bytes: SHA1.digest(Array(two.utf8))).hex == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // `git hash-object` of an empty file and of "hello\n".
        #expect(ObjectID.blob(of: []).hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        #expect(ObjectID.blob(of: Array("hello\n".utf8)).hex == "ce013625030ba8dba906f756967f9e9ca394464a")
        #expect(ObjectID(bytes: []).isZero && !ObjectID.blob(of: []).isZero)
        // Blocks split between the header and the content, and a tail that needs a second padding block.
        #expect(ObjectID.blob(of: (0..<1000).map { UInt8($0 % 251) }).hex == "5bab7ca2f00700d948876448fd735ee860246ef4")
        #expect(
            ObjectID(bytes: SHA1.digest((0..<119).map { UInt8($0 % 251) })).hex
                == "41c89d06001bab4ab78736b44efe7ce18ce6ae08")
    }

    @Test func inflatesStoredFixedAndDynamicBlocks() throws {
        let stored = Self.hex("7801010c00f3ff73746f72656420626c6f636b1f8004bd")
        #expect(try ZlibInflate.inflate(stored, limit: 100) == Array("stored block".utf8))
        let fixed = Self.hex("789ccb48cdc9c957c8402701680308b1")
        #expect(try ZlibInflate.inflate(fixed, limit: 100) == Array("hello hello hello hello".utf8))
        var expected: [UInt8] = (0..<600).map { (i: Int) -> UInt8 in UInt8((i * i + 7 * i) % 251 % 64 + 48) }
        expected += Array(String(repeating: "tandem carries hunks; ", count: 20).utf8)
        #expect(try ZlibInflate.inflate(Self.dynamic, limit: 2000) == expected)
    }

    /// The refused twins: every fault in the stream is a thrown failure, never a trap or a longer output.
    @Test func refusesBrokenStreamsAndOutputPastTheLimit() {
        let fixed = Self.hex("789ccb48cdc9c957c8402701680308b1")
        #expect(throws: ZlibInflate.Failure(description: "data longer than stated")) {
            try ZlibInflate.inflate(fixed, limit: 22)
        }
        var badSum = fixed
        badSum[badSum.count - 1] ^= 1
        #expect(throws: ZlibInflate.Failure(description: "zlib checksum does not match")) {
            try ZlibInflate.inflate(badSum, limit: 100)
        }
        #expect(throws: ZlibInflate.Failure.self) {
            try ZlibInflate.inflate(Array(Self.dynamic.prefix(40)), limit: 2000)
        }
        #expect(throws: ZlibInflate.Failure(description: "zlib header check fails")) {
            try ZlibInflate.inflate([0x78, 0x00, 0x01], limit: 10)
        }
        // Every cut and every flipped byte of a real stream fails cleanly or inflates to something bounded.
        for cut in 0..<Self.dynamic.count { _ = try? ZlibInflate.inflate(Array(Self.dynamic.prefix(cut)), limit: 2000) }
        for index in Self.dynamic.indices {
            var broken = Self.dynamic
            broken[index] ^= 0x5A
            if let out = try? ZlibInflate.inflate(broken, limit: 2000) { #expect(out.count <= 2000) }
        }
    }

    @Test func appliesGitDeltas() throws {
        let source = Array("0123456789abcdef".utf8)
        // Sizes 16 and 9; copy 4 bytes from offset 10; insert "XY"; copy 3 bytes from offset 0.
        let delta: [UInt8] = [16, 9, 0x91, 10, 4, 2, 0x58, 0x59, 0x90, 3]
        #expect(try GitDelta.apply(delta, to: source) == Array("abcdXY012".utf8))
        #expect(throws: GitDelta.Failure(description: "delta made against 16 bytes, but the file has 15")) {
            try GitDelta.apply(delta, to: Array(source.dropLast()))
        }
        #expect(throws: GitDelta.Failure(description: "delta copies past the end of the file")) {
            try GitDelta.apply([16, 4, 0x91, 14, 4], to: source)
        }
        #expect(throws: GitDelta.Failure(description: "reserved delta instruction 0")) {
            try GitDelta.apply([16, 1, 0], to: source)
        }
        #expect(throws: GitDelta.Failure(description: "delta result is 2 bytes, not the stated 9")) {
            try GitDelta.apply([16, 9, 2, 0x41, 0x42], to: source)
        }
    }

    @Test func decodesBase85DataLines() {
        var out: [UInt8] = []
        // git's encoding of the 4 bytes 00 00 00 00 is "00000"; "E" says 5 bytes follow in two groups.
        #expect(GitBinaryPatch.decodeBase85Line(Array("E0000000000".utf8)[...], into: &out))
        #expect(out == [0, 0, 0, 0, 0])
        out = []
        #expect(!GitBinaryPatch.decodeBase85Line(Array("E000000000".utf8)[...], into: &out))  // a short group
        #expect(!GitBinaryPatch.decodeBase85Line(Array("A0000\"".utf8)[...], into: &out))
        #expect(GitBinaryPatch.decodeBase85Line(Array("D|NsC0".utf8)[...], into: &out))  // 2^32 - 1
        #expect(out == [255, 255, 255, 255])
        #expect(!GitBinaryPatch.decodeBase85Line(Array("D|NsC1".utf8)[...], into: &out))  // over 2^32
    }

    /// The writer's lines read back as what was written, at every length around the 52-byte line and the
    /// four-byte group.
    @Test func base85LinesReadBackAsWritten() {
        for count in [0, 1, 3, 4, 5, 26, 27, 51, 52, 53, 104, 130] {
            let data = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var back: [UInt8] = []
            let lines = GitBinaryPatch.base85Lines(data).split(separator: UInt8(ascii: "\n"))
            let read = lines.allSatisfy { GitBinaryPatch.decodeBase85Line(Array($0)[...], into: &back) }
            #expect(read && back == data, "\(count) bytes")
            #expect(lines.count == (count + 51) / 52)
        }
    }

    /// A patch with an abbreviated index names no blob to check: git refuses it, so does tandem.
    @Test func refusesAPatchWithoutAFullIndex() throws {
        let text = """
            diff --git a/f.bin b/f.bin
            index e69de29..507a837 100644
            GIT binary patch
            literal 7
            Ocmc~u&B@7U-~s>&U;-Zi

            literal 0
            HcmV?d00001


            """
        let patch = PatchParser.parse(Array(text.utf8)).patch
        let binary = try GitBinaryPatch(patch.files[0])
        #expect(binary.forward == .init(kind: .literal, data: Array("hello\0\n".utf8)))
        #expect(binary.reverse == .init(kind: .literal, data: []))
        #expect(throws: GitBinaryPatch.Failure.self) { try binary.apply(to: []) }
        let full = text.replacingOccurrences(
            of: "e69de29..507a837",
            with: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391..507a8371711be6bdd45cd5d43b2ad5ba061fea2a")
        let checked = try GitBinaryPatch(PatchParser.parse(Array(full.utf8)).patch.files[0])
        #expect(try checked.apply(to: []) == Array("hello\0\n".utf8))
        #expect(try checked.apply(to: Array("hello\0\n".utf8), reverse: true) == [])
        #expect(throws: GitBinaryPatch.Failure.self) { try checked.apply(to: Array("other\n".utf8)) }
        // A flipped data character: the failure names the patch line of the section.
        let broken = full.replacingOccurrences(of: "Ocmc~u&B@7U-~s>&U;-Zi", with: "Ocmc~u&C@7U-~s>&U;-Zi")
        let error = #expect(throws: GitBinaryPatch.Failure.self) {
            try GitBinaryPatch(PatchParser.parse(Array(broken.utf8)).patch.files[0])
        }
        #expect(error?.description.hasPrefix("patch line 4: binary patch data does not inflate: ") == true)
    }

    static let dynamic = hex(
        "78daedcf5b8e82300040d1adb004aa1481cadba018a9f2142b014a69788a89ceec7f92d9c324f3e1efb95f57541c5ccc46d45b"
            + "444ed4bbc9830dcb3c656eaa5b1ae7a46c01da93719b4e6e6314363bad880ffbfcec1a32049284cc63441fd6a5b3b275b084"
            + "20b7bbc47d3657dfd135092aba7988eb1161a6c583c7bd01c3d297eb70a78a434b6bda0ea2ba0b6bd92f21feedb1c6301aeb"
            + "f860ea0a9434ddf1afcdd34d3a3b07e112ac33abbb580f1a1d4d244900ca867bce7be893d589d985d1b853ba1dc91e81b624"
            + "799cdeaa6656bc8c6d026eded54426561f1973811d45e4b4aa28173feb7fb7fe4597963f04465faf81bf85fe7b99de48f8e8"
            + "7fd71f6d5659bb")
}
