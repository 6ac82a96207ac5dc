import Testing
@testable import TandemCore

/// The word merge's one exception (`ForkMacros`, `TokenMerge.Carried`): upstream replaces a spelled-out test
/// by a macro that the fork redefined with the same edit it made to the test. Upstream's line lands; the
/// twins, where the fork's macro does not say what the fork's line says, stay conflicts.
@Suite("Porter: a fork edit carried by the fork's own macro")
struct ForkMacrosTests {
    let originalHeader = "#define user_mode(regs) ((VM_MASK & (regs)->eflags) || (3 & (regs)->xcs))\n"
    let adaptedHeader = "#define user_mode(regs) ((VM_MASK & (regs)->eflags) || (2 & (regs)->xcs))\n"
    let sibling = "#define user_mode(regs) (!!((regs)->cs & 3))\n"

    func traps(_ test: String) -> String {
        "static void die_if_kernel(struct pt_regs *regs)\n{\n\tshow_trace();\n\tif (\(test))\n\t\treturn;\n"
            + "\tdie(\"oops\", regs);\n}\n"
    }

    /// Upstream: `regs->xcs & 3` becomes `user_mode(regs)`.
    let toMacro = """
        --- a/arch/i386/kernel/traps.c
        +++ b/arch/i386/kernel/traps.c
        @@ -2,6 +2,6 @@
         {
         \tshow_trace();
        -\tif (regs->xcs & 3)
        +\tif (user_mode(regs))
         \t\treturn;
         \tdie("oops", regs);
         }

        """

    let map = ForkMap(mappings: [
        ForkMapping(upstream: "arch/i386/kernel/traps.c", fork: "arch/xen/i386/kernel/traps.c"),
        ForkMapping(upstream: "include/asm-i386/ptrace.h", fork: "include/asm-xen/asm-i386/ptrace.h"),
        ForkMapping(upstream: "include/asm-x86_64/ptrace.h", fork: "include/asm-xen/asm-x86_64/ptrace.h"),
        ForkMapping(upstream: "arch/x86_64/kernel/traps.c", fork: "arch/xen/x86_64/kernel/traps.c"),
    ])

    /// Ports `patch` onto a fork whose i386 header says `header` and whose copy tests `forkTest`; the
    /// verdict and the copy's new text.
    func port(header: String, forkTest: String, patch: String? = nil, otherArchitecture: Bool = false) throws
        -> (verdict: String, text: String)
    {
        let base = [
            "arch/i386/kernel/traps.c": traps("regs->xcs & 3"), "include/asm-i386/ptrace.h": originalHeader,
            "include/asm-x86_64/ptrace.h": sibling, "arch/x86_64/kernel/traps.c": traps("(regs->cs & 3) != 3"),
        ]
        let copyPath = otherArchitecture ? "arch/xen/x86_64/kernel/traps.c" : "arch/xen/i386/kernel/traps.c"
        let fork = [
            copyPath: traps(forkTest), "include/asm-xen/asm-i386/ptrace.h": header,
            "include/asm-xen/asm-x86_64/ptrace.h": sibling,
        ]
        let result = try Porter.port(
            PatchParser.parse(bytes(patch ?? toMacro)).patch, map: map, fork: MemoryTree(fork), base: MemoryTree(base))
        let entry = try #require(result.report.entries.first { $0.copyPath == bytes(copyPath) })
        let copy = result.copies.first { $0.path == bytes(copyPath) }
        return (entry.verdict.label, copy.map { displayText($0.ported) } ?? "")
    }

    /// The fork wrote `& 2` in its copy and `2 &` in its `user_mode()`: upstream's `user_mode(regs)` keeps
    /// what the fork meant, so it lands, by the word merge.
    @Test func anEditTheForksMacroCarriesLands() throws {
        let result = try port(header: adaptedHeader, forkTest: "regs->xcs & 2")
        #expect(result.verdict == "ported")
        #expect(result.text == traps("user_mode(regs)"))
    }

    /// Twin: the fork's `user_mode()` is upstream's (`3 &`): taking upstream's line would drop the fork's
    /// `& 2`. Both sides changed the same words: a conflict.
    @Test func aMacroTheForkDidNotAdaptCarriesNothing() throws {
        let result = try port(header: originalHeader, forkTest: "regs->xcs & 2")
        #expect(result.verdict == "fork-conflict")
        #expect(result.text == traps("regs->xcs & 2"))
    }

    /// Twin: the fork's macro made another edit (`3` → `1`) than its line (`3` → `2`): a conflict.
    @Test func anotherEditInTheMacroCarriesNothing() throws {
        let other = originalHeader.replacingOccurrences(of: "(3 &", with: "(1 &")
        #expect(try port(header: other, forkTest: "regs->xcs & 2").verdict == "fork-conflict")
    }

    /// Twin: x86_64's copy tests `cs` (`(regs->cs & 2) != 2`); only i386's `user_mode()`, which tests `xcs`,
    /// was adapted. One architecture's macro does not speak for another's line: a conflict.
    @Test func aMacroOfAnotherArchitectureCarriesNothing() throws {
        let patch = toMacro.replacingOccurrences(of: "i386", with: "x86_64")
            .replacingOccurrences(of: "-\tif (regs->xcs & 3)", with: "-\tif ((regs->cs & 3) != 3)")
            .replacingOccurrences(of: "+\tif (user_mode(regs))", with: "+\tif (!user_mode(regs))")
        let result = try port(
            header: adaptedHeader, forkTest: "(regs->cs & 2) != 2", patch: patch, otherArchitecture: true)
        #expect(result.verdict == "fork-conflict")
        #expect(result.text == traps("(regs->cs & 2) != 2"))
    }
}
