import ArgumentParser
import Tandem
import TandemCore
import TandemIO

/// `tandem filter [PATCH|-] [--include GLOB]… [--exclude GLOB]… [-p N] [--rename FROM=TO]… [-o FILE]`
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Print selected file patches byte for byte, optionally with renamed path prefixes.",
        discussion: """
            With no options the output equals the input. Globs match the path after -p stripping; '*' also \
            matches '/', and a pattern ending in '/' selects a whole directory. --rename rewrites path prefixes \
            in every header line: --rename arch/i386/=arch/xen/i386/. \
            Exit status: 0; 1 when parts of the patch are malformed (kept as read); 2 unreadable input or \
            unwritable output.
            """
    )

    @OptionGroup var input: PatchInput

    @Option(name: .customLong("include"), help: "Keep file patches whose path matches GLOB (repeatable).")
    var includes: [String] = []

    @Option(name: .customLong("exclude"), help: "Drop file patches whose path matches GLOB (repeatable).")
    var excludes: [String] = []

    @Option(name: .customLong("rename"), help: "Rewrite the path prefix FROM to TO in headers (FROM=TO, repeatable).")
    var renames: [String] = []

    @Option(
        name: [.customShort("o"), .customLong("output")], help: "Write to FILE (atomically) instead of standard output."
    )
    var output: String?

    func validate() throws {
        for spec in renames where PatchFilter.Rename(spec) == nil {
            throw ValidationError("--rename '\(spec)': expected FROM=TO with a non-empty FROM")
        }
    }

    func run() throws {
        let result = try input.load()
        let filter = PatchFilter(
            includes: includes.map(Glob.init), excludes: excludes.map(Glob.init),
            renames: renames.compactMap(PatchFilter.Rename.init), strip: input.strip)
        let bytes = filter.apply(to: result.patch).bytes
        if let output {
            try AtomicFile.write(bytes, to: output)
        } else {
            try Console.output(bytes)
        }
        if result.hasErrors { throw Failure.findings }
    }
}
