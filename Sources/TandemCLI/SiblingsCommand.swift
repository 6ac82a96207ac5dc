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
        (a directory or REPO@REV, default the current directory), or --upstream REPO --range A..B (checked \
        commit by commit, oldest first: a fix that reached the sibling in a later commit of the range is listed \
        as reached there, with the lag, not as missed). For each hunk under one sibling, the other siblings are searched \
        for the code it changes (same relative path, or any file defining the same function), compared \
        ignoring white space and then with identifiers abstracted; a hit is reported unless the sibling already \
        has the change, or the patch or range gives it an equivalent one (same lines as multisets, identifiers \
        abstracted, so reformatted, renamed or reordered fixes count). \
        Exit status: 0 no possible missed fix; 1 some (or an empty patch, a patch with no file under a member: a wrong -p?, or a --range with no commits); 2 trouble; \
        64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Argument(help: "The patch; '-' or nothing reads standard input (not with --upstream).")
    var patch: String?

    @Option(help: "The tree the patch applies to: a directory or REPO@REV ('.' is the current directory).")
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

    @Option(help: "Report findings of at least this confidence (0 to 1; calibrated on real history).")
    var minConfidence: Double = SiblingCheck.defaultMinimumConfidence

    @Flag(help: "Report every possible missed fix, whatever its confidence.")
    var all = false

    func validate() throws {
        if (upstream == nil) != (range == nil) { throw ValidationError("--upstream and --range go together") }
        if upstream != nil && patch != nil { throw ValidationError("give a PATCH or --upstream/--range, not both") }
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence takes a number from 0 to 1") }
        if strip < 0 { throw ValidationError("-p takes a number of components, 0 or more") }
    }

    func run() throws {
        let specs = TreeSpec()
        var result: SiblingCheck.Result
        if let upstream, let range {
            let repository: GitRepository
            do { repository = try specs.repository(upstream) } catch { Console.error(error.message); throw ExitCode(2) }
            defer { Console.warnShallowBoundary(repository) }
            let start: GitTree
            do { start = try GitTree(repository: repository, revision: PortSession.checkedRange(range, in: repository).base.hex) } catch let error as GitError {
                Console.error(error.message)
                throw ExitCode(2)
            }
            let forkMap = try loadGroups(fork: "\(upstream)@\(GitRepository.rangeEnds(range).from)", tree: start)
            do {
                result = try Console.exitingOnTrouble { try SiblingsHistory(repository: repository, range: range, groups: forkMap.siblings).check() }
            } catch let error as GitError {
                Console.error(error.message)
                throw ExitCode(2)
            }
        } else {
            let parsed = try PatchInput.load(patch ?? "-")
            if PatchInput.warnIfEmpty(parsed, path: patch ?? "-", doing: "check") { throw ExitCode(1) }
            let treeValue = try specs.open(tree)
            let forkMap = try loadGroups(fork: tree, tree: treeValue)
            result = try Console.exitingOnTrouble {
                try SiblingCheck.check(parsed.patch, groups: forkMap.siblings, tree: treeValue, strip: strip)
            }
            if result.checked == 0, let warning = Self.noMemberWarning(parsed.patch, groups: forkMap.siblings, strip: strip, name: patch ?? "-") {
                Console.error(warning)
                throw ExitCode(1)
            }
        }
        result = result.keeping(minimum: all ? 0 : minConfidence)
        switch format {
        case .table: try Console.output(SiblingsRenderer.text(result))
        case .json: try Console.output(SiblingsRenderer.json(result))
        case .markdown: try Console.output(SiblingsRenderer.markdown(result, title: range ?? patch ?? "standard input"))
        }
        if !result.missed.isEmpty { throw ExitCode(1) }
    }

    /// The warning for a patch none of whose file patches is under a `siblings` member at `-p strip`, naming
    /// the level at which some would be (a wrong `-p` is the usual cause); nil when some file patch is under a
    /// member (its hunks were all trivial: nothing to check is then a right answer).
    static func noMemberWarning(_ patch: Patch, groups: [[String]], strip: Int, name: String) -> String? {
        func under(_ level: Int) -> Int { SiblingCheck.filesUnderMembers(patch, groups: groups, strip: level) }
        guard !patch.files.isEmpty, under(strip) == 0 else { return nil }
        var text = "\(name): warning: no file patch of the \(patch.files.count) is under a 'siblings' member of the map"
        if let level = (0...4).first(where: { $0 != strip && under($0) > 0 }) {
            text += ": with -p\(level), \(under(level)) would be: is -p\(strip) the wrong level?"
        } else {
            text += " (the wrong patch, or the wrong map?)"
        }
        return text
    }

    /// The fork map, which must name at least one `siblings` group (`MapLookup`).
    func loadGroups(fork: String, tree: FileTree) throws -> ForkMap {
        try MapLookup.load(map, tree: tree, treeName: fork, needs: .siblings).map
    }
}
