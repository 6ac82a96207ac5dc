import Foundation
import Tandem
import TandemCore
import TandemGit
import TandemIO
import TandemReport
import TandemTestSupport
import Testing

/// The use cases of the `Tandem` library called in process: values in, values out, `TandemError`s with
/// their exit statuses, warnings through `Messages` — no subprocess, no printing. The command-line tests
/// keep the end-to-end checks that need a process (exit codes, standard streams, signals).
@Suite("Tandem use cases, in process")
struct UseCaseTests {
    let exampleFork = Fixtures.path + "/example-fork"

    /// The example release ported onto the example fork: the same verdicts the command prints, and the
    /// rewritten patch carries a duplicate for the copies.
    @Test func portSessionPortsTheReleaseOntoTheExampleFork() throws {
        let specs = TreeSpec()
        let fork = try specs.open(exampleFork + "/fork")
        let (log, lines) = Messages.collecting()
        let map = try MapLookup.load(nil, tree: fork, treeName: "fork", needs: .forks, messages: log).map
        let parsed = try PatchReading.load(exampleFork + "/releases/linux-2.6.12.patch", messages: log)
        let step = PortSession.Step(patch: parsed.patch, base: try specs.open(exampleFork + "/upstream/linux-2.6.11"))
        let session = try PortSession.run(
            [step], map: map, fork: fork, options: Porter.Options(strip: 1, maxFuzz: 2),
            carryOriginals: false)
        var counts: [VerdictKind: Int] = [:]
        for entry in session.report.entries { counts[entry.verdict.kind, default: 0] += 1 }
        #expect(
            counts == [
                .ported: 18, .shared: 1, .alreadyApplied: 3, .upstreamDeleted: 1, .newUpstreamFile: 1, .ambiguous: 1,
                .forkConflict: 1,
            ])
        #expect(session.report.failures == 3)
        let patch = String(decoding: session.patch, as: UTF8.self)
        #expect(patch.contains("/arch/xen/i386/kernel/process.c\n"))
        #expect(session.rejects.isEmpty == false)
        #expect(lines.withLock { $0 }.isEmpty, "a clean patch and a map at the fork's root say nothing")
    }

    /// `PortSession.apply` writes nothing while a verdict needs a person (and says so), and writes the
    /// copies with conflict markers under `merge`.
    @Test func applyIsAllOrNothingUnlessMerging() throws {
        let workspace = try Scratch("usecase")
        defer { workspace.cleanup() }
        try workspace.copy(exampleFork + "/fork", to: "fork")
        let forkPath = workspace.path + "/fork"
        let specs = TreeSpec()
        let fork = try specs.open(forkPath)
        let map = try MapLookup.load(nil, tree: fork, treeName: forkPath, needs: .forks, messages: .ignored).map
        let parsed = try PatchReading.load(exampleFork + "/releases/linux-2.6.12.patch", messages: .ignored)
        let step = PortSession.Step(patch: parsed.patch, base: try specs.open(exampleFork + "/upstream/linux-2.6.11"))
        let session = try PortSession.run(
            [step], map: map, fork: fork, options: Porter.Options(strip: 1, maxFuzz: 2),
            carryOriginals: true)
        let copy = "arch/xen/i386/kernel/process.c"
        let before = workspace.read("fork/" + copy)
        let (log, lines) = Messages.collecting()
        #expect(try session.apply(to: forkPath, merge: false, messages: log).isEmpty)
        #expect(workspace.read("fork/" + copy) == before)
        #expect(
            lines.withLock { $0 } == ["nothing written: 3 verdicts need a person (--merge writes conflict markers)"])
        _ = try session.apply(to: forkPath, merge: true, messages: log)
        #expect(workspace.read("fork/" + copy) != before)
        #expect(workspace.read("fork/include/asm-xen/asm-i386/system.h")?.contains("<<<<<<<") == true)
    }

    /// A tree without a map, and a map with nothing for the command, are failures with exit status 2 and
    /// a message naming what is missing.
    @Test func missingOrEmptyMapsAreFailures() throws {
        let workspace = try Scratch("usecase")
        defer { workspace.cleanup() }
        try workspace.write("tree/a.c", "int a;\n")
        try workspace.write("siblings-only.yml", "siblings:\n  - [a/, b/]\n")
        let tree = try TreeRoot(workspace.path + "/tree")
        let error = #expect(throws: Failure.self) {
            try MapLookup.load(nil, tree: tree, treeName: "tree", needs: .forks, messages: .ignored)
        }
        #expect(error?.exitStatus == 2)
        #expect(error?.message.hasPrefix("no fork map: 'tandem.yml' is not at the root of 'tree'") == true)
        let empty = #expect(throws: Failure.self) {
            try MapLookup.load(
                workspace.path + "/siblings-only.yml", tree: tree, treeName: "tree", needs: .forks, messages: .ignored)
        }
        #expect(empty?.message.contains("no 'forks' mappings") == true)
        #expect(empty?.file == workspace.path + "/siblings-only.yml" && empty?.line == nil)
        // The twin: the same map is what `siblings` needs.
        let found = try MapLookup.load(
            workspace.path + "/siblings-only.yml", tree: tree, treeName: "tree", needs: .siblings,
            messages: .ignored)
        #expect(found.map.siblings == [["a/", "b/"]])
    }

    /// A reversed range holds no commits: a failure with status 1 (a CI job must notice); the range the
    /// right way round resolves, and a diverged one is a warning, not a failure.
    @Test func rangesWithNoCommitsFailWithStatusOne() throws {
        let workspace = try Scratch("usecase")
        defer { workspace.cleanup() }
        let builder = try RepositoryBuilder(at: workspace.path + "/repo")
        try builder.write("a.c", "one\n")
        _ = try builder.commit("one")
        _ = try builder.git("tag", "v1")
        try builder.write("a.c", "two\n")
        _ = try builder.commit("two")
        _ = try builder.git("tag", "v2")
        _ = try builder.git("checkout", "-q", "-b", "side", "v1")
        try builder.write("b.c", "side\n")
        _ = try builder.commit("side")
        let repository = try GitRepository(discoveringFrom: builder.path)
        let reversed = #expect(throws: Failure.self) {
            try PortSession.checkedRange("v2..v1", in: repository, messages: .ignored)
        }
        #expect(reversed?.exitStatus == 1)
        #expect(reversed?.message.contains("did you mean 'v1..v2'?") == true)
        let (log, lines) = Messages.collecting()
        _ = try PortSession.checkedRange("v1..v2", in: repository, messages: log)
        #expect(lines.withLock { $0 }.isEmpty)
        _ = try PortSession.checkedRange("side..v2", in: repository, messages: log)
        #expect(lines.withLock { $0 }.first?.hasPrefix("warning: 'side' is not an ancestor of 'v2'") == true)
    }

    /// `ApplyJob` writes a patch that applies; with a hunk that does not, all or nothing writes nothing,
    /// and `check` never writes.
    @Test func applyJobWritesAllOrNothing() throws {
        let workspace = try Scratch("usecase")
        defer { workspace.cleanup() }
        try workspace.write("t/a.c", "one\ntwo\nthree\n")
        try workspace.write("t/b.c", "red\ngreen\nblue\n")
        let good = "--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
        let bad = "--- a/b.c\n+++ b/b.c\n@@ -1,3 +1,3 @@\n cyan\n-magenta\n+MAGENTA\n yellow\n"
        let options = PatchApplier.Options(strip: 1, maxFuzz: 0)
        let checked = try ApplyJob(
            patch: PatchParser.parse(Array(good.utf8)).patch, directory: workspace.path + "/t", options: options,
            check: true
        ).run()
        #expect(checked.everything && !checked.applied)
        #expect(workspace.read("t/a.c") == "one\ntwo\nthree\n")
        let refused = try ApplyJob(
            patch: PatchParser.parse(Array((good + bad).utf8)).patch, directory: workspace.path + "/t",
            options: options
        ).run()
        #expect(!refused.everything && !refused.applied && refused.wroteNothing)
        #expect(workspace.read("t/a.c") == "one\ntwo\nthree\n")
        #expect(refused.report.failedCount == 1)
        let applied = try ApplyJob(
            patch: PatchParser.parse(Array(good.utf8)).patch, directory: workspace.path + "/t",
            options: options
        ).run()
        #expect(applied.applied && applied.trouble == nil)
        #expect(workspace.read("t/a.c") == "one\nTWO\nthree\n")
    }

    /// An empty patch given to `siblings` is a failure with status 1 that says so.
    @Test func siblingsRefusesAnEmptyPatch() throws {
        let workspace = try Scratch("usecase")
        defer { workspace.cleanup() }
        try workspace.write("empty.patch", "")
        let job = SiblingsJob(
            input: .patch(path: workspace.path + "/empty.patch", tree: exampleFork + "/fork", strip: 1))
        let error = #expect(throws: Failure.self) { try job.run(messages: .ignored) }
        #expect(error?.exitStatus == 1)
        #expect(error?.message.contains("the patch is empty: nothing to check") == true)
    }

    /// Drift over a list of two snapshots, in process: the renderer's text reaches the writer, and the
    /// newest snapshot's rows come back.
    @Test func driftRunMeasuresSnapshotsInProcess() throws {
        let upstream = exampleFork + "/upstream/linux-2.6.11", fork = exampleFork + "/fork"
        let source = try DriftRun.source(
            repo: nil, upstream: nil, revs: nil, tags: nil, allParents: false, every: 1,
            snapshots: ["a=\(upstream):\(fork)", "b=\(upstream):\(fork)"], messages: .ignored)
        #expect(source.count == 2)
        let (map, name) = try DriftRun.map(nil, source: source, messages: .ignored)
        #expect(name == "tandem.yml")
        let written = Locked<[UInt8]>([])
        var progress: [Int] = []
        let newest = try DriftRun(source: source, map: map, renderer: DriftCSVRenderer(map: map))
            .run(
                write: { bytes in written.withLock { $0 += bytes } }, progress: { done, _, _ in progress.append(done) })
        #expect(progress == [1, 2])
        let rows = try #require(newest?.rows)
        #expect(!rows.isEmpty)
        // RFC 4180 line ends.
        let csv = String(decoding: written.withLock { $0 }, as: UTF8.self).split(separator: "\r\n")
        #expect(csv.count == 1 + 2 * rows.count, "a header and one line per pair and snapshot: \(csv)")
    }

    /// Hooks on the example fork: every identical or modified pair is analysed; `--history` without any
    /// repository to take it from is a usage failure (64).
    @Test func hooksAnalysesPairsAndNeedsARepositoryForHistory() throws {
        let trees = ForkTreesJob(fork: exampleFork + "/fork", upstream: exampleFork + "/upstream/linux-2.6.11")
        let (results, map) = try HooksJob(trees: trees).run(messages: .ignored)
        #expect(map.mappings.count == 3)
        #expect(
            results.contains { String(decoding: $0.forkPath, as: UTF8.self) == "include/asm-xen/asm-i386/system.h" })
        let error = #expect(throws: Failure.self) {
            try HooksJob(trees: trees, history: "v1..v2").run(messages: .ignored)
        }
        #expect(error?.exitStatus == 64)
    }

    /// Every error type of the lower layers is a `TandemError` with status 2; `Failure.findings` is the
    /// silent 1.
    @Test func errorsCarryTheirExitStatus() {
        let errors: [any TandemError] = [IOError("x"), GitError("x"), ReportInput.Problem("x"), Failure("x")]
        #expect(errors.allSatisfy { $0.exitStatus == 2 && $0.message == "x" })
        #expect(Failure.findings.exitStatus == 1 && Failure.findings.message.isEmpty)
        #expect(ReportJob.labelled("v2.6.12=out/port.json") == ("v2.6.12", "out/port.json"))
        #expect(ReportJob.labelled("out/port-2.6.13.json") == ("port-2.6.13", "out/port-2.6.13.json"))
    }
}
