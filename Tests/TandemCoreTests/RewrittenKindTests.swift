import Testing
@testable import TandemCore

/// Risk rule "kind the fork rewrote" (`RewrittenKind`): a hunk adding one more line of a kind that the fork
/// rewrote or dropped all around it is held for review; where the fork kept the kind, it lands.
@Suite("PortRisk: a line of a kind the fork rewrote")
struct RewrittenKindTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/", fork: "arch/xen/a/")])

    /// Three page-table helpers of one shape; upstream adds a fourth of the same shape.
    let original = """
        #include <asm/page.h>

        static inline pte_t pte_mkdirty(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_DIRTY)); return pte; }
        static inline pte_t pte_mkyoung(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_ACCESSED)); return pte; }
        static inline pte_t pte_mkwrite(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_RW)); return pte; }

        struct vm_area_struct;

        """

    let addsMkhuge = """
        --- a/arch/a/pgtable.h
        +++ b/arch/a/pgtable.h
        @@ -4,4 +4,5 @@
         static inline pte_t pte_mkyoung(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_ACCESSED)); return pte; }
         static inline pte_t pte_mkwrite(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_RW)); return pte; }
        +static inline pte_t pte_mkhuge(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_PSE)); return pte; }
        ~
         struct vm_area_struct;

        """.replacingOccurrences(of: "~", with: " ")

    func port(_ patch: String, copy: String, accept: Bool = false) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/pgtable.h": copy]),
            base: MemoryTree(["arch/a/pgtable.h": original]), options: .init(acceptReview: accept))
    }

    /// The fork rewrote every helper in its own form: upstream's new one, in upstream's form, is held; the
    /// copy and the rewritten patch are left as they were, and `--accept-review` lands it.
    @Test func newLineOfARewrittenKindIsHeld() throws {
        let copy = """
            #include <asm/page.h>

            static inline pte_t pte_mkdirty(pte_t pte) { __pte_val(pte) |= _PAGE_DIRTY; return pte; }
            static inline pte_t pte_mkyoung(pte_t pte) { __pte_val(pte) |= _PAGE_ACCESSED; return pte; }
            static inline pte_t pte_mkwrite(pte_t pte) { __pte_val(pte) |= _PAGE_RW; return pte; }

            struct vm_area_struct;

            """
        let held = try port(addsMkhuge, copy: copy)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        let message = held.report.entries[0].verdict.message
        #expect(message.contains("it adds a line like the 3 around line 3 of the original"))
        #expect(message.contains("`static inline pte_t pte_mkdirty(pte_t pte)"))
        #expect(message.contains("which the fork rewrote or dropped"))
        #expect(held.copies.first?.ported == bytes(copy))
        #expect(!displayText(held.patch).contains("pte_mkhuge"))
        let taken = try port(addsMkhuge, copy: copy, accept: true)
        #expect(taken.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(taken.copies.first?.ported ?? [])
        #expect(ported.contains("pte_mkhuge(pte_t pte) { set_pte("))
    }

    /// Refused twin: the fork rewrote two helpers but kept `pte_mkwrite` as upstream wrote it, so the kind
    /// is still the fork's own: the new helper lands.
    @Test func kindTheForkKeptLands() throws {
        let copy = """
            #include <asm/page.h>

            static inline pte_t pte_mkdirty(pte_t pte) { __pte_val(pte) |= _PAGE_DIRTY; return pte; }
            static inline pte_t pte_mkyoung(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_ACCESSED)); return pte; }
            static inline pte_t pte_mkwrite(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_RW)); return pte; }

            struct vm_area_struct;

            """
        let landed = try port(addsMkhuge, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(landed.copies.first?.ported ?? [])
        #expect(ported.contains("pte_mkhuge"))
    }

    /// Refused twin: one line of the kind is not a kind. Upstream adds a line like the one `pte_mkwrite`
    /// the fork rewrote, among lines of other shapes: it lands.
    @Test func oneRewrittenNeighbourIsNotAKind() throws {
        let original = """
            #include <asm/page.h>

            #define PTE_FLAGS 3
            static inline pte_t pte_mkwrite(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_RW)); return pte; }
            extern void pte_init(void);

            """
        let patch = """
            --- a/arch/a/pgtable.h
            +++ b/arch/a/pgtable.h
            @@ -3,3 +3,4 @@
             #define PTE_FLAGS 3
             static inline pte_t pte_mkwrite(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_RW)); return pte; }
            +static inline pte_t pte_mkhuge(pte_t pte) { set_pte(&pte, __pte(pte_val(pte) | _PAGE_PSE)); return pte; }
             extern void pte_init(void);

            """
        let copy = """
            #include <asm/page.h>

            #define PTE_FLAGS 3
            static inline pte_t pte_mkwrite(pte_t pte) { __pte_val(pte) |= _PAGE_RW; return pte; }
            extern void pte_init(void);

            """
        let result = try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/pgtable.h": copy]),
            base: MemoryTree(["arch/a/pgtable.h": original]))
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Not only C: a Kconfig whose fork commented out every `source` line around the place where upstream
    /// adds one more. Held; where the fork kept its `source` lines, it lands.
    @Test func kconfigSourceAmongCommentedOutOnesIsHeld() throws {
        let original = """
            menu "Bus options"

            config PCI
            \tbool "PCI support"

            source "drivers/pci/Kconfig"

            source "drivers/pcmcia/Kconfig"

            endmenu

            """
        let patch = """
            --- a/arch/a/Kconfig
            +++ b/arch/a/Kconfig
            @@ -4,5 +4,7 @@ config PCI
             \tbool "PCI support"
            ~
            +source "drivers/pci/pcie/Kconfig"
            +
             source "drivers/pci/Kconfig"
            ~
             source "drivers/pcmcia/Kconfig"

            """.replacingOccurrences(of: "~", with: " ")
        func port(_ copy: String) throws -> Porter.Result {
            try Porter.port(
                PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/Kconfig": copy]),
                base: MemoryTree(["arch/a/Kconfig": original]))
        }
        let commented = original.replacingOccurrences(of: "source ", with: "#source ")
        let held = try port(commented)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        #expect(held.report.entries[0].verdict.message.contains("like the 2 around line 6 of the original"))
        let kept = try port(original.replacingOccurrences(of: "PCI support", with: "PCI support (Xen)"))
        #expect(kept.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// A vendored Python module whose imports of its own package the fork rewrote (`from tenacity import x`
    /// → `from pip._vendor.tenacity import x`). Upstream adds one more such import: held. Its twin adds an
    /// import of another module (`from datetime import timedelta`), of the same shape but not of the kind
    /// the fork rewrote: it lands.
    @Test func anImportOfTheRewrittenPackageIsHeldAndAnotherModulesLands() throws {
        let original = """
            import abc

            from tenacity import _utils
            from tenacity import compat

            def wait():
                pass

            """
        func patch(_ line: String) -> String {
            """
            --- a/t/wait.py
            +++ b/t/wait.py
            @@ -1,5 +1,6 @@
             import abc
            ~
            +\(line)
             from tenacity import _utils
             from tenacity import compat
            ~

            """.replacingOccurrences(of: "~", with: " ")
        }
        let copy = original.replacingOccurrences(of: "from tenacity", with: "from pip._vendor.tenacity")
        let map = ForkMap(mappings: [ForkMapping(upstream: "t/", fork: "vendor/t/")])
        func port(_ line: String) throws -> Porter.Result {
            try Porter.port(
                PatchParser.parse(bytes(patch(line))).patch, map: map, fork: MemoryTree(["vendor/t/wait.py": copy]),
                base: MemoryTree(["t/wait.py": original]))
        }
        let held = try port("from tenacity import stop")
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        #expect(held.report.entries[0].verdict.message.contains("`from tenacity import _utils`"))
        let landed = try port("from datetime import timedelta")
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(landed.copies.first?.ported ?? [])
        #expect(ported.contains("from datetime import timedelta"))
    }

    /// A descriptor table whose used entries the fork zeroed (it keeps its own elsewhere). Upstream puts a
    /// value into an unused entry: one more used entry, a kind the fork zeroed all around, so it is held,
    /// and the message quotes the original's line without its line end. Zero and nonzero values are two
    /// kinds: the unused entries, which the copy still holds, do not speak for a used one.
    @Test func aValueWhereTheForkZeroedEveryValueIsHeld() throws {
        let table = """
            ENTRY(gdt_table)
            	.quad 0x0000000000000000	/* NULL descriptor */
            	.quad 0x00cf9a000000ffff	/* kernel code */
            	.quad 0x00cf92000000ffff	/* kernel data */
            	.quad 0x00009a0000000000	/* APM CS */
            	.quad 0x0000000000000000	/* unused */
            	.quad 0x0000000000000000	/* unused */

            """
        let patch = """
            --- a/arch/a/head.S
            +++ b/arch/a/head.S
            @@ -4,4 +4,4 @@
             	.quad 0x00cf92000000ffff	/* kernel data */
             	.quad 0x00009a0000000000	/* APM CS */
            -	.quad 0x0000000000000000	/* unused */
            +	.quad 0x0000920000000000	/* ESPFIX SS */
             	.quad 0x0000000000000000	/* unused */

            """
        func port(_ copy: String) throws -> Porter.Result {
            try Porter.port(
                PatchParser.parse(bytes(patch)).patch, map: map, fork: MemoryTree(["arch/xen/a/head.S": copy]),
                base: MemoryTree(["arch/a/head.S": table]))
        }
        var zeroed = table
        for value in ["0x00cf9a000000ffff", "0x00cf92000000ffff", "0x00009a0000000000"] {
            zeroed = zeroed.replacingOccurrences(of: value, with: "0x0000000000000000")
        }
        let held = try port(zeroed)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        #expect(
            held.report.entries[0].verdict.message.contains(
                "like the 3 around line 3 of the original (`.quad 0x00cf9a000000ffff\t/* kernel code */`)"))
        // Twin: the fork zeroed only the APM entry and kept the kernel's: the kind is the fork's own, it lands.
        let kept = try port(table.replacingOccurrences(of: "0x00009a0000000000", with: "0x0000000000000000"))
        #expect(kept.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// The shape keeps a line's first word and its punctuation, and abstracts names, numbers (zero apart
    /// from the others) and strings.
    @Test func shapeOfALine() {
        #expect(CTokens.shape(bytes("source \"fs/Kconfig\"")) == "source \"")
        #expect(CTokens.shape(bytes("\tbool \"PCI support\"")) == "bool \"")
        #expect(CTokens.shape(bytes("x = foo(y, 0x10); /* note */")) == "x = $ ( $ , 1 ) ;")
        #expect(CTokens.shape(bytes("x = foo(y, 0x0000UL);")) == "x = $ ( $ , 0 ) ;")
        #expect(CTokens.shape(bytes("static int a;")) == "static int $ ;")
        #expect(CTokens.shape(bytes("/* only a comment */")) == "")
        #expect(
            CTokens.shape(bytes("pte_t a(pte_t p) { f(p | _A); }"))
                == CTokens.shape(bytes("pte_t b(pte_t q) { f(q | _B); }")))
    }
}
