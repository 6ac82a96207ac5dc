// The tandem executable under test. The command-line tests run the built binary as users do (arguments,
// stdin, exit status, stdout and stderr), not its library entry point: `$TANDEM_BINARY` when set, otherwise
// the `tandem` beside the running test bundle (so a sanitized build's tests run its sanitized binary).
import Foundation

/// The built `tandem` executable: `$TANDEM_BINARY`, or the one beside this test bundle.
public let tandemBinary: String = {
    if let explicit = ProcessInfo.processInfo.environment["TANDEM_BINARY"] { return explicit }
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: me).deletingLastPathComponent()
    if directory.lastPathComponent == "MacOS" || directory.pathExtension == "xctest" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("tandem").path
}()

/// Runs tandem with `arguments`, feeding `stdin`, in `directory`, with `environment` added.
public func tandem(
    _ arguments: String..., stdin: [UInt8] = [], directory: String? = nil, environment: [String: String] = [:]
) throws -> Run {
    try run(tandemBinary, arguments, stdin: stdin, directory: directory, environment: environment)
}
