/// Applies a git delta (the `delta N` form of a `GIT binary patch`, as in pack files) to a source buffer.
///
/// The format: the source size and the result size as little-endian base-128 numbers, then instructions
/// until the end. An instruction byte with the high bit set copies from the source: bits 0–3 say which of
/// four offset bytes follow, bits 4–6 which of three size bytes (absent bytes are zero; a size of zero
/// means 0x10000). A byte 1–127 inserts that many literal bytes that follow it. Byte 0 is reserved.
///
/// Untrusted input: the source size must be the source's, every copy must lie inside the source, every insert
/// inside the delta, and the result must come out at the stated size; any fault is a thrown `Failure`.
enum GitDelta {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The result of applying `delta` to `source`.
    static func apply(_ delta: [UInt8], to source: [UInt8]) throws -> [UInt8] {
        var at = 0
        func size() throws -> Int {
            var value = 0, shift = 0
            while true {
                guard at < delta.count, shift < 63 else { throw Failure(description: "delta header cut short") }
                let byte = delta[at]
                at += 1
                value |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
        }
        let sourceSize = try size(), resultSize = try size()
        guard sourceSize == source.count else {
            throw Failure(
                description: "delta made against \(sourceSize) bytes, but the file has \(source.count)")
        }
        var result: [UInt8] = []
        result.reserveCapacity(min(resultSize, 1 << 26))
        while at < delta.count {
            let op = delta[at]
            at += 1
            if op & 0x80 != 0 {
                var offset = 0, length = 0
                for bit in 0..<4 where op & (1 << bit) != 0 {
                    guard at < delta.count else { throw Failure(description: "delta copy cut short") }
                    offset |= Int(delta[at]) << (8 * bit)
                    at += 1
                }
                for bit in 0..<3 where op & (0x10 << bit) != 0 {
                    guard at < delta.count else { throw Failure(description: "delta copy cut short") }
                    length |= Int(delta[at]) << (8 * bit)
                    at += 1
                }
                if length == 0 { length = 0x10000 }
                guard offset + length <= source.count else {
                    throw Failure(description: "delta copies past the end of the file")
                }
                guard result.count + length <= resultSize else {
                    throw Failure(description: "delta result longer than stated")
                }
                result += source[offset..<offset + length]
            } else if op != 0 {
                let length = Int(op)
                guard at + length <= delta.count else { throw Failure(description: "delta insert cut short") }
                guard result.count + length <= resultSize else {
                    throw Failure(description: "delta result longer than stated")
                }
                result += delta[at..<at + length]
                at += length
            } else {
                throw Failure(description: "reserved delta instruction 0")
            }
        }
        guard result.count == resultSize else {
            throw Failure(description: "delta result is \(result.count) bytes, not the stated \(resultSize)")
        }
        return result
    }
}
