import Foundation
import Testing
import TandemTestSupport

/// Issue #16: usage errors are 64 everywhere, and `report --output-dir` says what it wrote.
@Suite("Usage errors")
struct UsageErrorTests {
    let fork = exampleFork + "/fork"
    let base = exampleFork + "/upstream/linux-2.6.11"

    /// `tandem help TOPIC` with a TOPIC that names no command is a usage error, as an unknown option is.
    @Test func helpWithAnUnknownTopic() throws {
        for (arguments, status) in [
            (["help", "nosuch"], Int32(64)), (["help", "port", "nosuch"], 64), (["help", "port"], 0), (["help"], 0),
        ] {
            let result = try run(tandemBinary, arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
        }
        let unknown = try tandem("help", "nosuch")
        #expect(
            unknown.stderr.contains("help: no command 'nosuch' (commands: stat, filter, apply, port, map"),
            "\(unknown.stderr)")
    }

    /// Validation paths that let a usage error through (exit 0, 1 or 2 before).
    @Test(arguments: [
        [
            "siblings", "-p-1", "--tree", exampleFork + "/upstream/linux-2.6.11", "--map",
            exampleFork + "/fork/tandem.yml", release,
        ],
        ["report", "--port", "x.json", "--fork", ".", "--format", "json"],
        ["port", "--fork", exampleFork + "/fork", "--check", "--apply", release],
        ["map", "--force"],
        ["report", "--output-dir", "reports"],
    ])
    func usageErrorsAre64(arguments: [String]) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try run(tandemBinary, arguments, directory: scratch.path)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
    }

    /// `report --output-dir` prints nothing else, so it says what it wrote and what was found: an exit
    /// status of 1 is never the only trace in a CI log.
    @Test func reportToAFolderSaysWhatItWrote() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try tandem(
            "port", "--fork", fork, "--base", base, "--check", "--report", scratch.path + "/port.json", release)
        let result = try run(
            tandemBinary, ["report", "--port", "port.json", "--output-dir", "out"], directory: scratch.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            String(decoding: result.stdout, as: UTF8.self)
                == "reports: out/tandem.junit.xml, out/tandem.sarif, out/tandem.md, out/tandem.report.json (3 errors, 0 warnings, 3 notes)\n"
        )
    }
}
