/// Reads a patch of any size in pieces, so memory follows the largest file patch rather than the whole input:
/// `tandem port` holds one piece at a time.
///
/// How it works. Bytes arrive in chunks from `read`. The complete lines held so far are parsed with
/// `PatchParser`, which notes a checkpoint after each file patch: a place where its scan stands at top level
/// with nothing carried over. Every decision of the scan looks at most three lines ahead (a `diff` command
/// line, `---`, `+++`), so a checkpoint with three more lines behind it in the chunk is one the parse of the
/// whole input reaches in the same state, with the same file patches and diagnostics before it. The piece
/// up to the last such checkpoint is handed out; the bytes after it are kept, and the next chunk is appended
/// to them and parsed from there. Line numbers (of file patches and diagnostics) are shifted by the lines
/// handed out before, so they count from the input's start.
///
/// Hence the pieces, printed one after another, give back the input, and together they hold the same file
/// patches, trailer and diagnostics as `PatchParser.parse` of the whole input (the tests check this at
/// every chunk size on the fixtures and on random inputs). When a file patch is longer than a chunk, the
/// read size doubles until a checkpoint shows, so the work stays linear.
public struct PatchStream {
    /// Appends up to `count` more bytes of input to the buffer and returns how many it added; 0 at the end.
    public typealias Reader = (_ buffer: inout [UInt8], _ count: Int) throws -> Int

    private let read: Reader
    private let chunkSize: Int
    private var pending: [UInt8] = []
    /// Lines handed out before `pending`.
    private var lineOffset = 0
    private var atStart = true
    private var finished = false
    private var filesOut = 0
    private var diagnosticsOut = 0

    /// A stream over `read`, reading `chunkSize` bytes (at least 1) at a time.
    public init(chunkSize: Int = 1 << 22, read: @escaping Reader) {
        self.chunkSize = max(1, chunkSize)
        self.read = read
    }

    /// A stream over bytes already in memory (for tests and small inputs), handed out `chunkSize` at a time.
    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 22) {
        var offset = 0
        self.init(chunkSize: chunkSize) { buffer, count in
            let take = min(count, bytes.count - offset)
            buffer += bytes[offset..<(offset + take)]
            offset += take
            return take
        }
    }

    /// The next piece: whole file patches with the text before each, and at the end the trailer (nil after
    /// the last piece). Diagnostics carry lines counted from the start of the input.
    public mutating func next() throws -> PatchParser.Result? {
        guard !finished else { return nil }
        var want = chunkSize
        while true {
            let got = try read(&pending, want)
            if got == 0 { return finish() }
            // Only complete lines are parsed before the end; the partial last line waits for the next chunk.
            guard let lastNewline = pending.lastIndex(of: ASCII.newline) else {
                want = max(want, pending.count)
                continue
            }
            let (parsed, checkpoints, lineCount) = PatchParser.parsePiece(
                pending[...lastNewline], atStart: atStart, atEnd: false)
            guard let cut = checkpoints.last(where: { $0.line + 3 <= lineCount }) else {
                want = max(want, pending.count)
                continue
            }
            var piece = PatchParser.Result(
                patch: Patch(files: Array(parsed.patch.files[..<cut.files])),
                diagnostics: Array(parsed.diagnostics[..<cut.diagnostics]))
            shift(&piece)
            pending.removeSubrange(..<cut.offset)
            lineOffset += cut.line
            atStart = false
            return piece
        }
    }

    /// The rest of the input as the last piece.
    private mutating func finish() -> PatchParser.Result? {
        finished = true
        if pending.isEmpty && !atStart { return nil }
        var (piece, _, _) = PatchParser.parsePiece(
            pending[...], atStart: atStart, atEnd: filesOut == 0 && diagnosticsOut == 0)
        pending = []
        shift(&piece)
        return piece
    }

    /// Moves the piece's line numbers to count from the input's start, and counts what went out.
    private mutating func shift(_ piece: inout PatchParser.Result) {
        for index in piece.patch.files.indices { piece.patch.files[index].line += lineOffset }
        for index in piece.diagnostics.indices { piece.diagnostics[index].line += lineOffset }
        filesOut += piece.patch.files.count
        diagnosticsOut += piece.diagnostics.count
    }
}
