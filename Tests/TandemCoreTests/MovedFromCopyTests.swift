import Testing
@testable import TandemCore

/// Risk rule "moved from a changed copy" (`MovedFromCopy`): upstream moves a macro from `process.c` to
/// `processor.h` in one patch, and the fork had changed it in its copy of `process.c`. The hunk adding
/// upstream's version to the copy of `processor.h` is held for review. Twins: the fork left the macro as it
/// was (the hunk lands), another file's function of the same name (not the same code: it lands), and a
/// definition the header already had (a change in place, not an arrival: it lands).
@Suite("PortRisk: a definition moved from a copy the fork changed")
struct MovedFromCopyTests {
    let map = ForkMap(mappings: [
        ForkMapping(upstream: "kernel/", fork: "xen/kernel/"), ForkMapping(upstream: "include/", fork: "xen/include/"),
    ])

    let process = """
        #include <processor.h>

        #define loaddebug(thread,register) \\
        \t\t__asm__("movl %0,%%db" #register  \\
        \t\t\t: /* no output */ \\
        \t\t\t:"r" (thread->debugreg[register]))

        void switch_to(struct task *next)
        {
        \tloaddebug(next, 7);
        }

        """

    let processor = """
        #ifndef _PROCESSOR_H
        #define _PROCESSOR_H

        struct task;

        #endif

        """

    /// Upstream's patch: `loaddebug` leaves `process.c` and arrives in `processor.h`.
    let moves = """
        --- a/kernel/process.c
        +++ b/kernel/process.c
        @@ -1,10 +1,5 @@
         #include <processor.h>
        ~
        -#define loaddebug(thread,register) \\
        -\t\t__asm__("movl %0,%%db" #register  \\
        -\t\t\t: /* no output */ \\
        -\t\t\t:"r" (thread->debugreg[register]))
        -
         void switch_to(struct task *next)
         {
         \tloaddebug(next, 7);
        --- a/include/processor.h
        +++ b/include/processor.h
        @@ -3,4 +3,9 @@
        ~
         struct task;
        ~
        +#define loaddebug(thread,register) \\
        +\t\t__asm__("movl %0,%%db" #register  \\
        +\t\t\t: /* no output */ \\
        +\t\t\t:"r" ((thread)->debugreg[register]))
        +
         #endif

        """.replacingOccurrences(of: "~", with: " ")

