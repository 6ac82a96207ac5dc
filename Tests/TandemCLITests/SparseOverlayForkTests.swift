import Foundation
import TandemTestSupport
import Testing

/// Issue #20's acceptance case, built as real repositories: a Xen-style sparse fork (`sparse/`, laid over
/// the upstream root) whose layout changes halfway — first copies in `arch/xen/i386/` and
/// `include/asm-xen/asm-i386/`, then `-xen.c` copies beside the originals and headers in
/// `include/asm-i386/mach-xen/asm/` — with a same-path override (`mm/memory.c`) and a fork-only file
/// (`hypercall.h`) throughout, and its upstream level recorded only in a patch file's name: a stable level
/// (`2.6.12.6`) first, then an untagged `-gitN` snapshot. A nine-line map gives each file one pairing, the
/// drift totals match a hand count, and `map` names the mapping that claimed each file.
@Suite("A sparse overlay fork that changes layout")
struct SparseOverlayForkTests {
    static let map = """
        forks:
          - {upstream: ./, fork: sparse/}
          - {upstream: arch/i386/, fork: sparse/arch/xen/i386/}
          - {upstream: include/asm-i386/, fork: sparse/include/asm-xen/asm-i386/}
          - {upstream: "arch/i386/**/*.c", fork: "sparse/arch/i386/**/*-xen.c"}
          - {upstream: "include/asm-i386/*.h", fork: "sparse/include/asm-i386/mach-xen/asm/*.h"}
        versions:
          files: 'patches/linux-*/*.patch'
          match: '/(\\d+(?:\\.\\d+)+(?:-[a-z]+\\d*)*)\\.patch$'

        """

    /// Twelve lines named after `name`: every upstream file, unchanged across the releases.
    static func original(_ name: String) -> String { (1...12).map { "\(name) line \($0)\n" }.joined() }

    struct Repositories {
        let scratch: Scratch
        let upstream: RepositoryBuilder
        let fork: RepositoryBuilder
        let early: String
        let late: String
    }

    static func build() throws -> Repositories {
        let scratch = try Scratch("overlay-fork")
        let upstream = try RepositoryBuilder(at: scratch.path + "/linux")
        let files = [
            "mm/memory.c", "mm/other.c", "arch/i386/kernel/setup.c", "arch/i386/kernel/time.c",
            "include/asm-i386/system.h", "include/asm-i386/io.h",
        ]
        for file in files { try upstream.write(file, original(file)) }
        for tag in ["v2.6.12", "v2.6.12.6", "v2.6.16-rc1"] {
            try upstream.write("Makefile", "VERSION = \(tag)\n")
            try upstream.commit(tag)
            _ = try upstream.git("tag", tag)
        }
        let fork = try RepositoryBuilder(at: scratch.path + "/xen")
        func copy(_ file: String, to path: String) throws {
            try fork.write("sparse/" + path, original(file) + "xen line\n")
        }
        try fork.write("tandem.yml", map)
        try fork.write("sparse/include/asm-xen/hypercall.h", "hypercall 1\nhypercall 2\n")
        try copy("mm/memory.c", to: "mm/memory.c")
        // The early layout, on 2.6.12.6.
        try copy("arch/i386/kernel/setup.c", to: "arch/xen/i386/kernel/setup.c")
        try copy("include/asm-i386/system.h", to: "include/asm-xen/asm-i386/system.h")
        try fork.write("patches/linux-2.6.12/2.6.12.6.patch", "")
        let early = try fork.commit("xen on 2.6.12.6, arch/xen layout")
        // The late layout, on a 2.6.16-rc1 snapshot upstream never tagged.
        for gone in ["sparse/arch/xen", "sparse/include/asm-xen/asm-i386", "patches"] {
            try FileManager.default.removeItem(atPath: fork.path + "/" + gone)
        }
        try copy("arch/i386/kernel/setup.c", to: "arch/i386/kernel/setup-xen.c")
        try copy("arch/i386/kernel/time.c", to: "arch/i386/kernel/time-xen.c")
        try copy("include/asm-i386/system.h", to: "include/asm-i386/mach-xen/asm/system.h")
        try fork.write("patches/linux-2.6.16-rc1-git4/2.6.16-rc1-git4.patch", "")
        let late = try fork.commit("xen on 2.6.16-rc1-git4, -xen.c layout")
        return Repositories(scratch: scratch, upstream: upstream, fork: fork, early: early, late: late)
    }

