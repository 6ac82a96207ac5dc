/// Path-name arithmetic on raw bytes: stripping leading components (`patch -p N`) and the `/dev/null` name.
public enum PatchPath {
    /// The name `diff` and git use for "no file".
    public static let devNull: [UInt8] = Array("/dev/null".utf8)

    /// `name` without its first `components` slash-separated components, or nil when it has no more than that
    /// many (so `-p1` on a bare `Makefile` has no name, as in GNU patch). Repeated slashes count as one.
    public static func strip<C: Collection<UInt8>>(_ name: C, components: Int) -> [UInt8]? where C.Index == Int {
        var start = name.startIndex
        var left = components
        while left > 0 {
            guard let slash = name[start...].firstIndex(of: ASCII.slash) else { return nil }
            start = slash + 1
            while start < name.endIndex, name[start] == ASCII.slash { start += 1 }
            left -= 1
        }
        return start < name.endIndex ? Array(name[start...]) : nil
    }

    /// The first `components` components of `name`, with their slashes (what `strip` removes); nil when
    /// `strip` leaves no name (`+++ lin` with `-p1`: a name cut short lends no prefix).
    public static func prefix(_ name: [UInt8], components: Int) -> [UInt8]? {
        guard let rest = strip(name, components: components) else { return nil }
        return Array(name[..<(name.count - rest.count)])
    }
}
