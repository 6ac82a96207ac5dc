import ArgumentParser
import Tandem
import TandemCore

/// The `--fork`, `--map` and `--upstream` options of `tandem map` and `tandem hooks`, and the trees they
/// name: the fork, its map (`--map` or `tandem.yml` at the fork's root), and the upstream tree (`--upstream`,
/// else the map's `upstream:` relative to the fork, else the fork tree itself).
struct ForkTrees: ParsableArguments {
    @Option(help: "The fork tree: a directory or REPO@REV ('.' is the current directory).")
    var fork: String = "."

    @Option(help: "The fork map (default: tandem.yml at the fork's root).")
    var map: String?

    @Option(help: "The upstream tree (default: the map's 'upstream:', else the fork tree).")
    var upstream: String?

    /// The trees as the library takes them.
    var job: ForkTreesJob { ForkTreesJob(fork: fork, map: map, upstream: upstream) }
}
