// Scratch folders. A test that writes files works in a folder of its own under the system's temporary
// folder, made fresh for it and removed when it ends (`defer { scratch.cleanup() }`), so tests running in
// parallel never see each other's files and a failed test leaves nothing behind in the repository.
import Foundation

/// A fresh folder under the temporary folder, named `tandem-LABEL-UUID`, removed by `cleanup()`.
public struct Scratch: Sendable {
    /// The folder's absolute path, without a trailing slash.
    public let path: String

    /// Makes the folder; `label` goes into its name, to tell leftovers of one test target from another's.
    public init(_ label: String = "scratch") throws {
        path = NSTemporaryDirectory() + "tandem-" + label + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Removes the folder and everything in it (nothing when it is already gone).
    public func cleanup() { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` at `relative`, making its folders, and sets the permission bits `mode` when given.
    public func write(_ relative: String, _ text: String, mode: Int? = nil) throws {
        try Self.writeFile(path + "/" + relative, Array(text.utf8), mode: mode)
    }

    /// Writes `bytes` at `relative`, making its folders.
    public func write(_ relative: String, bytes: [UInt8]) throws {
        try Self.writeFile(path + "/" + relative, bytes, mode: nil)
    }

    /// The text at `relative` (UTF-8, invalid bytes replaced), nil when there is no file.
    public func read(_ relative: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The relative paths of every file under the folder (not folders), sorted.
    public func files() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }
            .sorted()
    }

    /// The names directly in the folder, sorted.
    public func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    /// Copies `source` (a file or a folder) to `relative`; with no `relative`, the copy replaces the scratch
    /// folder itself, so `path` is then a copy of `source`.
    public func copy(_ source: String, to relative: String = "") throws {
        let destination = path + (relative.isEmpty ? "" : "/" + relative)
        if relative.isEmpty { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    /// Writes `bytes` at the absolute `path`, making its folders, and sets `mode` when given.
    static func writeFile(_ path: String, _ bytes: [UInt8], mode: Int?) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path) }
    }
}
