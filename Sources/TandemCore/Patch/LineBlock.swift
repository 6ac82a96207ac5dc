/// A run of lines kept as one contiguous byte slice plus the end offset of each line.
///
/// A parsed patch stores its text blocks and hunk bodies this way: the slice shares the input buffer (no copy),
/// and the per-line cost is one `Int`. Each line keeps its terminator (`\n`, `\r\n`, or none for a last line
/// without final newline), so concatenating the lines gives back the input bytes exactly.
public struct LineBlock: RandomAccessCollection, Sendable, Equatable {
    /// All lines, concatenated.
    public private(set) var bytes: Bytes
    /// End index (exclusive, in `bytes`' index space) of each line. For parsed blocks this is a slice of the
    /// parser's line table, shared by every block of the patch, so making a block allocates nothing.
    private var ends: ArraySlice<Int>

    /// An empty block.
    public init() {
        bytes = []
        ends = []
    }

    /// A block over `bytes` whose lines end at `ends` (indices in `bytes`' index space, increasing, the last one
    /// equal to `bytes.endIndex`). The parser's constructor: no copying.
    init(bytes: Bytes, ends: ArraySlice<Int>) {
        self.bytes = bytes
        self.ends = ends
    }

    /// A block made of the given lines, each with its terminator.
    public init<S: Sequence>(lines: S) where S.Element: Collection<UInt8> {
        var buffer: [UInt8] = []
        var ends: [Int] = []
        for line in lines {
            buffer.append(contentsOf: line)
            ends.append(buffer.count)
        }
        self.bytes = buffer[...]
        self.ends = ends[...]
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The bytes of line `index`, terminator included.
    public subscript(index: Int) -> Bytes {
        let base = ends.startIndex
        let start = index == 0 ? bytes.startIndex : ends[base + index - 1]
        return bytes[start..<ends[base + index]]
    }

    /// Appends one line (which should carry its terminator unless it is the last line of its file).
    public mutating func append<C: Collection<UInt8>>(_ line: C) {
        bytes.append(contentsOf: line)
        ends.append(bytes.endIndex)
    }

    /// How many lines start with `byte` (the first byte of each line), without making line slices.
    public func countLines(startingWith byte: UInt8) -> Int {
        var count = 0
        var start = bytes.startIndex
        for end in ends {
            if end > start && bytes[start] == byte { count += 1 }
            start = end
        }
        return count
    }

    public static func == (lhs: LineBlock, rhs: LineBlock) -> Bool {
        lhs.count == rhs.count && lhs.bytes.elementsEqual(rhs.bytes)
            && lhs.indices.allSatisfy { lhs[$0].count == rhs[$0].count }
    }
}
