import ArgumentParser
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem port [PATCH|-] --fork TREE [--base TREE] [-o OUT] [--apply] [--check] [--report FILE.json]`
/// `tandem port --upstream REPO --range A..B --fork TREE [--per-commit]`
struct PortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port",
        abstract: "Duplicate upstream hunks onto the forked copies of tandem.yml, re-anchored, with a verdict per hunk.",
        discussion: """
        Reads the fork map from tandem.yml at the fork's root (or --map). The rewritten patch (upstream file \
        patches plus a duplicate for each copy, with context from the copy's own text) goes to -o OUT or \
        standard output; rejected hunks to OUT.rej. Verdicts: ported, already-applied, fork-conflict, \
        upstream-drift (needs --upstream history), ambiguous, context-not-found (no base given), \
        missing-fork-file, shared, binary, upstream-deleted, upstream-renamed (the copy keeps its path; its \
        edits are ported onto it), new-upstream-file, flagged. \
        Exit status: 0 nothing needs a person; 1 some verdict does (or a malformed patch, or a --range with no commits); 2 trouble; 64 usage.
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

    @Option(help: "The upstream tree the patch was made against (a directory or REPO@REV): enables matching, 3-way and drift checks.")
    var base: String?

    @Option(help: "The upstream repository, with --range.")
    var upstream: String?

    @Option(help: "The upstream range A..B to port (the patch is made from history; the base is A).")
    var range: String?

    @Flag(help: "With --range: port each upstream commit in order onto the result of the previous ones.")
    var perCommit = false

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the rewritten patch to OUT (and rejects to OUT.rej).")
    var output: String?

    @Flag(help: "Apply the rewritten patch to the fork (a directory) in place: all or nothing, unless --merge.")
    var apply = false

    @Flag(help: "With --apply: write conflict markers into copies instead of refusing.")
    var merge = false

    @Flag(help: "Write nothing; exit 1 if any hunk needs a person.")
    var check = false

    @Option(help: "Write the verdicts as JSON (schema tandem.port/1) to FILE.")
    var report: String?

    @Option(name: .customLong("max-fuzz"), help: "Context lines that may be ignored at each end (default 2).")
    var maxFuzz: Int = 2

    @Flag(help: "Port the hunks given the verdict review too (they would apply, but the copy suggests the fork may not want them).")
    var acceptReview = false

    func validate() throws {
        if (upstream == nil) != (range == nil) { throw ValidationError("--upstream and --range go together") }
        if upstream != nil && patch != nil { throw ValidationError("give a PATCH or --upstream/--range, not both") }
        if perCommit && range == nil { throw ValidationError("--per-commit needs --upstream and --range") }
        if merge && !apply { throw ValidationError("--merge goes with --apply") }
        if strip < 0 || maxFuzz < 0 { throw ValidationError("-p and --max-fuzz take 0 or more") }
    }

    func run() throws {
        let specs = TreeSpec()
        let forkTree = try specs.open(fork)
        let forkMap = try loadMap(forkTree)
        let options = Porter.Options(strip: strip, maxFuzz: maxFuzz, acceptReview: acceptReview)
        if upstream == nil && !apply {
            return try runStreaming(fork: forkTree, map: forkMap, options: options, specs: specs)
        }
        var steps: [PortSession.Step] = []
        var malformed = false
        if let upstream, let range {
            steps = try PortSession.steps(upstream: upstream, range: range, perCommit: perCommit, specs: specs)
        } else {
            let parsed = try PatchInput.load(patch ?? "-")
            malformed = parsed.hasErrors
            steps.append(PortSession.Step(label: nil, patch: parsed.patch, base: try base.map { try specs.open($0) }, explain: nil))
        }
        let session = try PortSession.run(steps, map: forkMap, fork: forkTree, options: options, carryOriginals: steps.count > 1 || apply)
        try writeOutputs(patch: session.patch, rejects: session.rejects)
        try finish(session.report)
        if apply && !check {
            try applyInPlace(overlay: session.overlay, copies: session.copies, originals: session.originals, failures: session.report.failures)
        }
        if session.report.failures > 0 || malformed { throw ExitCode(1) }
    }

    /// One patch, no --apply: read and ported piece by piece (`PatchStream`), the rewritten patch and the
    /// rejects written as they are made, so a release-sized patch is never held whole. `-o` still replaces
    /// OUT (and OUT.rej) only when the whole patch is done.
    func runStreaming(fork forkTree: FileTree, map forkMap: ForkMap, options: Porter.Options, specs: TreeSpec) throws {
        let path = patch ?? "-"
        var stream = try PatchInput.stream(path)
        let baseTree = try base.map { try specs.open($0) }
        var patchFile: AtomicFileWriter?
        var rejectsFile: AtomicFileWriter?
        let ported: (report: PortReport, malformed: Bool)
        do {
            patchFile = try output.map { try AtomicFileWriter(path: $0) }
            ported = try PortSession.stream(&stream, path: path, map: forkMap, fork: forkTree, base: baseTree, options: options) { bytes, rejects in
                if let patchFile {
                    try patchFile.write(bytes)
                    if let output, !rejects.isEmpty, rejectsBeside(output) {
                        if rejectsFile == nil { rejectsFile = try AtomicFileWriter(path: output + ".rej") }
                        try rejectsFile?.write(rejects)
                    }
                } else if !check {
                    try Console.output(bytes)
                }
            }
            try patchFile?.commit()
            try rejectsFile?.commit()
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        }
        try finish(ported.report)
        if ported.report.failures > 0 || ported.malformed { throw ExitCode(1) }
    }

    /// Writes the rewritten patch to -o OUT (rejects to OUT.rej) or standard output.
    func writeOutputs(patch patchOut: [UInt8], rejects: [UInt8]) throws {
        do {
            if let output {
                try AtomicFile.write(patchOut, to: output)
                if !rejects.isEmpty && rejectsBeside(output) { try AtomicFile.write(rejects, to: output + ".rej") }
            } else if !(check || apply) {
                try Console.output(patchOut)
            }
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }

    /// True when OUT.rej may go beside `output`: OUT is a regular file (or is to be made). Beside a device,
    /// FIFO or socket (`-o /dev/null`) nothing is made; the verdicts still name every rejected hunk.
    func rejectsBeside(_ output: String) -> Bool {
        AtomicFile.isReplaceable(output)
    }

    /// Prints the summary (its last line only when the patch went to standard output) and writes --report.
    func finish(_ report: PortReport) throws {
        if let output, report.failures > 0, !rejectsBeside(output) {
            Console.error("warning: rejected hunks not saved: '\(output)' is not a regular file, so there is no '\(output).rej'")
        }
        let summary = PortTextRenderer.render(report)
        if output == nil && !(check || apply) {
            Console.error(summary.split(separator: "\n").last.map(String.init) ?? "")
        } else {
            try Console.output(summary)
        }
        try writeReport(report)
    }

    /// Writes the verdicts as JSON to --report FILE.
    func writeReport(_ report: PortReport) throws {
        guard let path = self.report else { return }
        do {
            try AtomicFile.write(Array(PortJSONRenderer.render(report).utf8), to: path)
        } catch {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }

    /// The map from --map or tandem.yml in the fork tree.
    func loadMap(_ forkTree: FileTree) throws -> ForkMap {
        try Self.loadMap(map, fork: fork, tree: forkTree)
    }

    /// The map from `map` (a file) or tandem.yml at the root of `tree` (named `fork` in messages).
    static func loadMap(_ map: String?, fork: String, tree forkTree: FileTree) throws -> ForkMap {
        do {
            let bytes: [UInt8]
            let name: String
            if let map {
                bytes = try ByteFile.read(map)
                name = map
            } else if let file = try forkTree.file(at: Array(ForkMapLoader.fileName.utf8)) {
                bytes = file.bytes
                name = ForkMapLoader.fileName
            } else {
                Console.error("no fork map: '\(ForkMapLoader.fileName)' is not at the root of '\(fork)' (give --map FILE)")
                throw ExitCode(2)
            }
            return try ForkMapLoader.load(bytes, name: name)
        } catch let error as ForkMapLoader.Problem {
            Console.error(error.message)
            throw ExitCode(2)
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }

    /// Writes the ported copies (with markers under --merge) and the carried originals.
    func applyInPlace(overlay: OverlayTree, copies: [Porter.CopyResult], originals: [[UInt8]], failures: Int) throws {
        guard failures == 0 || merge else {
            Console.error("nothing written: \(failures) verdict\(failures == 1 ? "" : "s") need a person (--merge writes conflict markers)")
            return
        }
        let root: TreeRoot
        do { root = try TreeRoot(fork) } catch {
            Console.error("--apply needs the fork as a directory: \(error.message)")
            throw ExitCode(2)
        }
        var changes: [PatchApplier.TreeChange] = []
        for copy in copies {
            let bytes = merge ? copy.withConflicts : copy.ported
            if bytes != copy.original.bytes { changes.append(.write(path: copy.path, bytes: bytes, mode: nil)) }
        }
        do {
            for path in originals {
                if let file = try overlay.file(at: path) {
                    changes.append(.write(path: path, bytes: file.bytes, mode: file.mode))
                } else {
                    changes.append(.remove(path: path))
                }
            }
            // All or nothing: whatever the tree can show in advance stops the run before the first write.
            try root.preflight(changes)
            for change in changes { try root.perform(change) }
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }
}
