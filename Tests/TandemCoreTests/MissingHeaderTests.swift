import Testing
@testable import TandemCore

/// Risk rule "missing header" (`MissingHeader`): a hunk includes a header upstream has and the fork's
/// copies do not (a hand-kept folder of headers such as `tools/include/linux/`). Held for review. Twins that
/// land: the fork has the copy, the fork has the header under the other place upstream keeps it (`uapi/`),
/// an overlay covers it, or the map does not cover it at all.
@Suite("PortRisk: a header the fork does not have")
struct MissingHeaderTests {
    let original = "#ifndef _LINUX_BITFIELD_H\n#define _LINUX_BITFIELD_H\n\n#include <linux/build_bug.h>\n\n#endif\n"

    let addsTypecheck = """
        --- a/include/linux/bitfield.h
        +++ b/include/linux/bitfield.h
        @@ -2,4 +2,5 @@
         #define _LINUX_BITFIELD_H
        ~
         #include <linux/build_bug.h>
        +#include <linux/typecheck.h>
        ~

        """.replacingOccurrences(of: "~", with: " ")

    let toolsMap = ForkMap(mappings: [ForkMapping(upstream: "include/linux/", fork: "tools/include/linux/")])

    func port(
        map: ForkMap? = nil, fork extra: [String: String] = [:], upstream more: [String: String] = [:],
        patch: String? = nil
    ) throws -> Porter.Result {
        var fork = ["tools/include/linux/bitfield.h": original, "tools/include/linux/build_bug.h": "\n"]
        fork.merge(extra) { $1 }
        var base = [
            "include/linux/bitfield.h": original, "include/linux/build_bug.h": "\n",
            "include/linux/typecheck.h": "\n",
        ]
        base.merge(more) { $1 }
        return try Porter.port(
            PatchParser.parse(bytes(patch ?? addsTypecheck)).patch, map: map ?? toolsMap, fork: MemoryTree(fork),
            base: MemoryTree(base))
    }

    func verdicts(_ result: Porter.Result) -> [String] {
        result.report.entries.filter { $0.copyPath == bytes("tools/include/linux/bitfield.h") }.map(\.verdict.label)
    }

    /// `tools/include/linux/typecheck.h` does not exist: the include would break the fork's build.
    @Test func anIncludeOfAHeaderTheForkLacksIsHeld() throws {
        let result = try port()
        #expect(verdicts(result) == ["review"])
        let entry = try #require(result.report.entries.first { $0.verdict.label == "review" })
        #expect(
            entry.verdict.message.contains(
                "it includes <linux/typecheck.h>, which the fork does not have (no tools/include/linux/typecheck.h)"))
        #expect(!displayText(result.patch).contains("tools/include/linux/bitfield.h"))
    }

    @Test func aHeaderTheForkHasLands() throws {
        #expect(verdicts(try port(fork: ["tools/include/linux/typecheck.h": "\n"])) == ["ported"])
    }

    /// Upstream keeps `linux/typecheck.h` under `include/uapi/` too, and the fork has that copy: the
    /// include finds it.
    @Test func aHeaderTheForkHasUnderAnotherRootLands() throws {
        let map = ForkMap(mappings: [
            ForkMapping(upstream: "include/linux/", fork: "tools/include/linux/"),
            ForkMapping(upstream: "include/uapi/", fork: "tools/include/uapi/"),
        ])
        let result = try port(
            map: map, fork: ["tools/include/uapi/linux/typecheck.h": "\n"],
            upstream: ["include/uapi/linux/typecheck.h": "\n"])
        #expect(verdicts(result) == ["ported"])
    }

    /// An overlay (the whole tree over a sparse folder) takes upstream's header as it is: nothing missing.
    @Test func anOverlayCoveringTheHeaderLands() throws {
        let map = ForkMap(mappings: [
            ForkMapping(upstream: "./", fork: "tools/"),
            ForkMapping(upstream: "include/linux/", fork: "tools/include/linux/"),
        ])
        let result = try port(map: map)
        #expect(
            verdicts(result) == ["ported"],
            "\(result.report.entries.map { displayText($0.copyPath) + " " + $0.verdict.message })")
    }

    /// A header the map does not cover (`asm/…`): the rule cannot tell where the fork finds it.
    @Test func aHeaderTheMapDoesNotCoverLands() throws {
        let patch = addsTypecheck.replacingOccurrences(of: "linux/typecheck.h", with: "asm/barrier.h")
        #expect(verdicts(try port(upstream: ["include/asm/barrier.h": "\n"], patch: patch)) == ["ported"])
    }

    /// The include line's header, and where upstream looks for it.
    @Test func headersAndTheirPlaces() {
        #expect(MissingHeader.header(bytes("#include <linux/typecheck.h>"))?.name == bytes("linux/typecheck.h"))
        #expect(MissingHeader.header(bytes("# include \"pci.h\" /* local */"))?.quoted == true)
        #expect(MissingHeader.header(bytes("#define include_it 1")) == nil)
        #expect(MissingHeader.header(bytes("#include <unterminated")) == nil)
        #expect(
            MissingHeader.candidates(for: (bytes("linux/a.h"), false), from: bytes("arch/x86/include/asm/b.h"))
                == [bytes("arch/x86/include/linux/a.h"), bytes("arch/x86/include/uapi/linux/a.h")])
        #expect(
            MissingHeader.candidates(for: (bytes("pci.h"), true), from: bytes("arch/i386/pci/irq.c"))
                == [bytes("arch/i386/pci/pci.h")])
        #expect(MissingHeader.candidates(for: (bytes("linux/a.h"), false), from: bytes("arch/i386/pci/irq.c")).isEmpty)
    }
}
