import ArgumentParser
import TandemCore
import TandemIO
import TandemReport

/// `tandem map [--fork TREE] [--map FILE] [--upstream TREE] [--discover [--write]]`
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "List every original/copy pair of the fork map with its state, or propose a map.",
        discussion: """
        States: identical (the copy could be shared), modified, fork-only (no original upstream), \
        upstream-missing (a single-file mapping whose upstream file is gone), shared-unmodified (no copy; the \
        shared list names it), not-copied. The upstream tree is --upstream, else the map's 'upstream:' \
        (relative to the fork), else the fork tree itself. --discover proposes a tandem.yml from the tree's \
        layout (directory copies, suffix copies) and prints it; --write also writes it to the fork's root, \
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
        let fork = trees.fork
        let forkTree = try specs.open(fork)
        if discover {
            let proposal: [ForkMapping]
            do { proposal = try ForkMapSurvey.propose(forkTree) } catch {
                Console.error("\(error)")
                throw ExitCode(2)
            }
            try propose(proposal, forkTree: forkTree)
            return
        }
        let (_, forkMap, upstreamTree, _, mapName) = try trees.open(specs)
        do {
            let pairs = try ForkMapSurvey.pairs(map: forkMap, upstream: upstreamTree, fork: forkTree)
            var out = ""
            let width = pairs.map { $0.state.rawValue.count }.max() ?? 0
            for pair in pairs {
                out += pair.state.rawValue + String(repeating: " ", count: width - pair.state.rawValue.count + 2)
                out += (pair.upstream.map(JSONText.quotedPath) ?? "-") + " -> " + (pair.fork.map(JSONText.quotedPath) ?? "-") + "\n"
            }
            var counts: [String: Int] = [:]
            for pair in pairs { counts[pair.state.rawValue, default: 0] += 1 }
            out += "pairs: " + ForkMapSurvey.Pair.State.allCases.compactMap { state in counts[state.rawValue].map { "\($0) \(state.rawValue)" } }
                .joined(separator: ", ") + "\n"
            try Console.output(out)
            let warnings = MappingCheck.warnings(forkMap, tallies: Self.tallies(pairs, map: forkMap))
            PatchInput.printDiagnostics(warnings, path: mapName)
            if !warnings.isEmpty { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }

    /// What each mapping matched, for `MappingCheck`.
    static func tallies(_ pairs: [ForkMapSurvey.Pair], map: ForkMap) -> [MappingCheck.Tally] {
        var tallies = Array(repeating: MappingCheck.Tally(), count: map.mappings.count)
        for pair in pairs {
            guard let index = map.mappings.firstIndex(where: { $0.line == pair.line }) else { continue }
            switch pair.state {
            case .identical, .modified: tallies[index].copies += 1
            case .forkOnly, .upstreamMissing: tallies[index].forkOnly += 1
            case .notCopied: tallies[index].uncopied += 1
            case .sharedUnmodified: tallies[index].shared += 1
            }
        }
        return tallies
    }

    /// Prints the proposal and, with --write, writes it as tandem.yml at the fork's root: never over an
    /// existing map (unless --force), and never a map tandem would refuse to read (one with no mappings).
    func propose(_ proposal: [ForkMapping], forkTree: FileTree) throws {
        let fork = trees.fork
        guard !proposal.isEmpty else {
            Console.error("no copies found in '\(fork)': no two folders share files with 60% of their lines, and no X-SUFFIX.c "
                + "stands beside X.c, so there is no map to propose\(write ? " (nothing written)" : "")")
            throw ExitCode(1)
        }
        let text = ForkMapSurvey.yaml(proposal)
        let fileName = ForkMapLoader.fileName
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
        } catch {
            Console.error("the proposed map is not one tandem can read, so it was not written: \(error.message)")
            throw ExitCode(2)
        }
        try Console.output(text)
        guard write else { return }
        do {
            if !force, try forkTree.file(at: Array(fileName.utf8)) != nil {
                Console.error("not writing \(fork)/\(fileName): it exists (--force replaces it; the proposal is above)")
                throw ExitCode(2)
            }
            try TreeRoot(fork).write(Array(text.utf8), to: Array(fileName.utf8))
        } catch let error as IOError {
            Console.error(error.message)
            throw ExitCode(2)
        }
    }
}
