/// SHA-1 (FIPS 180-4), for git's object names: a binary patch names the blobs before and after by their ids,
/// and `tandem apply` checks both, as `git apply` does, before it writes a byte.
///
/// The algorithm: pad the message with `0x80`, zeros and its length in bits (big-endian, 64 bits) to a
/// multiple of 64 bytes; run the 80-round compression over each 64-byte block, expanding its 16 words to 80
/// with `w[t] = rotl1(w[t-3] ^ w[t-8] ^ w[t-14] ^ w[t-16])`. Whole blocks are read in place from the caller's
/// buffer (a firmware blob of 20 MB is hashed twice per binary patch, so no byte is copied on the way); only a
/// block split between two `update` calls goes through a 64-byte buffer. Used here as git uses it, to name
/// content, not to resist an attacker (git's own collision detection is not repeated).
struct SHA1 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// The 20-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hash = SHA1()
        hash.update(bytes)
        return hash.finish()
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        length &+= UInt64(buffer.count)
        var at = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, buffer.count)
            pending += buffer[0..<take]
            at = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { if let block = $0.baseAddress { compress(block) } }
            pending.removeAll(keepingCapacity: true)
        }
        guard let base = buffer.baseAddress else { return }
        while at + 64 <= buffer.count {
            compress(base + at)
            at += 64
        }
        pending += buffer[at...]
    }

    /// The digest of everything given to `update`.
    mutating func finish() -> [UInt8] {
        let bits = length &* 8
        var tail = pending + [0x80]
        tail += [UInt8](repeating: 0, count: (tail.count <= 56 ? 56 : 120) - tail.count)
        tail += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
        tail.withUnsafeBytes { blocks in
            guard let base = blocks.baseAddress else { return }
            compress(base)
            if blocks.count == 128 { compress(base + 64) }
        }
        return [state.0, state.1, state.2, state.3, state.4].flatMap { word in
            (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) }
        }
    }

    /// One 64-byte block at `block`.
    private mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { words in
            for t in 0..<16 {
                words[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
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
    }
}

extension ObjectID {
    /// The id git gives a blob holding `bytes`: SHA-1 of `blob <size>\0` followed by the bytes.
    public static func blob(of bytes: [UInt8]) -> ObjectID {
        var hash = SHA1()
        hash.update(Array("blob \(bytes.count)\0".utf8))
        hash.update(bytes)
        return ObjectID(bytes: hash.finish())
    }

    /// True for the id of zeros, which git's `index` line gives the side that has no file.
    public var isZero: Bool { self == ObjectID(bytes: []) }
}
