/// Raw bytes of a line or a name. tandem never decodes source text: a line is the exact bytes it had,
/// terminator included, so that every round trip (parse → print, read → write) is byte-identical.
public typealias Bytes = ArraySlice<UInt8>

/// ASCII code points used by the parsers, named so the code reads as text.
public enum ASCII {
    public static let newline: UInt8 = 0x0A
    public static let carriageReturn: UInt8 = 0x0D
    public static let tab: UInt8 = 0x09
    public static let space: UInt8 = 0x20
    public static let quote: UInt8 = 0x22
    public static let backslash: UInt8 = 0x5C
    public static let slash: UInt8 = 0x2F
    public static let plus: UInt8 = 0x2B
    public static let minus: UInt8 = 0x2D
    public static let at: UInt8 = 0x40
    public static let comma: UInt8 = 0x2C
    public static let zero: UInt8 = 0x30
    public static let nine: UInt8 = 0x39

    /// A space, tab or line end.
    @inlinable
    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == newline || byte == carriageReturn
    }
}

extension Collection where Element == UInt8 {
    /// The bytes without their blanks (spaces, tabs, line ends): what stays of a line when a fork
    /// re-indents or re-spaces it, the key by which lines are compared with blanks ignored.
    @inlinable
    public var withoutBlanks: [UInt8] { filter { !ASCII.isBlank($0) } }

    /// The spaces and tabs that begin the bytes: a line's indentation.
    @inlinable
    public var leadingBlanks: SubSequence { prefix { $0 == ASCII.space || $0 == ASCII.tab } }

    /// True when the bytes start with the ASCII text `prefix`.
    @inlinable
    public func hasPrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return prefix.withUTF8Buffer { p in
            var i = startIndex
            for k in 0..<count {
                if i == endIndex || self[i] != p[k] { return false }
                i = index(after: i)
            }
            return true
        }
    }

    /// True when the bytes start with `prefix`.
    @inlinable
    public func hasPrefix<P: Collection<UInt8>>(bytes prefix: P) -> Bool {
        var i = startIndex
        for b in prefix {
            if i == endIndex || self[i] != b { return false }
            i = index(after: i)
        }
        return true
    }
}

extension ArraySlice where Element == UInt8 {
    /// The line without its terminator (`\n` or `\r\n`).
    @inlinable
    public var withoutTerminator: ArraySlice<UInt8> {
        var end = endIndex
        if end > startIndex && self[end - 1] == ASCII.newline {
            end -= 1
            if end > startIndex && self[end - 1] == ASCII.carriageReturn { end -= 1 }
        }
        return self[startIndex..<end]
    }

    /// The terminator of the line: `\n`, `\r\n` or nothing (the last line of a file without final newline).
    @inlinable
    public var terminator: ArraySlice<UInt8> {
        self[withoutTerminator.endIndex..<endIndex]
    }

    /// The bytes after the ASCII prefix `count` bytes long.
    @inlinable
    func dropping(_ count: Int) -> ArraySlice<UInt8> {
        self[Swift.min(startIndex + count, endIndex)..<endIndex]
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of an ASCII or Unicode string.
    @inlinable
    public init(text: String) { self = Array(text.utf8) }
}

/// Text for people: the bytes as UTF-8, invalid sequences shown as U+FFFD. Only for display.
@inlinable
public func displayText<C: Collection<UInt8>>(_ bytes: C) -> String {
    String(decoding: bytes, as: UTF8.self)
}

extension RandomAccessCollection where Element: Equatable, Index == Int {
    /// True when `run` stands somewhere in the collection, as one run (bytes in a line, line ids in a file).
    @inlinable
    public func contains(run: [Element]) -> Bool { firstIndex(ofRun: run) != nil }

    /// Where `run` first stands in the collection, as one run; nil when it does not (or is empty).
    @inlinable
    public func firstIndex(ofRun run: [Element]) -> Int? {
        guard let first = run.first, count >= run.count else { return nil }
        var i = startIndex
        while i + run.count <= endIndex {
            if self[i] == first, self[i..<(i + run.count)].elementsEqual(run) { return i }
            i += 1
        }
        return nil
    }
}
