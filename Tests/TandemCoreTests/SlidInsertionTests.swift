import Testing
@testable import TandemCore

/// `slid-insertion` (`FilePatcher+Slid`): both sides inserted lines at one point, and one insertion reads as
/// made a line up or down (the fork's ends with the blank line before the point), in one order only. Refused
/// twins, where the order is a guess: upstream's insertion reads as slid too (both end in a blank line), or
/// the fork's lines open a conditional around the lines after the point.
@Suite("FilePatcher: an insertion read a line up or down")
struct SlidInsertionTests {
    let base = [
        "void __init setup_arch(void)\n", "{\n", "\tefi_map_memmap();\n", "\n", "\t/*\n",
        "\t * Parse the ACPI tables.\n",
        "\t */\n", "\tacpi_boot_init();\n", "\n", "\tsmp_init();\n", "}\n",
    ]

    func with(_ lines: [String], at index: Int, _ more: [String] = [], at other: Int = 0) -> [String] {
        var out = base
        if !more.isEmpty { out.insert(contentsOf: more, at: other) }
        out.insert(contentsOf: lines, at: index)
        return out
    }

    /// The fork's statements and a blank line after the blank line; upstream's `#ifdef` (with its `#endif`
    /// further down) right before the comment. Read with the fork's blank line as the base's, the fork
    /// inserted before it: upstream's `#ifdef` goes after the fork's lines, right before the comment.
    @Test func theForksLinesEndingInTheBlankLineGoFirst() {
        let theirs = ["\tif (xen_start_info.flags & SIF_INITDOMAIN)\n", "\t\tacpi_disabled = 0;\n", "\n"]
        let upstream = with(["#ifdef CONFIG_ACPI_BOOT\n"], at: 4, ["#endif\n"], at: 8)
        let result = ConditionalsTests.applyOneHunk(base, upstream, onto: with(theirs, at: 4))
        #expect(step(result.outcomes[0]) == .slid)
        #expect(result.file == file(with(theirs + ["#ifdef CONFIG_ACPI_BOOT\n"], at: 4, ["#endif\n"], at: 8)))
    }

    /// Refused: upstream's insertion ends in a blank line too, so it reads as slid as well; the two readings
    /// give two orders, and which runs first is a guess.
    @Test func bothReadingAsSlidIsRefused() {
        let theirs = ["\txen_fixup();\n", "\n"]
        let fork = with(theirs, at: 4)
        let result = ConditionalsTests.applyOneHunk(base, with(["\tacpi_table_init();\n", "\n"], at: 4), onto: fork)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    /// Refused: the fork's line opens a conditional around the comment and the call below (its `#endif`
    /// after them). Upstream's lines read as slid, but whether they belong inside the fork's `#if 0` is
    /// what the order decides; on real history both answers occur.
    @Test func theForkOpeningAConditionalIsRefused() {
        let fork = with(["#if 0\n"], at: 4, ["#endif\n"], at: 8)
        let result = ConditionalsTests.applyOneHunk(base, with(["\tacpi_table_init();\n", "\n"], at: 4), onto: fork)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    /// The line-level rule: regions opened and closed by the lines themselves, in C, Kconfig and make.
    @Test func closedRegions() {
        func closed(_ lines: [String]) -> Bool { FilePatcher.closedRegions(lines.map { Array($0.utf8)[...] }) }
        #expect(closed(["#ifdef CONFIG_X\n", "int x;\n", "#endif\n", "\n"]))
        #expect(closed(["if XEN\n", "source \"drivers/xen/Kconfig\"\n", "endif\n"]))
        #expect(closed(["\tif (x)\n", "\t\treturn;\n"]))
        #expect(!closed(["#if 0\n"]))
        #expect(!closed(["if !XEN || XEN_PHYSDEV_ACCESS\n"]))
        #expect(!closed(["endmenu\n"]))
        #expect(!closed(["ifeq ($(CONFIG_XEN),y)\n", "obj-y += xen.o\n"]))
        #expect(!closed(["else\n"]))
    }
}
