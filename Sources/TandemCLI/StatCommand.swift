import ArgumentParser
import Tandem
import TandemCore
import TandemReport

/// `tandem stat [PATCH|-] [--format text|json|numstat] [-p N]`
struct StatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat",
        abstract: "Count added and removed lines and hunks per file, as git apply --numstat does.",
        discussion:
            "Exit status: 0; 1 when parts of the patch are malformed (counted as far as read); 2 unreadable input."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, numstat
    }

    @OptionGroup var input: PatchInput

    @Option(help: "Output format: text (a table), json (schema tandem.stat/1), numstat (git apply --numstat).")
    var format: Format = .text

    func run() throws {
        let result = try input.load()
        let stats = PatchStatistics(result.patch, strip: input.strip)
        switch format {
        case .text: try Console.output(StatTextRenderer.render(stats))
        case .json: try Console.output(StatJSONRenderer.render(stats, diagnostics: result.diagnostics))
        case .numstat: try Console.output(StatNumstatRenderer.render(stats))
        }
        if result.hasErrors { throw Failure.findings }
    }
}
