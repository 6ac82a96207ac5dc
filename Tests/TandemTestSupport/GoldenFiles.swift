// Golden files. Where an output is too large to assert on piece by piece (the report formats, the
// dashboard), a test compares it byte for byte with a file kept under `fixtures/golden/`. After a deliberate
// change of output, `RECORD_GOLDEN=1 swift test --filter TEST` rewrites the golden files from what the code
// makes now; the diff of `fixtures/golden/` is then reviewed and committed with the change.
import Foundation

/// A folder of golden files: expected outputs, compared byte for byte, rewritten when recording.
public struct GoldenFiles: Sendable {
    /// Whether this run records (`RECORD_GOLDEN=1` in the environment) instead of comparing.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    /// The folder's absolute path.
    public let folder: String

    /// The golden files in `folder` (an absolute path, usually under `Fixtures.path + "/golden"`).
    public init(_ folder: String) {
        self.folder = folder
    }

    /// Whether `bytes` equal the golden file `name`. When recording, writes `bytes` there first (making the
    /// folder), so they do.
    public func matches(_ bytes: [UInt8], _ name: String) throws -> Bool {
        let path = folder + "/" + name
        if Self.isRecording {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        return (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) == bytes
    }
}
