import Testing
import TandemCore

@Suite("Fork maps and path patterns")
struct ForkMapTests {
    func b(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func directorySuffixAndSamePathMappings() {
        let map = ForkMap(mappings: [
            ForkMapping(upstream: "arch/i386/", fork: "arch/xen/i386/"),
            ForkMapping(upstream: "arch/i386/**/*.c", fork: "arch/i386/**/*-xen.c", policy: .flag),
            ForkMapping(upstream: "mm/memory.c", fork: "mm/memory.c"),
        ])
        let copies = map.copies(of: b("arch/i386/kernel/process.c")).map { displayText($0.path) }
        #expect(copies == ["arch/xen/i386/kernel/process.c", "arch/i386/kernel/process-xen.c"])
        #expect(map.copies(of: b("arch/i386/process.c")).map { displayText($0.path) } == ["arch/xen/i386/process.c", "arch/i386/process-xen.c"])
        // A copy is not an original of further copies.
        #expect(map.copies(of: b("arch/i386/kernel/process-xen.c")).isEmpty)
        #expect(map.copies(of: b("arch/xen/i386/kernel/process.c")).isEmpty)
        #expect(map.copies(of: b("mm/memory.c")).map { displayText($0.path) } == ["mm/memory.c"])
        #expect(map.copies(of: b("fs/open.c")).isEmpty)
        #expect(map.mappings[0].upstreamPath(for: b("arch/xen/i386/mm/fault.c")) == b("arch/i386/mm/fault.c"))
    }

    @Test func patternsNeedTheSameWildcards() {
        #expect(ForkMapping(upstream: "a/*.c", fork: "b/**/*.c").problem != nil)
        #expect(ForkMapping(upstream: "a/", fork: "b/").problem == nil)
        let cycle = ForkMap(mappings: [ForkMapping(upstream: "a/", fork: "b/", line: 3), ForkMapping(upstream: "b/", fork: "c/", line: 4)])
        #expect(cycle.problems.map(\.line) == [4])
    }

    @Test func starDoesNotCrossDirectories() {
        let pattern = PathPattern("include/*.h")
        #expect(pattern.captures(b("include/a.h")) == [b("a")])
        #expect(pattern.captures(b("include/x/a.h")) == nil)
        #expect(PathPattern("a/**/b.c").captures(b("a/b.c")) == [[]])
        #expect(PathPattern("a/**/b.c").captures(b("a/x/y/b.c")) == [b("x/y/")])
    }
}
