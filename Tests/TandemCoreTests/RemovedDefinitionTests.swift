import Testing
@testable import TandemCore

/// Risk rule "a definition the fork removed" (`RemovedDefinition`): a hunk's new code uses a name the original
/// defines at file level and the copy holds nowhere. Held for review (or, in a conflicting hunk, none of its
/// changes land); where the copy still has the name, where it is only declared `extern`, or where upstream
/// defines it anew, it lands.
@Suite("PortRisk: a definition the fork removed")
struct RemovedDefinitionTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/x86/", fork: "arch/xen/")])

    /// A driver that registers a suspend/resume driver from its init function.
    let original = """
        static int use_intel(void)
        {
        \treturn 1;
        }

        static struct sysdev_driver mtrr_sysdev_driver = {
        \t.suspend = mtrr_save,
        };

        static int __init mtrr_init(void)
        {
        \tinit_table();
        \treturn 0;
        }

        """

    /// Upstream adds `mtrr_finalize()`, registering `mtrr_sysdev_driver` (a comment names it too).
    let addsFinalize = """
        --- a/arch/x86/main.c
        +++ b/arch/x86/main.c
        @@ -12,3 +12,10 @@
         \tinit_table();
         \treturn 0;
         }
        +
        +/* registers mtrr_sysdev_driver, "mtrr_sysdev_driver" */
        +static int mtrr_finalize(void)
        +{
        +\tsysdev_driver_register(&cpu_sysdev_class, &mtrr_sysdev_driver);
        +\treturn use_intel();
        +}

        """

    /// The copy sets MTRRs through the hypervisor: no `mtrr_sysdev_driver`, no `mtrr_save`.
    var xenCopy: String {
        original.replacingOccurrences(
            of: "static struct sysdev_driver mtrr_sysdev_driver = {\n\t.suspend = mtrr_save,\n};\n\n", with: ""
        ).replacingOccurrences(of: "\tinit_table();\n", with: "\tinit_table();\n\txen_mtrr_init();\n")
    }

    func port(_ patch: String, copy: String, original: String? = nil) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map,
            fork: MemoryTree(["arch/xen/main.c": copy]),
            base: MemoryTree(["arch/x86/main.c": original ?? self.original]))
    }

    /// The fork removed the driver object and every use of it: the new function would refer to nothing.
    /// Held, with the name and where the original defines it; the copy is left as it was.
    @Test func aNameTheForkRemovedIsHeld() throws {
        let held = try port(addsFinalize, copy: xenCopy)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        #expect(
            held.report.entries[0].verdict.message.contains(
                "it uses mtrr_sysdev_driver, which the original defines at line 6 and the copy has nowhere"))
        #expect(held.copies.first?.ported == bytes(xenCopy))
        #expect(!displayText(held.patch).contains("mtrr_finalize"))
    }

    /// Twin: the copy still has the object (the fork changed something else): the hunk lands.
    @Test func aNameTheCopyStillHasLands() throws {
        let copy = original.replacingOccurrences(of: "\tinit_table();\n", with: "\tinit_table();\n\txen_mtrr_init();\n")
        let landed = try port(addsFinalize, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: the original only declares the name `extern` (it is defined in another file, which the copy may
    /// still reach through a header): no evidence.
    @Test func anExternDeclarationIsNotADefinition() throws {
        let externOriginal = original.replacingOccurrences(
            of: "static struct sysdev_driver mtrr_sysdev_driver = {\n\t.suspend = mtrr_save,\n};\n",
            with: "extern struct sysdev_driver mtrr_sysdev_driver;\n\n\n")
        let landed = try port(addsFinalize, copy: xenCopy, original: externOriginal)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: upstream defines the name anew in the same file patch (a line at column 0 names it): the
    /// copy gets it with the hunk, so nothing dangles.
    @Test func aNameUpstreamDefinesAnewIsNotEvidence() throws {
        let patch = addsFinalize.replacingOccurrences(
            of: "+\n+/* registers", with: "+static struct sysdev_driver mtrr_sysdev_driver;\n+/* registers")
        let landed = try port(patch, copy: xenCopy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// A `#define` the patch adds defines its own name only: a macro built on the removed object is held,
    /// and one that defines the name anew lands.
    @Test func aDefineDefinesItsNameOnly() throws {
        let macro = """
            --- a/arch/x86/main.c
            +++ b/arch/x86/main.c
            @@ -12,3 +12,4 @@
             \tinit_table();
             \treturn 0;
             }
            +#define MTRR_DRIVER (&mtrr_sysdev_driver)

            """
        #expect(try port(macro, copy: xenCopy).report.entries.map(\.verdict.label) == ["review"])
        let anew = macro.replacingOccurrences(
            of: "#define MTRR_DRIVER (&mtrr_sysdev_driver)", with: "#define mtrr_sysdev_driver xen_driver")
        #expect(try port(anew, copy: xenCopy).report.entries.map(\.verdict.label) == ["ported"])
    }

    /// In a conflicting hunk the change that would land on its own is held with the rest: none of the
    /// hunk's changes land, and the conflict says why.
    @Test func aPartialLandingThatUsesTheNameIsHeld() throws {
        // Upstream also drops `init_table();`, a line the fork rewrote: that change conflicts.
        let patch = """
            --- a/arch/x86/main.c
            +++ b/arch/x86/main.c
            @@ -10,5 +10,12 @@
             static int __init mtrr_init(void)
             {
            -\tinit_table();
            +\tinit_tables();
             \treturn 0;
             }
            +
            +static int mtrr_finalize(void)
            +{
            +\tsysdev_driver_register(&cpu_sysdev_class, &mtrr_sysdev_driver);
            +\treturn 0;
            +}
            +late_initcall(mtrr_finalize);

            """
        let copy = xenCopy.replacingOccurrences(of: "\tinit_table();\n", with: "\txen_init_table();\n")
        let result = try port(patch, copy: copy)
        #expect(result.report.entries.map(\.verdict.label) == ["fork-conflict"])
        #expect(
            result.report.entries[0].verdict.message.contains("none of its changes landed: it uses mtrr_sysdev_driver"))
        #expect(result.copies.first?.ported == bytes(copy))
        // Twin: with the object in the copy, the addition lands on its own.
        let kept = copy.replacingOccurrences(
            of: "static int __init", with: "static struct sysdev_driver mtrr_sysdev_driver;\n\nstatic int __init")
        let partial = try port(patch, copy: kept)
        #expect(partial.report.entries[0].verdict.message.contains("1 of 2 changes landed"))
        let ported = try #require(partial.copies.first?.ported)
        #expect(displayText(ported).contains("mtrr_finalize"))
    }

    /// The names of a hunk's added code: comments (also one the hunk starts inside), strings, character
    /// literals, numbers and `#include` lines aside.
    @Test func namesOfTheAddedCode() {
        let text = """
            --- a/f.c
            +++ b/f.c
            @@ -1,3 +1,11 @@
             * a comment the hunk starts inside, naming context_word
             */
            +x = f(y, "str_name", 'c', 0x1fUL); /* in_comment */ z; // tail_comment
            +/* opened
            + * still_comment
            + closed */ after_close
            +#include <linux/included.h>
            +#define MACRO(arg) (arg + 1)
            +g(y);
            +\t*deref_ptr = 0;
             end

            """
        let hunk = PatchParser.parse(bytes(text)).patch.files[0].hunks[0]
        #expect(
            RemovedDefinition.addedNames(hunk).map { displayText($0) }
                == ["x", "f", "y", "z", "after_close", "define", "MACRO", "arg", "g", "deref_ptr"])
    }

    /// What counts as a definition in the original: functions, macros and objects; not `extern` declarations
    /// nor prototypes.
    @Test func definitionsInTheOriginal() {
        let lines = TextFile(
            bytes: bytes(
                """
                extern int ext_var;
                int proto(void);
                static int obj = 1;
                #define MAC 2
                int fn(void)
                {
                \treturn obj;
                }

                """)
        ).lines
        let names = Set(["ext_var", "proto", "obj", "MAC", "fn"].map { Array($0.utf8) })
        let found = RemovedDefinition.definitions(in: lines, among: names)
        #expect(found.mapKeys { displayText($0) } == ["obj": 3, "MAC": 4, "fn": 5])
    }
}

extension Dictionary {
    fileprivate func mapKeys<T: Hashable>(_ transform: (Key) -> T) -> [T: Value] {
        [T: Value](uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
