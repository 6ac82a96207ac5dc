/// A git object id (SHA-1): 20 raw bytes. A plain value; TandemGit fills it from libgit2.
///
/// The bytes are held inline, as three big-endian words, not in an array: ids are copied, hashed and
/// compared by the hundred thousand (a drift series keeps two per pair per snapshot), and an array would
/// cost an allocation and reference counting on every copy. Words compare in the bytes' order.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: middle >> (56 - 8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * $0)) }
    }

    /// An id from up to 20 bytes (missing bytes are zero).
    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ObjectID(raw: $0) }
    }

    /// An id from up to 20 raw bytes (libgit2's `git_oid`); concrete, so no generic code runs per byte.
    public init(raw: UnsafeRawBufferPointer) {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for index in 0..<min(raw.count, 20) {
            let byte = UInt64(raw[index]), shift = UInt64(56 - 8 * (index % 8))
            switch index / 8 {
            case 0: words.0 |= byte << shift
            case 1: words.1 |= byte << shift
            default: words.2 |= byte << shift
            }
        }
        high = words.0
        middle = words.1
        low = UInt32(truncatingIfNeeded: words.2 >> 32)
    }

    /// Parses 40 hex digits; nil otherwise.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for i in stride(from: 0, to: 40, by: 2) {
            guard let high = Self.nibble(digits[i]), let low = Self.nibble(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    /// 40 lower-case hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.high != rhs.high
            ? lhs.high < rhs.high : lhs.middle != rhs.middle ? lhs.middle < rhs.middle : lhs.low < rhs.low
    }
}
