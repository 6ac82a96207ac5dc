/// Orders version-like names the way people read them: `v2.6.9` < `v2.6.11` < `v2.6.11.1`.
///
/// Names are compared as runs of digits (by value) and runs of other bytes (bytewise). Where one name is a
/// prefix of the other, the shorter comes first, so `v2.6.12` sorts before `v2.6.12-rc1`, as in git's
/// `--sort=version:refname` without a suffix configuration.
public enum VersionOrder {
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
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
                if a[i] != b[j] { return a[i] < b[j] }
                i += 1
                j += 1
            }
        }
        return a.count - i < b.count - j
    }
}
