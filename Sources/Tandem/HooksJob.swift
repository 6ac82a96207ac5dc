import TandemCore
import TandemIO

/// `tandem hooks` as a use case: every identical or modified pair of the fork map analysed for sharing and
/// mined for the operations the fork substitutes (`HookAnalysis`), with the porting pain of an upstream
/// range when one is given (the hunks that failed or needed merging, per copy line). `OperationTable`
/// gathers the results into the proposal.
public struct HooksJob {
    public var trees: ForkTreesJob
    /// An upstream range A..B whose port onto the fork measures pain, and its repository (default: the
    /// repository of the upstream tree or of the fork).
    public var history: String?
    public var historyRepository: String?

    public init(trees: ForkTreesJob, history: String? = nil, historyRepository: String? = nil) {
        self.trees = trees
        self.history = history
        self.historyRepository = historyRepository
    }

    /// The analysis of each pair, and the map.
    public func run(messages: Messages) throws -> (results: [HookAnalysis.CopyResult], map: ForkMap) {
        let specs = TreeSpec()
        let (forkTree, forkMap, upstreamTree, upstreamSpec, _) = try trees.open(specs, messages: messages)
        var pain: [[UInt8]: [Int]] = [:]
        if let history {
            let named = [upstreamSpec, trees.fork].compactMap { $0 }.lazy.compactMap { specs.repositoryPath(of: $0) }
                .first
            guard let repository = historyRepository ?? named else {
                throw Failure("--range needs a repository: give --repo REPO (or trees as REPO@REV)", status: 64)
            }
            let steps = try PortSession.steps(
                upstream: repository, range: history, perCommit: false, specs: specs, messages: messages)
            let session = try PortSession.run(
                steps, map: forkMap, fork: forkTree, options: Porter.Options(strip: 1, maxFuzz: 2),
                carryOriginals: false)
            for entry in session.report.entries where entry.line > 0 {
                var painful = entry.verdict.isFailure
                if case .ported(let placement) = entry.verdict, placement.step == .matching || placement.step == .merge
                {
                    painful = true
                }
                if painful { pain[entry.copyPath, default: []].append(entry.line) }
            }
        }
        var results: [HookAnalysis.CopyResult] = []
        for pair in try ForkMapSurvey.pairs(map: forkMap, upstream: upstreamTree, fork: forkTree)
        where pair.state == .identical || pair.state == .modified {
            guard let upstreamPath = pair.upstream, let forkPath = pair.fork,
                let original = try upstreamTree.file(at: upstreamPath), let copy = try forkTree.file(at: forkPath)
            else { continue }
            let tree = forkMap.mappings.firstIndex { $0.line == pair.line } ?? 0
            results.append(
                HookAnalysis.analyze(
                    original: original.bytes, copy: copy.bytes, upstreamPath: upstreamPath, forkPath: forkPath,
                    tree: tree, painLines: pain[forkPath] ?? [], sharedList: forkMap.sharedList))
        }
        return (results, forkMap)
    }
}
