#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw path bytes as a C string for POSIX calls: paths from patches need not be UTF-8 (Latin-1 file names
/// exist in old trees), so they are never decoded on the way to the file system.
enum CPath {
    static func with<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        let cString = path.map { CChar(bitPattern: $0) } + [0]
        // cString ends with its NUL, so it is not empty: its buffer has a base address.
        // swift-format-ignore: NeverForceUnwrap
        return try cString.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}

extension CPath {
    /// The name in a `readdir` entry, read up to its NUL. The entry is addressed in place: glibc's records
    /// are only as long as their name, so copying the fixed-size `d_name` field would read past the end.
    static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        // d_name is a stored field of the C struct, so it has an offset.
        // swift-format-ignore: NeverForceUnwrap
        let start = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let length = strlen(start.assumingMemoryBound(to: CChar.self))
        return Array(UnsafeRawBufferPointer(start: start, count: length))
    }
}
