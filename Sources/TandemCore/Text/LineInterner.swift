/// Gives every distinct line an integer id, so algorithms compare and hash ints instead of byte slices.
/// Ids are dense (0, 1, 2 …) in order of first appearance.
///
/// A purpose-built open-addressing hash table (linear probing, power-of-two size, load ≤ ½) keyed by a
/// fast 64-bit hash of the line's bytes taken eight at a time (multiply–xorshift, as in FxHash/wyhash),
/// with a full byte comparison on hash equality. Interning is the hottest loop of placement and diffing;
/// the standard `Dictionary` with SipHash spent most of its time seeding and finalising hashers.
/// Not resistant to hash flooding: inputs are source files, and a flood costs time, never correctness.
public struct LineInterner {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keys: [Bytes] = []
    private var mask: Int

    public init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        hashes.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    /// Number of distinct lines seen.
    public var count: Int { keys.count }

    /// True when ids from `low` to `high` may be an interner's for `lines` lines (none negative, none far past
    /// the count of lines seen): small enough to index tables by id. The interner of a file and its hunks
    /// stays within this; ids made otherwise are looked up, or renumbered, instead.
    static func indexable(low: Int, high: Int, lines: Int) -> Bool { low >= 0 && high < 4 * lines + 1024 }

    /// The id of `line`, assigned on first sight.
    public mutating func id(_ line: Bytes) -> Int {
        let hash = Self.hash(line)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot < 0 { break }
            let id = Int(slot)
            if hashes[id] == hash && ByteCompare.equal(keys[id], line) { return id }
            index = (index + 1) & mask
        }
        let id = keys.count
        keys.append(line)
        hashes.append(hash)
        slots[index] = Int32(truncatingIfNeeded: id)
        if keys.count * 2 > slots.count { grow() }
        return id
    }

    /// Whether the line with this id holds only blanks (spaces, tabs, line end).
    public func isBlank(_ id: Int) -> Bool { keys[id].allSatisfy(ASCII.isBlank) }

    /// Ids of all `lines`.
    public mutating func ids(_ lines: [Bytes]) -> [Int] { lines.map { id($0) } }

    /// Ids of the lines of `table`.
    mutating func ids(_ table: LineTable) -> [Int] {
        (0..<table.count).map { id(table[$0]) }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] >= 0 { index = (index + 1) & mask }
            slots[index] = Int32(truncatingIfNeeded: id)
        }
    }

    /// 64-bit hash of the bytes: eight bytes per step, then the tail, then a final avalanche.
    @inline(__always)
    static func hash(_ bytes: Bytes) -> UInt64 {
        bytes.withUnsafeBytes { raw -> UInt64 in
            let k: UInt64 = 0x9E37_79B9_7F4A_7C15
            var h = UInt64(truncatingIfNeeded: raw.count) &* k
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
                h ^= h >> 32
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* k
            h ^= h >> 29
            h = h &* 0xBF58_476D_1CE4_E5B9
            return h ^ (h >> 32)
        }
    }
}

/// Fast equality of byte ranges, eight bytes at a time.
enum ByteCompare {
    @inline(__always)
    static func equal(_ a: Bytes, _ b: Bytes) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                var i = 0
                let n = x.count
                while i + 8 <= n {
                    if x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        != y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    {
                        return false
                    }
                    i += 8
                }
                while i < n {
                    if x[i] != y[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Equality of whole arrays through the same loop (Array's `==` compares element by element).
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool { equal(a[...], b[...]) }
}
