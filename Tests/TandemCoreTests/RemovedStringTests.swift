import Testing
@testable import TandemCore

/// Risk rule "string the fork removed" (`RemovedString`): a hunk adds a string literal that the original holds
/// elsewhere and the copy nowhere. Held for review; where the copy still holds the string, or the hunk only
/// moves it, it lands.
@Suite("PortRisk: a string the fork removed")
struct RemovedStringTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "include/asm/", fork: "include/asm-xen/")])

    let original = """
        static inline void switch_mm(struct mm_struct *next)
        {
        \tasm volatile("movq %0,%%cr3" :: "r" (__pa(next->pgd)) : "memory");
        }

        static inline void leave_mm(void)
        {
        }

        """

    /// Upstream adds `load_cr3()`, writing `%cr3` the way `switch_mm()` does.
    let addsLoadCR3 = """
        --- a/include/asm/mmu_context.h
        +++ b/include/asm/mmu_context.h
        @@ -4,5 +4,10 @@
         }
        ~
         static inline void leave_mm(void)
         {
         }
        +
        +static inline void load_cr3(pgd_t *pgd)
        +{
        +\tasm volatile("movq %0,%%cr3" :: "r" (__pa(pgd)) : "memory");
        +}

        """.replacingOccurrences(of: "~", with: " ")

    func port(_ patch: String, copy: String) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map,
            fork: MemoryTree(["include/asm-xen/mmu_context.h": copy]),
            base: MemoryTree(["include/asm/mmu_context.h": original]))
    }

    /// The fork switches page tables through the hypervisor and has no `"movq %0,%%cr3"` left: held, with
    /// the string and where the original has it; the copy and the rewritten patch are left as they were.
    @Test func aStringTheForkRemovedEverywhereIsHeld() throws {
        let copy = original.replacingOccurrences(
            of: "\tasm volatile(\"movq %0,%%cr3\" :: \"r\" (__pa(next->pgd)) : \"memory\");",
            with: "\txen_pt_switch(__pa(next->pgd));")
        let held = try port(addsLoadCR3, copy: copy)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        #expect(
            held.report.entries[0].verdict.message.contains(
                "it adds \"movq %0,%%cr3\", which the original has at line 3 and the copy has nowhere"))
        #expect(held.copies.first?.ported == bytes(copy))
        #expect(!displayText(held.patch).contains("load_cr3"))
    }

    /// Twin: the fork kept the instruction (it changed something else): the string is the fork's too, and
    /// the hunk lands.
    @Test func aStringTheCopyStillHoldsLands() throws {
        let copy = original.replacingOccurrences(
            of: "leave_mm(void)\n{\n}", with: "leave_mm(void)\n{\n\txen_leave();\n}")
        let landed = try port(addsLoadCR3, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: upstream moves the line within one hunk (removes it from `switch_mm()`'s body, adds it back in
    /// a helper): the string is the hunk's own business, not a sign of the fork's, so the rule says nothing.
    @Test func aStringTheHunkMovesIsNotEvidence() {
        let hunkText = """
            --- a/include/asm/mmu_context.h
            +++ b/include/asm/mmu_context.h
            @@ -1,4 +1,4 @@
             static inline void switch_mm(struct mm_struct *next)
             {
            -\tasm volatile("movq %0,%%cr3" :: "r" (__pa(next->pgd)) : "memory");
            +\tload_cr3(next->pgd); asm volatile("movq %0,%%cr3" :: "r" (0) : "memory");
             }

            """
        let hunk = PatchParser.parse(bytes(hunkText)).patch.files[0].hunks[0]
        #expect(RemovedString.evidence(hunk, original: bytes(original), copy: bytes("\n")) == nil)
    }

    /// Literals: quotes included, escapes kept, four characters or more inside; an unclosed one is none.
    @Test func literalsOfALine() {
        let line = bytes("printk(\"a\\\"b\\n\", \"ok\", \"long enough\"); \"unclosed")
        #expect(RemovedString.literals(line).map { displayText($0) } == ["\"a\\\"b\\n\"", "\"long enough\""])
        // A quote inside a character literal opens no string.
        #expect(
            RemovedString.literals(bytes("if (c == '\"' || c == '\\'') return \"quoted\";")).map { displayText($0) }
                == ["\"quoted\""])
    }
}
