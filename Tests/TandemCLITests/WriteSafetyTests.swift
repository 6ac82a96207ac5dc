import Foundation
import Testing
import TandemTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue #15: the writes a patch must never make, end to end through the built binary. Each refusal has its
/// twin, the legitimate case that must still work. The git-made patches (links next to git apply, reruns
/// after kills) are in `WriteSafetyGitTests`.
@Suite("Write safety: what a patch may not write")
struct WriteSafetyTests {
    /// A patch creating `path` with one line `hi`.
    static func creation(_ path: String) -> String {
        "--- /dev/null\n+++ b/\(path)\n@@ -0,0 +1 @@\n+hi\n"
    }

    /// A patch changing `two` to `TWO` in a three-line file `path`.
    static func edit(_ path: String) -> String {
        "--- a/\(path)\n+++ b/\(path)\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
    }

    static let threeLines = "one\ntwo\nthree\n"

    // MARK: 1. git's own folder

    static let gitFolderPaths = [
        ".git/hooks/pre-commit", ".git/config", ".GIT/config", ".git. /config", "git~1/config",
        ".g\u{200C}it/config", "sub/.git/x", ".git::$INDEX_ALLOCATION/x",
    ]

    /// `apply` and `port --apply` of a patch that first creates an ordinary file and then writes into git's
    /// folder (`.git/config` is edited, the rest created): exit 2, one line, nothing written anywhere.
    @Test(arguments: gitFolderPaths, ["apply", "port"])
    func writesIntoGitsFolderAreRefused(path: String, command: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write(".git/config", Self.threeLines)
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: b.c}\n")
        try tree.write(
            "p.patch", Self.creation("ok.c") + (path == ".git/config" ? Self.edit(path) : Self.creation(path)))
        let before = snapshot(tree.path)
        let result =
            command == "apply"
            ? try tandem("apply", "p.patch", directory: tree.path)
            : try tandem("port", "p.patch", "--fork", ".", "--apply", directory: tree.path)
        #expect(
            result.status == 2 && oneErrorLine(result) && result.stderr.contains("git's own folder"),
            "\(path): \(result.stderr)")
        #expect(snapshot(tree.path) == before, "\(command) wrote something for \(path)")
    }

    /// `port --apply` with a map whose fork side is in `.git/`: the copy is never read or written.
    @Test func aForkMapIntoGitsFolderIsRefused() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write(".git/config", Self.threeLines)
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: .git/config}\n")
        try tree.write("p.patch", Self.edit("a.c"))
        let before = snapshot(tree.path)
        let result = try tandem("port", "p.patch", "--fork", ".", "--apply", directory: tree.path)
        #expect(
            result.status == 2 && oneErrorLine(result) && result.stderr.contains("git's own folder"), "\(result.stderr)"
        )
        #expect(snapshot(tree.path) == before)
    }

    /// Twin: names that merely look like `.git` are written by both commands, and a map into `x.git/` works.
    @Test(arguments: [".gitignore", ".github/workflows/x.yml", "x.git/y", ".gitmodules"], ["apply", "port"])
    func gitLookalikesAreWritten(path: String, command: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("x.git/config", Self.threeLines)
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: x.git/config}\n")
        try tree.write("p.patch", Self.creation(path) + Self.edit("a.c"))
        let result =
            command == "apply"
            ? try tandem("apply", "p.patch", directory: tree.path)
            : try tandem("port", "p.patch", "--fork", ".", "--apply", directory: tree.path)
        #expect(result.status == 0, "\(path): \(result.stderr)")
        #expect(tree.read(path) == "hi\n")
        #expect(tree.read("a.c") == "one\nTWO\nthree\n")
        if command == "port" { #expect(tree.read("x.git/config") == "one\nTWO\nthree\n") }
    }

    // MARK: 2. Special mode bits

    /// `new file mode 107777` and `new mode 106777`: executable, 0755 under umask 022, never setuid, setgid,
    /// sticky or world-writable.
    @Test func specialModeBitsFromThePatchAreDropped() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("old.sh", Self.threeLines, mode: 0o644)
        try tree.write(
            "p.patch",
            """
            diff --git a/new.sh b/new.sh
            new file mode 107777
            --- /dev/null
            +++ b/new.sh
            @@ -0,0 +1 @@
            +echo
            diff --git a/old.sh b/old.sh
            old mode 100644
            new mode 106777

            """)
        let result = try tandem(umask: "022", ["apply", "p.patch"], directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Node(tree.path + "/new.sh")?.bits == 0o755)
        #expect(Node(tree.path + "/old.sh")?.bits == 0o755)
        #expect(tree.read("old.sh") == Self.threeLines)
    }

    /// New files honour the umask: under 077, 0600 and 0700.
    @Test func newFilesHonourTheUmask() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write(
            "p.patch",
            """
            diff --git a/plain.c b/plain.c
            new file mode 100644
            --- /dev/null
            +++ b/plain.c
            @@ -0,0 +1 @@
            +x
            diff --git a/run.sh b/run.sh
            new file mode 100755
            --- /dev/null
            +++ b/run.sh
            @@ -0,0 +1 @@
            +echo
            --- /dev/null
            +++ b/sub/nomode.c
            @@ -0,0 +1 @@
            +y

            """)
        let result = try tandem(umask: "077", ["apply", "p.patch"], directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Node(tree.path + "/plain.c")?.bits == 0o600)
        #expect(Node(tree.path + "/run.sh")?.bits == 0o700)
        #expect(Node(tree.path + "/sub/nomode.c")?.bits == 0o600)
        #expect(Node(tree.path + "/sub")?.bits == 0o700)
    }

    // MARK: 3. Owners

    /// As root: a rewritten file keeps its owner and group and loses setuid/setgid; a root-owned setuid file
    /// rewritten is not setuid afterwards.
    @Test(.enabled(if: geteuid() == 0)) func rewritesKeepTheOwnerAndNeverLeaveASetuidFile() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("theirs.c", Self.threeLines)
        try tree.write("roots.c", Self.threeLines)
        #expect(chown(tree.path + "/theirs.c", 12345, 12345) == 0)
        #expect(chmod(tree.path + "/theirs.c", 0o4755) == 0)
        #expect(chmod(tree.path + "/roots.c", 0o6755) == 0)
        try tree.write("p.patch", Self.edit("theirs.c") + Self.edit("roots.c"))
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        let theirs = Node(tree.path + "/theirs.c"), roots = Node(tree.path + "/roots.c")
        #expect(tree.read("theirs.c") == "one\nTWO\nthree\n")
        #expect(theirs?.uid == 12345 && theirs?.gid == 12345)
        #expect(theirs?.bits == 0o755)
        #expect(roots?.uid == 0 && roots?.bits == 0o755)
    }

    // MARK: 4. Output files that are not regular files

    /// `filter -o FIFO`: the bytes go through the FIFO, which is still a FIFO afterwards.
    @Test func filterWritesIntoAFIFO() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let patch = Self.edit("a.c")
        try tree.write("p.patch", patch)
        #expect(mkfifo(tree.path + "/out", 0o644) == 0)
        let reader = try FIFOReader(tree.path + "/out")
        let result = try limitedRun(tandemBinary, ["filter", "p.patch", "-o", "out"], directory: tree.path).run
        let received = reader.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(received.closed && received.bytes == Array(patch.utf8))
        #expect(Node(tree.path + "/out")?.isFIFO == true)
    }

    /// `port -o FIFO` with a rejected hunk: the rewritten patch goes through the FIFO, no `FIFO.rej` is made,
    /// and a warning says the rejects were not saved.
    @Test func portMakesNoRejectFileBesideAFIFO() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("b.c", "other\ntext\nhere\n")
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: b.c}\n")
        try tree.write("p.patch", Self.edit("a.c"))
        #expect(mkfifo(tree.path + "/out", 0o644) == 0)
        let reader = try FIFOReader(tree.path + "/out")
        let result = try limitedRun(
            tandemBinary, ["port", "p.patch", "--fork", ".", "-o", "out"], directory: tree.path
        ).run
        let received = reader.finish()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("rejected hunks not saved"), "\(result.stderr)")
        #expect(received.closed && String(decoding: received.bytes, as: UTF8.self).contains("+++ b/a.c"))
        #expect(Node(tree.path + "/out")?.isFIFO == true)
        #expect(Node(tree.path + "/out.rej") == nil)
    }

    /// `-o LINK` where LINK points to a file: the link stays, the file it names holds the output.
    @Test func outputThroughALinkKeepsTheLink() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let patch = Self.edit("a.c")
        try tree.write("p.patch", patch)
        try tree.write("real/out.patch", "old output\n")
        #expect(symlink("real/out.patch", tree.path + "/out") == 0)
        let result = try tandem("filter", "p.patch", "-o", "out", directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(linkTarget(tree.path + "/out") == "real/out.patch")
        #expect(tree.read("real/out.patch") == patch)
        #expect(temporaryLeftovers(tree.path).isEmpty)
    }

    /// `-o` onto a folder: exit 2, one line, the folder as it was.
    @Test func outputOntoAFolderIsRefused() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("p.patch", Self.edit("a.c"))
        try tree.write("out/keep", "kept\n")
        let before = snapshot(tree.path)
        let result = try tandem("filter", "p.patch", "-o", "out", directory: tree.path)
        #expect(result.status == 2 && oneErrorLine(result), "\(result.stderr)")
        #expect(snapshot(tree.path) == before)
    }

    // MARK: 5. A folder swapped for a link while the run writes

    /// A patch creating 2,000 files in `e/` and then 2,000 in `d/`. From the first write on (every path was
    /// checked by then), another thread keeps swapping `d` for a link to a folder outside the tree (100 ms)
    /// and back (2 ms). Whatever the run's fate (exit 0, or 2 when it met the link), nothing lands outside.
    @Test func aFolderSwappedForALinkMidRunSendsNothingOutside() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let tree = scratch.path + "/tree", outside = scratch.path + "/outside"
        try FileManager.default.createDirectory(atPath: tree + "/d", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try scratch.write(
            "p.patch",
            (0..<2000).map { Self.creation("e/f\($0).c") }.joined()
                + (0..<2000).map { Self.creation("d/f\($0).c") }.joined())
        let d = tree + "/d", link = tree + "/d.link"
        #expect(symlink(outside, link) == 0)
        let stop = Flag(), stopped = DispatchSemaphore(value: 0)
        Thread {
            while !stop.isRaised && Node(tree + "/e") == nil { usleep(100) }
            while !stop.isRaised {
                swapNames(d, link)
                for _ in 0..<100 where !stop.isRaised { usleep(1000) }
                swapNames(d, link)
                usleep(2000)
            }
            if Node(d)?.isLink == true { swapNames(d, link) }
            stopped.signal()
        }.start()
        let result = try limitedRun(tandemBinary, ["apply", "../p.patch"], directory: tree, seconds: 300).run
        stop.raise()
        stopped.wait()
        #expect(result.status == 0 || result.status == 2, "\(result.stderr)")
        let escaped = snapshot(outside).keys.sorted()
        #expect(escaped.isEmpty, "\(escaped.count) entries outside the tree: \(escaped.prefix(5))")
    }

    // MARK: 6. Renames and copies onto existing files

    /// A rename (with an edit) or a copy onto a file that is there and differs: `already-exists`, exit 1,
    /// nothing written.
    @Test(arguments: ["rename", "copy"])
    func renameOrCopyOntoAnotherFileIsRefused(kind: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("b.c", "someone else's file\n")
        try tree.write(
            "p.patch",
            """
            diff --git a/a.c b/b.c
            similarity index 80%
            \(kind) from a.c
            \(kind) to b.c
            --- a/a.c
            +++ b/b.c
            @@ -1,3 +1,3 @@
             one
            -two
            +TWO
             three

            """)
        let before = snapshot(tree.path)
        let result = try tandem("apply", "p.patch", "--format", "json", directory: tree.path)
        #expect(result.status == 1, "\(result.stderr)")
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(output.contains("\"already-exists\"") && output.contains("b.c already exists in the tree"), "\(output)")
        #expect(snapshot(tree.path) == before)
    }

    /// Twin: a rename a killed run half did (the new name holds the result, the old one is still there) is
    /// finished: the old name goes, exit 0.
    @Test func aHalfDoneRenameIsFinished() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("b.c", "one\nTWO\nthree\n")
        try tree.write(
            "p.patch",
            "diff --git a/a.c b/b.c\nsimilarity index 80%\nrename from a.c\nrename to b.c\n"
                + Self.edit("a.c").replacing("+++ b/a.c", with: "+++ b/b.c"))
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(tree.read("a.c") == nil && tree.read("b.c") == "one\nTWO\nthree\n")
    }

    // MARK: 7. Links and gitlinks (the git-made patch is in WriteSafetyGitTests)

    /// A created link whose target leaves the tree is refused before anything is written, even after an
    /// ordinary file earlier in the patch.
    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "../../../../../../../../etc/passwd"])
    func aLinkOutOfTheTreeIsRefused(target: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("p.patch", Self.creation("ok.c") + Self.link("sub/l", to: target))
        let before = snapshot(tree.path)
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(
            result.status == 2 && oneErrorLine(result) && result.stderr.contains("points out of the tree"),
            "\(result.stderr)")
        #expect(snapshot(tree.path) == before)
    }

    /// Twin: links that stay inside the tree are created as links.
    @Test func aLinkInsideTheTreeIsCreated() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("p.patch", Self.link("sub/l", to: "../a.c") + Self.link("sub/deeper/m", to: "../../sub/l"))
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(linkTarget(tree.path + "/sub/l") == "../a.c")
        #expect(linkTarget(tree.path + "/sub/deeper/m") == "../../sub/l")
    }

    static func link(_ path: String, to target: String) -> String {
        "diff --git a/\(path) b/\(path)\nnew file mode 120000\n--- /dev/null\n+++ b/\(path)\n@@ -0,0 +1 @@\n+\(target)\n\\ No newline at end of file\n"
    }

    /// A regular-file patch on a path that is a link in the tree: `wrong-type`, exit 1, the link and the
    /// file it names untouched.
    @Test func aRegularPatchOnALinkIsTheWrongType() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        #expect(symlink("a.c", tree.path + "/l.c") == 0)
        try tree.write("p.patch", Self.edit("l.c"))
        let before = snapshot(tree.path)
        let result = try tandem("apply", "p.patch", "--format", "json", directory: tree.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self).contains("\"wrong-type\""))
        #expect(snapshot(tree.path) == before)
    }

    /// Gitlinks (160000), new or changed: reported as `submodule`, exit 1, nothing written.
    @Test func gitlinksAreReportedNeverWritten() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("mod/README", "a checked-out submodule\n")
        try tree.write(
            "p.patch",
            """
            diff --git a/lib b/lib
            new file mode 160000
            index 0000000..1111111
            --- /dev/null
            +++ b/lib
            @@ -0,0 +1 @@
            +Subproject commit 1111111111111111111111111111111111111111
            diff --git a/mod b/mod
            index 2222222..3333333 160000
            --- a/mod
            +++ b/mod
            @@ -1 +1 @@
            -Subproject commit 2222222222222222222222222222222222222222
            +Subproject commit 3333333333333333333333333333333333333333

            """)
        let before = snapshot(tree.path)
        let result = try tandem("apply", "p.patch", "--format", "json", "--reject", directory: tree.path)
        #expect(result.status == 1, "\(result.stderr)")
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(output.components(separatedBy: "\"outcome\": \"submodule\"").count == 3, "\(output)")
        #expect(snapshot(tree.path) == before)
    }

    // MARK: 8. Renames keep the mode

    /// A renamed executable script stays executable, with or without an edit.
    @Test(arguments: [false, true])
    func renamesKeepTheMode(edited: Bool) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("old.sh", Self.threeLines, mode: 0o755)
        var patch =
            "diff --git a/old.sh b/new.sh\nsimilarity index \(edited ? 80 : 100)%\nrename from old.sh\nrename to new.sh\n"
        if edited { patch += Self.edit("old.sh").replacing("+++ b/old.sh", with: "+++ b/new.sh") }
        try tree.write("p.patch", patch)
        let result = try tandem(umask: "022", ["apply", "p.patch"], directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(tree.read("old.sh") == nil && tree.read("new.sh") == (edited ? "one\nTWO\nthree\n" : Self.threeLines))
        #expect(Node(tree.path + "/new.sh")?.bits == 0o755)
    }

    /// Twin: a rename that says `new mode 100644` drops the execute bits.
    @Test func aRenameWithNewMode644DropsTheExecuteBits() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("old.sh", Self.threeLines, mode: 0o755)
        try tree.write(
            "p.patch",
            "diff --git a/old.sh b/new.sh\nold mode 100755\nnew mode 100644\nsimilarity index 100%\nrename from old.sh\nrename to new.sh\n"
        )
        let result = try tandem(umask: "022", ["apply", "p.patch"], directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Node(tree.path + "/new.sh")?.bits == 0o644)
    }

    // MARK: 9. All or nothing

    /// A patch that edits `a.c` and then creates `f/x.c` where `f` is a file: exit 2, `a.c` as it was, no
    /// temporary file.
    @Test func aFileWhereAFolderMustGoStopsBeforeTheFirstWrite() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("f", "a file\n")
        try tree.write("p.patch", Self.edit("a.c") + Self.creation("f/x.c"))
        let before = snapshot(tree.path)
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(result.status == 2 && oneErrorLine(result), "\(result.stderr)")
        #expect(snapshot(tree.path) == before)
        #expect(temporaryLeftovers(tree.path).isEmpty)
    }

    /// `--reject` where `a.c.rej` must go but a folder is there: exit 2 before any write, and the console
    /// never claims the rejects were saved.
    @Test func anUnwritableRejectStopsBeforeTheFirstWrite() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("b.c", "b1\nb2\nb3\n")
        try tree.write("a.c.rej/keep", "kept\n")
        try tree.write(
            "p.patch",
            Self.edit("b.c").replacing("one", with: "b1").replacing("two", with: "b2").replacing("three", with: "b3")
                + Self.edit("a.c") + "@@ -1,3 +1,3 @@\n nope\n-nope\n+x\n nope\n")
        let before = snapshot(tree.path)
        let result = try tandem("apply", "--reject", "p.patch", directory: tree.path)
        #expect(result.status == 2 && oneErrorLine(result) && result.stderr.contains("a.c.rej"), "\(result.stderr)")
        #expect(!String(decoding: result.stdout, as: UTF8.self).contains("saving rejects"))
        #expect(snapshot(tree.path) == before)
    }

    /// Twins: with a folder at `f`, the same patch is written; with nothing at `a.c.rej`, `--reject` writes
    /// what applies, saves the reject and says so.
    @Test func theSamePatchesWithoutTheObstacleAreWritten() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("a.c", Self.threeLines)
        try tree.write("f/keep", "kept\n")
        try tree.write("p.patch", Self.edit("a.c") + Self.creation("f/x.c"))
        let result = try tandem("apply", "p.patch", directory: tree.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(tree.read("a.c") == "one\nTWO\nthree\n" && tree.read("f/x.c") == "hi\n")
        try tree.write(
            "q.patch",
            Self.edit("f/keep").replacing("one\n-two\n+TWO\n three", with: "nope\n-nope\n+x\n nope")
                + Self.edit("a.c").replacing("two", with: "TWO").replacing("+TWO", with: "+2"))
        let rejecting = try tandem("apply", "--reject", "q.patch", directory: tree.path)
        #expect(rejecting.status == 1, "\(rejecting.stderr)")
        #expect(String(decoding: rejecting.stdout, as: UTF8.self).contains("saving rejects to file f/keep.rej"))
        #expect(tree.read("f/keep.rej") != nil && tree.read("a.c") == "one\n2\nthree\n")
    }

    // MARK: 10. FIFOs and devices as targets, endless inputs

    /// A FIFO as the file to patch, as a mapped copy, or in the map's listing: exit 2 with one line, within
    /// seconds (a hang is killed and fails the test).
    @Test(arguments: [
        ["apply", "p.patch"], ["apply", "--check", "p.patch"], ["port", "q.patch", "--fork", "."],
        ["port", "q.patch", "--fork", ".", "--apply"], ["map", "--fork", "."],
    ])
    func aFIFOIsRefusedWithoutHanging(arguments: [String]) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        #expect(mkfifo(tree.path + "/x.c", 0o644) == 0)
        try tree.write("a.c", Self.threeLines)
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: x.c}\n")
        try tree.write("p.patch", Self.edit("x.c"))
        try tree.write("q.patch", Self.edit("a.c"))
        let limited = try limitedRun(tandemBinary, arguments, directory: tree.path, seconds: 10)
        #expect(!limited.timedOut, "tandem \(arguments.joined(separator: " ")) hung on a FIFO")
        #expect(
            limited.run.status == 2 && oneErrorLine(limited.run) && limited.run.stderr.contains("not a regular file"),
            "\(limited.run.stderr)")
        #expect(Node(tree.path + "/x.c")?.isFIFO == true && tree.read("a.c") == Self.threeLines)
    }

    /// Twin: the same commands with a regular file in the FIFO's place.
    @Test(arguments: [
        ["apply", "p.patch"], ["apply", "--check", "p.patch"], ["port", "q.patch", "--fork", "."],
        ["port", "q.patch", "--fork", ".", "--apply"], ["map", "--fork", "."],
    ])
    func aRegularFileInTheFIFOsPlaceIsUsed(arguments: [String]) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("x.c", Self.threeLines)
        try tree.write("a.c", Self.threeLines)
        try tree.write("tandem.yml", "forks:\n  - {upstream: a.c, fork: x.c}\n")
        try tree.write("p.patch", Self.edit("x.c"))
        try tree.write("q.patch", Self.edit("a.c"))
        let limited = try limitedRun(tandemBinary, arguments, directory: tree.path, seconds: 10)
        #expect(!limited.timedOut && limited.run.status == 0, "\(limited.run.stderr)")
        let written = arguments.contains("--apply") || arguments == ["apply", "p.patch"]
        #expect(tree.read("x.c") == (written ? "one\nTWO\nthree\n" : Self.threeLines))
    }

    /// An endless input stops at `TANDEM_MAX_INPUT` with the limit in the message (memory-watched, so a
    /// regression fails instead of filling the machine).
    @Test func anEndlessInputStopsAtTheLimit() throws {
        let limited = try limitedRun(
            tandemBinary, ["stat", "/dev/zero"], environment: ["TANDEM_MAX_INPUT": "1M"], seconds: 20,
            maxResidentMiB: 512)
        #expect(!limited.timedOut && !limited.outgrewMemory)
        #expect(limited.run.status == 2 && oneErrorLine(limited.run), "\(limited.run.stderr)")
        #expect(
            limited.run.stderr.contains("input limit of 1 MiB") && limited.run.stderr.contains("TANDEM_MAX_INPUT"),
            "\(limited.run.stderr)")
    }

    /// A patch that can be read only once, with a base, is copied into a temporary file to be read twice:
    /// an endless one stops at the limit too, and the copy (unnamed from the start) is gone.
    @Test func anEndlessPipedPatchStopsAtTheLimitAndLeavesNoCopy() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("base/a/x.c", "int x;\n")
        try tree.write("fork/b/x.c", "int x;\n")
        try tree.write("fork/tandem.yml", "forks:\n  - {upstream: a/, fork: b/}\n")
        try FileManager.default.createDirectory(atPath: tree.path + "/tmp", withIntermediateDirectories: true)
        let limited = try limitedRun(
            tandemBinary, ["port", "/dev/zero", "--fork", tree.path + "/fork", "--base", tree.path + "/base"],
            environment: ["TANDEM_MAX_INPUT": "1M", "TMPDIR": tree.path + "/tmp"], seconds: 20, maxResidentMiB: 512)
        #expect(!limited.timedOut && !limited.outgrewMemory)
        #expect(limited.run.status == 2 && oneErrorLine(limited.run), "\(limited.run.stderr)")
        #expect(limited.run.stderr.contains("input limit of 1 MiB"), "\(limited.run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path + "/tmp").isEmpty)
    }

    /// Twin: an input under the limit is read.
    @Test func anInputUnderTheLimitIsRead() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.write("p.patch", Self.edit("a.c"))
        let result = try tandem("stat", "p.patch", directory: tree.path, environment: ["TANDEM_MAX_INPUT": "1K"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