    @Test func eachFileOnePairingAndDriftByHand() throws {
        let repos = try Self.build()
        defer { repos.scratch.cleanup() }
        let json = try run(
            tandemBinary,
            ["drift", "--fork", repos.fork.path, "--upstream", repos.upstream.path, "--format", "json", "--quiet"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("2.6.16-rc1-git4") && json.stderr.contains("v2.6.16-rc1"), "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any] ?? [:]
        let snapshots = snapshotsOf(object)
        #expect(snapshots.map { $0["version"] as? String } == ["2.6.12.6", "2.6.16-rc1-git4"])
        #expect(snapshots.map { $0["approximate"] as? Bool } == [false, true])
        // By hand: each pair is a 12-line original and its copy with one line more (similarity 24/25);
        // early: memory.c, setup.c, system.h; late: memory.c, setup-xen.c, time-xen.c, system.h; and
        // hypercall.h (2 lines) apart, as the one fork-only file, in both.
        let totals = snapshots.map { $0["total"] as? [String: Any] ?? [:] }
        #expect(totals.map { $0["pairs"] as? Int } == [3, 4])
        #expect(totals.map { $0["similarity"] as? Double } == [0.96, 0.96])
        #expect(totals.map { $0["forkOnlyLines"] as? Int } == [3, 4])
        #expect(
            totals.map { ($0["forkOnly"] as? [String: Int]) ?? [:] } == [
                ["files": 1, "lines": 2], ["files": 1, "lines": 2],
            ])
        // Per mapping: the overlay keeps memory.c; the early layout holds its copies only early, the late
        // globs only late; nothing is counted twice.
        let trees = snapshots.map { ($0["trees"] as? [[String: Any]] ?? []).map { $0["pairs"] as? Int ?? -1 } }
        #expect(trees == [[1, 1, 1, 0, 0], [1, 0, 0, 2, 1]])

        // tandem map at each revision: every fork file under sparse/ once, with the mapping that claimed it.
        for (revision, claims) in [
            (
                repos.early,
                [
                    "sparse/mm/memory.c": 2, "sparse/arch/xen/i386/kernel/setup.c": 3,
                    "sparse/include/asm-xen/asm-i386/system.h": 4, "sparse/include/asm-xen/hypercall.h": 2,
                ]
            ),
            (
                repos.late,
                [
                    "sparse/mm/memory.c": 2, "sparse/arch/i386/kernel/setup-xen.c": 5,
                    "sparse/arch/i386/kernel/time-xen.c": 5,
                    "sparse/include/asm-i386/mach-xen/asm/system.h": 6, "sparse/include/asm-xen/hypercall.h": 2,
                ]
            ),
        ] {
            let tag = revision == repos.early ? "v2.6.12.6" : "v2.6.16-rc1"
            let listed = try run(
                tandemBinary,
                ["map", "--fork", repos.fork.path + "@" + revision, "--base", repos.upstream.path + "@" + tag])
            let lines = String(decoding: listed.stdout, as: UTF8.self).split(separator: "\n").map(String.init).filter {
                $0.contains(" -> sparse/")
            }
            for (copy, line) in claims {
                let found = lines.filter { $0.contains(" -> \(copy)  (line ") }
                #expect(found.count == 1 && found.first?.contains("(line \(line): ") == true, "\(copy): \(lines)")
            }
            let copies = lines.filter { !$0.hasPrefix("not-copied") }
            #expect(copies.count == claims.count, "\(lines)")
            // The other layout's mappings have no copy at this revision: a warning, not a double count.
            #expect(listed.status == 1 && listed.stderr.contains("warning: no copy under"), "\(listed.stderr)")
        }
    }
}
