/// A file's content as lines of raw bytes, each with its terminator (the last one may have none).
///
/// Joining the lines gives back the file byte for byte. An empty file has no lines.
public struct TextFile: Sendable, Equatable {
    public var lines: [Bytes]

    public init(lines: [Bytes] = []) { self.lines = lines }

    /// Splits `bytes` at newlines.
    public init(bytes: [UInt8]) {
        let starts = PatchParser.lineStarts(bytes)
        let buffer = bytes[...]
        var lines: [Bytes] = []
        lines.reserveCapacity(starts.count - 1)
        for k in 0..<(starts.count - 1) { lines.append(buffer[starts[k]..<starts[k + 1]]) }
        self.lines = lines
    }

    /// The file's bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { out.append(contentsOf: line) }
        return out
    }

    /// True when the last line has no terminator.
    public var lacksFinalNewline: Bool { lines.last.map { $0.last != ASCII.newline } ?? false }
}
