import ArgumentParser
import Tandem
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem hooks`: which forked copies could be shared, now or through a few hook points.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Say which forked copies could be shared unmodified, and through which hook points.",
        discussion: """
        For every modified or identical pair of the fork map, both files are split into top-level units \
        (functions, macros, types, declarations, preprocessor lines; labels in .S files) and compared ignoring \
        white space and comments. Verdicts: share-now (identical: the shared-list line to add), cosmetic-sync \
        (white space and comments only), hook-points (at most --max-hooks units differ, default 3: each becomes a hook in its \
        operation group: cpu, irq, mmu, time, io, descriptor-tables, boot), keep-copy (with the reason). \
        --range A..B ports that upstream range onto the fork (from --repo, default the upstream tree's \
        repository) and counts, per unit, the hunks that failed or needed merging: the porting pain. \
        The upstream tree is --base, else the map's 'upstream:', else the fork tree. \
        Exit status: 0; 1 a --range with no commits; 2 trouble; 64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @OptionGroup var trees: ForkTrees

    @Option(help: "An upstream range A..B whose port onto the fork measures porting pain per unit.")
    var range: String?

    @Option(help: "The repository of --range (default: the repository of --base or of the fork).")
    var repo: String?

    /// `--history` and `--history-repo`, the old spellings of `--range` and `--repo`: hidden, kept for
    /// one release.
    @Option(name: .customLong("history"), help: .hidden)
    var historyAlias: String?
    @Option(name: .customLong("history-repo"), help: .hidden)
    var historyRepoAlias: String?

    @Option(help: "The most differing units a copy may have and still be shared through hooks.")
    var maxHooks: Int = HookAnalysis.maxHooks

    @Option(help: "table, json or markdown.")
    var format: Format = .table

    @Option(help: "The title of the markdown proposal.")
    var title: String?

    func validate() throws {
        if maxHooks < 0 { throw ValidationError("--max-hooks must not be negative") }
        if range != nil && historyAlias != nil { throw ValidationError("--history is the old spelling of --range: give one") }
        if repo != nil && historyRepoAlias != nil { throw ValidationError("--history-repo is the old spelling of --repo: give one") }
    }

    func run() throws {
        let job = HooksJob(trees: trees.job, history: range ?? historyAlias, historyRepository: repo ?? historyRepoAlias, maxHooks: maxHooks)
        let (results, forkMap) = try job.run(messages: Console.messages)
        switch format {
        case .table: try Console.output(HooksRenderer.text(results, map: forkMap))
        case .json: try Console.output(HooksRenderer.json(results, map: forkMap))
        case .markdown: try Console.output(HooksRenderer.markdown(results, map: forkMap, title: title ?? trees.fork))
        }
    }
}
