/// Reads unified diffs — plain `diff -u`, `diff -urN` release patches, git diffs, mails — into a `Patch`
/// that prints back to the same bytes.
///
/// How it works. The input is split once into lines (terminators kept). A scan then walks the lines with a
/// small state machine, in the manner of GNU patch: text is collected until a line starts a file patch —
/// `diff --git`; `--- X` directly followed by `+++ Y` (optionally preceded by a `diff …` command line);
/// `Binary files A and B differ`. A git header takes the extended lines that follow (`index`, modes,
/// `similarity`, `rename`/`copy`), then `---`/`+++`, `Binary files …` or `GIT binary patch`. Hunks follow their
/// file header; a hunk's body is read by its header's counts (context counts on both sides, `\ No newline…`
/// on neither, an empty line as an empty context line), so a `-- ` mail signature or a `--- ` line inside a
/// hunk is never mistaken for structure. Whatever is not structure is kept as text in place: the prelude of
/// the next file patch, or the patch's trailer.
///
/// Bad input never stops the scan: a hunk shorter than its header says, a header that does not parse, a hunk
/// outside any file, become diagnostics with 1-based line numbers, and their lines stay in the patch as read,
/// so printing still gives back the input. The scan looks at each line a bounded number of times (lookahead
/// is at most three lines), so time is linear in the input, whatever the counts in the headers claim.
/// Memory: the input buffer plus one `Int` per line; blocks and lines are slices of the input, not copies.
///
/// Not read (kept as text): context diffs (`*** `/`--- ` with `***************`), combined diffs (`@@@`),
/// `Index:` lines of Subversion (text before the file patch, as GNU patch only uses them as a last resort).
public struct PatchParser {
    /// The result: the patch and what was wrong with the input.
    public struct Result: Sendable {
        public var patch: Patch
        public var diagnostics: [Diagnostic]
        /// True when some diagnostic is an error (part of the input was kept as text only).
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Parses `input`. Never fails; see `Result.diagnostics`.
    public static func parse(_ input: [UInt8]) -> Result {
        var parser = PatchParser(input)
        parser.run()
        return Result(patch: parser.patch, diagnostics: parser.diagnostics)
    }

    /// A place between two file patches where the scan stood at top level: the first `files` file patches
    /// and the first `diagnostics` diagnostics were final there, and the scan went on from `line` (0-based)
    /// with nothing carried over. `PatchStream` resumes from such a place.
    struct Checkpoint {
        var line: Int
        var offset: Int
        var files: Int
        var diagnostics: Int
    }

    /// Parses a piece of a longer input: `atStart` when it is the input's beginning (the UTF-16 check),
    /// `atEnd` when it is its end (the "only text" check). Returns the checkpoints after each file patch and
    /// the number of lines.
    static func parsePiece(_ input: ArraySlice<UInt8>, atStart: Bool, atEnd: Bool) -> (
        result: Result, checkpoints: [Checkpoint], lines: Int
    ) {
        var parser = PatchParser(input)
        parser.recordCheckpoints = true
        parser.run(atStart: atStart, atEnd: atEnd)
        return (Result(patch: parser.patch, diagnostics: parser.diagnostics), parser.checkpoints, parser.lineCount)
    }

    private let buffer: Bytes
    /// starts[k] is the offset of line k; starts[lineCount] is the input size.
    private let starts: [Int]
    private var patch = Patch()
    private var diagnostics: [Diagnostic] = []
    private var recordCheckpoints = false
    private var checkpoints: [Checkpoint] = []

    private init(_ input: [UInt8]) {
        self.init(input[...])
    }

    /// A parser over a slice that starts at index 0 (the front of an array): `PatchStream` parses the
    /// complete lines of its buffer this way, without copying them.
    private init(_ input: ArraySlice<UInt8>) {
        precondition(input.startIndex == 0, "the parser's offsets are indices from 0")
        buffer = input
        self.starts = Self.lineStarts(input)
    }

    /// Offsets where lines start, plus the input size at the end. Scans eight bytes at a time: the exact
    /// "which bytes are zero" bit trick on `word ^ 0x0A0A…` gives a mask with one bit per newline, read off
    /// with trailing-zero counts (little-endian byte order, as on every platform Swift runs on).
    static func lineStarts(_ input: [UInt8]) -> [Int] { lineStarts(input[...]) }

