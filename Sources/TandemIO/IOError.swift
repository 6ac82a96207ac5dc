#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Trouble in the environment (a file that cannot be read or written), as one "what: why" line.
public struct IOError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// `cannot read 'x.patch': No such file or directory` from the current `errno`.
    static func errno(_ what: String, _ path: String, code: Int32 = Glibc.errno) -> IOError {
        IOError("\(what) '\(path)': \(String(cString: strerror(code)))")
    }

    public var description: String { message }
}
