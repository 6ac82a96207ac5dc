import Foundation
import Testing
import TandemTestSupport

@Suite("tandem hooks and tandem siblings on the example fork")
struct HooksSiblingsCommandTests {
    let fork = Fixtures.path + "/example-fork/fork"

    /// The sibling check finds exactly the example's one missed fix (README "Siblings"): the i386
    /// copy_io_bitmap() fix absent from x86_64; the fixes that reached both sides, and the renames, are not
    /// reported.
    @Test func siblingsFindTheMissedFix() throws {
        let example = Fixtures.path + "/example-fork"
        let result = try tandem("siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
                                "--map", fork + "/tandem.yml", "--format", "json")
        #expect(result.status == 1, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let missed = json?["missed"] as? [[String: Any]] ?? []
        #expect(missed.count == 1)
        #expect(missed.first?["path"] as? String == "arch/i386/kernel/process.c" && missed.first?["function"] as? String == "copy_io_bitmap")
        #expect(missed.first?["siblingPath"] as? String == "arch/x86_64/kernel/process.c" && missed.first?["siblingLine"] as? Int == 69)
        #expect((json?["reached"] as? Int ?? 0) >= 2)  // default_idle and print_memory_map reached both sides
        // From history: the same finding over the upstream range.
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = scratch.path + "/up"
        Fixtures.buildRepository("upstream-drift", at: repo)
        // The range is one commit that also changed x86_64 (the whole release): its author saw the sibling,
        // so the finding falls under the default threshold; --all shows it.
        let ranged = try tandem("siblings", "--upstream", repo, "--range", "v2.6.11..v2.6.12", "--map", fork + "/tandem.yml")
        #expect(ranged.status == 0 && String(decoding: ranged.stdout, as: UTF8.self).contains("more under the confidence threshold: --all shows them"), "\(ranged.stderr)")
        let all = try tandem("siblings", "--upstream", repo, "--range", "v2.6.11..v2.6.12", "--map", fork + "/tandem.yml", "--all", "--format", "json")
        #expect(all.status == 1 && String(decoding: all.stdout, as: UTF8.self).contains("\"commit-touched-sibling\""), "\(all.stderr)")
        let markdown = try tandem("siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
                                  "--map", fork + "/tandem.yml", "--format", "markdown")
        #expect(String(decoding: markdown.stdout, as: UTF8.self).contains("## `arch/i386/kernel/process.c` hunk 2 in `copy_io_bitmap()`"))
        // At the wrong -p no file patch is under a member: a warning naming the level that works, exit 1
        // (the same patch at -p1 is the finding above).
        let wrongLevel = try tandem("siblings", example + "/releases/linux-2.6.12.patch", "-p0", "--tree", example + "/upstream/linux-2.6.11",
                                    "--map", fork + "/tandem.yml")
        #expect(wrongLevel.status == 1 && wrongLevel.stderr.contains("with -p1,") && wrongLevel.stderr.contains("is -p0 the wrong level?"),
                "\(wrongLevel.stderr)")
        // No siblings groups: a clear error.
        try scratch.write("nosib.yml", "forks:\n  - {upstream: a/, fork: b/}\n")
        let none = try tandem("siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
                              "--map", scratch.path + "/nosib.yml")
        #expect(none.status == 2 && none.stderr.contains("no 'siblings' groups"))
    }

    /// Hooks on the example fork: traps.c shares now (the shared-list line), the copies that differ in a few
    /// functions get hooks in the cpu, mmu and boot groups, the deeply forked ones are kept with a reason.
    @Test func hooksGroupTheExampleFork() throws {
        let result = try tandem("hooks", "--fork", fork, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let copies = json?["copies"] as? [[String: Any]] ?? []
        func copy(_ path: String) -> [String: Any]? { copies.first { $0["fork"] as? String == path } }
        #expect(copy("arch/xen/i386/kernel/traps.c")?["verdict"] as? String == "share-now")
        #expect((copy("arch/xen/i386/kernel/traps.c")?["shareSteps"] as? [String])?.contains("arch/xen/i386/kernel/Makefile: c-obj-y += traps.o   (built from arch/i386/kernel/traps.c)") == true)
        let initCopy = copy("arch/xen/i386/mm/init.c")
        #expect(initCopy?["verdict"] as? String == "hook-points")
        let hooks = (initCopy?["differences"] as? [[String: Any]] ?? []).compactMap { $0["hook"] as? String }
        #expect(hooks == ["pv_mmu_ops.map_low_memory: void (*)(pgd_t *pgd_base)", "pv_mmu_ops.paging_init: void (*)(void)"])
        #expect(copy("arch/xen/i386/kernel/time.c")?["verdict"] as? String == "keep-copy")
        #expect(copy("arch/xen/i386/kernel/Makefile")?["reason"] as? String == "not C or assembler source: its differences cannot be split into hooks")
        let groups = (json?["groups"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? String }
        #expect(Set(groups) == ["boot", "cpu", "mmu"], "\(groups)")
        let totals = json?["totals"] as? [String: Int]
        #expect(totals?["share-now"] == 1 && totals?["hook-points"] == 6 && totals?["keep-copy"] == 4)
        // A stricter threshold keeps the two-hook copies.
        let strict = try JSONSerialization.jsonObject(with: Data(try tandem("hooks", "--fork", fork, "--format", "json", "--max-hooks", "1").stdout)) as? [String: Any]
        let strictInit = (strict?["copies"] as? [[String: Any]] ?? []).first { $0["fork"] as? String == "arch/xen/i386/mm/init.c" }
        #expect(strictInit?["verdict"] as? String == "keep-copy")
        // The mailing-list proposal names the share step and the hooks.
        let markdown = String(decoding: try tandem("hooks", "--fork", fork, "--format", "markdown", "--title", "Xen 2.6.11").stdout, as: UTF8.self)
        #expect(markdown.hasPrefix("# Sharing forked files in Xen 2.6.11"))
        #expect(markdown.contains("## Proposed hook points") && markdown.contains("- `pv_cpu_ops.default_idle: void (*)(void)`"))
    }

    /// --history ports an upstream range and counts per unit the hunks that failed or needed merging.
    @Test func hooksWithHistoryCountPortingPain() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = scratch.path + "/up"
        Fixtures.buildRepository("upstream-drift", at: repo)
        let result = try tandem("hooks", "--fork", fork, "--history", "v2.6.11..v2.6.12", "--history-repo", repo, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let copies = json?["copies"] as? [[String: Any]] ?? []
        let setup = copies.first { $0["fork"] as? String == "arch/xen/i386/kernel/setup.c" }
        // setup.c's parse_mem_option() and setup_arch() hunks conflicted or merged in the port.
        #expect((setup?["pain"] as? Int ?? 0) > 0, "\(String(describing: setup))")
        let noRepo = try tandem("hooks", "--fork", fork, "--history", "v2.6.11..v2.6.12")
        #expect(noRepo.status == 64 && noRepo.stderr.contains("--history needs a repository"))
    }
}
