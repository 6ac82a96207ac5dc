import Foundation
import Testing
import TandemTestSupport

@Suite("tandem hooks and tandem siblings on the example fork")
struct HooksSiblingsCommandTests {
    let fork = Fixtures.path + "/example-fork/fork"

    /// The sibling check finds exactly the example's one missed fix (docs/siblings-hooks.md): the i386
    /// copy_io_bitmap() fix absent from x86_64; the fixes that reached both sides, and the renames, are not
    /// reported.
    @Test func siblingsFindTheMissedFix() throws {
        let example = Fixtures.path + "/example-fork"
        let result = try tandem(
            "siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
            "--map", fork + "/tandem.yml", "--format", "json")
        #expect(result.status == 1, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let missed = json?["missed"] as? [[String: Any]] ?? []
        #expect(missed.count == 1)
        #expect(
            missed.first?["path"] as? String == "arch/i386/kernel/process.c"
                && missed.first?["function"] as? String == "copy_io_bitmap")
        #expect(
            missed.first?["siblingPath"] as? String == "arch/x86_64/kernel/process.c"
                && missed.first?["siblingLine"] as? Int == 69)
        #expect((json?["reached"] as? Int ?? 0) >= 2)  // default_idle and print_memory_map reached both sides
        // From history: the same finding over the upstream range.
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = scratch.path + "/up"
        Fixtures.buildRepository("upstream-drift", at: repo)
        // The range is one commit that also changed x86_64 (the whole release): its author saw the sibling,
        // so the finding falls under the default threshold; --all shows it.
        let ranged = try tandem(
            "siblings", "--upstream", repo, "--range", "v2.6.11..v2.6.12", "--map", fork + "/tandem.yml")
        #expect(
            ranged.status == 0
                && String(decoding: ranged.stdout, as: UTF8.self).contains(
                    "more under the confidence threshold: --all shows them"),
            "\(ranged.stderr)")
        let all = try tandem(
            "siblings", "--upstream", repo, "--range", "v2.6.11..v2.6.12", "--map", fork + "/tandem.yml", "--all",
            "--format", "json")
        #expect(
            all.status == 1 && String(decoding: all.stdout, as: UTF8.self).contains("\"commit-touched-sibling\""),
            "\(all.stderr)")
        let markdown = try tandem(
            "siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
            "--map", fork + "/tandem.yml", "--format", "markdown")
        let page = String(decoding: markdown.stdout, as: UTF8.self)
        #expect(page.contains("## `arch/i386/kernel/process.c` hunk 2 in `copy_io_bitmap()`"))
        // The sibling's lines beside the hunk, lined up: x86_64's unfixed test beside i386's removed one.
        let beside = page.split(separator: "\n").contains { row in
            let sides = row.components(separatedBy: " | ")
            return sides.count == 2 && sides[0].trimmingCharacters(in: .whitespaces) == "if (!t->io_bitmap_ptr)"
                && sides[1] == "-    if (!t->io_bitmap_ptr)"
        }
        #expect(page.contains("sibling (from line 67)") && beside, "\(page)")
        // At the wrong -p no file patch is under a member: a warning naming the level that works, exit 1
        // (the same patch at -p1 is the finding above).
        let wrongLevel = try tandem(
            "siblings", example + "/releases/linux-2.6.12.patch", "-p0", "--tree", example + "/upstream/linux-2.6.11",
            "--map", fork + "/tandem.yml")
        #expect(
            wrongLevel.status == 1 && wrongLevel.stderr.contains("with -p1,")
                && wrongLevel.stderr.contains("is -p0 the wrong level?"),
            "\(wrongLevel.stderr)")
        // No siblings groups: a clear error.
        try scratch.write("nosib.yml", "forks:\n  - {upstream: a/, fork: b/}\n")
        let none = try tandem(
            "siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
            "--map", scratch.path + "/nosib.yml")
        #expect(none.status == 2 && none.stderr.contains("no 'siblings' groups"))
    }

    /// Hooks on the example fork: traps.c shares now (the shared-list line); the operations are the
    /// primitives the fork substitutes — system.h's six macros in their groups (mmu, cpu, irq), the calls
    /// replaced in the `.c` copies — never the big functions that contain them; the copies with a rewritten
    /// block are kept with the reason.
    @Test func hooksProposeTheSubstitutedPrimitives() throws {
        let result = try tandem("hooks", "--fork", fork, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        #expect(json?["schema"] as? String == "tandem.hooks/2")
        let copies = json?["copies"] as? [[String: Any]] ?? []
        func copy(_ path: String) -> [String: Any]? { copies.first { $0["fork"] as? String == path } }
        #expect(copy("arch/xen/i386/kernel/traps.c")?["verdict"] as? String == "share-now")
        #expect(
            (copy("arch/xen/i386/kernel/traps.c")?["shareSteps"] as? [String])?.contains(
                "arch/xen/i386/kernel/Makefile: c-obj-y += traps.o   (built from arch/i386/kernel/traps.c)") == true)
        let system = copy("include/asm-xen/asm-i386/system.h")
        #expect(system?["verdict"] as? String == "hook-points")
        #expect(
            system?["operations"] as? [String] == [
                "write_cr3", "clts", "stts", "local_irq_disable", "local_irq_enable", "safe_halt",
            ])
        let operations = json?["operations"] as? [[String: Any]] ?? []
        let group = Dictionary(
            uniqueKeysWithValues: operations.compactMap { o in
                (o["name"] as? String).map { ($0, o["group"] as? String ?? "") }
            })
        #expect(
            [
                "write_cr3": "mmu", "clts": "cpu", "stts": "cpu", "safe_halt": "cpu", "local_irq_disable": "irq",
                "local_irq_enable": "irq",
            ]
            .allSatisfy { group[$0.key] == $0.value }, "\(group)")
        // safe_halt: the header's macro and the call default_idle() replaced are one operation, two sites.
        let safeHalt = operations.first { $0["name"] as? String == "safe_halt" }
        #expect(
            (safeHalt?["sites"] as? [[String: Any]])?.count == 2
                && safeHalt?["signature"] as? String == "#define safe_halt()")
        #expect(
            copy("arch/xen/i386/mm/init.c")?["operations"] as? [String] == [
                "set_pmd", "xen_pgd_pin", "__flush_tlb_all",
            ])
        // None of the big functions the fork modified is an operation.
        for big in [
            "setup_arch", "__switch_to", "paging_init", "map_low_memory", "time_init", "do_page_fault", "cpu_idle",
        ] {
            #expect(group[big] == nil, "\(big) proposed as an operation")
        }
        let primitive = operations.filter { $0["primitive"] as? Bool == true }.count
        #expect(
            4 * (operations.count - primitive) <= operations.count,
            "\(operations.count - primitive) of \(operations.count) are not primitives")
        #expect(copy("arch/xen/i386/kernel/time.c")?["verdict"] as? String == "keep-copy")
        #expect(
            (copy("arch/xen/i386/kernel/time.c")?["reason"] as? String ?? "").hasPrefix(
                "tick_interrupt: the fork adds code that calls nothing new"))
        #expect(
            copy("arch/xen/i386/kernel/Makefile")?["reason"] as? String
                == "not C or assembler source: its differences cannot be split into hooks")
        let totals = json?["totals"] as? [String: Int]
        #expect(
            totals?["share-now"] == 1 && totals?["hook-points"] == 6 && totals?["keep-copy"] == 4,
            "\(String(describing: totals))")
        // --max-hooks of earlier releases is ignored, with a warning.
        let capped = try tandem("hooks", "--fork", fork, "--format", "json", "--max-hooks", "1")
        #expect(
            capped.status == 0 && capped.stdout == result.stdout && capped.stderr.contains("--max-hooks is ignored"))
        // The mailing-list proposal lists the operations by group, with their signatures.
        let markdown = String(
            decoding: try tandem("hooks", "--fork", fork, "--format", "markdown", "--title", "Xen 2.6.11").stdout,
            as: UTF8.self)
        #expect(markdown.hasPrefix("# Sharing forked files in Xen 2.6.11"))
        #expect(
            markdown.contains("## Proposed operations")
                && markdown.contains("| `write_cr3` | primitive | `#define write_cr3(x)` | 1 | 1 | 0 |"), "\(markdown)")
    }

    /// --history ports an upstream range and counts per unit the hunks that failed or needed merging.
    @Test func hooksWithHistoryCountPortingPain() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let repo = scratch.path + "/up"
        Fixtures.buildRepository("upstream-drift", at: repo)
        let result = try tandem(
            "hooks", "--fork", fork, "--range", "v2.6.11..v2.6.12", "--repo", repo, "--format", "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        let copies = json?["copies"] as? [[String: Any]] ?? []
        let setup = copies.first { $0["fork"] as? String == "arch/xen/i386/kernel/setup.c" }
        // setup.c's parse_mem_option() and setup_arch() hunks conflicted or merged in the port.
        #expect((setup?["pain"] as? Int ?? 0) > 0, "\(String(describing: setup))")
        // The operations whose sites the range's port found painful rank first.
        let pains = (json?["operations"] as? [[String: Any]] ?? []).map { $0["pain"] as? Int ?? 0 }
        #expect((pains.first ?? 0) > 0 && pains == pains.sorted(by: >), "\(pains)")
        let noRepo = try tandem("hooks", "--fork", fork, "--range", "v2.6.11..v2.6.12")
        #expect(noRepo.status == 64 && noRepo.stderr.contains("--range needs a repository"))
    }
}
