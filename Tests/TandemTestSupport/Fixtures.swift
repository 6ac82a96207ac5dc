// Fixture lookup. The repository's `fixtures/` folder (example fork, patch corpus, fuzz regressions, golden
// files, the scripts that build fixture repositories) is found once, here, from this file's own place:
// up from `#filePath` to the folder holding Package.swift. Tests name fixtures relative to it.
import Foundation

/// Where the repository's fixtures are, and the fixture repositories built from `fixtures/repos`.
public enum Fixtures {
    /// The repository's root: the nearest folder above this source file that holds Package.swift.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    /// The repository's `fixtures/` folder.
    public static let path: String = URL(fileURLWithPath: repositoryRoot).appendingPathComponent("fixtures").path

    /// The bytes of the fixture file at `relative` (to `fixtures/`).
    public static func bytes(_ relative: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)))
    }

    /// Builds the fixture repository `name` with `fixtures/repos/build.sh` at `destination` (by default a new
    /// folder `tandem-NAME-UUID` under the temporary folder) and returns its path. It is built afresh on every
    /// call: a test target builds each one once per run (in a global or static `let`) and reads it only.
    @discardableResult
    public static func buildRepository(_ name: String, at destination: String? = nil) -> String {
        let destination = destination ?? NSTemporaryDirectory() + "tandem-" + name + "-" + UUID().uuidString
        _ = try? run(path + "/repos/build.sh", [name, destination])
        return destination
    }
}
