/// Orders version-like names the way people read them: `v2.6.9` < `v2.6.11` < `v2.6.11.1`.
///
/// Names are compared as runs of digits (by value) and runs of other bytes (bytewise). Where one name is a
/// prefix of the other, the shorter comes first, so `v2.6.12` sorts before `v2.6.12-rc1`, as in git's
/// `--sort=version:refname` without a suffix configuration (`precedes`).
///
/// `releasePrecedes` is the same order with git's `versionsort.suffix` set to the pre-release suffixes
/// `-rc`, `-pre` and `-test`: where the names part, the one continuing with such a suffix comes first, so
/// `2.6.16-rc1` < `2.6.16-rc1-git4` < `2.6.16-rc2` < `2.6.16` < `2.6.16.1`. A suffix is recognised when it
/// starts at the point the names part or up to two bytes before it (`2.6.16-rc1` against `2.6.16-git1`
/// part after `2.6.16-`). Both orders are linear in the names' length.
public enum VersionOrder {
    /// The pre-release suffixes `releasePrecedes` sorts before their release.
    public static let preReleaseSuffixes = ["-rc", "-pre", "-test"]

    /// True when `lhs` sorts before `rhs` (a name that is a prefix of the other first).
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        order(Array(lhs.utf8), Array(rhs.utf8), suffixes: [])
    }

    /// True when `lhs` sorts before `rhs`, pre-releases (`-rc1`) before their release.
    public static func releasePrecedes(_ lhs: String, _ rhs: String) -> Bool {
        order(Array(lhs.utf8), Array(rhs.utf8), suffixes: preReleaseSuffixes.map { Array($0.utf8) })
    }

    static func order(_ a: [UInt8], _ b: [UInt8], suffixes: [[UInt8]]) -> Bool {
        var i = 0, j = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                var ie = i, je = j
                while ie < a.count, isDigit(a[ie]) { ie += 1 }
                while je < b.count, isDigit(b[je]) { je += 1 }
                // Compare by value: strip leading zeros, then length, then bytes.
                let x = a[i..<ie].drop { $0 == 0x30 }, y = b[j..<je].drop { $0 == 0x30 }
                if x.count != y.count { return x.count < y.count }
                if !x.elementsEqual(y) { return x.lexicographicallyPrecedes(y) }
                i = ie
                j = je
            } else {
                if a[i] != b[j] { break }
                i += 1
                j += 1
            }
        }
        if i == a.count && j == b.count { return false }
        let aPre = preRelease(a, at: i, suffixes), bPre = preRelease(b, at: j, suffixes)
        if aPre != bPre { return aPre }
        if i < a.count && j < b.count { return a[i] < b[j] }
        return a.count - i < b.count - j
    }

    /// True when one of `suffixes` starts in `name` at `index` or up to its length − 1 bytes before, and
    /// reaches past `index` (so the part the two names share cannot hold all of it).
    static func preRelease(_ name: [UInt8], at index: Int, _ suffixes: [[UInt8]]) -> Bool {
        for suffix in suffixes {
            for back in 0..<suffix.count where back <= index {
                let start = index - back
                if name.count - start >= suffix.count, name[start..<start + suffix.count].elementsEqual(suffix) {
                    return true
                }
            }
        }
        return false
    }
}
