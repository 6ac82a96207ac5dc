import ArgumentParser
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

    /// The opened trees and map; `upstreamSpec` is how the upstream tree was named (nil: the fork tree),
    /// `mapName` how messages name the map.
    func open(_ specs: TreeSpec) throws -> (fork: FileTree, map: ForkMap, upstream: FileTree, upstreamSpec: String?, mapName: String) {
        let forkTree = try specs.open(fork)
        let (forkMap, mapName) = try MapLookup.load(map, tree: forkTree, treeName: fork, needs: .forks)
        let upstreamSpec = upstream ?? forkMap.upstream.map { $0.hasPrefix("/") || $0.contains("@") ? $0 : fork + "/" + $0 }
        return (forkTree, forkMap, try upstreamSpec.map { try specs.open($0) } ?? forkTree, upstreamSpec, mapName)
    }
}
