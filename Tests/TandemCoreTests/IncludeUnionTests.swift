import Testing
@testable import TandemCore

/// `include-union` (`FilePatcher+Blocks`): both sides inserted `#include` lines at one point. Upstream's
/// go first, then the fork's, each header once. Twins: either side inserted something besides includes (a
/// declaration, a macro): `include-union` is out, and `unit-union` (`UnitUnionTests`) takes it when the
/// two sides are independent; a conditional left open is refused.
@Suite("FilePatcher: include union")
struct IncludeUnionTests {
    let base = [
        "#include <linux/init.h>\n", "#include <linux/mm.h>\n", "\n", "#include <asm/io.h>\n", "\n",
        "static int ready;\n",
    ]

    /// Upstream adds `lines` after `<linux/mm.h>`.
    func upstream(_ lines: [String]) -> Hunk {
        hunk(
            1,
            [" #include <linux/init.h>\n", " #include <linux/mm.h>\n"] + lines.map { "+" + $0 } + [
                " \n", " #include <asm/io.h>\n",
            ])
    }

    /// The fork's copy: the base with `lines` inserted after `<linux/mm.h>`.
    func fork(_ lines: [String]) -> [String] {
        var target = base
        target.insert(contentsOf: lines, at: 2)
        return target
    }

    func port(_ added: [String], onto forkLines: [String]) -> FilePatcher.Result {
        FilePatcher.apply([upstream(added)], to: file(fork(forkLines)), base: file(base))
    }

    @Test func upstreamsIncludesGoFirstThenTheForks() {
        let result = port(["#include <linux/module.h>\n"], onto: ["#include <xen/hypervisor.h>\n"])
        #expect(step(result.outcomes[0]) == .includes)
        var expected = base
        expected.insert(contentsOf: ["#include <linux/module.h>\n", "#include <xen/hypervisor.h>\n"], at: 2)
        #expect(result.file == file(expected))
    }

    /// A header both sides added is there once, where upstream puts it.
    @Test func aHeaderBothSidesAddedIsIncludedOnce() {
        let result = port(
            ["#include <linux/cpu.h>\n", "#include <linux/module.h>\n"],
            onto: ["#include <linux/module.h>\n", "#include <xen/evtchn.h>\n"])
        #expect(step(result.outcomes[0]) == .includes)
        var expected = base
        expected.insert(
            contentsOf: ["#include <linux/cpu.h>\n", "#include <linux/module.h>\n", "#include <xen/evtchn.h>\n"], at: 2)
        #expect(result.file == file(expected))
    }

    /// Includes under a balanced conditional are includes too.
    @Test func includesUnderAClosedConditionalLand() {
        let result = port(
            ["#ifdef CONFIG_X86_LOCAL_APIC\n", "#include <asm/apic.h>\n", "#endif\n"],
            onto: ["#include <xen/hypervisor.h>\n"])
        #expect(step(result.outcomes[0]) == .includes)
    }

    /// Not an include union: the fork's insertion holds a declaration. The two sides are independent
    /// top-level units, so `unit-union` lands them, upstream's first.
    @Test func aForkDeclarationAmongTheIncludesIsAUnitUnion() {
        let result = port(
            ["#include <linux/module.h>\n"], onto: ["#include <xen/hypervisor.h>\n", "extern int xen_ready;\n"])
        #expect(step(result.outcomes[0]) == .units)
        #expect(
            result.file
                == file(
                    fork(["#include <linux/module.h>\n", "#include <xen/hypervisor.h>\n", "extern int xen_ready;\n"])))
    }

    /// Refused: upstream inserts a macro beside an include of the header the fork's insertion includes
    /// too; not includes alone, and not independent (both name `<xen/x.h>`).
    @Test func anUpstreamMacroBesideASharedHeaderIsRefused() {
        let result = port(
            ["#include <xen/x.h>\n", "#define __cpuinit __init\n"], onto: ["#include <xen/x.h>\n"])
        #expect(!result.outcomes[0].isSuccess)
    }

    /// Refused: the fork's insertion opens a conditional that closes further down (`#ifndef CONFIG_XEN`
    /// around code): upstream's lines inside or outside it mean different builds.
    @Test func aConditionalLeftOpenIsRefused() {
        let target = fork(["#include <xen/x.h>\n", "#ifndef CONFIG_XEN\n"]) + ["#endif\n"]
        let result = FilePatcher.apply(
            [upstream(["#include <linux/module.h>\n"])], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }
}