    /// The line starts of a slice, as offsets from its start.
    static func lineStarts(_ input: ArraySlice<UInt8>) -> [Int] {
        var starts: [Int] = [0]
        starts.reserveCapacity(input.count / 28 + 2)
        input.withUnsafeBytes { raw in
            let count = raw.count
            var i = 0
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
            while i + 8 <= count {
                // Exact zero-byte mask of word ^ newlines: 0x80 in every byte that was a newline.
                let t = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ newlines
                var mask = ~(((t & lows) &+ lows) | t | lows)
                while mask != 0 {
                    starts.append(i + mask.trailingZeroBitCount / 8 + 1)
                    mask &= mask &- 1
                }
                i += 8
            }
            while i < count {
                if raw[i] == ASCII.newline { starts.append(i + 1) }
                i += 1
            }
        }
        if starts.last != input.count { starts.append(input.count) }
        return starts
    }

    private var lineCount: Int { starts.count - 1 }

    /// The kind a line would have inside a hunk, from its first byte, without making a slice.
    private func hunkLineKind(_ k: Int) -> HunkLineKind {
        let start = starts[k], end = starts[k + 1]
        guard start < end else { return .other }
        switch buffer[start] {
        case ASCII.space: return .context
        case ASCII.minus: return .deletion
        case ASCII.plus: return .addition
        case ASCII.backslash: return .noNewlineMarker
        case ASCII.newline: return .context
        case ASCII.carriageReturn: return end - start == 2 && buffer[start + 1] == ASCII.newline ? .context : .other
        default: return .other
        }
    }

    private func line(_ k: Int) -> Bytes { buffer[starts[k]..<starts[k + 1]] }

    private func block(_ from: Int, _ to: Int) -> LineBlock {
        guard from < to else { return LineBlock() }
        return LineBlock(bytes: buffer[starts[from]..<starts[to]], ends: starts[(from + 1)...to])
    }

    private mutating func report(_ k: Int, _ severity: Diagnostic.Severity, _ message: String) {
        diagnostics.append(Diagnostic(line: k + 1, severity: severity, message))
    }

    private mutating func report(_ k: Int, _ message: String) {
        report(k, .error, message)
    }

    // MARK: - The scan

    private enum FileStart {
        case git
        /// `---`/`+++`, after `commandLines` `diff …` lines.
        case unified(commandLines: Int)
        /// `Binary files … differ`, after `commandLines` `diff …` lines.
        case binaryNotice(commandLines: Int)
    }

    private func fileStart(at k: Int) -> FileStart? {
        let text = line(k)
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "d") {
            guard text.hasPrefix("diff ") else { return nil }
            if text.hasPrefix("diff --git ") { return .git }
            guard k + 1 < lineCount else { return nil }
            if isUnifiedNames(at: k + 1) { return .unified(commandLines: 1) }
            if isBinaryNotice(line(k + 1)) { return .binaryNotice(commandLines: 1) }
            return nil
        }
        if first == ASCII.minus { return isUnifiedNames(at: k) ? .unified(commandLines: 0) : nil }
        if first == UInt8(ascii: "B") { return isBinaryNotice(text) ? .binaryNotice(commandLines: 0) : nil }
        return nil
    }

    private func isUnifiedNames(at k: Int) -> Bool {
        k + 1 < lineCount && line(k).hasPrefix("--- ") && line(k + 1).hasPrefix("+++ ")
    }

    private func isBinaryNotice(_ text: Bytes) -> Bool {
        text.hasPrefix("Binary files ") && text.withoutTerminator.reversed().starts(with: " differ".utf8.reversed())
    }

