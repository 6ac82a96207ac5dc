#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Tandem
import TandemCore
import TandemIO
import TandemReport

/// `tandem apply [PATCH|-] [-p N] [--directory DIR] [--check|--dry-run] [--max-fuzz N] [--base DIR]
/// [--reject|--merge] [--reverse] [--format text|json]`
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a patch to the working tree; never place a hunk where it merely might fit.",
        discussion: """
            Each hunk is placed by the first step that succeeds: exact, offset, fuzz, and with --base (the tree \
            the patch was made against) matching and 3-way merge. A hunk with two equally good places is \
            reported as ambiguous and not applied. Without --reject or --merge nothing is written unless every \
            hunk applies. Exit status: 0 all applied; 1 some hunk not applied (or a malformed or empty patch); \
            2 trouble (unreadable patch or file, a path leaving the tree); 64 usage.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var input: PatchInput

    @Option(
        name: [.customShort("d"), .customLong("directory")], help: "Apply in DIR instead of the current directory.")
    var directory: String = "."

    @Flag(name: [.customLong("check"), .customLong("dry-run")], help: "Report what would happen; write nothing.")
    var check = false

    @Option(
        name: [.customShort("F", allowingJoined: true), .customLong("max-fuzz")],
        help: "Context lines that may be ignored at each end.")
    var maxFuzz: Int = 2

    @Option(help: "The tree the patch was made against (a directory or REPO@REV): enables matching and 3-way merge.")
    var base: String?

    @Flag(help: "Apply what applies and save the other hunks to FILE.rej, with the reason in each hunk header.")
    var reject = false

    @Flag(
        help: "Apply what applies and write diff3-style conflict markers for conflicts (other failures go to FILE.rej)."
    )
    var merge = false

    @Flag(name: [.customShort("R"), .customLong("reverse")], help: "Apply the patch in reverse (undo it).")
    var reverse = false

    @Option(help: "Output format: text (GNU patch's words) or json (schema tandem.apply/1).")
    var format: Format = .text

    func validate() throws {
        if maxFuzz < 0 { throw ValidationError("--max-fuzz takes a number of lines, 0 or more") }
        if reject && merge { throw ValidationError("--reject and --merge cannot be used together") }
    }

    func run() throws {
        let parsed = try input.load()
        if let warning = PatchReading.emptyWarning(parsed, path: input.patch, doing: "apply") {
            throw Failure(warning, status: 1)
        }
        let options = PatchApplier.Options(
            strip: input.strip, maxFuzz: maxFuzz, reverse: reverse, conflictMarkers: merge)
        let job = ApplyJob(
            patch: parsed.patch, directory: directory, base: try base.map { try TreeSpec().open($0) }, options: options,
            mode: reject ? .reject : merge ? .merge : .allOrNothing, check: check)
        let outcome = try job.run()
        let report = outcome.report
        // The report is printed even when a write failed, so the user sees what was planned.
        switch format {
        case .text: try Console.output(ApplyTextRenderer.render(report, checking: check))
        case .json: try Console.output(ApplyJSONRenderer.render(report, applied: outcome.applied))
        }
        if let trouble = outcome.trouble {
            throw Failure(
                trouble.message
                    + (outcome.wroteNothing
                        ? " (nothing was written)"
                        : " (files before it were written, each whole; the rest were not)"))
        }
        if !check && !outcome.everything && job.mode == .allOrNothing {
            // A file patch without hunks (binary, a mode change) fails as a whole: named as a file patch.
            let whole = report.files.filter { $0.problem != nil && $0.hunks.isEmpty }.count
            let hunks = report.failedCount - whole
            let counts =
                (hunks > 0 ? ["\(hunks) hunk\(hunks == 1 ? "" : "s")"] : [])
                + (whole > 0 ? ["\(whole) file patch\(whole == 1 ? "" : "es")"] : [])
            Console.error(
                "nothing written: \(counts.joined(separator: " and ")) did not apply "
                    + "(--reject applies the rest and saves rejects; --merge writes conflict markers)")
        }
        if !report.succeeded || parsed.hasErrors { throw Failure.findings }
    }
}
