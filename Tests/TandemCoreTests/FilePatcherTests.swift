import Testing
import TandemCore

/// Lines "line 1\n" … "line n\n".
func numbered(_ n: Int, prefix: String = "line") -> [String] { (1...n).map { "\(prefix) \($0)\n" } }

func file(_ lines: [String]) -> TextFile { TextFile(bytes: Array(lines.joined().utf8)) }

/// One hunk from a unified body (lines with their ' ', '-', '+' prefixes).
func hunk(_ oldStart: Int, _ body: [String]) -> Hunk {
    let old = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("-") }.count
    let new = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("+") }.count
    let text = "--- a/f\n+++ b/f\n@@ -\(oldStart),\(old) +\(oldStart),\(new) @@\n" + body.joined()
    return PatchParser.parse(Array(text.utf8)).patch.files[0].hunks[0]
}

/// The standard hunk of these tests: replaces "line 20" in numbered(40), with three context lines each side.
let line20Hunk = hunk(
    17,
    [
        " line 17\n", " line 18\n", " line 19\n", "-line 20\n", "+LINE TWENTY\n",
        " line 21\n", " line 22\n", " line 23\n",
    ])

@Suite("FilePatcher: the placement cascade")
struct FilePatcherTests {
    /// git t4105-style matrix: offsets × one damaged context line × max fuzz.
    @Test(arguments: [0, -3, 2, 14], [0, 1, 2])
    func offsetDamageFuzzMatrix(offset: Int, maxFuzz: Int) {
        let contextLines = [17, 18, 19, 21, 22, 23]
        for damaged in [nil] + contextLines.map(Optional.some) {
            var lines = numbered(40)
            if let damaged { lines[damaged - 1] = "damaged \(damaged)\n" }
            if offset > 0 { lines.insert(contentsOf: numbered(offset, prefix: "extra"), at: 0) }
            if offset < 0 { lines.removeFirst(-offset) }
            let result = FilePatcher.apply([line20Hunk], to: file(lines), options: .init(maxFuzz: maxFuzz))
            // Fuzz drops the outermost context lines: line 17 needs fuzz 1, 18 fuzz 2, 19 fuzz 3; likewise 23, 22, 21.
            let needed = damaged.map { $0 < 20 ? $0 - 16 : 24 - $0 } ?? 0
            let expectApplied = needed <= maxFuzz
            guard case .applied(let placement) = result.outcomes[0] else {
                #expect(
                    !expectApplied,
                    "offset \(offset), damaged \(String(describing: damaged)), fuzz \(maxFuzz): \(result.outcomes[0])")
                #expect(result.file == file(lines))
                continue
            }
            #expect(expectApplied, "offset \(offset), damaged \(String(describing: damaged)), fuzz \(maxFuzz)")
            #expect(placement.fuzz == needed)
            #expect(placement.offset == offset)
            #expect(placement.step == (needed > 0 ? .fuzz : offset == 0 ? .exact : .offset))
            var wanted = lines
            wanted[wanted.firstIndex(of: "line 20\n")!] = "LINE TWENTY\n"
            #expect(result.file == file(wanted))
        }
    }

    @Test func carriedOffsetKeepsLaterHunksExact() {
        var lines = numbered(60)
        lines.insert(contentsOf: numbered(5, prefix: "extra"), at: 0)
        let second = hunk(
            47, [" line 47\n", " line 48\n", " line 49\n", "-line 50\n", " line 51\n", " line 52\n", " line 53\n"])
        let result = FilePatcher.apply([line20Hunk, second], to: file(lines))
        guard case .applied(let p1) = result.outcomes[0], case .applied(let p2) = result.outcomes[1] else {
            Issue.record("\(result.outcomes)")
            return
        }
        #expect(p1.step == .offset && p1.offset == 5)
        #expect(p2.step == .exact && p2.offset == 5)
    }

    /// GNU patch's false-match case: a later hunk whose context also stands inside the previous hunk's
    /// region must not be placed there.
    @Test func neverPlacesAHunkBeforeTheEndOfThePreviousOne() {
        let lines = ["a\n", "b\n", "c\n", "d\n", "e\n", "f\n", "g\n"]
        let first = hunk(1, [" a\n", " b\n", "-c\n", "+C\n", " d\n"])
        // Meant for a later copy of b/c/d that this file does not have.
        let second = hunk(10, [" b\n", "+inserted\n", " c\n", " d\n"])
        let result = FilePatcher.apply([first, second], to: file(lines), options: .init(maxFuzz: 0))
        guard case .applied = result.outcomes[0] else { Issue.record("first hunk: \(result.outcomes[0])"); return }
        #expect(
            result.outcomes[1]
                == .failed(.contextNotFound(hint: "it matches at line 2, above the previous hunk's place")))
        #expect(result.file == file(["a\n", "b\n", "C\n", "d\n", "e\n", "f\n", "g\n"]))
    }

    @Test func duplicatedCodeAwayFromTheStatedLineIsAmbiguousEvenWithABase() {
        let block = ["int f(void)\n", "{\n", "\treturn x > 1;\n", "}\n"]
        let base = file(numbered(3) + block + numbered(3, prefix: "tail"))
        // The fork added lines above and keeps two copies of the function: neither is at the stated line.
        let target = file(numbered(5) + block + ["/* copy */\n"] + block + numbered(3, prefix: "tail"))
        let change = hunk(4, [" int f(void)\n", " {\n", "-\treturn x > 1;\n", "+\treturn x >= 1;\n", " }\n"])
        for withBase in [nil, base] {
            let result = FilePatcher.apply([change], to: target, base: withBase)
            #expect(result.outcomes[0] == .failed(.ambiguous(lines: [6, 11], note: nil)))
            #expect(result.file == target)
        }
        #expect(FailureReason.ambiguous(lines: [6, 11], note: nil).message == "ambiguous: context matches at 6 and 11")
        // At its stated line the hunk is where the patch says: exact wins, as in GNU patch and git.
        let stated = file(numbered(3) + block + ["/* copy */\n"] + block)
        guard case .applied(let p) = FilePatcher.apply([change], to: stated).outcomes[0] else {
            Issue.record("not applied at the stated line")
            return
        }
        #expect(p.step == .exact && p.targetIndex == 3)
    }

    /// The base already holds the code twice and upstream changed the first copy; the fork added lines above
    /// both, so neither stands at the stated line. Upstream's author chose among the same twins: the base
    /// matching carries the first onto the fork's first, and the hunk lands there, by matching.
    @Test func twinsTheBaseAlsoHasArePlacedByTheBase() {
        let block = ["int f(void)\n", "{\n", "\treturn x > 1;\n", "}\n"]
        let base = file(numbered(3) + block + ["/* copy */\n"] + block + numbered(3, prefix: "tail"))
        let target = file(numbered(5) + block + ["/* copy */\n"] + block + numbered(3, prefix: "tail"))
        let change = hunk(4, [" int f(void)\n", " {\n", "-\treturn x > 1;\n", "+\treturn x >= 1;\n", " }\n"])
        let result = FilePatcher.apply([change], to: target, base: base)
        guard case .applied(let p) = result.outcomes[0] else {
            Issue.record("not applied: \(result.outcomes[0])")
            return
        }
        #expect(p.step == .matching && p.targetIndex == 5 && p.offset == 2)
        #expect(displayText(result.file.bytes).contains("x >= 1;\n}\n/* copy */\nint f(void)\n{\n\treturn x > 1;\n"))
        // Twin: the fork made a third copy of its own. The base has two, so its matching no longer speaks for
        // every place the code stands: ambiguous, nothing written.
        let third = file(
            numbered(5) + block + ["/* copy */\n"] + block + ["/* ours */\n"] + block + numbered(3, prefix: "tail"))
        let refused = FilePatcher.apply([change], to: third, base: base)
        #expect(refused.outcomes[0] == .failed(.ambiguous(lines: [6, 11, 16], note: nil)))
        #expect(refused.file == third)
        // Without a base there is nothing to choose by: ambiguous.
        #expect(!FilePatcher.apply([change], to: target).outcomes[0].isSuccess)
    }

    @Test func alreadyAppliedAndReversed() {
        var patched = numbered(40)
        patched[19] = "LINE TWENTY\n"
        let again = FilePatcher.apply([line20Hunk], to: file(patched))
        #expect(again.outcomes == [.alreadyApplied(line: 17)])
        #expect(again.file == file(patched))
        let undone = FilePatcher.apply([line20Hunk], to: file(patched), options: .init(reverse: true))
        guard case .applied = undone.outcomes[0] else { Issue.record("\(undone.outcomes)"); return }
        #expect(undone.file == file(numbered(40)))
    }

    @Test func noFinalNewlineOnEitherSide() {
        let text = "--- a/f\n+++ b/f\n@@ -2,2 +2,2 @@\n two\n-three\n\\ No newline at end of file\n+three\n"
        let h = PatchParser.parse(Array(text.utf8)).patch.files[0].hunks[0]
        let target = TextFile(bytes: Array("one\ntwo\nthree".utf8))
        let result = FilePatcher.apply([h], to: target)
        #expect(result.file.bytes == Array("one\ntwo\nthree\n".utf8))
        let back = FilePatcher.apply([h], to: result.file, options: .init(reverse: true))
        #expect(back.file.bytes == Array("one\ntwo\nthree".utf8))
    }

    /// Issue #16: a CRLF patch on an LF file (or the reverse) where only the line endings differ applies
    /// with the file's endings and says so; a file with mixed endings is not converted, and the hint names
    /// the first line end that differs.
    @Test func crlfPatchOnCrlfFileAndTheMismatchHint() {
        let h = hunk(1, [" a\r\n", "-b\r\n", "+B\r\n", " c\r\n"])
        let crlf = FilePatcher.apply([h], to: TextFile(bytes: Array("a\r\nb\r\nc\r\n".utf8)))
        #expect(crlf.file.bytes == Array("a\r\nB\r\nc\r\n".utf8) && crlf.lineEndings == nil)
        let lf = FilePatcher.apply([h], to: TextFile(bytes: Array("a\nb\nc\n".utf8)))
        #expect(lf.file.bytes == Array("a\nB\nc\n".utf8))
        #expect(lf.lineEndings == FilePatcher.LineEndingConversion(patch: .crlf, file: .lf))
        let back = FilePatcher.apply([hunk(1, [" a\n", "-B\n", "+b\n", " c\n"])], to: crlf.file)
        #expect(back.file.bytes == Array("a\r\nb\r\nc\r\n".utf8) && back.lineEndings?.file == .crlf)
        let mixed = FilePatcher.apply([h], to: TextFile(bytes: Array("a\nb\r\nc\n".utf8)))
        #expect(
            mixed.outcomes == [.failed(.contextNotFound(hint: "line endings differ: the patch has CRLF, the file LF"))])
        #expect(mixed.lineEndings == nil)
    }

    /// The base (the upstream pre-image) is converted with the hunks when it ends the patch's way, so the
    /// base steps still work on a copy with other line endings.
    @Test func lineEndingsConvertTheBaseToo() {
        let base = Array("a\r\nb\r\nc\r\nd\r\ne\r\n".utf8)
        let h = hunk(2, [" b\r\n", "-c\r\n", "+C\r\n", " d\r\n"])
        // The copy changed b, so the context is not found by text: 3-way through the converted base.
        let copy = TextFile(bytes: Array("a\nB2\nc\nd\ne\n".utf8))
        let result = FilePatcher.apply([h], to: copy, base: TextFile(bytes: base))
        #expect(result.file.bytes == Array("a\nB2\nC\nd\ne\n".utf8), "\(result.outcomes)")
        #expect(result.lineEndings == FilePatcher.LineEndingConversion(patch: .crlf, file: .lf))
    }

    @Test func pureInsertionIntoAnEmptyFileAndPastTheEnd() {
        let create = hunk(0, ["+hello\n", "+world\n"])
        #expect(FilePatcher.apply([create], to: TextFile()).file.bytes == Array("hello\nworld\n".utf8))
        let far = hunk(90, [" x\n", "-y\n", " z\n"])
        #expect(FilePatcher.apply([far], to: file(numbered(5))).outcomes == [.failed(.beyondEnd())])
    }

    @Test func startAndEndAnchorsForHunksWithoutContextOnOneSide() {
        // No leading context, stated at line 1: must match at the start, not at the later "b c d".
        let lines = ["x\n", "b\n", "c\n", "d\n", "b\n", "c\n", "d\n"]
        let atStart = hunk(1, ["+new\n", " b\n", " c\n", " d\n"])
        let result = FilePatcher.apply([atStart], to: file(lines))
        #expect(result.outcomes == [.failed(.ambiguous(lines: [2, 5], note: nil))] || !result.outcomes[0].isSuccess)
        // No trailing context: must match at the end.
        let atEnd = hunk(5, [" b\n", " c\n", " d\n", "+tail\n"])
        let end = FilePatcher.apply([atEnd], to: file(lines))
        guard case .applied(let p) = end.outcomes[0] else { Issue.record("\(end.outcomes)"); return }
        #expect(p.targetIndex == 4)
        #expect(end.file == file(lines + ["tail\n"]))
    }
}

