import Foundation
import TandemTestSupport
import Testing

/// A sparse fork laid over the upstream root (the Xen `linux-2.6-xen-sparse/` layout): `map --discover
/// --base UPSTREAM` proposes the overlay, the directory layout inside it and the suffix copies; with that
/// map, `tandem map` lists each fork file once, naming the mapping that claimed it.
@Suite("Overlay fork maps from the command line")
struct OverlayMapTests {
    static func body(_ name: String, extra: String = "") -> String {
        (1...12).map { "int \(name)_line\($0);\n" }.joined() + extra
    }

    func trees(_ scratch: Scratch) throws {
        for path in [
            "mm/memory.c", "mm/other.c", "include/asm-i386/io.h", "arch/i386/kernel/setup.c",
            "arch/i386/kernel/process.c",
            "arch/i386/kernel/time.c", "arch/i386/kernel/irq.c", "arch/x86_64/kernel/setup.c",
        ] {
            try scratch.write(
                "up/" + path,
                Self.body(path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ".", with: "_")))
        }
        func copy(_ from: String, _ to: String, extra: String = "int xen;\n") throws {
            try scratch.write("fork/sparse/" + to, (scratch.read("up/" + from) ?? "") + extra)
        }
        try copy("mm/memory.c", "mm/memory.c")
        try copy("include/asm-i386/io.h", "include/asm-i386/io.h")
        try copy("arch/i386/kernel/setup.c", "arch/xen/i386/kernel/setup.c")
        try copy("arch/i386/kernel/process.c", "arch/xen/i386/kernel/process.c")
        try copy("arch/i386/kernel/time.c", "arch/i386/kernel/time-xen.c")
        try copy("arch/i386/kernel/irq.c", "arch/i386/kernel/irq-xen.c")
        try scratch.write("fork/sparse/include/asm-xen/hypercall.h", "int hypercall;\n")
    }

    @Test func discoverProposesTheOverlayAndEachFileIsClaimedOnce() throws {
        let scratch = try Scratch("overlay")
        defer { scratch.cleanup() }
        try trees(scratch)
        let fork = scratch.path + "/fork", upstream = scratch.path + "/up"
        let proposed = try tandem("map", "--discover", "--fork", fork, "--base", upstream, "--write")
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let yaml = String(decoding: proposed.stdout, as: UTF8.self)
        #expect(
            yaml.hasSuffix(
                """
                forks:
                  - {upstream: "./", fork: "sparse/"}
                  - {upstream: "arch/i386/", fork: "sparse/arch/xen/i386/"}   # copies 2 of the 4 files under arch/i386/ (sparse: true if the fork needs no copy of the others)
                  - {upstream: "arch/**/*.c", fork: "sparse/arch/**/*-xen.c"}

                """), "\(yaml)")
        // Not the sibling guess the fork alone would suggest.
        #expect(!yaml.contains("x86_64"))
        let listed = try tandem("map", "--fork", fork, "--base", upstream)
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = String(decoding: listed.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        let mapLines = lines.filter { $0.contains(" -> ") }
        #expect(mapLines.count == 8, "\(lines)")
        func claimed(_ copy: String) -> String? {
            guard let line = mapLines.first(where: { $0.contains("-> " + copy + " ") }),
                let at = line.range(of: "(line ")
            else {
                return nil
            }
            return String(line[at.upperBound...].prefix(1))
        }
        #expect(claimed("sparse/mm/memory.c") == "3" && claimed("sparse/include/asm-i386/io.h") == "3")
        #expect(
            claimed("sparse/arch/xen/i386/kernel/setup.c") == "4"
                && claimed("sparse/arch/xen/i386/kernel/process.c") == "4")
        #expect(
            claimed("sparse/arch/i386/kernel/time-xen.c") == "5" && claimed("sparse/arch/i386/kernel/irq-xen.c") == "5")
        #expect(mapLines.contains { $0.hasPrefix("fork-only") && $0.contains("sparse/include/asm-xen/hypercall.h") })
        // Upstream files the sparse folder leaves alone are no pairs (mm/other.c); the suffix glob covers
        // x86_64 too, where the fork has no -xen copy: not copied.
        #expect(!mapLines.contains { $0.contains("mm/other.c") })
        #expect(lines.last == "pairs: 6 modified, 1 fork-only, 1 not-copied", "\(lines)")
    }

    /// The twin: without the upstream tree, discovery looks inside the fork alone, which holds no
    /// originals: nothing to propose, exit 1.
    @Test func withoutTheUpstreamTreeThereIsNothingToPair() throws {
        let scratch = try Scratch("overlay")
        defer { scratch.cleanup() }
        try trees(scratch)
        let alone = try tandem("map", "--discover", "--fork", scratch.path + "/fork")
        #expect(alone.status == 1 && alone.stderr.contains("no copies found"), "\(alone.stderr)")
    }
}
