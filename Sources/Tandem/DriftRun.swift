#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem drift` as a use case: the snapshots of a `DriftSource` fed through the drift engine
/// (`DriftSeries`) oldest first, each snapshot's jobs run on all cores while this thread lists the next
/// snapshot, and every measured snapshot handed to a renderer whose text goes to `write` (standard output
/// on the command line) or a file written atomically. Returns the newest snapshot's result, from which the
/// caller checks the map for typos (`MappingCheck`).
public struct DriftRun {
    /// What the run reads: the source (opened by `DriftRun.source`) and the map.
    public var source: DriftSource
    public var map: ForkMap
    public var renderer: any DriftRenderer
    /// A file to write (atomically); nil: `write`.
    public var outputPath: String?
    /// Measure every pair of every snapshot, reusing nothing.
    public var noReuse = false

    public init(
        source: DriftSource, map: ForkMap, renderer: any DriftRenderer, outputPath: String? = nil, noReuse: Bool = false
    ) {
        self.source = source
        self.map = map
        self.renderer = renderer
        self.outputPath = outputPath
        self.noReuse = noReuse
    }

    /// The snapshots named on the command line: a repository (`repo`, with `upstream` for a fork in its own
    /// repository) walked over `revs` or `tags`, or a list of `LABEL=TREE` / `LABEL=UPSTREAM:FORK` items. A
    /// range with no commits is the `Failure` `PortSession.checkedRange` throws.
    public static func source(
        repo: String?, upstream: String?, revs: String?, tags: String?, allParents: Bool, every: Int,
        snapshots: [String], messages: Messages
    ) throws -> DriftSource {
        if let repo {
            LibGit2.setObjectCacheLimit(bytes: 8 << 20)
            let fork = try GitRepository(discoveringFrom: repo)
            // A blob is read for the snapshot that changed it and at most once more (the port cost of the
            // snapshot before): a small cache keeps memory independent of the length of history.
            fork.blobCacheLimit = 16 << 20
            let points = try DriftSource.points(fork, range: revs, tags: tags, allParents: allParents, every: every)
            messages.warnShallowBoundary(fork)
            if let revs, points.isEmpty, GitRepository.rangeDots(revs) != nil {
                // As with port: a range with no commits (reversed, or A..A) has nothing to measure.
                _ = try PortSession.checkedRange(revs, in: fork, messages: messages)
            }
            if let upstream {
                let upstreamRepository = try GitRepository(discoveringFrom: upstream)
                upstreamRepository.blobCacheLimit = 16 << 20
                let source = DriftSource(
                    kind: .twoRepositories(fork: fork, upstream: upstreamRepository, upstreamName: upstream, points))
                source.messages = messages
                return source
            }
            return DriftSource(kind: .oneRepository(fork, points))
        }
        return DriftSource(
            kind: .list(
                snapshots.compactMap { item in
                    guard let equals = item.firstIndex(of: "=") else { return nil }
                    let label = String(item[..<equals]), trees = item[item.index(after: equals)...]
                    guard let colon = trees.firstIndex(of: ":") else { return (label, String(trees), String(trees)) }
                    return (label, String(trees[..<colon]), String(trees[trees.index(after: colon)...]))
                }))
    }

    /// The map (`MapLookup`): `map`, else looked for at the root of the newest fork snapshot; and its name.
    public static func map(_ map: String?, source: DriftSource, messages: Messages) throws -> (
        map: ForkMap, name: String
    ) {
        if map != nil { return try MapLookup.load(map, tree: nil, treeName: "", needs: .forks, messages: messages) }
        guard let (tree, name) = try source.newestForkRoot() else { throw Failure("no snapshots") }
        return try MapLookup.load(nil, tree: tree, treeName: name, needs: .forks, messages: messages)
    }

    /// Measures every snapshot. `write` takes output text when there is no `outputPath`; `progress` hears
    /// (snapshots done, snapshots in all, a note) after each snapshot; `snapshot` is handed each measured
    /// snapshot, oldest first.
    @discardableResult
    public func run(
        write: @escaping @Sendable ([UInt8]) throws -> Void,
        progress: (Int, Int, String) -> Void = { _, _, _ in },
        measured snapshot: (DriftSnapshot.Result) -> Void = { _ in }
    ) throws -> DriftSnapshot.Result? {
        let output = DriftOutput(renderer: renderer, sink: try DriftSink(path: outputPath, write: write))
        var series = DriftSeries(map: map, reuse: !noReuse)
        var done = 0, measured = 0
        var newest: DriftSnapshot.Result?
        // While one snapshot's jobs run on the workers, this thread lists the next snapshot.
        func emit(_ running: ParallelMap.Running<DriftJob.Result>, jobs: Int) throws {
            let result = series.complete(running.wait())
            newest = result
            snapshot(result)
            done += 1
            measured += jobs
            progress(done, source.count, "snapshots · \(result.rows.count) pairs · \(measured) measured")
            try output.render(result)
        }
        output.begin()
        // A failure stops the run only after the work in flight (jobs, output) has finished, so nothing is
        // left running behind the error.
        defer { output.drain() }
        var next = source.count > 0 ? try series.list(try source.snapshot(0, map: map)) : nil
        for index in 0..<source.count {
            guard let listed = next else { break }
            let jobs = try series.add(listed)
            let running = jobs.map { jobs in ParallelMap.start(jobs) { $0.run() } }
            do {
                next = index + 1 < source.count ? try series.list(try source.snapshot(index + 1, map: map)) : nil
            } catch {
                _ = running?.wait()
                throw error
            }
            if let running, let jobs { try emit(running, jobs: jobs.count) }
        }
        if let jobs = try series.finish() { try emit(ParallelMap.start(jobs) { $0.run() }, jobs: jobs.count) }
        try output.finish()
        return newest
    }
}

/// Renders and writes measured snapshots on a serial queue of its own, so formatting and writing one
/// snapshot overlaps listing and measuring the next. At most four snapshots wait, which bounds memory; the
/// first write error stops the run at the next snapshot.
final class DriftOutput: @unchecked Sendable {
    private var renderer: any DriftRenderer  // touched only on `queue`
    private let sink: DriftSink  // touched only on `queue`
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

/// Where drift output goes: `write` (standard output), or a file written atomically; buffered in 64 KiB
/// pieces.
final class DriftSink {
    private let file: AtomicFileWriter?
    private let writeOut: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []

    init(path: String?, write: @escaping ([UInt8]) throws -> Void) throws(IOError) {
        file = try path.map { path throws(IOError) in try AtomicFileWriter(path: path) }
        writeOut = write
    }

    func write(_ text: String) throws {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        if let file { try file.write(buffer) } else { try writeOut(buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try file?.commit()
    }
}
