/// Shell-style wildcard patterns over path bytes, as `filterdiff` and git pathspecs use them.
///
/// `*` matches any run of bytes, slashes included (so `arch/i386/*` selects the whole directory, and `**` is
/// the same as `*`); `?` one byte; `[abc]`, `[a-z]`, `[!x]` or `[^x]` one byte from a set; `\x` the byte x.
/// A pattern ending in `/` matches everything below that directory. Matching is the greedy
/// backtrack-to-last-star algorithm: O(pattern × name) in the worst case, no recursion.
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    private enum Token: Sendable, Equatable {
        case byte(UInt8)
        case any
        case star
        case set(negated: Bool, ranges: [ClosedRange<UInt8>])
    }

    private let tokens: [Token]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        var bytes = Array(pattern.utf8)
        if bytes.last == ASCII.slash { bytes.append(UInt8(ascii: "*")) }
        var tokens: [Token] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "*"):
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case UInt8(ascii: "?"):
                tokens.append(.any)
                i += 1
            case ASCII.backslash where i + 1 < bytes.count:
                tokens.append(.byte(bytes[i + 1]))
                i += 2
            case UInt8(ascii: "["):
                if let (set, next) = Self.parseSet(bytes, from: i + 1) {
                    tokens.append(set)
                    i = next
                } else {
                    tokens.append(.byte(b))
                    i += 1
                }
            default:
                tokens.append(.byte(b))
                i += 1
            }
        }
        self.tokens = tokens
    }

    private static func parseSet(_ bytes: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "]") && !first { return (.set(negated: negated, ranges: ranges), i + 1) }
            first = false
            if i + 2 < bytes.count, bytes[i + 1] == ASCII.minus, bytes[i + 2] != UInt8(ascii: "]") {
                let (lo, hi) = (min(b, bytes[i + 2]), max(b, bytes[i + 2]))
                ranges.append(lo...hi)
                i += 3
            } else {
                ranges.append(b...b)
                i += 1
            }
        }
        return nil
    }

    private func matches(_ token: Token, _ byte: UInt8) -> Bool {
        switch token {
        case .byte(let b): return b == byte
        case .any: return true
        case .star: return false
        case .set(let negated, let ranges): return ranges.contains { $0.contains(byte) } != negated
        }
    }

    /// True when the whole of `name` matches.
    public func matches<C: Collection<UInt8>>(_ name: C) -> Bool where C.Index == Int {
        var t = 0, n = name.startIndex
        var starToken = -1, starName = name.startIndex
        while n < name.endIndex {
            if t < tokens.count, tokens[t] == .star {
                starToken = t
                starName = n
                t += 1
            } else if t < tokens.count, matches(tokens[t], name[n]) {
                t += 1
                n += 1
            } else if starToken >= 0 {
                t = starToken + 1
                starName += 1
                n = starName
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }
}
