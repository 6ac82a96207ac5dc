import Testing
import TandemCore

@Suite("Glob")
struct GlobTests {
    @Test(arguments: [
        ("arch/i386/*", "arch/i386/kernel/process.c", true),
        ("arch/i386/", "arch/i386/kernel/process.c", true),
        ("arch/i386/", "arch/i3860/x.c", false),
        ("*.c", "arch/i386/kernel/process.c", true),
        ("*.h", "arch/i386/kernel/process.c", false),
        ("arch/*/kernel/*.c", "arch/x86_64/kernel/setup.c", true),
        ("arch/i38?/**", "arch/i386/mm/fault.c", true),
        ("include/asm-[ix]*/*", "include/asm-i386/pgtable.h", true),
        ("include/asm-[!ix]*/*", "include/asm-i386/pgtable.h", false),
        ("Makefile", "Makefile", true),
        ("Makefile", "arch/Makefile", false),
        ("a\\*b", "a*b", true),
        ("a\\*b", "axb", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(Array(path.utf8)) == expected)
    }

    @Test func manyStarsStayFast() {
        let glob = Glob(String(repeating: "*a", count: 30) + "b")
        #expect(!glob.matches([UInt8](repeating: 0x61, count: 5_000)))
    }
}
