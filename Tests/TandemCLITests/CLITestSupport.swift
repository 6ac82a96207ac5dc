import Foundation
import Testing
import TandemTestSupport

/// The well-formed corpus files (`fixtures/patches/*.patch|*.mbox`) and the malformed ones.
func corpusFiles(malformed: Bool = false) -> [String] {
    let directory = Fixtures.path + "/patches" + (malformed ? "/malformed" : "")
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
