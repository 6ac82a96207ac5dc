/// A JSON document read back (tandem's own `tandem.port/1` and `tandem.drift/2` files, for `tandem report`
/// and `tandem dashboard`): RFC 8259, strict, in one linear pass, with "line L, column C: what" errors.
/// Numbers keep their text and are read as `Int` or `Double` on demand; nesting is limited to 256 levels.
/// Values keep no positions (a drift series holds millions); `line(of:in:)` finds one again by parsing the
/// text a second time, only when a reader needs to name where a bad value is.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// A syntax error with its place.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// One step of a path into a document: a member name or an array index (0-based).
    public enum PathStep: Sendable, Equatable, CustomStringConvertible {
        case key(String)
        case index(Int)

        public var description: String {
            switch self {
            case .key(let key): return key
            case .index(let index): return "[\(index)]"
            }
        }
    }

    /// A path as people read it: `snapshots[0].pairs[3].similarity`.
    public static func pathText(_ path: [PathStep]) -> String {
        var out = ""
        for step in path {
            if case .key = step, !out.isEmpty { out += "." }
            out += step.description
        }
        return out
    }

    /// The 1-based line where the value at `path` starts in `bytes`; when the path goes further than the
    /// document, the line of the deepest value on it (a missing member is reported at its object). A member
    /// named twice is found at its first occurrence, as `subscript(key:)` reads it. Nil when `bytes` do not parse.
    public static func line(of path: [PathStep], in bytes: [UInt8]) -> Int? {
        var parser = Parser(bytes: bytes, target: path)
        parser.skipSpace()
        guard (try? parser.value(depth: 0, onPath: true)) != nil, let found = parser.found else { return nil }
        return parser.place(of: found.at).line
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? {
        if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { Int(exactly: $0) } } else { return nil }
    }
    public var double: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var isNull: Bool { self == .null }

    /// Parses `bytes` (UTF-8) as one JSON value.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0, onPath: false)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var at = 0
        /// When locating (`line(of:in:)`): the path sought, and the deepest value found on it so far.
        var target: [PathStep] = []
        var found: (depth: Int, at: Int)?

        init(bytes: [UInt8], target: [PathStep] = []) {
            self.bytes = bytes
            self.target = target
        }

        func place(of offset: Int) -> (line: Int, column: Int) {
            var line = 1, column = 1
            for byte in bytes[..<min(offset, bytes.count)] {
                if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            }
            return (line, column)
        }

        func error(_ message: String) -> SyntaxError {
            let (line, column) = place(of: at)
            return SyntaxError(line: line, column: column, message: message)
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func expect(_ word: String) throws(SyntaxError) {
            for byte in word.utf8 {
                guard at < bytes.count, bytes[at] == byte else { throw error("expected '\(word)'") }
                at += 1
            }
        }

        /// The value at `at`; `onPath` is true when it lies on `target` (locating only).
        mutating func value(depth: Int, onPath: Bool) throws(SyntaxError) -> JSONValue {
            guard depth < 256 else { throw error("nested more than 256 levels") }
            if onPath, depth > (found?.depth ?? -1) { found = (depth, at) }
            let seeking = onPath && depth < target.count
            guard at < bytes.count else { throw error("unexpected end of input") }
            switch bytes[at] {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                at += 1
                var items: [JSONValue] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1, onPath: seeking && target[depth] == .index(items.count)))
                    skipSpace()
                    guard at < bytes.count else { throw error("unexpected end of input in an array") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                    throw error("expected ',' or ']'")
                }
            case UInt8(ascii: "{"):
                at += 1
                var members: [(String, JSONValue)] = []
                var matched = false
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
                        throw error("expected a member name in quotes")
                    }
                    let key = try string()
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    at += 1
                    skipSpace()
                    let next = seeking && !matched && target[depth] == .key(key)
                    if next { matched = true }
                    members.append((key, try value(depth: depth + 1, onPath: next)))
                    skipSpace()
                    guard at < bytes.count else { throw error("unexpected end of input in an object") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                    throw error("expected ',' or '}'")
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
                let start = at
                func digits() -> Int {
                    let from = at
                    while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
                    return at - from
                }
                if bytes[at] == UInt8(ascii: "-") { at += 1 }
                let leadingZero = at < bytes.count && bytes[at] == UInt8(ascii: "0")
                let whole = digits()
                var valid = whole > 0 && !(leadingZero && whole > 1)
                if valid, at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                    at += 1
                    valid = digits() > 0
                }
                if valid, at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                    at += 1
                    if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                    valid = digits() > 0
                }
                let text = String(decoding: bytes[start..<at], as: UTF8.self)
                guard valid else { throw error("malformed number '\(text)'") }
                return .number(text)
            default:
                throw error("unexpected character")
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            at += 1  // the opening quote
            var out: [UInt8] = []
            while true {
                guard at < bytes.count else { throw error("unterminated string") }
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw error("string is not UTF-8") }
                    return text
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { throw error("unterminated escape") }
                    let escape = bytes[at]
                    at += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"),
                                bytes[at + 1] == UInt8(ascii: "u")
                            else {
                                throw error("lone surrogate")
                            }
                            at += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("bad surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("bad \\u escape") }
                        out.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default: throw error("unknown escape")
                    }
                case 0..<0x20:
                    throw error("control character in a string")
                default:
                    out.append(byte)
                }
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard at + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
            else {
                throw error("expected four hex digits")
            }
            at += 4
            return value
        }
    }
}
