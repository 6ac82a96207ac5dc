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
        #expect(
            map.copies(of: b("arch/i386/process.c")).map { displayText($0.path) } == [
                "arch/xen/i386/process.c", "arch/i386/process-xen.c",
            ])
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
        let cycle = ForkMap(mappings: [
            ForkMapping(upstream: "a/", fork: "b/", line: 3), ForkMapping(upstream: "b/", fork: "c/", line: 4),
        ])
        #expect(cycle.problems.map(\.line) == [4])
    }

    @Test func starDoesNotCrossDirectories() {
        let pattern = PathPattern("include/*.h")
        #expect(pattern.captures(b("include/a.h")) == [b("a")])
        #expect(pattern.captures(b("include/x/a.h")) == nil)
        #expect(PathPattern("a/**/b.c").captures(b("a/b.c")) == [[]])
        #expect(PathPattern("a/**/b.c").captures(b("a/x/y/b.c")) == [b("x/y/")])
    }

    /// Many wildcards against a long path that does not match: the matcher gives up on a (wildcard,
    /// position) once, so this takes milliseconds, where plain backtracking took exponential time (found by
    /// the port fuzz target, whose file names become single-file mappings). Captures are still the leftmost
    /// shortest, and a path that matches still matches.
    @Test func manyWildcardsDoNotBacktrackForever() {
        let pattern = PathPattern(String(repeating: "a*", count: 16) + "b")
        let path = b(String(repeating: "a", count: 120))
        let started = ContinuousClock.now
        #expect(pattern.captures(path) == nil)
        #expect(pattern.captures(path + b("b"))?.count == 16)
        #expect(PathPattern("**/x*y*z").captures(b("d/e/xAyBzz")) == [b("d/e/"), b("A"), b("Bz")])
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}

@Suite("ForkMapSurvey")
struct ForkMapSurveyTests {
    @Test func pairsAndStates() throws {
        let tree = MemoryTree([
            "arch/i386/a.c": "a\n", "arch/xen/i386/a.c": "a\n",  // identical
            "arch/i386/b.c": "b\n", "arch/xen/i386/b.c": "b xen\n",  // modified
            "arch/xen/i386/only.c": "x\n",  // fork-only
            "arch/i386/c.c": "c\n", "arch/xen/i386/Makefile": "c-obj-y := c.o\n",  // shared
            "arch/i386/d.c": "d\n",  // not copied
        ])
        let map = ForkMap(
            mappings: [
                ForkMapping(upstream: "arch/i386/", fork: "arch/xen/i386/"),
                ForkMapping(upstream: "mm/gone.c", fork: "mm/gone.c"),
            ],
            sharedList: "arch/xen/i386/Makefile")
        let pairs = try ForkMapSurvey.pairs(map: map, upstream: tree, fork: tree)
        let states = Dictionary(uniqueKeysWithValues: pairs.map { (displayText($0.fork ?? []), $0.state.rawValue) })
        #expect(
            states == [
                "arch/xen/i386/a.c": "identical", "arch/xen/i386/b.c": "modified", "arch/xen/i386/only.c": "fork-only",
                "arch/xen/i386/c.c": "shared-unmodified", "arch/xen/i386/d.c": "not-copied",
                "arch/xen/i386/Makefile": "fork-only", "mm/gone.c": "upstream-missing",
            ])
    }

    /// A sparse mapping (a folder that copies some files only, `tools/arch/x86/` of `arch/x86/`) pairs the
    /// copies it holds (and its fork-only files): no `not-copied` pair, and the upstream folder is not
    /// walked. The same mapping without it lists the original it did not copy.
    @Test func aSparseMappingPairsOnlyItsCopies() throws {
        let tree = MemoryTree([
            "arch/x86/a.h": "a\n", "tools/arch/x86/a.h": "a tools\n",
            "arch/x86/b.h": "b\n",  // not copied: not the fork's concern
            "tools/arch/x86/own.h": "own\n",  // fork-only
        ])
        func states(sparse: Bool) throws -> [String] {
            let map = ForkMap(mappings: [ForkMapping(upstream: "arch/x86/", fork: "tools/arch/x86/", sparse: sparse)])
            return try ForkMapSurvey.pairs(map: map, upstream: tree, fork: tree).map {
                "\(displayText($0.fork ?? [])):\($0.state.rawValue)"
            }.sorted()
        }
        #expect(try states(sparse: true) == ["tools/arch/x86/a.h:modified", "tools/arch/x86/own.h:fork-only"])
        #expect(
            try states(sparse: false) == [
                "tools/arch/x86/a.h:modified", "tools/arch/x86/b.h:not-copied", "tools/arch/x86/own.h:fork-only",
            ])
    }

    @Test func discoversDirectoryAndSuffixCopies() throws {
        var files: [String: String] = [:]
        func body(_ name: String, _ variant: String) -> String {
            (1...10).map { "\(name) line \($0)\n" }.joined() + variant
        }
        for name in ["process.c", "setup.c", "traps.c", "time.c"] { files["arch/i386/kernel/\(name)"] = body(name, "") }
        for name in ["process.c", "setup.c"] { files["arch/xen/i386/kernel/\(name)"] = body(name, "xen_only();\n") }
        // A renamed copy: traps.c lives on in the fork as xen_traps.c.
        files["arch/xen/i386/kernel/xen_traps.c"] = body("traps.c", "HYPERVISOR_set_trap_table();\n")
        // A sibling: same names, little shared text.
        for name in ["process.c", "setup.c", "smp.c"] {
            files["arch/x86_64/kernel/\(name)"] = "64-bit \(name)\n" + body(name, "").prefix(20)
        }
        for name in ["pci.c", "irq.c"] {
            files["drivers/xen/core/\(name)"] = name
            files["drivers/xen/core/\(name.dropLast(2))-xen.c"] = name + " twin"
        }
        let proposal = try ForkMapSurvey.propose(MemoryTree(files)).map {
            "\($0.upstream) -> \($0.fork) \($0.policy.rawValue)"
        }
        #expect(
            proposal == [
                "arch/i386/ -> arch/xen/i386/ port",
                "arch/i386/kernel/traps.c -> arch/xen/i386/kernel/xen_traps.c port",
                "drivers/xen/core/**/*.c -> drivers/xen/core/**/*-xen.c flag",
            ])
        // The proposal loads back as a valid map.
        _ = ForkMapSurvey.yaml(try ForkMapSurvey.propose(MemoryTree(files)))
    }
}
