import ArgumentParser
import Tandem
import TandemIO
import TandemCore
import TandemGit

/// `tandem diff OLD NEW [-U N] [-- PATHS…]`
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Write the patch that turns tree OLD into tree NEW (directories or REPO@REV).",
        discussion: """
            The output is a git-style patch (diff --git, mode lines, ---/+++ and hunks) that git apply and \
            tandem apply accept; binary files appear as 'Binary files … differ', or with --binary as the data \
            that applies them (as git diff --binary writes it). No rename detection, as with \
            git diff --no-renames. Example: tandem diff linux@v2.6.11 linux@v2.6.12 -- arch/i386 include/asm-i386. \
            Exit status: 0; 2 trouble (not a repository, unknown revision, unreadable directory); 64 usage.
            """
    )

    @Argument(help: "The old tree: a directory or REPO@REV.")
    var old: String

    @Argument(help: "The new tree: a directory or REPO@REV.")
    var new: String

    @Option(name: [.customShort("U", allowingJoined: true), .customLong("unified")], help: "Lines of context.")
    var context: Int = 3

    @Flag(help: "Write binary files as GIT binary patch data (with full index lines), as git diff --binary.")
    var binary = false

    @Argument(parsing: .postTerminator, help: "Only these paths (files or directories).")
    var paths: [String] = []

    func validate() throws {
        if context < 0 { throw ValidationError("-U takes a number of lines, 0 or more") }
    }

    func run() throws {
        let specs = TreeSpec()
        let oldTree = try specs.open(old), newTree = try specs.open(new)
        let prefixes = paths.map { Array($0.utf8) }
        let bytes: [UInt8]
        if let a = oldTree as? GitTree, let b = newTree as? GitTree, a.repository === b.repository {
            // Two revisions of one repository: libgit2 names the changed paths, and workers (each with
            // its own repository handle) write the file patches of their share of them.
            let candidates = try a.repository.changedPaths(from: a.commit, to: b.commit).map(\.path)
                .filter { pathIsSelected($0, by: prefixes) }
            let repository = a.repository.path, from = a.commit.hex, to = b.commit.hex, context = self.context,
                binary = self.binary
            bytes = try ParallelDiff.run(candidates) { chunk in
                let repo = try GitRepository(discoveringFrom: repository)
                return try TreeDiff.patch(
                    old: try GitTree(repository: repo, revision: from),
                    new: try GitTree(repository: repo, revision: to),
                    context: context, candidates: chunk, binary: binary)
            }
        } else if let a = oldTree as? TreeRoot, let b = newTree as? TreeRoot {
            let candidates = Set(try a.paths(under: prefixes) + b.paths(under: prefixes)).sorted {
                $0.lexicographicallyPrecedes($1)
            }
            let context = self.context, binary = self.binary
            bytes = try ParallelDiff.run(candidates) { chunk in
                try TreeDiff.patch(old: a, new: b, context: context, candidates: chunk, binary: binary)
            }
        } else {
            bytes = try TreeDiff.patch(
                old: oldTree, new: newTree, prefixes: prefixes, context: context, binary: binary)
        }
        try Console.output(bytes)
    }
}
