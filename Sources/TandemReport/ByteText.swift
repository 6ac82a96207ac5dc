import TandemCore

/// A byte buffer for renderers that write many rows (a drift series can have millions of cells): numbers,
/// fixed decimals, CSV fields and JSON strings are appended as bytes, without building a `String` per cell.
struct ByteText {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func append(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            append(UInt(value.magnitude))
        } else {
            append(UInt(value))
        }
    }

    private mutating func append(_ value: UInt) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// `value` with exactly `digits` decimals, as `DriftFormat.fixed` spells it.
    mutating func append(fixed value: Double, digits: Int) {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = abs(scaled)
        append(magnitude / scale)
        guard digits > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var fraction = magnitude % scale
        var place = scale / 10
        while place > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / place))
            fraction %= place
            place /= 10
        }
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    mutating func append(csv field: some Collection<UInt8>) {
        let needsQuotes = field.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            bytes.append(contentsOf: field)
            return
        }
        bytes.append(0x22)
        for byte in field {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }

    /// True when `bytes` are UTF-8 (ASCII, the usual case, is checked without building a `String`).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }

    /// A path as a CSV field: its bytes when they are UTF-8, else git's quoted spelling.
    mutating func append(csvPath path: [UInt8]) {
        if Self.isUTF8(path) { append(csv: path) } else { append(csv: PathQuoting.quoteIfNeeded(path)) }
    }

    /// Names joined by `sep` as one CSV field.
    mutating func append(csvJoined names: [String], separator sep: UInt8) {
        var field: [UInt8] = []
        for (index, name) in names.enumerated() {
            if index > 0 { field.append(sep) }
            field.append(contentsOf: name.utf8)
        }
        append(csv: field)
    }

    /// A JSON string literal of UTF-8 `text` bytes (RFC 8259: quote, backslash and control bytes escaped).
    mutating func append(jsonUTF8 text: some Collection<UInt8>) {
        bytes.append(0x22)
        for byte in text {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }

    /// A path as a JSON string, as `JSONText.pathText` spells it (git's quoting when not UTF-8).
    mutating func append(jsonPath path: [UInt8]) {
        if Self.isUTF8(path) { append(jsonUTF8: path) } else { append(jsonUTF8: PathQuoting.quoteIfNeeded(path)) }
    }

    mutating func append(json text: String) { append(jsonUTF8: text.utf8) }
}
