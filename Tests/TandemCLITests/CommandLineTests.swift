import Foundation
import Testing
import TandemCore
import TandemTestSupport

@Suite("tandem stat and filter from the command line")
struct CommandLineTests {
    let release = Fixtures.path + "/patches/diff-urN-release.patch"

    @Test func statPrintsATableAndExitsZero() throws {
        let result = try tandem("stat", release)
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("added removed hunks kind"))
        #expect(text.contains(" delete arch/i386/kernel/cpu/cyrix_fixups.c\n"))
        #expect(text.contains(" add    arch/xen/i386/kernel/setup.c\n"))
        #expect(text.contains(" total  5 files\n"))
    }

    @Test func statReadsStandardInput() throws {
        let fromFile = try tandem("stat", "--format", "json", release)
        let fromStdin = try tandem("stat", "--format", "json", stdin: readBytes(release))
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == fromFile.stdout)
        let dash = try tandem("stat", "--format", "json", "-", stdin: readBytes(release))
        #expect(dash.stdout == fromFile.stdout)
    }

    @Test func malformedPatchExitsOneWithLineNumbers() throws {
        let path = Fixtures.path + "/patches/malformed/hunk-old-count-7-but-3-lines.patch"
        let result = try tandem("stat", path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("tandem: \(path):5: hunk says 7 old lines, found 3"))
    }

    @Test func unreadableInputExitsTwoWithWhatAndWhy() throws {
        let missing = try tandem("stat", "/nonexistent/x.patch")
        #expect(missing.status == 2)
        #expect(missing.stderr == "tandem: cannot read '/nonexistent/x.patch': No such file or directory\n")
        #expect(missing.stdout.isEmpty)
        let directory = try tandem("filter", Fixtures.path)
        #expect(directory.status == 2)
        #expect(directory.stderr.contains("Is a directory"))
    }

    @Test(arguments: [
        ["stat", "--format", "xml"],
        ["stat", "-p", "-1"],
        ["filter", "--rename", "nothing"],
        ["filter", "--rename", "=x"],
        ["frobnicate"],
        ["stat", "--no-such-flag"],
    ])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        let result = try run(tandemBinary, arguments + [release])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func filterDuplicatesOntoTheForkedDirectory() throws {
        let result = try tandem("filter", "--include", "arch/i386/", "--rename", "arch/i386/=arch/xen/i386/", release)
        #expect(result.status == 0)
        let parsed = PatchParser.parse(result.stdout)
        #expect(parsed.diagnostics.isEmpty)
        let names = parsed.patch.files.map { displayText($0.displayName() ?? []) }
        #expect(
            names == [
                "arch/xen/i386/kernel/cpu/cyrix_fixups.c", "arch/xen/i386/kernel/process.c", "arch/xen/i386/mm/fault.c",
            ])
        // git reads the renamed patch and counts the same lines as for the originals.
        let scratch = NSTemporaryDirectory()
        let out = scratch + "/tandem-filter-\(UUID().uuidString).patch"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Data(result.stdout).write(to: URL(fileURLWithPath: out))
        let git = try run("/usr/bin/git", ["apply", "--numstat", out], directory: scratch)
        #expect(
            String(decoding: git.stdout, as: UTF8.self)
                == "0\t11\tarch/xen/i386/kernel/cpu/cyrix_fixups.c\n7\t1\tarch/xen/i386/kernel/process.c\n4\t1\tarch/xen/i386/mm/fault.c\n"
        )
    }

    @Test func filterExcludeAndStripLevel() throws {
        let result = try tandem("filter", "--exclude", "*.h", "--exclude", "arch/xen/*", release)
        let names = PatchParser.parse(result.stdout).patch.files.map { displayText($0.displayName() ?? []) }
        #expect(names == ["arch/i386/kernel/cpu/cyrix_fixups.c", "arch/i386/kernel/process.c", "arch/i386/mm/fault.c"])
        let p0 = try tandem("filter", "-p", "0", "--include", "linux-2.6.12/include/*", release)
        #expect(PatchParser.parse(p0.stdout).patch.files.count == 1)
    }

    @Test func filterWritesOutputFileAtomically() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let directory = scratch.path
        let result = try tandem("filter", "-o", directory + "/out.patch", release)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(readBytes(directory + "/out.patch") == readBytes(release))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.patch"])
        let bad = try tandem("filter", "-o", directory + "/missing/out.patch", release)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("tandem: cannot write '\(directory)/missing/out.patch': "))
    }

    @Test func helpListsTheCommands() throws {
        let result = try tandem("--help")
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("stat") && text.contains("filter"))
    }
}
