import ArgumentParser
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem siblings`: fixes that reached one sibling architecture but not the other.
struct SiblingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "siblings",
        abstract: "Find upstream fixes that changed one sibling (arch/i386/) but not the other (arch/x86_64/).",
        discussion: """
        Uses the 'siblings' groups of the fork map. Give a PATCH (or '-') with --tree, the tree it applies to \
        (a directory or REPO@REV, default the current directory), or --upstream REPO --range A..B (the range's \
        combined change, with A as the tree). For each hunk under one sibling, the other siblings are searched \
        for the code it changes (same relative path, or any file defining the same function), compared \
        ignoring white space and then with identifiers abstracted; a hit is reported unless the sibling already \
        has the change, or the patch or range gives it an equivalent one (same lines as multisets, identifiers \
        abstracted, so reformatted, renamed or reordered fixes count). \
        Exit status: 0 no possible missed fix; 1 some (or a --range with no commits); 2 trouble; 64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: "The patch; '-' or nothing reads standard input (not with --upstream).")
    var patch: String?

    @Option(help: "The tree the patch applies to: a directory or REPO@REV (default: the current directory).")
    var tree: String = "."

    @Option(help: "The fork map (default: tandem.yml at the tree's root).")
    var map: String?

    @Option(help: "The upstream repository, with --range.")
    var upstream: String?

    @Option(help: "The upstream range A..B.")
    var range: String?

    @Option(name: .customShort("p", allowingJoined: true), help: "Strip N leading components from the patch's paths.")
    var strip: Int = 1

    @Option(help: "table, json or markdown.")
    var format: Format = .table

    func validate() throws {
        if (upstream == nil) != (range == nil) { throw ValidationError("--upstream and --range go together") }
        if upstream != nil && patch != nil { throw ValidationError("give a PATCH or --upstream/--range, not both") }
    }

    func run() throws {
        let specs = TreeSpec()
        var patchValue: Patch
        var treeValue: FileTree
        var treeName = tree
        if let upstream, let range {
            let steps = try PortSession.steps(upstream: upstream, range: range, perCommit: false, specs: specs)
            guard let step = steps.first, let base = step.base else { throw ExitCode(2) }
            patchValue = step.patch
            treeValue = base
            treeName = "\(upstream)@\(GitRepository.rangeEnds(range).from)"
        } else {
            let parsed = try PatchInput.load(patch ?? "-")
            patchValue = parsed.patch
            treeValue = try specs.open(tree)
        }
        let forkMap = try PortCommand.loadMap(map, fork: treeName, tree: treeValue)
        guard !forkMap.siblings.isEmpty else {
            Console.error("\(map ?? ForkMapLoader.fileName): no 'siblings' groups: nothing to compare")
            throw ExitCode(2)
        }
        let result = try Console.exitingOnTrouble {
            try SiblingCheck.check(patchValue, groups: forkMap.siblings, tree: treeValue, strip: upstream == nil ? strip : 1)
        }
        switch format {
        case .table: try Console.output(SiblingsRenderer.text(result))
        case .json: try Console.output(SiblingsRenderer.json(result))
        case .markdown: try Console.output(SiblingsRenderer.markdown(result, title: range ?? patch ?? "standard input"))
        }
        if !result.missed.isEmpty { throw ExitCode(1) }
    }
}
