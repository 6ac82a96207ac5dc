import Testing
@testable import TandemCore

/// Risk rule "second definition" in Kconfig files: upstream moves a `config` entry down the file; where the
/// fork rewrote the entry at its old place, the removal conflicts and the addition alone would define the
/// symbol twice. Held for review; where the move lands whole, nothing is held.
@Suite("PortRisk: a Kconfig symbol defined twice")
struct KconfigDefinitionTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")])

    static let entry = ["config HPET_TIMER\n", "\tbool\n", "\tdefault y\n", "\thelp\n", "\t  Use the HPET.\n", "\n"]
    static let head = ["menu \"Processor\"\n", "\n", "config X86\n", "\tbool\n", "\tdefault y\n", "\n"]
    static let middle = [
        "config SMP\n", "\tbool \"SMP\"\n", "\n", "config NR_CPUS\n", "\tint \"CPUs\"\n", "\tdefault 8\n", "\n",
        "config NUMA\n", "\tbool \"NUMA\"\n", "\n", "config PREEMPT\n", "\tbool \"Preempt\"\n", "\n",
    ]
    static let tail = ["config IOMMU\n", "\tbool \"IOMMU\"\n", "\n", "endmenu\n"]
    static let original = head + entry + middle + tail
    /// Upstream moves `HPET_TIMER` below `PREEMPT`.
    static let upstream = head + middle + entry + tail

    func port(copy: [String]) throws -> Porter.Result {
        let patch = UnifiedDiffWriter.filePatch(
            old: .init(path: bytes("arch/a/Kconfig"), file: TreeFile(bytes: bytes(Self.original.joined()))),
            new: .init(path: bytes("arch/a/Kconfig"), file: TreeFile(bytes: bytes(Self.upstream.joined()))),
            context: 3)
        return try Porter.port(
            PatchParser.parse(patch).patch, map: map, fork: MemoryTree(["arch/xen/a/Kconfig": copy.joined()]),
            base: MemoryTree(["arch/a/Kconfig": Self.original.joined()]))
    }

    /// The fork made the entry its own (`depends on !XEN`) at the old place: the removal is a conflict, and the
    /// addition is held, naming the symbol; the copy keeps one definition.
    @Test func aHalfMovedEntryIsHeld() throws {
        var entry = Self.entry
        entry[1] = "\tbool\n\tdepends on !XEN\n"
        let copy = Self.head + entry + Self.middle + Self.tail
        let result = try port(copy: copy)
        let labels = result.report.entries.map(\.verdict.label)
        #expect(labels.contains("fork-conflict"))
        let held = try #require(result.report.entries.first { $0.verdict.label == "review" })
        #expect(held.verdict.message.contains("define HPET_TIMER twice"))
        let ported = displayText(try #require(result.copies.first).ported)
        #expect(ported.components(separatedBy: "config HPET_TIMER\n").count == 2)
    }

    /// Twin: the fork left the entry alone elsewhere; the move lands whole and nothing is held.
    @Test func aWholeMoveLands() throws {
        var middle = Self.middle
        middle[5] = "\tdefault 32\n"
        let result = try port(copy: Self.head + Self.entry + middle + Self.tail)
        #expect(result.report.entries.allSatisfy { $0.verdict.label == "ported" })
        let ported = displayText(try #require(result.copies.first).ported)
        #expect(ported.components(separatedBy: "config HPET_TIMER\n").count == 2)
        #expect(ported.contains("\tdefault 32\n"))
    }
}
