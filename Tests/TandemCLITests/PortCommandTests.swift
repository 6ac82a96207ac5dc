import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// Verdicts from `--report FILE.json`: "upstream#hunk>copy" → verdict.
func portVerdicts(_ path: String) throws -> [String: String] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(readBytes(path))) as? [String: Any])
    #expect(object["schema"] as? String == "tandem.port/1")
    var out: [String: String] = [:]
    for entry in object["entries"] as? [[String: Any]] ?? [] {
        let key =
            "\(entry["upstreamPath"] as? String ?? "?")#\(entry["hunk"] as? Int ?? -1)>\(entry["copyPath"] as? String ?? "?")"
        out[key] = (entry["verdict"] as? String ?? "?") + ((entry["step"] as? String).map { ":" + $0 } ?? "")
    }
    return out
}

@Suite("tandem port on the example fork")
struct PortCommandTests {
    let fork = exampleFork + "/fork"

    @Test func verdictsForEveryHunkAndCopy() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try tandem(
            "port", "--fork", fork, "--base", exampleFork + "/upstream/linux-2.6.11",
            "-o", scratch.path + "/out.patch", "--report", scratch.path + "/report.json", release)
        #expect(result.status == 1, "\(result.stderr)")
        let v = try portVerdicts(scratch.path + "/report.json")
        let x = "arch/xen/i386/kernel/"
        // The fork dropped i387.o from the line where upstream renamed time.o: other words, merged.
        #expect(v["arch/i386/kernel/Makefile#1>\(x)Makefile"] == "ported:word-merge")
        #expect(v["arch/i386/kernel/i387.c#0>\(x)i387.c"] == "shared")
        #expect(v["arch/i386/kernel/process.c#1>\(x)process.c"] == "ported:3-way")
        #expect(v["arch/i386/kernel/process.c#2>\(x)process.c"] == "ported:offset")
        // The fork's HYPERVISOR_stack_switch(__KERNEL_DS, next->esp0) already passes esp0, as upstream now does.
        #expect(v["arch/i386/kernel/process.c#3>\(x)process.c"] == "already-applied")
        #expect(v["arch/i386/kernel/setup.c#2>\(x)setup.c"] == "ported:offset")
        // Only a context line is behind upstream (an older printk): the renamed lines stand, and land.
        #expect(v["arch/i386/kernel/setup.c#3>\(x)setup.c"] == "ported:change-blocks")
        #expect(v["arch/i386/kernel/setup.c#4>\(x)setup.c"] == "ported:matching")
        #expect(v["arch/i386/kernel/time.c#0>\(x)time.c"] == "upstream-deleted")
        #expect(v["arch/i386/kernel/tsc.c#0>\(x)tsc.c"] == "new-upstream-file")
        #expect(v["arch/i386/kernel/traps.c#1>\(x)traps.c"] == "ported:exact")
        #expect(v["arch/i386/mm/fault.c#1>arch/xen/i386/mm/fault.c"] == "already-applied")
        #expect(v["arch/i386/mm/init.c#2>arch/xen/i386/mm/init.c"] == "ambiguous")
        #expect(v["arch/x86_64/kernel/setup.c#1>arch/xen/x86_64/kernel/setup.c"] == "ported:offset")
        #expect(v["include/asm-i386/system.h#1>include/asm-xen/asm-i386/system.h"] == "fork-conflict")
        #expect(v["include/asm-i386/system.h#2>include/asm-xen/asm-i386/system.h"] == "already-applied")
        #expect(v.keys.contains { $0.hasPrefix("mm/memory.c") } == false)
        let summary = String(decoding: result.stdout, as: UTF8.self)
        #expect(
            summary.hasSuffix(
                "verdicts: 18 ported, 1 shared, 3 already-applied, 1 upstream-deleted, 1 new-upstream-file, 1 ambiguous, 1 fork-conflict\n"
            ))
        // A fork-conflict shows the fork's lines beside the upstream hunk, lined up where they agree, and
        // says why the changes could not be merged one by one.
        #expect(summary.contains("(both sides changed the same words at line 35)"))
        #expect(summary.contains("    fork (copy, from line 32)"))
        #expect(summary.contains("    #define write_cr3(x) \\                         |  #define write_cr3(x) \\\n"))
        #expect(summary.contains("| -    __asm__ __volatile__(\"movl %0,%%cr3\" : : \"r\" (x))\n"))
        #expect(summary.contains("        xen_pt_switch(x)                           | \n"))
        let json = String(decoding: readBytes(scratch.path + "/report.json"), as: UTF8.self)
        #expect(json.contains("\"upstreamAfter\": ["))

        // The rewritten patch applies to the fork as it is, with git apply and with patch --fuzz=0.
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(fork)
        let gitCheck = try run("/usr/bin/git", ["apply", "--check", scratch.path + "/out.patch"], directory: tree.path)
        #expect(gitCheck.status == 0, "\(gitCheck.stderr)")
        let gnu = try run(
            "/usr/bin/patch", ["-p1", "--dry-run", "--fuzz=0", "--batch", "-s", "-i", scratch.path + "/out.patch"],
            directory: tree.path)
        #expect(gnu.status == 0, "\(String(decoding: gnu.stdout, as: UTF8.self))")
        // Every duplicate is re-anchored: GNU patch reports no offset and no fuzz for any hunk.
        let verbose = try run(
            "/usr/bin/patch", ["-p1", "--dry-run", "--fuzz=0", "--batch", "-i", scratch.path + "/out.patch"],
            directory: tree.path)
        #expect(!String(decoding: verbose.stdout, as: UTF8.self).contains("offset"))
        // Rejects carry their verdicts.
        let rejects = String(decoding: readBytes(scratch.path + "/out.patch.rej"), as: UTF8.self)
        #expect(
            rejects.contains(
                "@@ fork-conflict: the fork changed the lines this hunk changes (both sides changed the same words at line 35); merge by hand"
            ))
        #expect(rejects.contains("ambiguous: context matches at 44 and 71"))
    }

    /// A fork that keeps the originals beside its copies and has already merged the new `process.c`
    /// original: its hunks are already applied, the rewritten patch leaves that file patch out and applies
    /// to the tree as it is, and `--apply` writes the copies without touching that original twice.
    @Test func originalsTheForkAlreadyMergedAreNotPatchedTwice() throws {
        let tree = try Scratch(), scratch = try Scratch()
        defer { tree.cleanup(); scratch.cleanup() }
        try tree.copy(fork)
        let merged = exampleFork + "/upstream/linux-2.6.12/arch/i386/kernel/process.c"
        try FileManager.default.removeItem(atPath: tree.path + "/arch/i386/kernel/process.c")
        try FileManager.default.copyItem(atPath: merged, toPath: tree.path + "/arch/i386/kernel/process.c")
        let base = exampleFork + "/upstream/linux-2.6.11"
        _ = try tandem(
            "port", "--fork", tree.path, "--base", base, "-o", scratch.path + "/out.patch",
            "--report", scratch.path + "/r.json", release)
        let v = try portVerdicts(scratch.path + "/r.json")
        #expect(v["arch/i386/kernel/process.c#1>arch/i386/kernel/process.c"] == "already-applied")
        #expect(v["arch/i386/kernel/process.c#3>arch/i386/kernel/process.c"] == "already-applied")
        let out = String(decoding: readBytes(scratch.path + "/out.patch"), as: UTF8.self)
        #expect(!out.contains("+++ linux-2.6.12/arch/i386/kernel/process.c"))
        let check = try run("/usr/bin/git", ["apply", "--check", scratch.path + "/out.patch"], directory: tree.path)
        #expect(check.status == 0, "\(check.stderr)")
        // Twin: the untouched original's file patch goes out as upstream wrote it.
        let plain = try Scratch()
        defer { plain.cleanup() }
        _ = try tandem("port", "--fork", fork, "--base", base, "-o", plain.path + "/out.patch", release)
        #expect(
            String(decoding: readBytes(plain.path + "/out.patch"), as: UTF8.self).contains(
                "+++ linux-2.6.12/arch/i386/kernel/process.c"))
        // --apply --merge writes the copies; the merged original stays byte for byte what it was.
        _ = try tandem("port", "--fork", tree.path, "--base", base, "--apply", "--merge", release)
        #expect(readBytes(tree.path + "/arch/i386/kernel/process.c") == readBytes(merged))
        #expect(
            String(decoding: readBytes(tree.path + "/arch/xen/i386/kernel/process.c"), as: UTF8.self).contains(
                "t->io_bitmap_max = 0;"))
    }

    /// Same path, other tree: `mm/memory.c` is the fork's own copy. Its duplicate stands in for the original
    /// file patch, which must not be applied twice.
    @Test func samePathOverride() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let map = scratch.path + "/same.yml"
        try Data("forks:\n  - {upstream: mm/memory.c, fork: mm/memory.c}\n".utf8).write(to: URL(fileURLWithPath: map))
        let result = try tandem(
            "port", "--fork", fork, "--map", map, "--base", exampleFork + "/upstream/linux-2.6.11",
            "-o", scratch.path + "/out.patch", "--report", scratch.path + "/r.json", release)
        #expect(result.status == 0, "\(result.stderr)")
        let v = try portVerdicts(scratch.path + "/r.json")
        #expect(v["mm/memory.c#1>mm/memory.c"] == "ported:exact" && v["mm/memory.c#2>mm/memory.c"] == "ported:exact")
        let names = PatchParser.parse(readBytes(scratch.path + "/out.patch")).patch.files.compactMap {
            $0.displayName()
        }.map(displayText)
        #expect(names.filter { $0 == "mm/memory.c" }.count == 1)
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(fork)
        #expect(
            try run("/usr/bin/git", ["apply", "--check", scratch.path + "/out.patch"], directory: tree.path).status == 0
        )
    }

    /// The example fork holds the 2.6.11 originals beside its copies, the text the release was made against:
    /// with no `--base`, each copy takes its original as base, as `--base` would have given it, and the report
    /// says so (a note per copy in the JSON, one line in the text).
    @Test func withoutABaseTheForksOwnOriginalsServe() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try tandem("port", "--fork", fork, "--check", "--report", scratch.path + "/r.json", release)
        let v = try portVerdicts(scratch.path + "/r.json")
        #expect(v["arch/i386/kernel/setup.c#3>arch/xen/i386/kernel/setup.c"] == "ported:change-blocks")
        #expect(v["arch/i386/kernel/setup.c#4>arch/xen/i386/kernel/setup.c"] == "ported:matching")
        #expect(v["arch/i386/kernel/process.c#1>arch/xen/i386/kernel/process.c"] == "ported:3-way")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(readBytes(scratch.path + "/r.json"))) as? [String: Any])
        let notes = (object["notes"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "base-from-fork" }
        #expect(notes.contains { $0["copyPath"] as? String == "arch/xen/i386/kernel/setup.c" })
        let json = String(decoding: readBytes(scratch.path + "/r.json"), as: UTF8.self)
        #expect(json.contains("arch/xen/i386/kernel/process.c\", \"message\": \"no base given"))
        let summary = String(decoding: result.stdout, as: UTF8.self)
        #expect(summary.contains("base: no base given; for \(notes.count) copies the fork's own original holds"))
    }

    /// Twin: an original the fork does not hold, or one that is not the patch's pre-image (here one of its
    /// lines the fork changed), is no base: those copies are ported from their own text alone.
    @Test func withoutABaseAnOriginalThatIsNoPreImageIsNoBase() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(fork)
        try FileManager.default.removeItem(atPath: tree.path + "/arch/i386/kernel/setup.c")
        let process = tree.path + "/arch/i386/kernel/process.c"
        let text = String(decoding: readBytes(process), as: UTF8.self)
        let changed = text.replacingOccurrences(
            of: "static void default_idle(void)", with: "static void default_idle(void) /* local */")
        #expect(changed != text)
        try Data(changed.utf8).write(to: URL(fileURLWithPath: process))
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        _ = try tandem("port", "--fork", tree.path, "--check", "--report", scratch.path + "/r.json", release)
        let v = try portVerdicts(scratch.path + "/r.json")
        #expect(v["arch/i386/kernel/setup.c#3>arch/xen/i386/kernel/setup.c"] == "context-not-found")
        #expect(v["arch/i386/kernel/setup.c#4>arch/xen/i386/kernel/setup.c"] == "context-not-found")
        #expect(v["arch/i386/kernel/process.c#1>arch/xen/i386/kernel/process.c"] == "ported:fuzz")
        let json = String(decoding: readBytes(scratch.path + "/r.json"), as: UTF8.self)
        #expect(!json.contains("arch/xen/i386/kernel/setup.c\", \"message\": \"no base given"))
        #expect(!json.contains("arch/xen/i386/kernel/process.c\", \"message\": \"no base given"))
    }

    @Test func upstreamHistoryNamesTheCommitACopyLacks() throws {
        let repo = Fixtures.buildRepository("upstream-drift")
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let result = try tandem(
            "port", "--upstream", repo, "--range", "v2.6.11..v2.6.12", "--fork", fork, "--check",
            "--report", scratch.path + "/r.json")
        #expect(result.status == 1)
        let v = try portVerdicts(scratch.path + "/r.json")
        #expect(v["arch/i386/kernel/setup.c#3>arch/xen/i386/kernel/setup.c"] == "upstream-drift")
        #expect(v["arch/i386/kernel/setup.c#4>arch/xen/i386/kernel/setup.c"] == "ported:matching")
        let json = String(decoding: readBytes(scratch.path + "/r.json"), as: UTF8.self)
        #expect(json.contains("\\\"i386: log mem= warnings at KERN_WARNING\\\""))
        // `lacks` names that commit; `commit` is for the commit a hunk comes from (--per-commit only).
        let drift = try portEntries(scratch.path + "/r.json").first { $0["verdict"] as? String == "upstream-drift" }
        #expect((drift?["lacks"] as? String)?.hasSuffix(" (\"i386: log mem= warnings at KERN_WARNING\")") == true)
        #expect(drift?["commit"] is NSNull)
    }

    /// `--per-commit` replays xen-history's mainline (setup fixes, process fixes, the topic merge, 2.6.12)
    /// onto the fork: the same verdict counts as the whole range, one labelled part per commit, and the
    /// series applies to the fork with git apply and with patch --fuzz=0.
    @Test func perCommitReplayAppliesInOrder() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let whole = try tandem(
            "port", "--upstream", xenHistory, "--range", "v2.6.11..v2.6.12", "--fork", fork, "--check")
        let series = try tandem(
            "port", "--upstream", xenHistory, "--range", "v2.6.11..v2.6.12", "--fork", fork,
            "--per-commit", "-o", scratch.path + "/series.patch")
        let last = { (run: Run) in
            String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        }
        let counts = { (line: String) in
            Set(
                line.dropFirst("verdicts: ".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            )
        }
        #expect(counts(last(series)) == counts(last(whole)))
        let text = String(decoding: readBytes(scratch.path + "/series.patch"), as: UTF8.self)
        #expect(
            text.split(separator: "\n").filter { $0.hasPrefix("tandem-port: ") }.map { String($0.dropFirst(54)) }
                == ["i386: setup fixes", "i386: process fixes", "Merge branch mm-topic", "Linux 2.6.12"])
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(fork)
        #expect(
            try run("/usr/bin/git", ["apply", "--check", scratch.path + "/series.patch"], directory: tree.path).status
                == 0)
        #expect(
            try run(
                "/usr/bin/patch",
                ["-p1", "--dry-run", "--fuzz=0", "--batch", "-s", "-i", scratch.path + "/series.patch"],
                directory: tree.path
            ).status == 0)
    }

    /// With a map whose copies all take their hunks, --apply writes the originals and the copies, and the
    /// result equals GNU patch applying the rewritten patch.
    @Test func applyInPlaceEqualsPatchingWithTheRewrittenPatch() throws {
        let scratch = try Scratch(), viaPatch = try Scratch()
        defer { scratch.cleanup(); viaPatch.cleanup() }
        let map = scratch.path + "/../" + UUID().uuidString + ".yml"
        try Data(
            "forks:\n  - {upstream: arch/x86_64/, fork: arch/xen/x86_64/}\n  - {upstream: include/asm-i386/pgtable.h, fork: include/asm-xen/asm-i386/pgtable.h}\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: map))
        defer { try? FileManager.default.removeItem(atPath: map) }
        try scratch.copy(fork)
        try viaPatch.copy(fork)
        let out = viaPatch.path + "/../" + UUID().uuidString + ".patch"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let written = try tandem("port", "--fork", viaPatch.path, "--map", map, "-o", out, release)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(
            try run("/usr/bin/patch", ["-p1", "--fuzz=0", "--batch", "-s", "-i", out], directory: viaPatch.path).status
                == 0)
        let applied = try tandem("port", "--fork", scratch.path, "--map", map, "--apply", release)
        #expect(applied.status == 0, "\(applied.stderr)")
        for path in [
            "arch/xen/x86_64/kernel/setup.c", "arch/xen/x86_64/kernel/process.c", "include/asm-xen/asm-i386/pgtable.h",
            "arch/i386/kernel/setup.c", "arch/i386/kernel/tsc.c", "mm/memory.c",
        ] {
            #expect(readBytes(scratch.path + "/" + path) == readBytes(viaPatch.path + "/" + path), "\(path)")
        }
        #expect(
            readBytes(scratch.path + "/arch/xen/x86_64/kernel/setup.c")
                != readBytes(fork + "/arch/xen/x86_64/kernel/setup.c"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/arch/i386/kernel/time.c"))
    }

    /// `tandem port PATCH` reads and ports the patch piece by piece (`PatchStream`). At a 64-byte read size
    /// (hundreds of pieces) the rewritten patch, the rejects, the summary, the verdicts and the diagnostics
    /// are byte-identical to reading it in one piece, for -o, standard output and standard input.
    @Test func streamedInPiecesEqualsWhole() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let base = exampleFork + "/upstream/linux-2.6.11"
        // The release patch with a malformed hunk and a stray hunk appended: diagnostics at known lines.
        var patch = readBytes(release)
        patch += Array(
            "Trailing prose.\n@@ -1 +1 @@\n-a\n+b\n--- a/arch/i386/kernel/traps.c\n+++ b/arch/i386/kernel/traps.c\n@@ -1,3 +1,3 @@\n x\n-y\n"
                .utf8)
        try Data(patch).write(to: URL(fileURLWithPath: scratch.path + "/in.patch"))
        var outputs: [[UInt8]] = []
        for chunk in ["64", "4194304"] {
            let env = ["TANDEM_PATCH_CHUNK": chunk]
            let out = scratch.path + "/out-\(chunk).patch", json = scratch.path + "/r-\(chunk).json"
            let toFile = try tandem(
                "port", "--fork", fork, "--base", base, "-o", out, "--report", json, scratch.path + "/in.patch",
                environment: env)
            #expect(toFile.status == 1)
            #expect(
                toFile.stderr.contains(
                    "in.patch:\(patch.split(separator: 0x0A, omittingEmptySubsequences: false).count - 8): hunk without a file header"
                ), "\(toFile.stderr)")
            // On standard output the rejects go to ./tandem-port.rej: run where that is the scratch folder.
            let toStdout = try tandem(
                "port", "--fork", fork, "--base", base, scratch.path + "/in.patch", directory: scratch.path,
                environment: env)
            let fromStdin = try tandem(
                "port", "--fork", fork, "--base", base, "-", stdin: patch, directory: scratch.path, environment: env)
            #expect(toStdout.stdout == readBytes(out))
            #expect(fromStdin.stdout == readBytes(out))
            #expect(
                fromStdin.stderr
                    == toStdout.stderr.replacingOccurrences(of: scratch.path + "/in.patch", with: "<stdin>"))
            #expect(readBytes(scratch.path + "/tandem-port.rej") == readBytes(out + ".rej"))
            // stderr names OUT.rej, whose name holds the chunk size.
            outputs.append(
                readBytes(out) + [0] + readBytes(out + ".rej") + [0] + toFile.stdout + [0]
                    + Array(toFile.stderr.replacingOccurrences(of: out, with: "OUT").utf8)
                    + [0] + readBytes(json) + [0] + toStdout.stdout + Array(toStdout.stderr.utf8))
        }
        #expect(outputs[0] == outputs[1])
        #expect(
            String(decoding: readBytes(scratch.path + "/out-64.patch.rej"), as: UTF8.self).contains("fork-conflict"))
    }

    /// Trouble in the middle of a streamed port (a copy that is a folder) exits 2 and leaves -o OUT as it
    /// was: the pieces written so far go to a temporary file that is removed.
    @Test func troubleMidStreamLeavesTheOutputAlone() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(fork)
        let copy = tree.path + "/include/asm-xen/asm-i386/system.h"
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
        try scratch.write("out.patch", "old output\n")
        let result = try tandem(
            "port", "--fork", tree.path, "-o", scratch.path + "/out.patch", release,
            environment: ["TANDEM_PATCH_CHUNK": "64"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("system.h"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(readBytes(scratch.path + "/out.patch") == Array("old output\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["out.patch"])
    }

    @Test func troubleExitsTwo() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write("tandem.yml", "forks:\n  - {upstream: a/}\n")
        let badMap = try tandem("port", "--fork", scratch.path, release)
        #expect(badMap.status == 2)
        #expect(badMap.stderr == "tandem: tandem.yml:2: forks[0]: 'fork' is missing\n")
        let noMap = try tandem("port", "--fork", Fixtures.path, release)
        #expect(noMap.status == 2)
        #expect(noMap.stderr.contains("no fork map"))
        let noPatch = try tandem("port", "--fork", fork, "/nonexistent.patch")
        #expect(noPatch.status == 2)
        #expect(noPatch.stderr == "tandem: cannot read '/nonexistent.patch': No such file or directory\n")
        #expect(try tandem("port", "--fork", fork, "--range", "a..b", release).status == 64)
        // A map that names a copy the fork does not have: a verdict (exit 1), not trouble.
        let map = scratch.path + "/missing.yml"
        try Data("forks:\n  - {upstream: mm/, fork: mm-xen/}\n".utf8).write(to: URL(fileURLWithPath: map))
        let missing = try tandem(
            "port", "--fork", fork, "--map", map, "--check", "--report", scratch.path + "/m.json", release)
        #expect(missing.status == 1)
        #expect(try portVerdicts(scratch.path + "/m.json") == ["mm/memory.c#0>mm-xen/memory.c": "missing-fork-file"])
    }
}

@Suite("tandem map")
struct MapCommandTests {
    @Test func listsPairsOfTheExampleFork() throws {
        let result = try tandem("map", "--fork", exampleFork + "/fork")
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(
            text.contains(
                "identical          arch/i386/kernel/traps.c -> arch/xen/i386/kernel/traps.c  (line 4: arch/i386/ -> arch/xen/i386/)\n"
            ))
        #expect(
            text.contains(
                "shared-unmodified  arch/i386/kernel/i387.c -> arch/xen/i386/kernel/i387.c  (line 4: arch/i386/ -> arch/xen/i386/)\n"
            ))
        #expect(text.hasSuffix("pairs: 1 identical, 10 modified, 1 shared-unmodified\n"))
    }

    @Test func discoverProposesTheExampleMapAndWritesOnlyWhenAsked() throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        try tree.copy(exampleFork + "/fork")
        try FileManager.default.removeItem(atPath: tree.path + "/tandem.yml")
        let proposed = try tandem("map", "--fork", tree.path, "--discover")
        #expect(
            String(decoding: proposed.stdout, as: UTF8.self).hasSuffix(
                """
                forks:
                  - {upstream: "arch/i386/", fork: "arch/xen/i386/"}   # copies 7 of the 8 files under arch/i386/ (sparse: true if the fork needs no copy of the others)
                  - {upstream: "arch/x86_64/", fork: "arch/xen/x86_64/"}
                  - {upstream: "include/asm-i386/", fork: "include/asm-xen/asm-i386/"}

                """))
        #expect(!FileManager.default.fileExists(atPath: tree.path + "/tandem.yml"))
        #expect(try tandem("map", "--fork", tree.path, "--discover", "--write").status == 0)
        #expect(
            String(decoding: readBytes(tree.path + "/tandem.yml"), as: UTF8.self)
                == String(decoding: proposed.stdout, as: UTF8.self))
        let listed = String(decoding: try tandem("map", "--fork", tree.path).stdout, as: UTF8.self)
        #expect(listed.hasSuffix("pairs: 1 identical, 10 modified, 1 not-copied\n"))
    }

    /// Upstream's x.c and y.c (base/a/) and the fork (fork/): the fork changed `helper()` in its copy of
    /// x.c; y.c is a copy too (`copiedTarget`, the map `a/` → `xen/a/`), or the fork's own original.
    static func writeMove(in scratch: Scratch, copiedTarget: Bool) throws {
        let x = "void keep(void)\n{\n}\n\nvoid helper(int n)\n{\n\tpoke(n);\n}\n"
        let y = "void other(void)\n{\n}\n"
        try scratch.write("base/a/x.c", x)
        try scratch.write("base/a/y.c", y)
        try scratch.write("fork/xen/a/x.c", x.replacingOccurrences(of: "\tpoke(n);", with: "\txen_poke(n);"))
        try scratch.write(copiedTarget ? "fork/xen/a/y.c" : "fork/a/y.c", y)
        try scratch.write(
            "fork/tandem.yml",
            copiedTarget
                ? "forks:\n  - {upstream: a/, fork: xen/a/}\n" : "forks:\n  - {upstream: a/x.c, fork: xen/a/x.c}\n")
    }

    /// A patch read piece by piece (`tandem port PATCH`) still sees a move between files: upstream moves
    /// `helper()` from x.c to y.c, the fork changed it in its copy of x.c, and the output says the copy keeps
    /// its own (in the text and in the JSON report's notes).
    @Test func aMoveBetweenFilesIsNotedWhenStreaming() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try Self.writeMove(in: scratch, copiedTarget: false)
        try scratch.write(
            "up.patch",
            "--- a/a/x.c\n+++ b/a/x.c\n@@ -2,7 +2,2 @@\n {\n }\n-\n-void helper(int n)\n-{\n-\tpoke(n);\n-}\n"
                + "--- a/a/y.c\n+++ b/a/y.c\n@@ -1,3 +1,8 @@\n void other(void)\n {\n }\n+\n+void helper(int n)\n+{\n+\tpoke(n);\n+}\n"
        )
        let result = try tandem(
            "port", scratch.path + "/up.patch", "--fork", scratch.path + "/fork", "--base", scratch.path + "/base",
            "--report", scratch.path + "/r.json", directory: scratch.path)
        #expect(result.status == 1, "\(result.stderr)")
        // Without -o the rewritten patch goes to standard output and the verdicts to standard error, and the
        // rejects to ./tandem-port.rej.
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/tandem-port.rej"))
        let text = result.stderr
        #expect(
            text.contains("note: upstream moved helper to a/y.c, and this copy keeps its own (hunk 1 did not land)"))
        let report = String(decoding: readBytes(scratch.path + "/r.json"), as: UTF8.self)
        #expect(report.contains("upstream moved helper to a/y.c"))
    }

    /// A patch on standard input is read twice like a patch file (copied into a temporary file first): a
    /// move whose removal comes after its arrival in the patch is known from a pipe too. With no temporary
    /// folder to copy it into, the patch is read once, and the port still runs (the move then goes unseen,
    /// and y.c's copy takes upstream's version of the function).
    @Test func aPipedPatchKnowsTheMovesAFileDoes() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try Self.writeMove(in: scratch, copiedTarget: true)
        // y.c (the arrival) first, x.c (the removal) after: a single pass learns of the move too late.
        let patch = Array(
            ("--- a/a/y.c\n+++ b/a/y.c\n@@ -1,3 +1,8 @@\n void other(void)\n {\n }\n+\n+void helper(int n)\n+{\n"
                + "+\tpoke(n);\n+}\n"
                + "--- a/a/x.c\n+++ b/a/x.c\n@@ -2,7 +2,2 @@\n {\n }\n-\n-void helper(int n)\n-{\n-\tpoke(n);\n-}\n")
                .utf8)
        try scratch.write("up.patch", bytes: patch)
        func port(_ arguments: [String], stdin: [UInt8] = [], tmp: String) throws -> Run {
            try tandem(
                "port", arguments[0], "--fork", scratch.path + "/fork", "--base", scratch.path + "/base", "-o",
                scratch.path + "/out.patch", "--report", scratch.path + "/r.json", stdin: stdin,
                directory: scratch.path,
                environment: ["TMPDIR": tmp])
        }
        try FileManager.default.createDirectory(atPath: scratch.path + "/tmp", withIntermediateDirectories: true)
        let file = try port([scratch.path + "/up.patch"], tmp: scratch.path + "/tmp")
        let fromFile = readBytes(scratch.path + "/r.json")
        let piped = try port(["-"], stdin: patch, tmp: scratch.path + "/tmp")
        #expect(piped.status == file.status, "\(piped.stderr)")
        #expect(readBytes(scratch.path + "/r.json") == fromFile)
        // The arrival in y.c's copy is held: it would add upstream's helper, not the fork's.
        #expect(try portVerdicts(scratch.path + "/r.json")["a/y.c#1>xen/a/y.c"]?.hasPrefix("review") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/tmp").isEmpty)
        let once = try port(["-"], stdin: patch, tmp: scratch.path + "/no-such-folder")
        #expect(once.status == file.status, "\(once.stderr)")
        #expect(try portVerdicts(scratch.path + "/r.json")["a/y.c#1>xen/a/y.c"]?.hasPrefix("ported") == true)
    }

    /// A second run over a fork a first run ported (`port --apply`, then the same patch again) finds every
    /// hunk already applied, also where the lines the fork respells were among those the first run changed
    /// (the fork's spelling is then read from the copies against the patched originals): streamed from the
    /// patch file or from standard input, and through `--apply` again, which writes nothing.
    @Test func aSecondRunOverRespelledImportsChangesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for (path, text) in RespelledImports.before { try scratch.write("base/" + path, text) }
        try RespelledImports.writeFork(in: scratch)
        try scratch.write("up.patch", RespelledImports.patch)
        let fork = scratch.path + "/fork", base = scratch.path + "/base", patch = scratch.path + "/up.patch"
        let first = try tandem("port", patch, "--fork", fork, "--base", base, "--apply", directory: scratch.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(String(decoding: readBytes(fork + "/vendor/pkg/c.py"), as: UTF8.self) == RespelledImports.portedC)
        let after = ["a.py", "b.py", "c.py"].map { readBytes(fork + "/vendor/pkg/" + $0) }

        let streamed = try tandem(
            "port", patch, "--fork", fork, "--base", base, "-o", scratch.path + "/again.patch", "--report",
            scratch.path + "/again.json", directory: scratch.path)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(Set(try portVerdicts(scratch.path + "/again.json").values) == ["already-applied"])
        #expect(!String(decoding: readBytes(scratch.path + "/again.patch"), as: UTF8.self).contains("vendor/"))

        // The same from standard input, which is copied into a temporary file (in TMPDIR, gone after) to be
        // read twice like a patch file.
        try FileManager.default.createDirectory(atPath: scratch.path + "/tmp", withIntermediateDirectories: true)
        let piped = try tandem(
            "port", "-", "--fork", fork, "--base", base, "-o", scratch.path + "/piped.patch", "--report",
            scratch.path + "/piped.json", stdin: readBytes(patch), directory: scratch.path,
            environment: ["TMPDIR": scratch.path + "/tmp"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(Set(try portVerdicts(scratch.path + "/piped.json").values) == ["already-applied"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/tmp").isEmpty)

        let applied = try tandem(
            "port", patch, "--fork", fork, "--base", base, "--apply", "--report", scratch.path + "/applied.json",
            directory: scratch.path)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(Set(try portVerdicts(scratch.path + "/applied.json").values) == ["already-applied"])
        #expect(["a.py", "b.py", "c.py"].map { readBytes(fork + "/vendor/pkg/" + $0) } == after)
    }
}