    private mutating func run(atStart: Bool = true, atEnd: Bool = true) {
        if atStart, buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
            report(0, "the input is UTF-16 text; diffs are read as bytes (convert it: iconv -f UTF-16 -t UTF-8)")
        }
        var k = 0
        var textStart = 0
        while k < lineCount {
            guard let start = fileStart(at: k) else {
                let text = line(k)
                if text.hasPrefix("@@ -"), HunkHeader(parsing: text) != nil {
                    report(k, "hunk without a file header (kept as text)")
                }
                k += 1
                continue
            }
            var file = FilePatch(prelude: block(textStart, k), header: [], line: k + 1)
            switch start {
            case .git:
                k = readGitHeader(from: k, into: &file)
            case .unified(let commandLines):
                if commandLines == 1 { file.header.append(HeaderLine(kind: .command, raw: line(k))) }
                k += commandLines
                file.header.append(HeaderLine(kind: .oldName, raw: line(k)))
                file.header.append(HeaderLine(kind: .newName, raw: line(k + 1)))
                k += 2
                if k >= lineCount || !line(k).hasPrefix("@@ ") {
                    report(k - 2, .warning, "file patch without hunks")
                }
                k = readHunks(from: k, into: &file)
            case .binaryNotice(let commandLines):
                if commandLines == 1 { file.header.append(HeaderLine(kind: .command, raw: line(k))) }
                k += commandLines
                file.header.append(HeaderLine(kind: .binaryFiles, raw: line(k)))
                k += 1
            }
            patch.files.append(file)
            warnIfHunkOverflows(at: k)
            textStart = k
            if recordCheckpoints {
                checkpoints.append(
                    Checkpoint(line: k, offset: starts[k], files: patch.files.count, diagnostics: diagnostics.count))
            }
        }
        patch.trailer = block(textStart, lineCount)
        if atEnd, patch.files.isEmpty && !buffer.isEmpty && diagnostics.isEmpty {
            report(0, "no file patch found: the input holds only text")
        }
    }

    /// `diff --git` and what follows it; returns the first line after the file patch.
    private mutating func readGitHeader(from start: Int, into file: inout FilePatch) -> Int {
        file.header.append(HeaderLine(kind: .gitDiff, raw: line(start)))
        var k = start + 1
        while k < lineCount, let kind = HeaderLine.gitExtendedKind(of: line(k)) {
            file.header.append(HeaderLine(kind: kind, raw: line(k)))
            k += 1
        }
        guard k < lineCount else { return k }
        if isUnifiedNames(at: k) {
            file.header.append(HeaderLine(kind: .oldName, raw: line(k)))
            file.header.append(HeaderLine(kind: .newName, raw: line(k + 1)))
            return readHunks(from: k + 2, into: &file)
        }
        let text = line(k)
        if isBinaryNotice(text) {
            file.header.append(HeaderLine(kind: .binaryFiles, raw: text))
            return k + 1
        }
        if text.withoutTerminator.elementsEqual("GIT binary patch".utf8) {
            file.header.append(HeaderLine(kind: .gitBinaryPatch, raw: text))
            let end = readBinaryData(from: k + 1)
            file.binaryData = block(k + 1, end)
            return end
        }
        return k
    }

    /// Up to two sections of `literal N`/`delta N`, base85 lines, and an optional blank line.
    private mutating func readBinaryData(from start: Int) -> Int {
        var k = start
        var sections = 0
        while sections < 2, k < lineCount {
            let text = line(k)
            guard text.hasPrefix("literal ") || text.hasPrefix("delta ") else { break }
            k += 1
            while k < lineCount, Self.isBase85Line(line(k)) { k += 1 }
            if k < lineCount, line(k).withoutTerminator.isEmpty { k += 1 }
            sections += 1
        }
        if sections == 0 { report(start - 1, "GIT binary patch without literal or delta data") }
        return k
    }

    /// A line of git's base85 binary data: a length byte (`A`–`Z` = 1–26, `a`–`z` = 27–52) and five
    /// characters per four bytes.
    static func isBase85Line(_ text: Bytes) -> Bool {
        let body = text.withoutTerminator
        guard let length = body.first.flatMap(GitBinaryPatch.lineLength) else { return false }
        guard body.count == 1 + (length + 3) / 4 * 5 else { return false }
        return body.dropFirst().allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"\"',./:[\\]".utf8.contains(byte)
        }
    }

    /// Hunks starting at `start`; returns the first line after them.
    private mutating func readHunks(from start: Int, into file: inout FilePatch) -> Int {
        var k = start
        while k < lineCount, line(k).hasPrefix("@@ ") {
            guard let header = HunkHeader(parsing: line(k)) else {
                report(k, "malformed hunk header (kept as text)")
                return k
            }
            var old = header.oldCount, new = header.newCount
            var m = k + 1
            scan: while (old > 0 || new > 0) && m < lineCount {
                switch hunkLineKind(m) {
                case .context:
                    guard old > 0 && new > 0 else { break scan }
                    old -= 1
                    new -= 1
                case .deletion:
                    guard old > 0 else { break scan }
                    old -= 1
                case .addition:
                    guard new > 0 else { break scan }
                    new -= 1
                case .noNewlineMarker:
                    break
                case .other:
                    break scan
                }
                m += 1
            }
            if m < lineCount, hunkLineKind(m) == .noNewlineMarker { m += 1 }
            file.hunks.append(Hunk(header: header, body: block(k + 1, m)))
            if old > 0 || new > 0 {
                var parts: [String] = []
                if old > 0 { parts.append("\(header.oldCount) old lines, found \(header.oldCount - old)") }
                if new > 0 { parts.append("\(header.newCount) new lines, found \(header.newCount - new)") }
                report(k, "hunk says " + parts.joined(separator: " and "))
            }
            k = m
        }
        return k
    }

    /// A `+`/`-` line right after a complete hunk is most likely a hunk whose header undercounts.
    private mutating func warnIfHunkOverflows(at k: Int) {
        guard k < lineCount else { return }
        let text = line(k)
        guard let first = text.first, first == ASCII.plus || first == ASCII.minus else { return }
        if text.withoutTerminator.elementsEqual("-- ".utf8) || fileStart(at: k) != nil { return }
        report(k, .warning, "line after a complete hunk looks like a hunk line (kept as text)")
    }
}
