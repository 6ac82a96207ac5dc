#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver, reached by name: the fuzz targets link with `-sanitize=fuzzer`, which provides it.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// Runs libFuzzer with the process's arguments and `check` as the per-input callback, and exits with its
/// status.
public func runFuzzer(_ check: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, check))
}

/// The input as bytes.
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the run with a message libFuzzer records with the crashing input.
public func failure(_ message: String) -> Never {
    fatalError("fuzz check failed: " + message)
}

/// Splits an input in two at the first `\0\0` (or in the middle): two texts from one input.
public func split(_ input: [UInt8]) -> ([UInt8], [UInt8]) {
    if let at = (0..<max(input.count - 1, 0)).first(where: { input[$0] == 0 && input[$0 + 1] == 0 }) {
        return (Array(input[..<at]), Array(input[(at + 2)...]))
    }
    return (Array(input[..<(input.count / 2)]), Array(input[(input.count / 2)...]))
}
