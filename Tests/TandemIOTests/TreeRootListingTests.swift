import Foundation
import Testing
@testable import TandemIO
import TandemCore
import TandemTestSupport

/// `TreeRoot.paths(under:)` lists the files below the prefixes and walks only the folders on the way to
/// them (`directoryMayHoldSelected`): a port's ledger lists `arch/x86/` of a base holding thousands of
/// other files.
@Suite("TreeRoot listing under prefixes")
struct TreeRootListingTests {
    func listed(_ prefixes: [String]) throws -> [String] {
        let dir = try Scratch("listing")
        defer { dir.cleanup() }
        for path in ["arch/x86/kernel/a.c", "arch/x86/b.h", "arch/x86_64/c.c", "arch/arm/d.c", "e.c", "x/y/z/f.c"] {
            let url = URL(fileURLWithPath: dir.path + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x\n".utf8).write(to: url)
        }
        return try TreeRoot(dir.path).paths(under: prefixes.map { Array($0.utf8) }).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    @Test func foldersFilesAndTheRoot() throws {
        #expect(try listed(["arch/x86/"]) == ["arch/x86/b.h", "arch/x86/kernel/a.c"])
        #expect(try listed(["arch/x86"]) == ["arch/x86/b.h", "arch/x86/kernel/a.c"])
        #expect(try listed(["arch/x86/kernel/a.c", "e.c"]) == ["arch/x86/kernel/a.c", "e.c"])
        #expect(try listed(["x/y"]) == ["x/y/z/f.c"])
        #expect(try listed(["arch/x8"]) == [])
        #expect(
            try listed([]) == [
                "arch/arm/d.c", "arch/x86/b.h", "arch/x86/kernel/a.c", "arch/x86_64/c.c", "e.c", "x/y/z/f.c",
            ])
        #expect(try listed(["/"]).count == 6)
    }

    /// The walk's test: a folder is entered when it is selected or on the way to a prefix, not when it only
    /// shares a prefix's first letters (`arch/x86_64` for `arch/x86/`).
    @Test func foldersOnTheWay() {
        let prefixes = [Array("arch/x86/".utf8)]
        #expect(directoryMayHoldSelected(Array("arch".utf8), by: prefixes))
        #expect(directoryMayHoldSelected(Array("arch/x86".utf8), by: prefixes))
        #expect(directoryMayHoldSelected(Array("arch/x86/kernel".utf8), by: prefixes))
        #expect(!directoryMayHoldSelected(Array("arch/x86_64".utf8), by: prefixes))
        #expect(!directoryMayHoldSelected(Array("drivers".utf8), by: prefixes))
        #expect(directoryMayHoldSelected(Array("drivers".utf8), by: []))
    }
}
