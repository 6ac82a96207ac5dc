// Subprocesses. Tests run tandem itself, git, GNU patch, Python and the fixture scripts as child processes;
// `run` is the one place that starts them, feeds their stdin and collects their stdout and stderr.
import Foundation

/// What a process did: its exit status (or terminating signal), its stdout bytes and its stderr text.
public struct Run: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: String

    public init(status: Int32, stdout: [UInt8], stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs `executable` with `arguments`, feeding `stdin`, in `directory`, with `environment` added to this
/// process's, and waits for it. Throws only when the process cannot be started.
public func run(
    _ executable: String, _ arguments: [String], stdin: [UInt8] = [], directory: String? = nil,
    environment: [String: String] = [:]
) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Drain both pipes concurrently so a large output cannot block the child. The semaphore orders the reader
    // thread's write of `errData` before the read below (ThreadSanitizer sees it).
    nonisolated(unsafe) var errData = Data()
    let errDone = DispatchSemaphore(value: 0)
    let errThread = Thread {
        errData = error.fileHandleForReading.readDataToEndOfFile()
        errDone.signal()
    }
    errThread.start()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(stdin))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errDone.wait()
    return Run(
        status: process.terminationStatus, stdout: Array(outData), stderr: String(decoding: errData, as: UTF8.self))
}