@Suite("FilePatcher: twins never take a hunk")
struct TwinTests {
    /// Two identical functions; the patch changes the second; the file changed that very line locally. The
    /// first function's lines match the whole pre-image, but it is a twin, not the hunk's place.
    @Test func localEditOfTheChangedLineDoesNotSendTheHunkToATwin() {
        let function = ["static int f(void)\n", "{\n", "\tprepare();\n", "\told_call();\n", "\tfinish();\n", "}\n"]
        var lines = ["/* top */\n"] + function + numbered(44, prefix: "pad") + function + numbered(5, prefix: "tail")
        let second = lines.lastIndex(of: "\told_call();\n")!
        let change = hunk(
            second - 1, [" {\n", " \tprepare();\n", "-\told_call();\n", "+\tnew_call();\n", " \tfinish();\n", " }\n"])
        lines[second] = "\told_call(); /* local */\n"
        for fuzz in [0, 2] {
            let result = FilePatcher.apply([change], to: file(lines), options: .init(maxFuzz: fuzz))
            guard case .failed(.ambiguous(let places, let note)) = result.outcomes[0] else {
                Issue.record("fuzz \(fuzz): \(result.outcomes[0])")
                continue
            }
            #expect(places == [second - 1, 3])
            #expect(note?.contains("lines this hunk changes differ") == true)
            #expect(result.file == file(lines))
        }
    }
}
