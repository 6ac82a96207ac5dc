import ArgumentParser
import Tandem
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem port [PATCH|-] --fork TREE [--base TREE] [-o OUT] [--rejects FILE] [--apply [--merge]] [--check] [--report FILE.json]`
/// `tandem port --upstream REPO --range A..B --fork TREE [--per-commit]`
struct PortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port",
        abstract:
            "Duplicate upstream hunks onto the forked copies of tandem.yml, re-anchored, with a verdict per hunk.",
        discussion: """
            Reads the fork map from tandem.yml at the fork's root (or --map; else ./tandem.yml, else the work \
            tree's). The rewritten patch (upstream file patches plus a duplicate for each copy, with context from \
            the copy's own text) goes to -o OUT or standard output; rejected hunks to --rejects FILE, else OUT.rej, \
            else (patch on standard output, where the verdicts then go to standard error) ./tandem-port.rej. \
            --apply --merge saves what it cannot merge beside each copy as X.rej. Verdicts: ported, \
            already-applied, fork-conflict, upstream-drift (needs --upstream history), ambiguous, \
            context-not-found (no base), missing-fork-file, shared, binary, upstream-deleted, \
            upstream-renamed (the copy keeps its path; its edits are ported onto it), new-upstream-file, flagged, \
            review. \
            Exit status: 0 nothing needs a person; 1 some verdict does, a malformed patch, or a PATCH that gets \
            no verdict (empty, or touching no mapped file: a wrong -p?), or a --range with no commits; 2 trouble; \
            64 usage.
            """
    )

    @Argument(help: "The upstream patch; '-' or nothing reads standard input (not with --upstream).")
    var patch: String?

    @Option(name: .customShort("p", allowingJoined: true), help: "Strip N leading components from the patch's paths.")
    var strip: Int = 1

    @Option(help: "The fork tree: a directory or REPO@REV.")
    var fork: String

    @Option(help: "The fork map (default: tandem.yml at the fork's root).")
    var map: String?

    @Option(
        help:
            "The upstream tree the patch was made against (a directory or REPO@REV): enables matching, 3-way and drift checks. Without it, a copy whose original the fork holds as the patch's pre-image takes that original as base."
    )
    var base: String?

    @Option(help: "The upstream repository, with --range.")
    var upstream: String?

    @Option(help: "The upstream range A..B to port (the patch is made from history; the base is A).")
    var range: String?

    @Flag(help: "With --range: port each upstream commit in order onto the result of the previous ones.")
    var perCommit = false

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "Write the rewritten patch to OUT (and rejects to OUT.rej).")
    var output: String?

    @Flag(help: "Apply the rewritten patch to the fork (a directory) in place: all or nothing, unless --merge.")
    var apply = false

    @Flag(help: "With --apply: write conflict markers into copies instead of refusing.")
    var merge = false

    @Flag(help: "Write nothing; exit 1 if any hunk needs a person.")
    var check = false

    @Option(
        help:
            "Write rejected hunks to FILE (default: OUT.rej beside -o OUT, or ./tandem-port.rej when the patch goes to standard output)."
    )
    var rejects: String?

    @Option(help: "Write the verdicts as JSON (schema tandem.port/1) to FILE.")
    var report: String?

    @Option(name: .customLong("max-fuzz"), help: "Context lines that may be ignored at each end.")
    var maxFuzz: Int = 2

    @Flag(
        help:
            "Port the hunks given the verdict review too (they would apply, but the copy suggests the fork may not want them)."
    )
    var acceptReview = false

    func validate() throws {
        if (upstream == nil) != (range == nil) { throw ValidationError("--upstream and --range go together") }
        if upstream != nil && patch != nil { throw ValidationError("give a PATCH or --upstream/--range, not both") }
        if perCommit && range == nil { throw ValidationError("--per-commit needs --upstream and --range") }
        if merge && !apply { throw ValidationError("--merge goes with --apply") }
        if check && apply { throw ValidationError("--check writes nothing and --apply writes the fork: give one") }
        if strip < 0 || maxFuzz < 0 { throw ValidationError("-p and --max-fuzz take 0 or more") }
    }

    /// Where rejected hunks go: --rejects FILE; else OUT.rej beside -o OUT (when OUT is a regular file);
    /// else, when the patch goes to standard output, `tandem-port.rej` in the current directory (as `patch`
    /// saves rejects to a file and says so). With --check or --apply and no -o, nowhere (--apply --merge
    /// saves each copy's beside it).
    var rejectsPath: String? {
        if let rejects { return rejects }
        if let output { return rejectsBeside(output) ? output + ".rej" : nil }
        return check || apply ? nil : Self.defaultRejects
    }

    /// The rejects file when the rewritten patch goes to standard output and no --rejects is given.
    static let defaultRejects = "tandem-port.rej"

    func run() throws {
        let specs = TreeSpec()
        let messages = Console.messages
        let forkTree = try specs.open(fork)
        let forkMap = try MapLookup.load(map, tree: forkTree, treeName: fork, needs: .forks, messages: messages).map
        let options = Porter.Options(strip: strip, maxFuzz: maxFuzz, acceptReview: acceptReview)
        if upstream == nil && !apply {
            return try runStreaming(fork: forkTree, map: forkMap, options: options, specs: specs)
        }
        var steps: [PortSession.Step] = []
        var malformed = false
        if let upstream, let range {
            steps = try PortSession.steps(
                upstream: upstream, range: range, perCommit: perCommit, specs: specs, messages: messages)
        } else {
            let parsed = try PatchReading.load(patch ?? "-", messages: messages)
            malformed = parsed.hasErrors
            steps.append(PortSession.Step(patch: parsed.patch, base: try base.map { try specs.open($0) }))
        }
        let session = try PortSession.run(
            steps, map: forkMap, fork: forkTree, options: options, carryOriginals: steps.count > 1 || apply)
        let savedRejects = try writeOutputs(patch: session.patch, rejects: session.rejects)
        try finish(session.report)
        if savedRejects, let rejectsPath { announceRejects(at: rejectsPath) }
        var coverage = PortCoverage()
        if session.report.entries.isEmpty {
            for step in steps { for file in step.patch.files { coverage.add(file, strip: strip, map: forkMap) } }
        }
        let noVerdict = warnIfNoVerdict(session.report, coverage: coverage, malformed: malformed)
        if apply && !check {
            for path in try session.apply(to: fork, merge: merge, messages: messages) {
                Console.error("hunks not merged into the copy saved to \(JSONText.quotedPath(path))")
            }
        }
        if session.report.failures > 0 || malformed || noVerdict { throw Failure.findings }
    }

    /// One patch, no --apply: read and ported piece by piece (`PatchStream`), the rewritten patch and the
    /// rejects written as they are made, so a release-sized patch is never held whole. `-o` still replaces
    /// OUT (and OUT.rej) only when the whole patch is done.
    func runStreaming(fork forkTree: FileTree, map forkMap: ForkMap, options: Porter.Options, specs: TreeSpec) throws {
        let path = patch ?? "-"
        let baseTree = try base.map { try specs.open($0) }
        // The port reads its patch twice (`PortSession.stream`): a patch that can be read only once (standard
        // input, a pipe) is first copied into an unnamed temporary file, as GNU patch copies one, so it gets
        // the verdicts it would get from a file; without a temporary folder, it is read once.
        var stream: PatchStream
        let reread: (() throws -> ByteReader)?
        if PatchReading.isRereadable(path) {
            stream = try PatchReading.stream(path)
            reread = { try ByteReader(path) }
        } else if let spooled = try SpooledInput.spool(path) {
            stream = PatchReading.stream(reader: try spooled.reader())
            reread = { try spooled.reader() }
        } else {
            stream = try PatchReading.stream(path)
            reread = nil
        }
        var rejectsFile: AtomicFileWriter?
        let rejectsPath = self.rejectsPath
        let patchFile = try output.map { try AtomicFileWriter(path: $0) }
        let ported = try PortSession.stream(
            &stream, path: path, reread: reread, map: forkMap, fork: forkTree, base: baseTree, options: options,
            messages: Console.messages
        ) { bytes, rejects in
            if let patchFile {
                try patchFile.write(bytes)
            } else if !check {
                try Console.output(bytes)
            }
            if let rejectsPath, !rejects.isEmpty {
                if rejectsFile == nil { rejectsFile = try AtomicFileWriter(path: rejectsPath) }
                try rejectsFile?.write(rejects)
            }
        }
        try patchFile?.commit()
        try rejectsFile?.commit()
        try finish(ported.report)
        if rejectsFile != nil, let rejectsPath { announceRejects(at: rejectsPath) }
        let noVerdict = warnIfNoVerdict(ported.report, coverage: ported.coverage, malformed: ported.malformed)
        if ported.report.failures > 0 || ported.malformed || noVerdict { throw Failure.findings }
    }

    /// Writes the rewritten patch to -o OUT or standard output, and the rejects to `rejectsPath`; true when
    /// rejects were saved.
    func writeOutputs(patch patchOut: [UInt8], rejects: [UInt8]) throws -> Bool {
        if let output {
            try AtomicFile.write(patchOut, to: output)
        } else if !(check || apply) {
            try Console.output(patchOut)
        }
        guard let rejectsPath, !rejects.isEmpty else { return false }
        try AtomicFile.write(rejects, to: rejectsPath)
        return true
    }

    /// Says where the rejected hunks went (standard error), as `patch` does.
    func announceRejects(at path: String) {
        Console.error("rejected hunks saved to \(path)")
    }

    /// True when OUT.rej may go beside `output`: OUT is a regular file (or is to be made). Beside a device,
    /// FIFO or socket (`-o /dev/null`) nothing is made; the verdicts still name every rejected hunk.
    func rejectsBeside(_ output: String) -> Bool {
        AtomicFile.isReplaceable(output)
    }

    /// Prints the summary and writes --report. The summary goes to standard output, or to standard error
    /// when the rewritten patch is on standard output (`tandem port … > out.patch` still shows every
    /// verdict).
    func finish(_ report: PortReport) throws {
        if rejects == nil, let output, report.failures > 0, !rejectsBeside(output) {
            Console.error(
                "warning: rejected hunks not saved: '\(output)' is not a regular file, so there is no '\(output).rej' (give --rejects FILE)"
            )
        }
        let summary = PortTextRenderer.render(report)
        if output == nil && !(check || apply) {
            Console.errorText(summary)
        } else {
            try Console.output(summary)
        }
        if let path = self.report { try AtomicFile.write(Array(PortJSONRenderer.render(report).utf8), to: path) }
    }

    /// With no verdict at all (the patch touches no file the map has copies of, or is empty), prints a
    /// warning naming the likely cause; true when that fails the run (a PATCH: a wrong -p, or the wrong
    /// patch; with --range the warning is only a note, since a range may well leave the copies alone).
    func warnIfNoVerdict(_ report: PortReport, coverage: PortCoverage, malformed: Bool) -> Bool {
        guard report.entries.isEmpty, !malformed else { return false }
        let name = upstream.map { "\($0)@\(range ?? "")" } ?? ((patch ?? "-") == "-" ? "<stdin>" : patch ?? "-")
        Console.error(coverage.warning(patchName: name, strip: strip, fromHistory: upstream != nil))
        return upstream == nil
    }
}
