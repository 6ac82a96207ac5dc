/// Gives every distinct line an integer id, so algorithms compare and hash ints instead of byte slices.
/// Ids are dense (0, 1, 2 …) in order of first appearance.
public struct LineInterner {
    /// A line as a dictionary key, hashed in one call over its bytes (the default `ArraySlice` hashing feeds
    /// the hasher one byte at a time, which dominated placement profiles).
    struct Key: Hashable {
        let bytes: Bytes

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.bytes.count == rhs.bytes.count && lhs.bytes.withUnsafeBytes { a in
                rhs.bytes.withUnsafeBytes { b in a.elementsEqual(b) }
            }
        }
    }

    private var ids: [Key: Int] = [:]

    public init(capacity: Int = 0) { ids.reserveCapacity(capacity) }

    /// The id of `line`, assigned on first sight.
    public mutating func id(_ line: Bytes) -> Int {
        let key = Key(bytes: line)
        if let id = ids[key] { return id }
        let id = ids.count
        ids[key] = id
        return id
    }

    /// Ids of all `lines`.
    public mutating func ids(_ lines: [Bytes]) -> [Int] { lines.map { id($0) } }

    /// Ids of the lines of `table`.
    mutating func ids(_ table: LineTable) -> [Int] {
        ids.reserveCapacity(ids.count + table.count)
        return (0..<table.count).map { id(table[$0]) }
    }

    /// Number of distinct lines seen.
    public var count: Int { ids.count }
}
