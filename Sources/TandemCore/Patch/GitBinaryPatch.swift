/// The content of a `GIT binary patch` (what `git diff --binary` and `git format-patch --binary` write), decoded
/// and checked, and how to apply it to a file's bytes.
///
/// The data: one or two sections, each `literal N` (the whole new content) or `delta N` (a git delta against
/// the old content), N the size once inflated, then base85 lines (a length letter and five characters per
/// four bytes) of zlib-compressed data, then a blank line. The first section makes the new side from the old,
/// the second (git writes it, `-R` needs it) the old side from the new.
///
/// Trust: as `git apply` does, a binary patch is applied only with a full `index` line (40 hex digits each
/// side): the file must be the blob the patch names as its old side, and the result must be the blob it names
/// as its new side. Anything else (an abbreviated index, a file with other content, data that does not decode
/// or yields other bytes) refuses the file patch with the reason; a half-decoded binary file is never written.
public struct GitBinaryPatch: Sendable, Equatable {
    public enum Kind: String, Sendable { case literal, delta }

    /// One section: its kind and its inflated data (the content, or the delta).
    public struct Section: Sendable, Equatable {
        public var kind: Kind
        public var data: [UInt8]
    }

    /// The section that makes the new side from the old.
    public var forward: Section
    /// The section that makes the old side from the new (nil when the patch has only one).
    public var reverse: Section?
    /// The blob ids of the old and new sides from the `index` line; nil when the line is missing or abbreviated.
    public var ids: (old: ObjectID, new: ObjectID)?

    public static func == (lhs: GitBinaryPatch, rhs: GitBinaryPatch) -> Bool {
        lhs.forward == rhs.forward && lhs.reverse == rhs.reverse && lhs.ids?.old == rhs.ids?.old
            && lhs.ids?.new == rhs.ids?.new
    }

    /// Why a binary patch was not applied: "what: why", with the patch line where the data says so.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Decodes the data of `file` (which holds `GIT binary patch`); throws what is wrong with it, naming the
    /// patch line (when the patch was parsed from text).
    public init(_ file: FilePatch) throws(Failure) {
        // The data lines follow the header, whose lines are consecutive from `file.line`.
        let firstDataLine = file.line > 0 ? file.line + file.header.count : 0
        func failure(_ index: Int, _ why: String) -> Failure {
            Failure(description: firstDataLine > 0 ? "patch line \(firstDataLine + index): \(why)" : why)
        }
        var sections: [Section] = []
        var index = 0
        let lines = file.binaryData
        while index < lines.count, sections.count < 2 {
            let head = lines[index].withoutTerminator
            let kind: Kind
            let number: Bytes
            if head.starts(with: "literal ".utf8) {
                (kind, number) = (.literal, head.dropFirst(8))
            } else if head.starts(with: "delta ".utf8) {
                (kind, number) = (.delta, head.dropFirst(6))
            } else {
                break
            }
            guard let size = Int(String(decoding: number, as: UTF8.self)), size >= 0 else {
                throw failure(index, "binary patch section '\(String(decoding: head, as: UTF8.self))' has no size")
            }
            let sectionLine = index
            index += 1
            var compressed: [UInt8] = []
            while index < lines.count, !lines[index].withoutTerminator.isEmpty {
                guard Self.decodeBase85Line(lines[index].withoutTerminator, into: &compressed) else {
                    throw failure(index, "binary patch data is not base85")
                }
                index += 1
            }
            if index < lines.count { index += 1 }  // the blank line that ends the section
            let data: [UInt8]
            do {
                data = try ZlibInflate.inflate(compressed, limit: size)
            } catch {
                throw failure(sectionLine, "binary patch data does not inflate: \(error)")
            }
            guard data.count == size else {
                throw failure(sectionLine, "binary patch data inflates to \(data.count) bytes, not the stated \(size)")
            }
            sections.append(Section(kind: kind, data: data))
        }
        guard let first = sections.first else { throw failure(0, "GIT binary patch without literal or delta data") }
        forward = first
        reverse = sections.count > 1 ? sections[1] : nil
        ids = file.headerLine(.index).flatMap { Self.fullIDs($0.raw) }
    }

    /// The content this patch makes from `bytes` (the old side; with `reverse`, the new side, giving the old).
    /// Checks the blob ids of what it reads and what it makes.
    public func apply(to bytes: [UInt8], reverse: Bool = false) throws(Failure) -> [UInt8] {
        guard let ids else {
            throw Failure(description: "binary patch without a full index line: cannot check the file it changes")
        }
        let (from, to) = reverse ? (ids.new, ids.old) : (ids.old, ids.new)
        // An id of zeros is no file: a creation reads nothing, a deletion makes nothing.
        guard from.isZero ? bytes.isEmpty : ObjectID.blob(of: bytes) == from else {
            throw Failure(
                description: "the file is not the one the binary patch was made against (its blob is "
                    + "\(ObjectID.blob(of: bytes).hex.prefix(12)), the patch's \(from.hex.prefix(12)))")
        }
        guard let section = reverse ? self.reverse : forward else {
            throw Failure(description: "binary patch has no reverse data: it cannot be undone")
        }
        let result: [UInt8]
        switch section.kind {
        case .literal: result = section.data
        case .delta:
            do {
                result = try GitDelta.apply(section.data, to: bytes)
            } catch {
                throw Failure(description: "binary patch delta does not apply: \(error)")
            }
        }
        guard to.isZero ? result.isEmpty : ObjectID.blob(of: result) == to else {
            throw Failure(description: "binary patch makes other content than the blob it names (\(to.hex.prefix(12)))")
        }
        return result
    }

