/// Decompresses a zlib stream (RFC 1950 around RFC 1951's deflate), the form of the data in a
/// `GIT binary patch`. Standard library only: TandemCore links no C library.
///
/// The algorithm: after the two-byte zlib header (method 8, window ≤ 32 KiB, no preset dictionary, the
/// header's check bits), blocks follow, each stored (length, its complement, raw bytes), compressed with the
/// fixed Huffman codes, or compressed with codes the block describes (code lengths, themselves Huffman-coded
/// with runs). A code is decoded canonically: per bit length, the first code and the first symbol of that
/// length (zlib's "puff" method, one bit at a time, no tables to build). Lengths 257–285 and distance codes
/// copy earlier output, which may overlap the bytes being written. The Adler-32 of the output ends the stream.
///
/// Untrusted input: every read is bounds-checked, and the output may not exceed `limit` bytes (a binary patch
/// states its size, so a small patch cannot inflate into gigabytes). Any fault is a thrown `Failure` saying
/// what was wrong; nothing traps.
enum ZlibInflate {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The bytes `data` decompresses to, at most `limit` of them.
    static func inflate(_ data: [UInt8], limit: Int) throws -> [UInt8] {
        guard data.count >= 2 else { throw Failure(description: "zlib stream shorter than its header") }
        let cmf = Int(data[0]), flg = Int(data[1])
        guard cmf & 0x0F == 8, cmf >> 4 <= 7 else { throw Failure(description: "not a deflate stream") }
        guard (cmf << 8 | flg) % 31 == 0 else { throw Failure(description: "zlib header check fails") }
        guard flg & 0x20 == 0 else { throw Failure(description: "zlib stream needs a preset dictionary") }
        var state = Inflater(input: data, position: 2, limit: limit)
        try state.run()
        // Adler-32, big-endian, starting at the next byte boundary.
        let at = (state.bitPosition + 7) / 8
        guard at + 4 <= data.count else { throw Failure(description: "zlib stream ends before its checksum") }
        let stated = data[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard stated == adler32(state.output) else { throw Failure(description: "zlib checksum does not match") }
        return state.output
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes keep both sums below 2^32 before the modulo (zlib's NMAX).
            let end = min(index + 5552, bytes.count)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    /// A canonical Huffman code: how many codes of each length (1–15) and the symbols in code order.
    struct Code {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// From the code length of each symbol (0: unused). Over-subscribed lengths are refused; an
        /// incomplete code is allowed (a single distance code is legal), and a missing code fails when read.
        init(lengths: [Int]) throws {
            self.init(unchecked: lengths)
            var left = 1
            for length in 1..<16 {
                left = left * 2 - counts[length]
                if left < 0 { throw Failure(description: "over-subscribed Huffman code") }
            }
        }

        /// From lengths known to make a valid code (the fixed codes).
        init(unchecked lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    struct Inflater {
        let input: [UInt8]
        var bitPosition: Int
        let limit: Int
        var output: [UInt8] = []

        init(input: [UInt8], position: Int, limit: Int) {
            self.input = input
            self.bitPosition = position * 8
            self.limit = limit
        }

        mutating func bits(_ count: Int) throws -> Int {
            var value = 0
            for shift in 0..<count {
                let byte = bitPosition >> 3
                guard byte < input.count else { throw Failure(description: "deflate data cut short") }
                value |= Int(input[byte] >> UInt8(bitPosition & 7) & 1) << shift
                bitPosition += 1
            }
            return value
        }

        mutating func decode(_ code: Code) throws -> Int {
            var value = 0, first = 0, index = 0
            for length in 1..<16 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - count < first { return code.symbols[index + value - first] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw Failure(description: "invalid Huffman code in deflate data")
        }

        mutating func run() throws {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(Self.fixed.lengths, Self.fixed.distances)
                case 2: try dynamic()
                default: throw Failure(description: "invalid deflate block type")
                }
            }
        }

        mutating func stored() throws {
            bitPosition = (bitPosition + 7) & ~7
            var at = bitPosition >> 3
            guard at + 4 <= input.count else { throw Failure(description: "deflate data cut short") }
            let length = Int(input[at]) | Int(input[at + 1]) << 8
            let complement = Int(input[at + 2]) | Int(input[at + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw Failure(description: "stored block length check fails") }
            at += 4
            guard at + length <= input.count else { throw Failure(description: "deflate data cut short") }
            guard output.count + length <= limit else { throw Failure(description: "data longer than stated") }
            output += input[at..<at + length]
            bitPosition = (at + length) * 8
        }

        static let lengthBase = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
            227, 258,
        ]
        static let lengthExtra = [
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
        ]
        static let distanceBase = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
            4097, 6145, 8193, 12289, 16385, 24577,
        ]
        static let distanceExtra = [
            0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
        ]
        static let fixed: (lengths: Code, distances: Code) = {
            var lengths = [Int](repeating: 8, count: 288)
            for symbol in 144..<256 { lengths[symbol] = 9 }
            for symbol in 256..<280 { lengths[symbol] = 7 }
            return (Code(unchecked: lengths), Code(unchecked: [Int](repeating: 5, count: 30)))
        }()

        mutating func codes(_ lengths: Code, _ distances: Code) throws {
            while true {
                let symbol = try decode(lengths)
                if symbol < 256 {
                    guard output.count < limit else { throw Failure(description: "data longer than stated") }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let index = symbol - 257
                    guard index < 29 else { throw Failure(description: "invalid length code in deflate data") }
                    let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                    let code = try decode(distances)
                    guard code < 30 else { throw Failure(description: "invalid distance code in deflate data") }
                    let distance = Self.distanceBase[code] + (try bits(Self.distanceExtra[code]))
                    guard distance <= output.count else {
                        throw Failure(description: "deflate distance reaches before the start of the data")
                    }
                    guard output.count + length <= limit else { throw Failure(description: "data longer than stated") }
                    let from = output.count - distance
                    for offset in 0..<length { output.append(output[from + offset]) }
                }
            }
        }

        mutating func dynamic() throws {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else {
                throw Failure(description: "too many codes in a deflate block")
            }
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var codeLengths = [Int](repeating: 0, count: 19)
            for index in 0..<codeCount { codeLengths[order[index]] = try bits(3) }
            let lengthCode = try Code(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                var repeatCount: Int, value = 0
                switch symbol {
                case 0..<16:
                    lengths.append(symbol)
                    continue
                case 16:
                    guard let previous = lengths.last else {
                        throw Failure(description: "deflate code lengths repeat before the first")
                    }
                    value = previous
                    repeatCount = 3 + (try bits(2))
                case 17: repeatCount = 3 + (try bits(3))
                default: repeatCount = 11 + (try bits(7))
                }
                guard lengths.count + repeatCount <= literalCount + distanceCount else {
                    throw Failure(description: "too many deflate code lengths")
                }
                lengths += [Int](repeating: value, count: repeatCount)
            }
            guard lengths[256] != 0 else { throw Failure(description: "deflate block without an end code") }
            try codes(
                try Code(lengths: Array(lengths[..<literalCount])), try Code(lengths: Array(lengths[literalCount...])))
        }
    }
}
