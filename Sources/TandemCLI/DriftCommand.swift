import ArgumentParser
import Tandem
import Dispatch
import TandemCore
import TandemGit
import TandemIO
import TandemReport

/// `tandem drift`: how far every forked copy has drifted from its original, snapshot by snapshot.
struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Measure how far each forked copy has drifted from its original, over a series of snapshots.",
        discussion: """
            Snapshots come from one repository holding originals and copies (--repo REPO with --range A..B, \
            --range REV or --tags GLOB; first-parent, oldest first; --every N keeps every N-th), from two \
            repositories (--fork REPO --upstream REPO: each fork revision's upstream release comes from the \
            map's 'versions' rule, e.g. the kernel Makefile, a build-file pattern, a folder name, the names of \
            files such as patches/linux-*/*.patch, or a table; a version upstream never tagged is compared with \
            the nearest tag below it, marked approximate), or from a list (--snapshot LABEL=TREE or LABEL=UPSTREAM:FORK, trees as DIR or REPO@REV). The fork map is \
            --map FILE or tandem.yml at the root of the newest fork snapshot. \
            For each pair: identical (bytes, whitespace), similarity 2*shared/(original+copy lines), shared / \
            fork-only / upstream-only lines, divergent regions, fork lines inside 'guards' #if blocks, the C \
            functions that differ, and the predicted port cost: how many hunks of the next snapshot's upstream \
            change to the original would fail on the copy. Totals per tree (map entry) and overall, over the \
            pairs; fork-only files (no original upstream) are counted on a line of their own. The output names \
            the upstream versions the run visited. A pair is measured again only when one of its blob ids \
            changed. \
            Exit status: 0 measured; 1 measured, but a mapping looks like a typo (every copy fork-only, or no \
            copy, at the newest snapshot; a warning names it), or a --range A..B with no commits; 2 trouble (no \
            map, bad versions rule, unknown revision); 64 usage.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Option(
        name: [.customLong("repo"), .customLong("fork")],
        help: "The repository holding the fork (and, without --upstream, the originals).")
    var repo: String?

    @Option(help: "The upstream repository, when the fork lives in its own (needs a 'versions' rule in the map).")
    var upstream: String?

    @Option(help: "Fork revisions: A..B (after A up to B) or REV (its whole history). Default: HEAD.")
    var range: String?

    /// `--revs`, the old spelling of `--range`: hidden, kept for one release.
    @Option(name: .customLong("revs"), help: .hidden)
    var revsAlias: String?

    /// The fork revisions, however spelled.
    var revs: String? { range ?? revsAlias }

    @Option(help: "Fork revisions: the tags matching GLOB, in version order.")
    var tags: String?

    @Option(help: "Keep every N-th revision (and always the newest).")
    var every: Int = 1

    @Flag(help: "Walk all parents, not only first parents (to visit upgrades made on merged branches).")
    var allParents = false

    @Option(
        name: .customLong("snapshot"),
        help: "LABEL=TREE or LABEL=UPSTREAM:FORK (DIR or REPO@REV); repeat, oldest first.")
    var snapshots: [String] = []

    @Option(help: "The fork map (default: tandem.yml at the root of the newest fork snapshot).")
    var map: String?

    @Option(help: "table, json or csv.")
    var format: Format = .table

    @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "How many of the most drifted copies the table lists.")
    var top: Int = 10

    @Flag(help: "No progress bar.")
    var quiet = false

    @Flag(
        name: .customLong("no-reuse"), help: "Measure every pair of every snapshot (checks that reuse changes nothing)."
    )
    var noReuse = false

    func validate() throws {
        if repo == nil && snapshots.isEmpty {
            throw ValidationError("give --repo REPO (with --range or --tags) or --snapshot LABEL=TREE")
        }
        if repo != nil && !snapshots.isEmpty {
            throw ValidationError("--snapshot and --repo are two different sources: give one")
        }
        if range != nil && revsAlias != nil { throw ValidationError("--revs is the old spelling of --range: give one") }
        if revs != nil && tags != nil { throw ValidationError("give --range or --tags, not both") }
        if upstream != nil && repo == nil { throw ValidationError("--upstream needs --fork REPO") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        if top < 0 { throw ValidationError("--top must not be negative") }
        for item in snapshots where !item.contains("=") || item.hasPrefix("=") || item.hasSuffix("=") {
            throw ValidationError("--snapshot '\(item)': expected LABEL=TREE or LABEL=UPSTREAM:FORK")
        }
    }

    func run() throws {
        let messages = Console.messages
        let source = try DriftRun.source(
            repo: repo, upstream: upstream, revs: revs, tags: tags, allParents: allParents, every: every,
            snapshots: snapshots, messages: messages)
        guard source.count > 0 else { throw Failure("no snapshots: the range or tag pattern selects no revision") }
        let (forkMap, mapName) = try DriftRun.map(map, source: source, messages: messages)
        source.mapName = mapName
        try source.prepare(map: forkMap)
        let renderer: any DriftRenderer
        switch format {
        case .table: renderer = DriftTableRenderer(map: forkMap, top: top)
        case .json: renderer = DriftJSONRenderer(map: forkMap)
        case .csv: renderer = DriftCSVRenderer(map: forkMap)
        }
        let progress = ProgressLine(quiet: quiet)
        // A mapping with no copy, or only fork-only files, in every snapshot of the run is most likely a typo
        // in the map: warn, and exit 1 so CI notices. One that had copies earlier is a layout the fork left
        // behind (Xen's arch/xen/i386/ before its -xen.c copies), not a typo.
        var copiesSeen = Array(repeating: 0, count: forkMap.mappings.count)
        let newest = try DriftRun(
            source: source, map: forkMap, renderer: renderer, outputPath: output, noReuse: noReuse
        )
        .run(write: { try Console.output($0) }, progress: progress.update) { result in
            for (index, tree) in result.trees.enumerated() where index < copiesSeen.count {
                copiesSeen[index] = max(copiesSeen[index], tree.pairs)
            }
        }
        progress.finish()
        let tallies = (newest?.trees ?? []).enumerated().map { index, tree in
            MappingCheck.Tally(
                copies: index < copiesSeen.count ? copiesSeen[index] : tree.pairs, forkOnly: tree.forkOnlyFiles)
        }
        let warnings = newest == nil ? [] : MappingCheck.warnings(forkMap, tallies: tallies)
        messages.say(warnings, path: mapName)
        if !warnings.isEmpty { throw Failure.findings }
    }
}
