/// A file's bytes and where each line starts: line access without a slice per line stored (8 bytes a line
/// instead of 32), built with the parser's word-at-a-time newline scan.
struct LineTable {
    let buffer: [UInt8]
    /// starts[k] is where line k begins; starts[count] is the size.
    let starts: [Int]

    init(_ bytes: [UInt8]) {
        buffer = bytes
        starts = PatchParser.lineStarts(bytes)
    }

    var count: Int { starts.count - 1 }

    subscript(index: Int) -> Bytes { buffer[starts[index]..<starts[index + 1]] }

    /// True when line `index` has exactly the bytes of `line`.
    @inline(__always)
    func line(_ index: Int, equals line: Bytes) -> Bool {
        let start = starts[index], end = starts[index + 1]
        guard end - start == line.count else { return false }
        return buffer.withUnsafeBufferPointer { b in
            line.withUnsafeBufferPointer { l in
                // An Array's buffer has a base address even when the array is empty.
                // swift-format-ignore: NeverForceUnwrap
                memoryEqual(b.baseAddress! + start, l.baseAddress, count: l.count)
            }
        }
    }

    /// True when `lines` stand at `index`.
    func matches(_ lines: [Bytes], at index: Int) -> Bool {
        guard index >= 0, index + lines.count <= count else { return false }
        for (k, line) in lines.enumerated() where !self.line(index + k, equals: line) { return false }
        return true
    }

    /// The bytes of lines `range`.
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> { buffer[starts[range.lowerBound]..<starts[range.upperBound]] }
}

@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, count: Int) -> Bool {
    guard count > 0, let b else { return true }
    var i = 0
    while i + 8 <= count {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
            != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
        {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
