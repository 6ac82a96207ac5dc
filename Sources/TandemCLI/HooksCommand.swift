import ArgumentParser
import Tandem
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem hooks`: the operations a fork substitutes, and which copies they would let it share.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Propose the primitive operations a fork substitutes, and which copies they would let it share.",
        discussion: """
            For every modified or identical pair of the fork map, both files are split into top-level units \
            (functions, macros, types, declarations, preprocessor lines; labels in .S files) and compared ignoring \
            white space and comments. In each unit the fork changed, tandem finds what it substituted: calls, asm \
            instructions and macro constants of the original it replaced, or the unit itself when it is a small \
            primitive (a macro, a short inline). Those are the operations: gathered over all copies with their \
            signature and every site, ranked by the copies and lines they would free (porting pain first with \
            --range), grouped by names that share a word and units that change together. Verdicts per copy: \
            share-now (identical: the shared-list line to add), cosmetic-sync (white space and comments only), \
            hook-points (every difference is an operation: the list), keep-copy (a difference no operation \
            expresses, such as a rewritten block: the reason). \
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

    /// `--max-hooks N` of earlier releases: copies now follow the operations they need, with no cap.
    /// Accepted for one release with a warning.
    @Option(name: .customLong("max-hooks"), help: .hidden)
    var maxHooks: Int?

    @Option(help: "table, json or markdown.")
    var format: Format = .table

    @Option(help: "The title of the markdown proposal.")
    var title: String?

    func validate() throws {
        if range != nil && historyAlias != nil {
            throw ValidationError("--history is the old spelling of --range: give one")
        }
        if repo != nil && historyRepoAlias != nil {
            throw ValidationError("--history-repo is the old spelling of --repo: give one")
        }
    }

    func run() throws {
        if maxHooks != nil {
            Console.error(
                "warning: --max-hooks is ignored: a copy needs the operations that cover its differences, however many")
        }
        let job = HooksJob(
            trees: trees.job, history: range ?? historyAlias, historyRepository: repo ?? historyRepoAlias)
        let (results, forkMap) = try job.run(messages: Console.messages)
        switch format {
        case .table: try Console.output(HooksRenderer.text(results, map: forkMap))
        case .json: try Console.output(HooksRenderer.json(results, map: forkMap))
        case .markdown: try Console.output(HooksRenderer.markdown(results, map: forkMap, title: title ?? trees.fork))
        }
    }
}
