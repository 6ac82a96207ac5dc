/// git's similarity score of a rename (`similarity index N%`), as `diffcore-rename` computes it, so that a
/// rename tandem finds in history is one git would report, with the same percentage.
///
/// Each file is cut into chunks that end at a line feed or after 64 bytes (a CR before a LF is skipped in
/// text), each chunk is hashed (git's rolling hash, modulo 107,927) and the bytes are counted per hash (a
/// last chunk with neither is left out, as git leaves it).
/// The bytes the destination copied from the source are, per hash, the smaller of the two counts; the
/// score is copied bytes / the larger file's size. Files whose sizes differ by more than half the larger
/// one score 0 without being hashed, as in git. Linear in the two sizes.
public enum RenameScore {
    /// The score in percent (0…100), rounded down as git prints it.
    public static func percent(_ source: [UInt8], _ destination: [UInt8]) -> Int {
        if ByteCompare.equal(source, destination) { return 100 }
        let larger = max(source.count, destination.count), smaller = min(source.count, destination.count)
        guard !destination.isEmpty, (larger - smaller) * 2 <= larger else { return 0 }
        let from = chunks(source), to = chunks(destination)
        var copied = 0
        for (hash, count) in from { if let other = to[hash] { copied += min(count, other) } }
        return copied * 100 / larger
    }

    /// Bytes per chunk hash (git's `hash_chars`).
    static func chunks(_ bytes: [UInt8]) -> [UInt32: Int] {
        let text = !UnifiedDiffWriter.isBinary(bytes)
        var out: [UInt32: Int] = [:]
        var accum1: UInt32 = 0, accum2: UInt32 = 0, n = 0
        var index = 0
        while index < bytes.count {
            let c = bytes[index]
            index += 1
            if text && c == 0x0D && index < bytes.count && bytes[index] == 0x0A { continue }
            let old1 = accum1
            accum1 = (accum1 << 7) ^ (accum2 >> 25)
            accum2 = (accum2 << 7) ^ (old1 >> 25)
            accum1 &+= UInt32(c)
            n += 1
            if n < 64 && c != 0x0A { continue }
            let hash = (accum1 &+ accum2 &* 0x61) % 107_927
            out[hash, default: 0] += n
            n = 0
            accum1 = 0
            accum2 = 0
        }
        // (A last chunk with neither a line feed nor 64 bytes is not counted, as in git.)
        return out
    }
}
