import ArgumentParser
import Tandem
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem siblings`: fixes that reached one sibling architecture but not the other.
struct SiblingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siblings",
        abstract: "Find upstream fixes that changed one sibling (arch/i386/) but not the other (arch/x86_64/).",
        discussion: """
            Uses the 'siblings' groups of the fork map. Give a PATCH (or '-') with --tree, the tree it applies to \
            (a directory or REPO@REV, default the current directory), or --upstream REPO --range A..B (checked \
            commit by commit, oldest first: a fix that reached the sibling in a later commit of the range is listed \
            as reached there, with the lag, not as missed). For each hunk under one sibling, the other siblings are searched \
            for the code it changes (same relative path, or any file defining the same function), compared \
            ignoring white space and then with identifiers abstracted; a hit is reported unless the sibling already \
            has the change, or the patch or range gives it an equivalent one (same lines as multisets, identifiers \
            abstracted, so reformatted, renamed or reordered fixes count). \
            Exit status: 0 no possible missed fix; 1 some (or an empty patch, a patch with no file under a member: a wrong -p?, or a --range with no commits); 2 trouble; \
            64 usage.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: "The patch; '-' or nothing reads standard input (not with --upstream).")
    var patch: String?

    @Option(help: "The tree the patch applies to: a directory or REPO@REV ('.' is the current directory).")
    var tree: String = "."

    @Option(help: "The fork map (default: tandem.yml at the tree's root).")
    var map: String?

    @Option(help: "The upstream repository, with --range.")
    var upstream: String?

    @Option(help: "The upstream range A..B.")
    var range: String?

    @Option(name: .customShort("p", allowingJoined: true), help: "Strip N leading components from the patch's paths.")
    var strip: Int = 1

    @Option(help: "table, json or markdown.")
    var format: Format = .table

    @Option(help: "Report findings of at least this confidence (0 to 1; calibrated on real history).")
    var minConfidence: Double = SiblingCheck.defaultMinimumConfidence

    @Flag(help: "Report every possible missed fix, whatever its confidence.")
    var all = false

    func validate() throws {
        if (upstream == nil) != (range == nil) { throw ValidationError("--upstream and --range go together") }
        if upstream != nil && patch != nil { throw ValidationError("give a PATCH or --upstream/--range, not both") }
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence takes a number from 0 to 1") }
        if strip < 0 { throw ValidationError("-p takes a number of components, 0 or more") }
    }

    func run() throws {
        let input: SiblingsJob.Input
        if let upstream, let range {
            input = .history(repository: upstream, range: range)
        } else {
            input = .patch(path: patch ?? "-", tree: tree, strip: strip)
        }
        let result = try SiblingsJob(input: input, map: map, minimumConfidence: all ? 0 : minConfidence).run(
            messages: Console.messages)
        switch format {
        case .table: try Console.output(SiblingsRenderer.text(result))
        case .json: try Console.output(SiblingsRenderer.json(result))
        case .markdown: try Console.output(SiblingsRenderer.markdown(result, title: range ?? patch ?? "standard input"))
        }
        if !result.missed.isEmpty { throw Failure.findings }
    }
}
