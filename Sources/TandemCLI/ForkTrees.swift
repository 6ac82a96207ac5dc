import ArgumentParser
import Tandem
import TandemCore

/// The `--fork`, `--map` and `--base` options of `tandem map` and `tandem hooks`, and the trees they
/// name: the fork, its map (`--map` or `tandem.yml` at the fork's root), and the upstream tree (`--base`,
/// else the map's `upstream:` relative to the fork, else the fork tree itself).
struct ForkTrees: ParsableArguments {
    @Option(help: "The fork tree: a directory or REPO@REV ('.' is the current directory).")
    var fork: String = "."

    @Option(help: "The fork map (default: tandem.yml at the fork's root).")
    var map: String?

    @Option(
        help:
            "The upstream tree the copies were made from: a directory or REPO@REV (default: the map's 'upstream:', else the fork tree)."
    )
    var base: String?

    /// `--upstream`, the old spelling of `--base` here (everywhere else `--upstream` is a repository):
    /// hidden, kept for one release.
    @Option(name: .customLong("upstream"), help: .hidden)
    var upstreamAlias: String?

    func validate() throws {
        if base != nil && upstreamAlias != nil {
            throw ValidationError("--upstream is the old spelling of --base here: give one")
        }
    }

    /// The trees as the library takes them.
    var job: ForkTreesJob { ForkTreesJob(fork: fork, map: map, upstream: base ?? upstreamAlias) }
}
