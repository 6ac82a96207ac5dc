#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files atomic writes go through: `.tandem-tmp-PID-XXXXXX` beside the target. A run killed
/// between creating one and renaming it (SIGKILL, power loss) leaves it behind; the name carries the
/// writer's process id, so the next run that writes into that folder removes the ones whose process is
/// gone, and never those of a tandem still running there.
enum TemporaryFile {
    static let prefix = ".tandem-tmp-"

    private static let swept = Locked<Set<[UInt8]>>([])

    /// Creates the temporary file in the folder of `path` (raw bytes), so a rename can put it in place;
    /// returns its descriptor and NUL-terminated path. Sweeps leftovers of dead runs from the folder the
    /// first time.
    static func create(beside path: [UInt8]) -> (fd: Int32, template: [CChar]) {
        let slash = path.lastIndex(of: 0x2F)
        let directory: [UInt8] = slash.map { $0 == 0 ? [0x2F] : Array(path[..<$0]) } ?? [0x2E]
        sweep(directory)
        var template = (directory + Array("/\(prefix)\(getpid())-XXXXXX".utf8)).map { CChar(bitPattern: $0) } + [0]
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        return (fd, template)
    }

    /// Removes `directory`'s temporary files whose process no longer exists (once per folder per run).
    static func sweep(_ directory: [UInt8]) {
        guard swept.withLock({ $0.insert(directory).inserted }) else { return }
        guard let stream = CPath.with(directory, { opendir($0) }) else { return }
        defer { closedir(stream) }
        let mine = getpid()
        while let entry = readdir(stream) {
            let name = CPath.entryName(entry)
            guard name.starts(with: prefix.utf8) else { continue }
            let rest = name.dropFirst(prefix.utf8.count)
            guard let dash = rest.firstIndex(of: UInt8(ascii: "-")),
                  let pid = Int32(String(decoding: rest[..<dash], as: UTF8.self)), pid != mine else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                _ = CPath.with(directory + [UInt8(ascii: "/")] + name) { unlink($0) }
            }
        }
    }
}
