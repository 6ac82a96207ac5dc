import TandemCore
import TandemIO

/// The trees of `tandem map` and `tandem hooks`: the fork, its map (`--map`, else `tandem.yml` at the
/// fork's root, `MapLookup`) and the upstream tree (`--upstream`, else the map's `upstream:` relative to the
/// fork, else the fork tree itself).
public struct ForkTreesJob {
    public var fork: String
    public var map: String?
    public var upstream: String?

    public init(fork: String, map: String? = nil, upstream: String? = nil) {
        self.fork = fork
        self.map = map
        self.upstream = upstream
    }

    /// The opened trees and map; `upstreamSpec` is how the upstream tree was named (nil: the fork tree),
    /// `mapName` how messages name the map.
    public func open(_ specs: TreeSpec, messages: Messages)
        throws -> (fork: FileTree, map: ForkMap, upstream: FileTree, upstreamSpec: String?, mapName: String)
    {
        let forkTree = try specs.open(fork)
        let (forkMap, mapName) = try MapLookup.load(
            map, tree: forkTree, treeName: fork, needs: .forks, messages: messages)
        let upstreamSpec =
            upstream ?? forkMap.upstream.map { $0.hasPrefix("/") || $0.contains("@") ? $0 : fork + "/" + $0 }
        return (forkTree, forkMap, try upstreamSpec.map { try specs.open($0) } ?? forkTree, upstreamSpec, mapName)
    }
}
