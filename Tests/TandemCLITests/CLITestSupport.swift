import Foundation
import Testing

/// The repository's `fixtures/` folder.
let fixturesPath: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("fixtures").path
}()

/// The built `tandem` executable: `$TANDEM_BINARY`, or the one beside this test bundle.
let tandemBinary: String = {
    if let explicit = ProcessInfo.processInfo.environment["TANDEM_BINARY"] { return explicit }
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: me).deletingLastPathComponent()
    if directory.lastPathComponent == "MacOS" || directory.pathExtension == "xctest" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("tandem").path
}()

/// What a process did.
struct Run {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
}

/// Runs `executable` with `arguments`, feeding `stdin`, in `directory`, with `environment` added.
func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], directory: String? = nil,
         environment: [String: String] = [:]) throws -> Run {
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
    return Run(status: process.terminationStatus, stdout: Array(outData), stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs tandem.
func tandem(_ arguments: String..., stdin: [UInt8] = [], directory: String? = nil, environment: [String: String] = [:]) throws -> Run {
    try run(tandemBinary, arguments, stdin: stdin, directory: directory, environment: environment)
}

/// The well-formed corpus files (`fixtures/patches/*.patch|*.mbox`) and the malformed ones.
func corpusFiles(malformed: Bool = false) -> [String] {
    let directory = fixturesPath + "/patches" + (malformed ? "/malformed" : "")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".patch") || $0.hasSuffix(".mbox") }.sorted().map { directory + "/" + $0 }
}

func readBytes(_ path: String) -> [UInt8] {
    (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

/// Starts tandem with `arguments` in `directory`, kills it with SIGKILL after `delay` seconds (if still
/// running), and waits for it.
func killed(_ arguments: [String], in directory: String, after delay: Double) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tandemBinary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(useconds_t(delay * 1_000_000))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}
