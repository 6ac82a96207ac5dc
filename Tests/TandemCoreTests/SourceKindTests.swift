import Testing
import TandemCore

/// Which files the C preprocessor reads (`SourceKind`): only there are `#if` … `#endif` lines conditionals the
/// placement keeps matched. In a Python script `# else:` is code commented out.
@Suite("SourceKind: files whose # lines are conditionals")
struct SourceKindTests {
    @Test(arguments: [
        ("drivers/net/tun.c", true), ("include/linux/list.h", true), ("arch/x86/entry/entry_64.S", true),
        ("arch/x86/kernel/vmlinux.lds.S", true), ("arch/arm/boot/dts/board.dtsi", true), ("lib/x.cpp", true),
        ("config.h.in", true), ("scripts/checkpatch.py", false), ("Makefile", false), ("arch/x86/Kconfig", false),
        ("tools/testing/run.sh", false), ("Makefile.in", false), ("docs/conf.yaml", false), (".h", false),
        ("README", false), ("arch/x86/kernel/entry.s", false),
    ])
    func namesThatReadDirectives(path: String, reads: Bool) {
        #expect(SourceKind.readsDirectives(Array(path.utf8)) == reads)
    }

    /// A Python function whose `else:` branch upstream comments out: the `# else:` line it adds reads as an
    /// `#else` to the preprocessor's rules, which would leave a C file's conditionals unmatched.
    let original =
        "def pick(x):\n    if x:\n        return 1\n    else:\n        return 2\n\n\ndef other():\n    pass\n"
    func patch(_ name: String) -> Patch {
        let text = """
            --- a/\(name)
            +++ b/\(name)
            @@ -1,8 +1,8 @@
             def pick(x):
                 if x:
                     return 1
            -    else:
            -        return 2
            +    # else:
            +    #     return 2
             \n \n def other():

            """
        return PatchParser.parse(Array(text.utf8)).patch
    }

    /// In a Python file the hunk lands, as GNU patch and git apply land it.
    @Test func aCommentedOutElseLandsInAPythonFile() throws {
        let plans = try PatchApplier.plan(patch("pick.py"), tree: MemoryTree(["pick.py": original]))
        #expect(plans.count == 1)
        #expect(plans[0].result.hunks.allSatisfy { $0.outcome.isSuccess }, "\(plans[0].result.hunks)")
    }

    /// Twin: the same lines in a file the preprocessor reads are a lone `#else`, and the hunk is withdrawn.
    @Test func theSameLineInACFileIsALoneElse() throws {
        let plans = try PatchApplier.plan(patch("pick.c"), tree: MemoryTree(["pick.c": original]))
        #expect(plans.count == 1)
        guard case .conflict(let conflict)? = plans[0].result.hunks.first?.outcome else {
            Issue.record("a lone #else in a C file: \(plans[0].result.hunks)")
            return
        }
        #expect(conflict.note?.contains("#if/#endif lines unmatched") == true)
    }
}
