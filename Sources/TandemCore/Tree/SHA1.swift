/// SHA-1 (FIPS 180-4), for git's object names: a binary patch names the blobs before and after by their ids,
/// and `tandem apply` checks both, as `git apply` does, before it writes a byte.
///
/// The algorithm: pad the message with `0x80`, zeros and its length in bits (big-endian, 64 bits) to a
/// multiple of 64 bytes; run the 80-round compression over each 64-byte block, expanding its 16 words to 80
/// with `w[t] = rotl1(w[t-3] ^ w[t-8] ^ w[t-14] ^ w[t-16])`. Used here as git uses it, to name content, not to
/// resist an attacker (git's own collision detection is not repeated).
enum SHA1 {
    /// The 20-byte digest of `bytes`.
    static func digest<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
        )
        var block = [UInt8]()
        block.reserveCapacity(64)
        var words = [UInt32](repeating: 0, count: 80)
        func compress(_ block: [UInt8]) {
            for t in 0..<16 {
                words[t] =
                    UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16 | UInt32(block[4 * t + 2]) << 8
                    | UInt32(block[4 * t + 3])
            }
            for t in 16..<80 {
                let x = words[t - 3] ^ words[t - 8] ^ words[t - 14] ^ words[t - 16]
                words[t] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = state
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ words[t]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
        }
        var length: UInt64 = 0
        for byte in bytes {
            block.append(byte)
            length &+= 1
            if block.count == 64 {
                compress(block)
                block.removeAll(keepingCapacity: true)
            }
        }
        block.append(0x80)
        if block.count > 56 {
            block += [UInt8](repeating: 0, count: 64 - block.count)
            compress(block)
            block.removeAll(keepingCapacity: true)
        }
        block += [UInt8](repeating: 0, count: 56 - block.count)
        let bits = length &* 8
        block += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
        compress(block)
        return [state.0, state.1, state.2, state.3, state.4].flatMap { word in
            (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
        }
    }
}

extension ObjectID {
    /// The id git gives a blob holding `bytes`: SHA-1 of `blob <size>\0` followed by the bytes.
    public static func blob(of bytes: [UInt8]) -> ObjectID {
        ObjectID(bytes: SHA1.digest(Array("blob \(bytes.count)\0".utf8) + bytes))
    }

    /// True for the id of zeros, which git's `index` line gives the side that has no file.
    public var isZero: Bool { self == ObjectID(bytes: []) }
}
