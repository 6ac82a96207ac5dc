import Foundation
import Testing
@testable import TandemIO
import TandemCore
import TandemTestSupport

@Suite("ByteFile and AtomicFile")
struct ByteFileTests {
    @Test func readsExactBytesOfAnySize() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        for size in [0, 1, 65_535, 65_536, 200_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir.path + "/f\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try ByteFile.read(path) == bytes)
        }
    }

    @Test func missingFileAndDirectoryAreClearErrors() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        #expect(throws: IOError("cannot read '\(dir.path)/nope.patch': No such file or directory")) {
            try ByteFile.read(dir.path + "/nope.patch")
        }
        #expect(throws: IOError("cannot read '\(dir.path)': Is a directory")) {
            try ByteFile.read(dir.path)
        }
    }

    /// `ByteReader` hands a file out in chunks of the asked size (the last one shorter, then 0), appending
    /// to what the buffer holds; a missing file and a directory are the same clear errors as `ByteFile`'s.
    @Test func readerReadsInChunks() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 17 &+ 3) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir.path + "/f"))
        let reader = try ByteReader(dir.path + "/f")
        var buffer: [UInt8] = [9]
        var sizes: [Int] = []
        while true {
            let got = try reader.read(into: &buffer, count: 30_000)
            if got == 0 { break }
            sizes.append(got)
        }
        #expect(sizes == [30_000, 30_000, 30_000, 10_003])
        #expect(buffer == [9] + bytes)
        #expect(try reader.read(into: &buffer, count: 0) == 0)
        #expect(throws: IOError("cannot read '\(dir.path)/nope': No such file or directory")) {
            try ByteReader(dir.path + "/nope")
        }
        #expect(throws: IOError("cannot read '\(dir.path)': Is a directory")) { try ByteReader(dir.path) }
    }

    /// A spooled input (a FIFO here, read once by nature) is copied whole; each reader of the copy starts at
    /// its start and keeps its own place, however they interleave, and reads bytes at an offset without
    /// moving; the input is read no more.
    /// Unnamed from the start (`O_TMPFILE`), and made by `mkstemp` and unlinked, where a file system has no
    /// `O_TMPFILE`.
    @Test(arguments: [true, false]) func aSpooledInputIsReadAsOftenAsAFile(unnamed: Bool) throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let bytes = (0..<2_500_003).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let fifo = dir.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(bytes))
                try? handle.close()
            }
        }
        writer.start()
        let spooled = try #require(try SpooledInput.spool(fifo, unnamed: unnamed))
        let a = try spooled.reader(), b = try spooled.reader()
        var first: [UInt8] = [], second: [UInt8] = []
        for _ in 0..<20 {  // 4 rounds read it all; a bound, not a hang, if the readers moved each other
            let one = try a.read(into: &first, count: 700_000)
            #expect(try b.bytes(at: 1_000_000, count: 5) == Array(bytes[1_000_000..<1_000_005]))
            let two = try b.read(into: &second, count: 300_000)
            if one == 0 && two == 0 { break }
        }
        #expect(first == bytes)
        #expect(second == bytes)
        #expect(try b.bytes(at: bytes.count - 2, count: 10) == Array(bytes.suffix(2)))
        #expect(try spooled.reader().read(into: &first, count: 3) == 3)
    }

    @Test func atomicWriteReplacesWholeFileKeepsModeAndLeavesNoTemporaries() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let path = dir.path + "/script.sh"
        try AtomicFile.write(Array("old\r\n".utf8), to: path)
        #expect(try ByteFile.read(path) == Array("old\r\n".utf8))
        chmod(path, 0o755)
        let new: [UInt8] = [0xE9, 0x0A, 0x00, 0x41]
        try AtomicFile.write(new, to: path)
        #expect(try ByteFile.read(path) == new)
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o755)
        #expect(try dir.entries() == ["script.sh"])
    }

    @Test func atomicWriteIntoMissingDirectoryFailsCleanly() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        #expect(throws: IOError.self) {
            try AtomicFile.write([1, 2, 3], to: dir.path + "/missing/out.patch")
        }
        #expect(try dir.entries().isEmpty)
    }
}

@Suite("TreeRoot")
struct TreeRootTests {
    @Test func newFilesInNewDirectoriesLandAtTheirFullPath() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        try root.write(Array("hello\n".utf8), to: Array("x/y/z/new.txt".utf8))
        #expect(try ByteFile.read(dir.path + "/x/y/z/new.txt") == Array("hello\n".utf8))
        #expect(try root.entry(Array("a/b/c.c".utf8)) == .missing)
        #expect(try root.entry(Array("x/y/z/new.txt".utf8)) == .file(mode: 0o666 & ~UInt32(FileModes.umask)))
        try root.remove(Array("x/y/z/new.txt".utf8))
        #expect(try dir.entries().isEmpty)
    }

    @Test func refusesPathsThatLeaveTheTree() throws {
        let dir = try Scratch("io"), outside = try Scratch("io")
        defer { dir.cleanup(); outside.cleanup() }
        symlink(outside.path, dir.path + "/out")
        symlink(dir.path + "/inside-target", dir.path + "/in")
        mkdir(dir.path + "/inside-target", 0o755)
        let root = try TreeRoot(dir.path)
        for (path, message) in [
            ("../x", "'..'"), ("/etc/passwd", "absolute"), ("out/x.c", "leaves the tree"),
            ("a/../../x", "'..'"), ("a\u{0}b", "NUL"),
        ] {
            #expect(throws: IOError.self) { try root.entry(Array(path.utf8)) }
            do { _ = try root.entry(Array(path.utf8)) } catch {
                #expect(error.message.contains(message), "\(path): \(error.message)")
            }
        }
        // A link that stays inside the tree is followed.
        _ = try root.entry(Array("in/file.c".utf8))
        try root.write([0x41], to: Array("in/file.c".utf8))
        #expect(try ByteFile.read(dir.path + "/inside-target/file.c") == [0x41])
    }
}

@Suite("TreeRoot caches")
struct TreeRootCacheTests {
    /// Removing the last file of a directory removes the directory; a later file there must recreate it.
    @Test func writeAfterTheDirectoryWasRemoved() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        try root.write([0x61], to: Array("d/e/old.c".utf8))
        _ = try root.file(at: Array("d/e/old.c".utf8))
        try root.remove(Array("d/e/old.c".utf8))
        #expect(try dir.entries().isEmpty)
        try root.write([0x62], to: Array("d/e/new.c".utf8))
        #expect(try ByteFile.read(dir.path + "/d/e/new.c") == [0x62])
    }

    @Test func rewriteKeepsTheModeSeenAtRead() throws {
        let dir = try Scratch("io")
        defer { dir.cleanup() }
        let root = try TreeRoot(dir.path)
        try root.write([0x61], to: Array("run.sh".utf8), mode: 0o755)
        #expect(try root.file(at: Array("run.sh".utf8))?.mode == 0o777 & ~UInt32(FileModes.umask))
        chmod(dir.path + "/run.sh", 0o750)
        try root.write([0x62], to: Array("run.sh".utf8))
        #expect(try root.file(at: Array("run.sh".utf8)) == TreeFile(bytes: [0x62], mode: 0o750))
    }
}