    func port(_ patch: String, process copyProcess: String, base: [String: String]? = nil) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map,
            fork: MemoryTree(["xen/kernel/process.c": copyProcess, "xen/include/processor.h": processor]),
            base: MemoryTree(base ?? ["kernel/process.c": process, "include/processor.h": processor]))
    }

    func verdict(_ result: Porter.Result, _ copy: String) -> PortVerdict? {
        result.report.entries.first { displayText($0.copyPath) == copy }?.verdict
    }

    /// The fork loads debug registers through the hypervisor: upstream's `movl` version is held, naming the
    /// copy that has the fork's; the header copy and the rewritten patch are left without it.
    @Test func aDefinitionTheForkChangedIsHeldWhereItArrives() throws {
        let copy = process.replacingOccurrences(
            of:
                "__asm__(\"movl %0,%%db\" #register  \\\n\t\t\t: /* no output */ \\\n\t\t\t:\"r\" (thread->debugreg[register]))",
            with: "HYPERVISOR_set_debugreg((register), \\\n\t\t\t(thread->debugreg[register]))")
        #expect(copy != process)
        let result = try port(moves, process: copy)
        let held = try #require(verdict(result, "xen/include/processor.h"))
        #expect(held.label == "review")
        #expect(
            held.message.contains(
                "upstream moves loaddebug here from kernel/process.c, and the fork changed it in xen/kernel/process.c"))
        #expect(result.copies.first { displayText($0.path) == "xen/include/processor.h" }?.ported == bytes(processor))
        // The removal from the changed copy is a conflict of its own, and the ledger's note names the move.
        #expect(verdict(result, "xen/kernel/process.c")?.label != "ported")
    }

    /// Twin: the fork's copy of `process.c` has upstream's macro as it was: nothing to carry, both land.
    @Test func aDefinitionTheForkKeptLands() throws {
        let result = try port(
            moves, process: process.replacingOccurrences(of: "\tloaddebug(next, 7);", with: "\txen_switch(next);"))
        #expect(verdict(result, "xen/include/processor.h")?.label == "ported")
    }

    /// Twin: the removed definition is another file's macro of the same name, not the code that arrives
    /// (another architecture's `page_is_ram()`): under half of its lines are among the added ones, so the
    /// hunk lands, whatever the fork did to that other file.
    @Test func anotherMacroOfTheSameNameIsNoMove() throws {
        let theirs = "#define loaddebug(t, r) \\\n\t\tset_dr(r, t->dr[r], t->flags, 0)\n"
        let old =
            "#define loaddebug(thread,register) \\\n\t\t__asm__(\"movl %0,%%db\" #register  \\\n"
            + "\t\t\t: /* no output */ \\\n\t\t\t:\"r\" (thread->debugreg[register]))\n"
        #expect(process.contains(old))
        let other = process.replacingOccurrences(of: old, with: theirs)
        let removal = old.split(separator: "\n").map { "-" + $0 + "\n" }.joined()
        #expect(moves.contains(removal))
        let patch = moves.replacingOccurrences(
            of: removal, with: theirs.split(separator: "\n").map { "-" + $0 + "\n" }.joined()
        ).replacingOccurrences(of: "@@ -1,10 +1,5 @@", with: "@@ -1,8 +1,5 @@")
        let result = try port(
            patch, process: other.replacingOccurrences(of: "set_dr(", with: "xen_set_dr("),
            base: ["kernel/process.c": other, "include/processor.h": processor])
        #expect(verdict(result, "xen/kernel/process.c")?.label != "ported")
        #expect(verdict(result, "xen/include/processor.h")?.label == "ported")
    }

    /// Twin: the header already defined the macro (upstream rewrote it in place and dropped a second
    /// definition elsewhere): nothing arrives, and `arrivals` reads none.
    @Test func aDefinitionTheFileHadIsNoArrival() {
        let hunk = PatchParser.parse(bytes(moves)).patch.files[1].hunks[0]
        let moved: [String: Set<[UInt8]>] = ["loaddebug": [Array("kernel/process.c".utf8)]]
        #expect(
            MovedFromCopy.arrivals(
                hunk, in: Array("include/processor.h".utf8), moved: moved,
                defined: { MovedFromCopy.definedNames(bytes(processor)) }
            )
            .map(\.name) == ["loaddebug"])
        let had = bytes(
            processor.replacingOccurrences(of: "struct task;\n", with: "struct task;\n#define loaddebug(t,r) 0\n"))
        #expect(
            MovedFromCopy.arrivals(
                hunk, in: Array("include/processor.h".utf8), moved: moved, defined: { MovedFromCopy.definedNames(had) }
            ).isEmpty)
    }

    /// What `MovedAwayScan` reads from `input` fed `chunk` bytes at a time.
    static func scanned(_ input: [UInt8], chunk: Int) -> [String: Set<[UInt8]>] {
        var scan = MovedAwayScan(strip: 1)
        var i = 0
        while i < input.count {
            scan.feed(Array(input[i..<min(i + chunk, input.count)]))
            i += chunk
        }
        return scan.finish()
    }

    /// The first pass of a streamed port (`MovedAwayScan`) reads the same table as the parsed patch, at any
    /// chunk size: on every fixture patch, on this suite's move, and on a patch whose removed lines look
    /// like headers (`-- x`) or are C definitions in a file of another kind.
    @Test func theScanReadsWhatTheParserReads() throws {
        let tricky = """
            diff --git a/kernel/a.c b/kernel/a.c
            --- a/kernel/a.c
            +++ b/kernel/a.c
            @@ -1,5 +1,3 @@
            --- not a header
            -#define gone(x) (x)
            -static int left(void)
            +int stays(void)
             {
            diff --git a/Makefile b/Makefile
            --- a/Makefile
            +++ b/Makefile
            @@ -1 +0,0 @@
            -#define notc(x) (x)

            """
        var inputs = try PatchStreamTests.fixturePatches().map(\.1)
        inputs += [bytes(moves), bytes(tricky)]
        var nonEmpty = 0
        for input in inputs {
            let parsed = MovedFromCopy.removals(PatchParser.parse(input).patch.files, strip: 1)
            if !parsed.isEmpty { nonEmpty += 1 }
            for chunk in [1, 7, 4096, 1 << 22] {
                #expect(Self.scanned(input, chunk: chunk) == parsed, "chunk \(chunk)")
            }
        }
        #expect(nonEmpty >= 3)
        #expect(
            MovedFromCopy.removals(PatchParser.parse(bytes(tricky)).patch.files, strip: 1)
                == ["gone": [Array("kernel/a.c".utf8)], "left": [Array("kernel/a.c".utf8)]])
    }

    /// The scan also says where each file patch lies (`spans`), so the fork's spelling can read a few of them
    /// again: on every well-formed fixture patch, at any chunk size, the bytes of a path's spans parse to
    /// that path's file patches, hunk for hunk, and every file patch with hunks has its span (quoted names too).
    @Test func theSpansHoldEachFilePatch() throws {
        var checked = 0
        for (name, input) in try PatchStreamTests.fixturePatches() where !name.contains("malformed") {
            let whole = PatchParser.parse(input)
            guard !whole.hasErrors else { continue }
            var expected: [[UInt8]: [[Bytes]]] = [:]
            for file in whole.patch.files where !file.hunks.isEmpty {
                let identity = file.identity(strip: 1)
                guard let path = identity.oldName ?? identity.newName else { continue }
                expected[path, default: []] += file.hunks.map { Array($0.body) }
            }
            for chunk in [1, 7, 4096, 1 << 22] {
                var scan = MovedAwayScan(strip: 1)
                var i = 0
                while i < input.count {
                    scan.feed(Array(input[i..<min(i + chunk, input.count)]))
                    i += chunk
                }
                _ = scan.finish()
                for (path, hunks) in expected {
                    let again = (scan.spans[path] ?? []).flatMap { span in
                        PatchParser.parse(Array(input[span])).patch.files.flatMap { $0.hunks.map { Array($0.body) } }
                    }
                    #expect(again == hunks, "\(name) \(displayText(path)) chunk \(chunk)")
                }
            }
            checked += expected.count
        }
        #expect(checked >= 20)
    }

    /// Random well-formed patches: git and plain headers, created and deleted files, C files and others,
    /// hunks with the right counts whose lines include definitions, removed lines that read `-- x` or
    /// `--- a/x.c` and added ones that read `+++ b/x.c`, and no-newline markers. The scan reads what the
    /// parser reads, at any chunk size.
    @Test(arguments: 0..<8)
    func theScanMatchesTheParserOnRandomPatches(batch: Int) {
        let texts = [
            "#define gone(x) (x)", "int moved(void)", "static void f(int a)", "-- x", "-- a/x.c", "++ b/x.c",
            "\tcall();", "}", "", "/* f() */", "#include <x.h>", "@@ -1 +1 @@",
        ]
        var nonEmpty = 0
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            var g = SeededGenerator(seed: seed)
            var out = ""
            for f in 0..<Int.random(in: 1..<5, using: &g) {
                let name = ["a.c", "b.h", "Makefile", "d.S"].randomElement(using: &g) ?? "a.c"
                let (old, new) =
                    Int.random(in: 0..<6, using: &g) == 0
                    ? ("/dev/null", "b/\(f)/\(name)")
                    : ("a/\(f)/\(name)", Int.random(in: 0..<6, using: &g) == 0 ? "/dev/null" : "b/\(f)/\(name)")
                if Bool.random(using: &g) { out += "diff --git a/\(f)/\(name) b/\(f)/\(name)\n" }
                out += "--- \(old)\n+++ \(new)\n"
                for _ in 0..<Int.random(in: 1..<4, using: &g) {
                    var body: [String] = [], oldCount = 0, newCount = 0
                    for _ in 0..<Int.random(in: 1..<8, using: &g) {
                        let text = texts.randomElement(using: &g) ?? ""
                        switch Int.random(in: 0..<3, using: &g) {
                        case 0 where old != "/dev/null" && new != "/dev/null":
                            body.append(" " + text)
                            oldCount += 1
                            newCount += 1
                        case 1 where new != "/dev/null":
                            body.append("+" + text)
                            newCount += 1
                        default:
                            guard old != "/dev/null" else { continue }
                            body.append("-" + text)
                            oldCount += 1
                        }
                    }
                    out += "@@ -1,\(oldCount) +1,\(newCount) @@\n" + body.map { $0 + "\n" }.joined()
                }
            }
            let input = Array(out.utf8)
            let parsed = MovedFromCopy.removals(PatchParser.parse(input).patch.files, strip: 1)
            if !parsed.isEmpty { nonEmpty += 1 }
            for chunk in [1, 5, 1 << 22] {
                #expect(Self.scanned(input, chunk: chunk) == parsed, "seed \(seed), chunk \(chunk):\n\(out)")
            }
        }
        #expect(nonEmpty >= 10)
    }
}
