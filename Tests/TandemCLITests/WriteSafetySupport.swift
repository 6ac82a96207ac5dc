import Foundation
import Testing
import TandemTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for the write-safety tests (issue #15): what is on disk (without following links), runs with a
/// umask, a time limit or a memory limit, and git repositories built with the git CLI.

/// What `lstat` says about a path: its type (`S_IFREG`, `S_IFLNK`…), permission bits (with setuid, setgid,
/// sticky) and owner; nil when nothing is there.
struct Node: Equatable {
    var type: mode_t
    var bits: mode_t
    var uid: uid_t
    var gid: gid_t

    init?(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        type = info.st_mode & S_IFMT
        bits = info.st_mode & 0o7777
        uid = info.st_uid
        gid = info.st_gid
    }

    var isFIFO: Bool { type == S_IFIFO }
    var isLink: Bool { type == S_IFLNK }
}

/// The target of the symbolic link at `path`, nil when it is not one.
func linkTarget(_ path: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: path)
}

/// Everything under `root` (links not followed), by relative path: `dir`, `file MODE CONTENT`, `link TARGET`
/// or `other`. Two snapshots are equal when nothing was written, created, removed or chmod-ed.
func snapshot(_ root: String) -> [String: String] {
    var out: [String: String] = [:]
    func visit(_ relative: String) {
        let full = relative.isEmpty ? root : root + "/" + relative
        for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
            let child = relative.isEmpty ? name : relative + "/" + name
            guard let node = Node(root + "/" + child) else { continue }
            switch node.type {
            case S_IFDIR:
                out[child] = "dir"
                visit(child)
            case S_IFREG:
                out[child] =
                    "file \(String(node.bits, radix: 8)) "
                    + String(decoding: readBytes(root + "/" + child), as: UTF8.self)
            case S_IFLNK: out[child] = "link " + (linkTarget(root + "/" + child) ?? "?")
            default: out[child] = "other"
            }
        }
    }
    visit("")
    return out
}

/// The tree as git sees it: files (content and executable bit) and links (target), no folders. A
/// leftover temporary file shows up as a file.
func gitView(_ root: String) -> [String: String] {
    snapshot(root).compactMapValues { entry in
        if entry == "dir" { return nil }
        guard entry.hasPrefix("file ") else { return entry }
        let fields = entry.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        let bits = Int(fields[1], radix: 8) ?? 0
        return (bits & 0o100 != 0 ? "executable " : "regular ") + (fields.count > 2 ? String(fields[2]) : "")
    }
}

/// Names of tandem's temporary files anywhere under `root`.
func temporaryLeftovers(_ root: String) -> [String] {
    snapshot(root).keys.filter { ($0 as NSString).lastPathComponent.hasPrefix(".tandem-tmp-") }.sorted()
}

/// The error lines tandem printed, when there is exactly one and it is tandem's.
func oneErrorLine(_ run: Run) -> Bool {
    run.stderr.split(separator: "\n").count == 1 && run.stderr.hasPrefix("tandem: ")
}

/// Runs tandem under `umask`, through the shell (the test process's own umask is shared by every thread).
func tandem(umask mask: String, _ arguments: [String], directory: String) throws -> Run {
    try run("/bin/sh", ["-c", "umask \(mask); exec \"$0\" \"$@\"", tandemBinary] + arguments, directory: directory)
}

/// A run that must end on its own: killed (and `timedOut` set) after `seconds`, or once its resident
/// memory passes `maxResidentMiB`, so a regression that hangs or eats memory fails the test instead of
/// the suite or the machine.
struct LimitedRun {
    var run: Run
    var timedOut: Bool
    var outgrewMemory: Bool
}

func limitedRun(
    _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
    seconds: Double = 10, maxResidentMiB: Int = 1024
) throws -> LimitedRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe(), error = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let drained = Collected()
    let done = DispatchSemaphore(value: 0)
    Thread {
        drained.set(out: output.fileHandleForReading.readDataToEndOfFile())
        done.signal()
    }.start()
    Thread {
        drained.set(err: error.fileHandleForReading.readDataToEndOfFile())
        done.signal()
    }.start()
    let start = Date()
    var timedOut = false, outgrew = false
    while process.isRunning {
        if Date().timeIntervalSince(start) > seconds {
            timedOut = true
        } else if residentMiB(process.processIdentifier) > maxResidentMiB {
            outgrew = true
        }
        if timedOut || outgrew {
            kill(process.processIdentifier, SIGKILL)
            break
        }
        usleep(20_000)
    }
    process.waitUntilExit()
    done.wait()
    done.wait()
    let (out, err) = drained.get()
    return LimitedRun(
        run: Run(status: process.terminationStatus, stdout: Array(out), stderr: String(decoding: err, as: UTF8.self)),
        timedOut: timedOut, outgrewMemory: outgrew)
}

/// The resident set of a process in MiB (0 once it is gone).
private func residentMiB(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
}

/// Output collected by reader threads, handed over under a lock.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(out data: Data) { lock.withLock { out = data } }
    func set(err data: Data) { lock.withLock { err = data } }
    func get() -> (Data, Data) { lock.withLock { (out, err) } }
}

/// A flag one thread sets and another polls.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

/// Reads a FIFO from a `cat` process, so that a writer can open it. `finish()` waits a few seconds for the
/// writer to close it; a reader still blocked then (nobody wrote into the FIFO) is killed.
final class FIFOReader {
    private let process = Process()
    private let output = Pipe()

    init(_ path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/bin/cat")
        process.arguments = [path]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// What came through the FIFO, and whether its writer ever closed it.
    func finish(within seconds: Double = 5) -> (bytes: [UInt8], closed: Bool) {
        let start = Date()
        while process.isRunning && Date().timeIntervalSince(start) < seconds { usleep(20_000) }
        let closed = !process.isRunning
        if !closed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (Array(output.fileHandleForReading.readDataToEndOfFile()), closed)
    }
}

/// Runs git in `directory` as `RepositoryBuilder` does (fixed identity and dates); the run must succeed.
@discardableResult
func gitIn(_ directory: String, _ arguments: String...) throws -> Run {
    let result = try RepositoryBuilder(existing: directory).run(arguments)
    #expect(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
    return result
}

/// Exchanges two names atomically (`renameat2` with `RENAME_EXCHANGE`, looked up at run time since Glibc's
/// module does not declare it), or with three renames where the kernel lacks it.
func swapNames(_ a: String, _ b: String) {
    typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    let renameExchange: UInt32 = 2  // RENAME_EXCHANGE
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2"),
        unsafeBitCast(symbol, to: Renameat2.self)(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    {
        return
    }
    let aside = a + ".swapping"
    rename(a, aside)
    rename(b, a)
    rename(aside, b)
}

/// `cp -a`: a copy of a tree with its links, modes and empty folders.
func copyTree(_ source: String, to destination: String) throws {
    try? FileManager.default.removeItem(atPath: destination)
    let result = try run("/bin/cp", ["-a", source, destination])
    #expect(result.status == 0, "cp -a: \(result.stderr)")
}
