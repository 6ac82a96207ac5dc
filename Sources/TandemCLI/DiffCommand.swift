import ArgumentParser
import TandemCore
import TandemGit

/// `tandem diff OLD NEW [-U N] [-- PATHS…]`
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Write the patch that turns tree OLD into tree NEW (directories or REPO@REV).",
        discussion: """
        The output is a git-style patch (diff --git, mode lines, ---/+++ and hunks) that git apply and \
        tandem apply accept; binary files appear as 'Binary files … differ'. No rename detection, as with \
        git diff --no-renames. Example: tandem diff linux@v2.6.11 linux@v2.6.12 -- arch/i386 include/asm-i386. \
        Exit status: 0; 2 trouble (not a repository, unknown revision, unreadable directory); 64 usage.
        """
    )

    @Argument(help: "The old tree: a directory or REPO@REV.")
    var old: String

    @Argument(help: "The new tree: a directory or REPO@REV.")
    var new: String

    @Option(name: [.customShort("U", allowingJoined: true), .customLong("unified")], help: "Lines of context (default 3).")
    var context: Int = 3

    @Argument(parsing: .postTerminator, help: "Only these paths (files or directories).")
    var paths: [String] = []

    func validate() throws {
        if context < 0 { throw ValidationError("-U takes a number of lines, 0 or more") }
    }

    func run() throws {
        let specs = TreeSpec()
        let oldTree = try specs.open(old), newTree = try specs.open(new)
        let prefixes = paths.map { Array($0.utf8) }
        var candidates: [[UInt8]]?
        if let a = oldTree as? GitTree, let b = newTree as? GitTree, a.repository === b.repository {
            do {
                candidates = try a.repository.changedPaths(from: a.commit, to: b.commit).map(\.path)
            } catch {
                Console.error(error.message)
                throw ExitCode(2)
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try TreeDiff.patch(old: oldTree, new: newTree, prefixes: prefixes, context: context, candidates: candidates)
        } catch {
            Console.error((error as? CustomStringConvertible)?.description ?? "\(error)")
            throw ExitCode(2)
        }
        try Console.output(bytes)
    }
}
