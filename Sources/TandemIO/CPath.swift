/// Raw path bytes as a C string for POSIX calls: paths from patches need not be UTF-8 (Latin-1 file names
/// exist in old trees), so they are never decoded on the way to the file system.
enum CPath {
    static func with<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        let cString = path.map { CChar(bitPattern: $0) } + [0]
        return try cString.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}
