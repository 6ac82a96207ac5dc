import Foundation
import Testing
@testable import TandemIO
import TandemCore
import TandemTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue #15 at the IO layer: the temporary-file sweep removes only what is tandem's and dead, a run's
/// refusals are found by `preflight` before the first write, links on the way are followed only inside the
/// tree, and FIFOs are refused without blocking.
@Suite("TreeRoot and TemporaryFile safety")
struct TreeRootSafetyTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    // MARK: The temporary-file sweep (item 11)

    /// A user's file named like the old temporary files (`.tandem-tmp-PID-XXXXXX`, a pid long gone) is not
    /// tandem's: a write into its folder leaves it alone.
    @Test func aUsersLookalikeFileSurvivesAWrite() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        for name in [".tandem-tmp-12345-abcdef", ".tandem-tmp-999999-zzzzzz", ".tandem-tmp-notes"] {
            try Data("mine\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/" + name))
        }
        TemporaryFile.forgetSweeps()
        try TreeRoot(dir.path).write(bytes("x\n"), to: bytes("a.c"))
        #expect(
            try dir.entries() == [".tandem-tmp-12345-abcdef", ".tandem-tmp-999999-zzzzzz", ".tandem-tmp-notes", "a.c"])
    }

    /// Twin: a marked leftover (a killed run's) that nobody holds is swept by the next write into its
    /// folder, through a tree or as an output file.
    @Test(arguments: [false, true])
    func aMarkedLeftoverNobodyHoldsIsSwept(asOutput: Bool) throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let name = String(decoding: TemporaryFile.markedName(random: bytes("abcdefghijkl")), as: UTF8.self)
        #expect(TemporaryFile.isMarked(bytes(name)))
        try Data("half written".utf8).write(to: URL(fileURLWithPath: dir.path + "/" + name))
        TemporaryFile.forgetSweeps()
        if asOutput {
            try AtomicFile.write(bytes("x\n"), to: dir.path + "/out.txt")
        } else {
            try TreeRoot(dir.path).write(bytes("x\n"), to: bytes("a.c"))
        }
        #expect(try dir.entries() == [asOutput ? "out.txt" : "a.c"])
    }

    /// A marked file whose lock another process holds (a run still writing, perhaps in another PID
    /// namespace) is not swept.
    @Test func aMarkedFileAnotherProcessHoldsIsKept() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let name = String(decoding: TemporaryFile.markedName(random: bytes("live0writer1")), as: UTF8.self)
        let path = dir.path + "/" + name
        try Data("being written".utf8).write(to: URL(fileURLWithPath: path))
        let holder = try holdLock(path)
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        TemporaryFile.forgetSweeps()
        try TreeRoot(dir.path).write(bytes("x\n"), to: bytes("a.c"))
        #expect(try dir.entries() == [name, "a.c"].sorted())
    }

    /// Starts a process that holds an exclusive `flock` on `path` until killed; returns once it holds it.
    func holdLock(_ path: String) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--no-fork", path, "-c", "echo locked; exec sleep 30"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "locked\n")
        return holder
    }

    /// A link left under its writer's link name (a run killed between making a link and renaming it into
    /// place) is swept with its writer's unlocked file; a live writer's link and file are kept.
    @Test(arguments: [false, true])
    func aMarkedLinkLeftoverGoesWithItsWriter(writerAlive: Bool) throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let owner = TemporaryFile.markedName(random: bytes("link0writer2"))
        let ownerName = String(decoding: owner, as: UTF8.self),
            linkName = String(decoding: TemporaryFile.linkName(for: owner), as: UTF8.self)
        try Data().write(to: URL(fileURLWithPath: dir.path + "/" + ownerName))
        #expect(symlink("a.c", dir.path + "/" + linkName) == 0)
        let holder = writerAlive ? try holdLock(dir.path + "/" + ownerName) : nil
        defer {
            if let holder {
                kill(holder.processIdentifier, SIGKILL)
                holder.waitUntilExit()
            }
        }
        TemporaryFile.forgetSweeps()
        try TreeRoot(dir.path).write(bytes("x\n"), to: bytes("b.c"))
        #expect(try dir.entries() == (writerAlive ? [ownerName, linkName, "b.c"].sorted() : ["b.c"]))
    }

    /// A link written through a tree leaves no temporary name behind.
    @Test func aWrittenLinkLeavesNothingBehind() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        try root.write(bytes("a.c"), to: bytes("l"), mode: TreeRoot.symlinkMode)
        try root.write(bytes("b.c"), to: bytes("l"), mode: TreeRoot.symlinkMode)
        #expect(try dir.entries() == ["l"])
        #expect(try root.entry(bytes("l")) == .symlink(target: bytes("b.c")))
    }

    // MARK: Refusals found before the first write

    /// A link whose target leaves the tree is refused by `preflight`, before anything is written.
    @Test(arguments: ["../x", "sub/../../x", "/etc/passwd"])
    func preflightRefusesALinkOutOfTheTree(target: String) throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        let changes: [PatchApplier.TreeChange] = [
            .write(path: bytes("ok.c"), bytes: bytes("ok\n"), mode: nil),
            .write(path: bytes("l"), bytes: bytes(target), mode: TreeRoot.symlinkMode),
        ]
        #expect(throws: IOError("refusing the link 'l': it points out of the tree")) { try root.preflight(changes) }
        #expect(try dir.entries().isEmpty)
    }

    /// A link's target is judged from where the link really stands, through the links on the way: with
    /// `x/y/inc -> ../../top`, `x/y/inc/l -> ../../../etc` climbs out (its text alone would not), and
    /// with `up -> .`, `up/../etc` does too.
    @Test(arguments: [
        ("x/y/inc/l", "../../../etc", "../x/y"), ("m", "up/../etc", "up/top"),
        ("x/y/inc/n", "../up/up/../etc", "../up/up/top"),
    ])
    func aLinkThatLeavesThroughOtherLinksIsRefused(path: String, target: String, inside: String) throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.path + "/top", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path + "/x/y", withIntermediateDirectories: true)
        #expect(symlink("../../top", dir.path + "/x/y/inc") == 0)
        #expect(symlink(".", dir.path + "/up") == 0)
        let root = try TreeRoot(dir.path)
        let before = try dir.entries()
        let change = PatchApplier.TreeChange.write(path: bytes(path), bytes: bytes(target), mode: TreeRoot.symlinkMode)
        #expect(throws: IOError("refusing the link '\(path)': it points out of the tree")) {
            try root.preflight([change])
        }
        #expect(throws: IOError("refusing the link '\(path)': it points out of the tree")) { try root.perform(change) }
        #expect(try dir.entries() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/top").isEmpty)
        // Twin: the same places, targets that stay inside.
        let twin = PatchApplier.TreeChange.write(path: bytes(path), bytes: bytes(inside), mode: TreeRoot.symlinkMode)
        try root.preflight([twin])
        try root.perform(twin)
        #expect(try root.entry(bytes(path)) == .symlink(target: bytes(inside)))
    }

    /// Twin: links inside the tree pass `preflight` and are written as links.
    @Test func preflightPassesALinkInsideTheTree() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        let changes: [PatchApplier.TreeChange] = [
            .write(path: bytes("sub/l"), bytes: bytes("../ok.c"), mode: TreeRoot.symlinkMode),
            .write(
                path: bytes("abs"), bytes: bytes(String(decoding: root.realRoot, as: UTF8.self) + "/ok.c"),
                mode: TreeRoot.symlinkMode),
        ]
        try root.preflight(changes)
        for change in changes { try root.perform(change) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/sub/l") == "../ok.c")
        #expect(
            try root.entry(bytes("abs"))
                == .symlink(target: bytes(String(decoding: root.realRoot, as: UTF8.self) + "/ok.c")))
    }

    // MARK: Links on the way

    /// A folder that is a link out of the tree is refused on the way in, for reads and writes; one that stays
    /// inside is followed.
    @Test func linksOnTheWayAreFollowedOnlyInsideTheTree() throws {
        let dir = try Scratch("io"), outside = try Scratch("io")
        defer { dir.cleanup(); outside.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.path + "/real", withIntermediateDirectories: true)
        #expect(symlink("real", dir.path + "/inside") == 0)
        #expect(symlink(outside.path, dir.path + "/out") == 0)
        #expect(symlink("../..", dir.path + "/real/up") == 0)
        let root = try TreeRoot(dir.path)
        try root.write(bytes("x\n"), to: bytes("inside/x.c"))
        #expect(try root.read(bytes("real/x.c")) == bytes("x\n"))
        for path in ["out/x.c", "real/up/x.c", "real/up/\(URL(fileURLWithPath: outside.path).lastPathComponent)/x.c"] {
            #expect(throws: IOError.self) { try root.write(self.bytes("x\n"), to: self.bytes(path)) }
            #expect(throws: IOError.self) { try root.read(self.bytes(path)) }
        }
        #expect(try outside.entries().isEmpty)
    }

    /// Paths into git's own folder are refused by every entry point; lookalikes are not.
    @Test func gitsFolderIsRefusedByEveryEntryPoint() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.path + "/.git", withIntermediateDirectories: true)
        let root = try TreeRoot(dir.path)
        let message = IOError("refusing '.GIT/config': the path goes into git's own folder '.git'")
        #expect(throws: message) { try root.write(self.bytes("x"), to: self.bytes(".GIT/config")) }
        #expect(throws: message) { try root.read(self.bytes(".GIT/config")) }
        #expect(throws: message) { try root.entry(self.bytes(".GIT/config")) }
        #expect(throws: message) { try root.preflight([.remove(path: self.bytes(".GIT/config"))]) }
        try root.write(bytes("x\n"), to: bytes(".gitignore"))
        #expect(try dir.entries() == [".git", ".gitignore"])
    }

    // MARK: FIFOs

    /// A FIFO in the tree is `.other`, unreadable as a file to patch, and never a write target: all at once,
    /// without waiting for a writer.
    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        #expect(mkfifo(dir.path + "/x.c", 0o644) == 0)
        let root = try TreeRoot(dir.path)
        #expect(try root.entry(bytes("x.c")) == .other)
        #expect(throws: IOError("cannot patch 'x.c': not a regular file (a FIFO, device or socket)")) {
            try root.read(self.bytes("x.c"))
        }
        #expect(throws: IOError("cannot write 'x.c': not a regular file (a FIFO, device or socket)")) {
            try root.preflight([.write(path: self.bytes("x.c"), bytes: self.bytes("x"), mode: nil)])
        }
        #expect(throws: IOError("cannot write 'x.c': not a regular file (a FIFO, device or socket)")) {
            try root.write(self.bytes("x"), to: self.bytes("x.c"))
        }
        var info = stat()
        #expect(lstat(dir.path + "/x.c", &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }
}