    /// True when `bytes` already are the side this patch makes (the new side; with `reverse`, the old).
    public func isResult(_ bytes: [UInt8], reverse: Bool = false) -> Bool {
        guard let ids else { return false }
        let made = reverse ? ids.old : ids.new
        return made.isZero ? bytes.isEmpty : ObjectID.blob(of: bytes) == made
    }

    /// The two ids of `index OLD..NEW[ MODE]` when both are 40 hex digits (an id of zeros: no file).
    static func fullIDs(_ line: Bytes) -> (old: ObjectID, new: ObjectID)? {
        let text = String(decoding: line.withoutTerminator.dropFirst("index ".utf8.count), as: UTF8.self)
        let range = Array(text.split(separator: " ", maxSplits: 1).first ?? "")
        guard range.count == 82, range[40] == ".", range[41] == ".",
            let old = ObjectID(hex: String(range[..<40])), let new = ObjectID(hex: String(range[42...]))
        else { return nil }
        return (old, new)
    }

    /// The data lines of a `GIT binary patch` that turns `old` into `new` (both sides, as `git diff --binary`
    /// writes them): a `literal` section with `new`, a blank line, a `literal` section with `old`, a blank
    /// line. The data is a zlib stream of stored blocks (no compression: valid for every reader, 1.25 times
    /// the size once in base85), in lines of 52 bytes.
    public static func dataLines(old: [UInt8], new: [UInt8]) -> [UInt8] {
        literal(new) + literal(old)
    }

    static func literal(_ bytes: [UInt8]) -> [UInt8] {
        Array("literal \(bytes.count)\n".utf8) + base85Lines(storedZlib(bytes)) + [ASCII.newline]
    }

    /// `data` as git's base85 data lines: per 52 bytes a length letter (`lineLength`'s inverse), then five
    /// characters per four bytes (the last group padded with zeros), then a line end.
    public static func base85Lines(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        while start < data.count {
            let end = min(start + 52, data.count)
            let count = end - start
            out.append(count <= 26 ? UInt8(ascii: "A") + UInt8(count - 1) : UInt8(ascii: "a") + UInt8(count - 27))
            var group = start
            while group < end {
                var value: UInt32 = 0
                for k in 0..<4 { value = value << 8 | UInt32(group + k < end ? data[group + k] : 0) }
                var digits = [UInt8](repeating: 0, count: 5)
                for k in (0..<5).reversed() {
                    digits[k] = base85Alphabet[Int(value % 85)]
                    value /= 85
                }
                out += digits
                group += 4
            }
            out.append(ASCII.newline)
            start = end
        }
        return out
    }

    /// `bytes` as a zlib stream of stored deflate blocks (at most 65,535 bytes each) and its Adler-32.
    static func storedZlib(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + 65_535, bytes.count)
            let length = end - start
            out.append(end == bytes.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += bytes[start..<end]
            start = end
        } while start < bytes.count
        let sum = ZlibInflate.adler32(bytes)
        out += [UInt8(sum >> 24), UInt8((sum >> 16) & 0xFF), UInt8((sum >> 8) & 0xFF), UInt8(sum & 0xFF)]
        return out
    }

    private static let base85Alphabet = Array(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~".utf8)

    /// git's base85 alphabet, by value.
    private static let base85Value: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in base85Alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// The number of bytes a data line holds, from its first byte: `A`–`Z` 1–26, `a`–`z` 27–52.
    static func lineLength(_ first: UInt8) -> Int? {
        switch first {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(first) - 0x41 + 1
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(first) - 0x61 + 27
        default: return nil
        }
    }

    /// Appends the bytes of one data line (length letter, then groups of five base85 characters); false when
    /// the line is not well formed.
    static func decodeBase85Line(_ line: Bytes, into out: inout [UInt8]) -> Bool {
        guard var length = line.first.flatMap(lineLength) else { return false }
        let body = line.dropFirst()
        guard body.count == (length + 3) / 4 * 5 else { return false }
        var at = body.startIndex
        while length > 0 {
            var value: UInt64 = 0
            for _ in 0..<5 {
                let digit = base85Value[Int(body[at])]
                guard digit >= 0 else { return false }
                value = value * 85 + UInt64(digit)
                at += 1
            }
            guard value <= 0xFFFF_FFFF else { return false }
            for shift in [24, 16, 8, 0] where length > 0 {
                out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
                length -= 1
            }
        }
        return true
    }
}
