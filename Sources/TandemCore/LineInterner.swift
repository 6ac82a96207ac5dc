/// Gives every distinct line an integer id, so algorithms compare and hash ints instead of byte slices.
/// Ids are dense (0, 1, 2 …) in order of first appearance.
public struct LineInterner {
    private var ids: [Bytes: Int] = [:]

    public init() {}

    /// The id of `line`, assigned on first sight.
    public mutating func id(_ line: Bytes) -> Int {
        if let id = ids[line] { return id }
        let id = ids.count
        ids[line] = id
        return id
    }

    /// Ids of all `lines`.
    public mutating func ids(_ lines: [Bytes]) -> [Int] { lines.map { id($0) } }

    /// Number of distinct lines seen.
    public var count: Int { ids.count }
}
