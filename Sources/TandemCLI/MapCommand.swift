import ArgumentParser
import Tandem
import TandemCore
import TandemIO
import TandemReport

/// `tandem map [--fork TREE] [--map FILE] [--base TREE] [--discover [--write]]`
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "List every original/copy pair of the fork map with its state, or propose a map.",
        discussion: """
            States: identical (the copy could be shared), modified, fork-only (no original upstream), \
            upstream-missing (a single-file mapping whose upstream file is gone), shared-unmodified (no copy; the \
            shared list names it), not-copied. The upstream tree is --base, else the map's 'upstream:' \
            (relative to the fork), else the fork tree itself. Each pair names the mapping that claimed it: the \
            most specific one that matches the copy (a file pattern beats a glob beats a folder beats the overlay \
            ./). --discover proposes a tandem.yml and prints it: with --base, pairing the fork with that upstream \
            tree (an overlay folder, directory layouts, suffix copies); without, from copies inside the fork tree \
            (directory copies, suffix copies). --write also writes it to the fork's root, \
            never over an existing tandem.yml unless --force. \
            Exit status: 0; 1 a mapping looks like a typo (every copy fork-only, or no copy at all; a warning \
            names it), or --discover found no copies; 2 trouble (bad map, unreadable tree, tandem.yml exists); \
            64 usage.
            """
    )

    @OptionGroup var trees: ForkTrees

    @Flag(help: "Propose a map from the tree's layout instead of listing.")
    var discover = false

    @Flag(help: "With --discover: write the proposal to tandem.yml at the fork's root (not over an existing one).")
    var write = false

    @Flag(help: "With --write: replace an existing tandem.yml.")
    var force = false

    func validate() throws {
        if write && !discover { throw ValidationError("--write goes with --discover") }
        if force && !write { throw ValidationError("--force goes with --discover --write") }
    }

    func run() throws {
        let specs = TreeSpec()
        let forkTree = try specs.open(trees.fork)
        if discover {
            // With an upstream tree, the proposal pairs the fork with it (an overlay, layouts, suffixes);
            // without, it looks for copies inside the fork tree.
            if let upstream = trees.base ?? trees.upstreamAlias {
                let upstreamTree = try specs.open(upstream)
                return try propose(
                    try ForkMapSurvey.propose(fork: forkTree, upstream: upstreamTree), forkTree: forkTree,
                    upstreamTree: upstreamTree)
            }
            return try propose(try ForkMapSurvey.propose(forkTree), forkTree: forkTree, upstreamTree: forkTree)
        }
        let (_, forkMap, upstreamTree, _, mapName) = try trees.job.open(specs, messages: Console.messages)
        let (text, warnings) = try MapListing.run(map: forkMap, upstream: upstreamTree, fork: forkTree)
        try Console.output(text)
        Console.messages.say(warnings, path: mapName)
        if !warnings.isEmpty { throw Failure.findings }
    }

    /// Prints the proposal and, with --write, writes it as tandem.yml at the fork's root: never over an
    /// existing map (unless --force), and never a map tandem would refuse to read (one with no mappings).
    func propose(_ proposal: [ForkMapping], forkTree: FileTree, upstreamTree: FileTree) throws {
        let fork = trees.fork
        guard !proposal.isEmpty else {
            throw Failure(
                "no copies found in '\(fork)': no two folders share files with 60% of their lines, and no X-SUFFIX.c "
                    + "stands beside X.c, so there is no map to propose\(write ? " (nothing written)" : "")", status: 1)
        }
        let text = ForkMapSurvey.yaml(
            proposal,
            notes: try proposal.map { try ForkMapSurvey.copiedShare(of: $0, upstream: upstreamTree, fork: forkTree) })
        let fileName = ForkMapLoader.fileName
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
        } catch {
            throw Failure("the proposed map is not one tandem can read, so it was not written: \(error.message)")
        }
        try Console.output(text)
        guard write else { return }
        if !force, try forkTree.file(at: Array(fileName.utf8)) != nil {
            throw Failure("not writing \(fork)/\(fileName): it exists (--force replaces it; the proposal is above)")
        }
        try TreeRoot(fork).write(Array(text.utf8), to: Array(fileName.utf8))
    }
}
