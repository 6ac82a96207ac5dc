import ArgumentParser
import Dispatch
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem drift`: how far every forked copy has drifted from its original, snapshot by snapshot.
struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Measure how far each forked copy has drifted from its original, over a series of snapshots.",
        discussion: """
        Snapshots come from one repository holding originals and copies (--repo REPO with --revs A..B, \
        --revs REV or --tags GLOB; first-parent, oldest first; --every N keeps every N-th), from two \
        repositories (--fork REPO --upstream REPO: each fork revision's upstream release comes from the \
        map's 'versions' rule, e.g. the kernel Makefile, a build-file pattern, a folder name or a table), or \
        from a list (--snapshot LABEL=TREE or LABEL=UPSTREAM:FORK, trees as DIR or REPO@REV). The fork map is \
        --map FILE or tandem.yml at the root of the newest fork snapshot. \
        For each pair: identical (bytes, whitespace), similarity 2*shared/(original+copy lines), shared / \
        fork-only / upstream-only lines, divergent regions, fork lines inside 'guards' #if blocks, the C \
        functions that differ, and the predicted port cost: how many hunks of the next snapshot's upstream \
        change to the original would fail on the copy. Totals per tree (map entry) and overall. A pair is \
        measured again only when one of its blob ids changed. \
        Exit status: 0 measured; 1 measured, but a mapping looks like a typo (every copy fork-only, or no \
        copy, at the newest snapshot; a warning names it), or a --revs A..B with no commits; 2 trouble (no \
        map, bad versions rule, unknown revision); 64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Option(name: [.customLong("repo"), .customLong("fork")], help: "The repository holding the fork (and, without --upstream, the originals).")
    var repo: String?

    @Option(help: "The upstream repository, when the fork lives in its own (needs a 'versions' rule in the map).")
    var upstream: String?

    @Option(help: "Fork revisions: A..B (after A up to B) or REV (its whole history). Default: HEAD.")
    var revs: String?

    @Option(help: "Fork revisions: the tags matching GLOB, in version order.")
    var tags: String?

    @Option(help: "Keep every N-th revision (and always the newest).")
    var every: Int = 1

    @Flag(help: "Walk all parents, not only first parents.")
    var allParents = false

    @Option(name: .customLong("snapshot"), help: "LABEL=TREE or LABEL=UPSTREAM:FORK (DIR or REPO@REV); repeat, oldest first.")
    var snapshots: [String] = []

    @Option(help: "The fork map (default: tandem.yml at the root of the newest fork snapshot).")
    var map: String?

    @Option(help: "table, json or csv.")
    var format: Format = .table

    @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "How many of the most drifted copies the table lists.")
    var top: Int = 10

    @Flag(help: "No progress bar.")
    var quiet = false

    @Flag(name: .customLong("no-reuse"), help: "Measure every pair of every snapshot (checks that reuse changes nothing).")
    var noReuse = false

    func validate() throws {
        if repo == nil && snapshots.isEmpty { throw ValidationError("give --repo REPO (with --revs or --tags) or --snapshot LABEL=TREE") }
        if repo != nil && !snapshots.isEmpty { throw ValidationError("--snapshot and --repo are two different sources: give one") }
        if revs != nil && tags != nil { throw ValidationError("give --revs or --tags, not both") }
        if upstream != nil && repo == nil { throw ValidationError("--upstream needs --fork REPO") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        if top < 0 { throw ValidationError("--top must not be negative") }
        for item in snapshots where !item.contains("=") || item.hasPrefix("=") || item.hasSuffix("=") {
            throw ValidationError("--snapshot '\(item)': expected LABEL=TREE or LABEL=UPSTREAM:FORK")
        }
    }

    func run() throws {
        try Console.exitingOnTrouble {
            let source = try makeSource()
            guard source.count > 0 else { throw DriftFailure("no snapshots: the range or tag pattern selects no revision") }
            let (forkMap, mapName) = try loadMap(source)
            source.mapName = mapName
            try source.prepare(map: forkMap)
            let newest = try measure(source, map: forkMap)
            // A mapping whose copies are all fork-only (or that has none) at the newest snapshot is most
            // likely a typo in the map: warn, and exit 1 so CI notices.
            let tallies = (newest?.trees ?? []).map { MappingCheck.Tally(copies: $0.pairs - $0.forkOnlyFiles, forkOnly: $0.forkOnlyFiles) }
            let warnings = newest == nil ? [] : MappingCheck.warnings(forkMap, tallies: tallies)
            PatchInput.printDiagnostics(warnings, path: mapName)
            if !warnings.isEmpty { throw ExitCode(1) }
        }
    }

    func makeSource() throws -> DriftSource {
        if let repo {
            LibGit2.setObjectCacheLimit(bytes: 8 << 20)
            let fork = try GitRepository(discoveringFrom: repo)
            // A blob is read for the snapshot that changed it and at most once more (the port cost of the
            // snapshot before): a small cache keeps memory independent of the length of history.
            fork.blobCacheLimit = 16 << 20
            let points = try DriftSource.points(fork, range: revs, tags: tags, allParents: allParents, every: every)
            Console.warnShallowBoundary(fork)
            if let revs, points.isEmpty, GitRepository.rangeDots(revs) != nil {
                // As with port: a range with no commits (reversed, or A..A) has nothing to measure.
                _ = try PortSession.checkedRange(revs, in: fork)
            }
            if let upstream {
                let upstreamRepository = try GitRepository(discoveringFrom: upstream)
                upstreamRepository.blobCacheLimit = 16 << 20
                return DriftSource(kind: .twoRepositories(fork: fork, upstream: upstreamRepository, upstreamName: upstream, points))
            }
            return DriftSource(kind: .oneRepository(fork, points))
        }
        return DriftSource(kind: .list(snapshots.map { item in
            let equals = item.firstIndex(of: "=")!
            let label = String(item[..<equals]), trees = item[item.index(after: equals)...]
            guard let colon = trees.firstIndex(of: ":") else { return (label, String(trees), String(trees)) }
            return (label, String(trees[..<colon]), String(trees[trees.index(after: colon)...]))
        }))
    }

    /// The map (`MapLookup`), looked for at the root of the newest fork snapshot; and its name.
    func loadMap(_ source: DriftSource) throws -> (map: ForkMap, name: String) {
        if map != nil { return try MapLookup.load(map, tree: nil, treeName: "", needs: .forks) }
        guard let (tree, name) = try source.newestForkRoot() else { throw DriftFailure("no snapshots") }
        return try MapLookup.load(nil, tree: tree, treeName: name, needs: .forks)
    }

    /// Feeds the snapshots through the engine, runs each step's jobs on all cores, and streams the output.
    /// Returns the newest snapshot's result.
    @discardableResult
    func measure(_ source: DriftSource, map forkMap: ForkMap) throws -> DriftSnapshot.Result? {
        let renderer: any DriftRenderer
        switch format {
        case .table: renderer = DriftTableRenderer(map: forkMap, top: top)
        case .json: renderer = DriftJSONRenderer(map: forkMap)
        case .csv: renderer = DriftCSVRenderer(map: forkMap)
        }
        let output = DriftOutput(renderer: renderer, sink: try DriftSink(path: output))
        let progress = ProgressLine(quiet: quiet)
        var series = DriftSeries(map: forkMap, reuse: !noReuse)
        var done = 0, measured = 0
        var newest: DriftSnapshot.Result?
        // While one snapshot's jobs run on the workers, this thread lists the next snapshot.
        func emit(_ running: ParallelMap.Running<DriftJob.Result>, jobs: Int) throws {
            let result = series.complete(running.wait())
            newest = result
            done += 1
            measured += jobs
            progress.update(done, of: source.count, "snapshots · \(result.rows.count) pairs · \(measured) measured")
            try output.render(result)
        }
        output.begin()
        // A failure stops the run only after the work in flight (jobs, output) has finished, so nothing is
        // left running behind the error.
        defer { output.drain() }
        var next = source.count > 0 ? try series.list(try source.snapshot(0, map: forkMap)) : nil
        for index in 0..<source.count {
            let jobs = try series.add(next!)
            let running = jobs.map { jobs in ParallelMap.start(jobs) { $0.run() } }
            do {
                next = index + 1 < source.count ? try series.list(try source.snapshot(index + 1, map: forkMap)) : nil
            } catch {
                _ = running?.wait()
                throw error
            }
            if let running, let jobs { try emit(running, jobs: jobs.count) }
        }
        if let jobs = try series.finish() { try emit(ParallelMap.start(jobs) { $0.run() }, jobs: jobs.count) }
        progress.finish()
        try output.finish()
        return newest
    }
}

/// Renders and writes measured snapshots on a serial queue of its own, so formatting and writing one
/// snapshot overlaps listing and measuring the next. At most four snapshots wait, which bounds memory; the
/// first write error stops the run at the next snapshot.
final class DriftOutput: @unchecked Sendable {
    private var renderer: any DriftRenderer  // touched only on `queue`
    private let sink: DriftSink               // touched only on `queue`
    private let queue = DispatchQueue(label: "tandem.drift.output")
    private let slots = DispatchSemaphore(value: 4)
    private let failure = Locked<(any Error)?>(nil)

    init(renderer: any DriftRenderer, sink: DriftSink) {
        self.renderer = renderer
        self.sink = sink
    }

    func begin() {
        queue.async { self.write { $0.begin() } }
    }

    func render(_ result: DriftSnapshot.Result) throws {
        if let error = failure.withLock({ $0 }) { throw error }
        slots.wait()
        queue.async {
            self.write { $0.snapshot(result) }
            self.slots.signal()
        }
    }

    /// Waits until every snapshot handed over has been written.
    func drain() {
        queue.sync {}
    }

    /// Writes the end, flushes, commits the file; throws the first error of any step.
    func finish() throws {
        queue.sync {
            write { $0.end() }
            guard failure.withLock({ $0 == nil }) else { return }
            do { try sink.close() } catch { failure.withLock { $0 = error } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    private func write(_ body: (inout any DriftRenderer) -> String) {
        guard failure.withLock({ $0 == nil }) else { return }
        let text = body(&renderer)
        do { try sink.write(text) } catch { failure.withLock { $0 = error } }
    }
}

/// Where drift output goes: standard output, or a file written atomically; buffered in 64 KiB pieces.
final class DriftSink {
    private let file: AtomicFileWriter?
    private var buffer: [UInt8] = []

    init(path: String?) throws(IOError) {
        file = try path.map { path throws(IOError) in try AtomicFileWriter(path: path) }
    }

    func write(_ text: String) throws {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        if let file { try file.write(buffer) } else { try Console.output(buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try file?.commit()
    }
}
