import TandemCore

/// One JSON object of a report input (`tandem.port/1`, `tandem.drift/2`, `tandem.siblings/1`,
/// `tandem.hooks/1`) with where it is, so that every value is checked as it is read and every problem is one
/// line naming the file, the line and the field:
/// `drift.json:4: snapshots[0].pairs[0].similarity: 1e308 is out of range (a fraction from 0 to 1)`.
///
/// Numbers are checked at the door, so the renderers can do plain arithmetic on them: counts are whole
/// numbers from 0 to 2^53 (the largest a JSON reader in any language keeps exact), required lines from 1,
/// fractions (similarity, confidence) from 0 to 1. A JSON number too big for a `Double` (`1e999`) is out of
/// range like any other. The line is found only when there is a problem (`JSONValue.line(of:in:)`).
struct InputObject {
    /// The file an object came from: its name for messages and its bytes for finding lines.
    struct Source {
        let name: String
        let bytes: [UInt8]
    }

    /// What a whole number stands for: its range and the words that name it in a message.
    struct Whole {
        let range: ClosedRange<Int>
        let what: String

        /// The largest count, line or time accepted: 2^53.
        static let limit = 1 << 53
        static let count = Whole(range: 0...limit, what: "a count from 0 to 2^53")
        static let line = Whole(range: 1...limit, what: "a line number from 1 to 2^53")
        static let lineOrZero = Whole(range: 0...limit, what: "a line number from 0 (unknown) to 2^53")
        static let hunk = Whole(range: 1...limit, what: "a hunk number from 1 to 2^53")
        static let hunkOrZero = Whole(range: 0...limit, what: "a hunk number from 0 (a whole file) to 2^53")
        static let seconds = Whole(range: -limit...limit, what: "seconds since 1970 from -2^53 to 2^53")
    }

    let json: JSONValue
    let path: [JSONValue.PathStep]
    let source: Source

    /// The document's top-level value.
    init(document json: JSONValue, source: Source) {
        self.json = json
        self.path = []
        self.source = source
    }

    init(_ json: JSONValue, path: [JSONValue.PathStep], source: Source) {
        self.json = json
        self.path = path
        self.source = source
    }

    /// A problem with this object, or with its member `key`: `NAME:LINE: PATH: why`.
    func problem(_ why: String, at key: String? = nil) -> ReportInput.Problem {
        let full = key.map { path + [.key($0)] } ?? path
        let line = JSONValue.line(of: full, in: source.bytes).map { ":\($0)" } ?? ""
        let place = JSONValue.pathText(full)
        return ReportInput.Problem("\(source.name)\(line): " + (place.isEmpty ? "" : place + ": ") + why)
    }

    subscript(key: String) -> JSONValue? { json[key] }

    /// The member `key`, absent and null alike as nil.
    func member(_ key: String) -> JSONValue? {
        guard let value = json[key], !value.isNull else { return nil }
        return value
    }

    /// The objects of the list `key` (nil when there is no such list).
    func list(_ key: String) -> [InputObject]? {
        guard let items = json[key]?.array else { return nil }
        return items.enumerated().map { InputObject($1, path: path + [.key(key), .index($0)], source: source) }
    }

    /// The object `key`, nil when absent or null.
    func object(_ key: String) -> InputObject? {
        member(key).map { InputObject($0, path: path + [.key(key)], source: source) }
    }

    /// The strings of the list `key` (other items skipped, as before checks were added).
    func strings(_ key: String) -> [String] { json[key]?.array?.compactMap(\.string) ?? [] }

    /// The required string `key`.
    func string(_ key: String) throws(ReportInput.Problem) -> String {
        guard let value = json[key]?.string else { throw problem("'\(key)' is missing or not a string", at: key) }
        return value
    }

    /// The string `key`, which must be one of `known` (`what` names it: "verdict").
    func name(_ key: String, _ what: String, known: [String]) throws(ReportInput.Problem) -> String {
        let value = try string(key)
        guard known.contains(value) else {
            throw problem("unknown \(what) '\(value)' (known: \(known.joined(separator: ", ")))", at: key)
        }
        return value
    }

    /// The whole number `key` in `whole`'s range; `fallback` when it is absent or null (nil: required).
    func number(_ key: String, _ whole: Whole, fallback: Int? = nil) throws(ReportInput.Problem) -> Int {
        guard let value = member(key) else {
            if let fallback { return fallback }
            throw problem("'\(key)' is missing", at: key)
        }
        guard case .number(let text) = value else { throw problem("'\(key)' is not a number", at: key) }
        if let exact = Int(text) ?? Double(text).flatMap({ Int(exactly: $0) }) {
            guard whole.range.contains(exact) else { throw problem("\(text) is out of range (\(whole.what))", at: key) }
            return exact
        }
        // Not an Int: a fraction, or a whole number beyond Int (1e19, 1e308) or beyond Double (1e999 reads as infinity).
        let isWhole = Double(text).map { !$0.isFinite || $0 == $0.rounded() } ?? false
        throw problem("\(text) is " + (isWhole ? "out of range" : "not a whole number") + " (\(whole.what))", at: key)
    }

    /// The whole number `key` in `whole`'s range, or nil when it is absent or null.
    func optionalNumber(_ key: String, _ whole: Whole) throws(ReportInput.Problem) -> Int? {
        member(key) == nil ? nil : try number(key, whole)
    }

    /// The required fraction `key`, from 0 to 1.
    func fraction(_ key: String) throws(ReportInput.Problem) -> Double {
        guard let value = member(key) else { throw problem("'\(key)' is missing", at: key) }
        guard case .number(let text) = value, let double = Double(text) else {
            throw problem("'\(key)' is not a number", at: key)
        }
        guard double >= 0, double <= 1 else {
            throw problem("\(text) is out of range (a fraction from 0 to 1)", at: key)
        }
        return double
    }

    /// The boolean `key`, false when absent or null.
    func flag(_ key: String) throws(ReportInput.Problem) -> Bool {
        guard let value = member(key) else { return false }
        guard let flag = value.bool else { throw problem("'\(key)' is not true or false", at: key) }
        return flag
    }
}
