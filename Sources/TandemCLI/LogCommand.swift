import ArgumentParser
import Tandem
import TandemCore
import TandemIO
import TandemGit

/// `tandem log [--repo DIR] [RANGE] [--first-parent] [--oldest-first] [--paths] [--read-blobs]`
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the commits of a range, with the paths each changed (through libgit2).",
        discussion: """
            One line per commit, '<id> <summary>'; with --paths, one '<status>\\t<path>' line per changed path \
            against the first parent (A added, D deleted, M modified, T type changed; no rename detection). Merge \
            commits list no paths, as in git log --raw, except with --first-parent, where they list what the merge \
            brought to the mainline (as git log --first-parent does). --read-blobs reads every new-side blob and ends with \
            'blobs: N bytes: M'. RANGE is A..B (reachable from B, not from A) or a revision; default HEAD. \
            Exit status: 0; 2 trouble (not a repository, unknown revision, missing objects); 64 usage.
            """
    )

    @Option(help: "The repository (any folder inside it).")
    var repo: String = "."

    @Argument(help: "A..B or a revision.")
    var range: String = "HEAD"

    @Flag(help: "Follow only first parents.")
    var firstParent = false

    @Flag(help: "Oldest commit first.")
    var oldestFirst = false

    @Flag(help: "List changed paths.")
    var paths = false

    @Flag(help: "Read every changed blob (new side) and report the count and bytes.")
    var readBlobs = false

    func run() throws {
        let repository = try GitRepository(discoveringFrom: repo)
        var ids: [ObjectID] = []
        try repository.walk(range, firstParent: firstParent, order: oldestFirst ? .oldestFirst : .newestFirst) {
            ids.append($0)
        }
        Console.messages.warnShallowBoundary(repository)
        // Commits are independent: workers, each with its own repository handle, format chunks of them,
        // and the chunks are joined in walk order.
        let path = repository.path, paths = self.paths, readBlobs = self.readBlobs, firstParent = self.firstParent
        let totals = Locked<(blobs: Int, bytes: Int)>((0, 0))
        let chunkSize = max(64, ids.count / (ProcessInfoCores.count * 8) + 1)
        let chunks = stride(from: 0, to: ids.count, by: chunkSize).map {
            Array(ids[$0..<min($0 + chunkSize, ids.count)])
        }
        let run: @Sendable ([ObjectID]) throws -> [UInt8] = { chunk in
            let repository = try GitRepository(discoveringFrom: path)
            var out: [UInt8] = []
            var blobs = 0, bytes = 0
            for id in chunk {
                let commit = try repository.commit(id)
                out += Array("\(id.hex) \(commit.summary)\n".utf8)
                guard paths || readBlobs, commit.parents.count <= 1 || firstParent else { continue }
                for change in try repository.changedPaths(from: commit.parents.first, to: id) {
                    if paths {
                        out +=
                            Array(change.status.rawValue.utf8) + [0x09] + PathQuoting.quoteIfNeeded(change.path) + [
                                0x0A
                            ]
                    }
                    if readBlobs, let blob = change.newID {
                        bytes += try repository.withBlob(blob) { $0.count }
                        blobs += 1
                    }
                }
            }
            totals.withLock {
                $0.blobs += blobs; $0.bytes += bytes
            }
            return out
        }
        var output = try ParallelDiff.runChunks(chunks, run)
        if readBlobs {
            let (blobs, bytes) = totals.withLock { $0 }
            output += Array("blobs: \(blobs) bytes: \(bytes)\n".utf8)
        }
        try Console.output(output)
    }
}
