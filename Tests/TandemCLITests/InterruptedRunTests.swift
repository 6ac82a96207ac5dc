import Foundation
import Testing
import TandemTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue #9: `tandem apply` and `tandem port --apply` killed with SIGKILL at moments spread over a run that
/// rewrites 300 files. After each kill every file is whole (entirely old or entirely new); a rerun finishes
/// the job and leaves no temporary file behind (it sweeps the ones the killed run left).
@Suite("Interrupted runs")
struct InterruptedRunTests {
    static let count = 300

    static func old(_ i: Int) -> String { (1...40).map { "file \(i) line \($0)\n" }.joined() }
    static func new(_ i: Int) -> String { old(i).replacing("file \(i) line 20\n", with: "file \(i) line twenty\n") }

    static func patch(prefix: String) -> String {
        (0..<count).map { i in
            "--- a/\(prefix)f\(i).c\n+++ b/\(prefix)f\(i).c\n@@ -18,5 +18,5 @@\n file \(i) line 18\n file \(i) line 19\n-file \(i) line 20\n+file \(i) line twenty\n file \(i) line 21\n file \(i) line 22\n"
        }.joined()
    }

    /// Every file under `folder` named `f<i>.c` is old or new; returns how many are new.
    func check(_ tree: Scratch, folder: String) -> Int {
        var fresh = 0
        for i in 0..<Self.count {
            let text = tree.read(folder + "f\(i).c")
            #expect(text == Self.old(i) || text == Self.new(i), "\(folder)f\(i).c is torn")
            if text == Self.new(i) { fresh += 1 }
        }
        return fresh
    }

    func temporaryFiles(_ path: String) -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter {
            ($0 as NSString).lastPathComponent.hasPrefix(".tandem-tmp-")
        }
    }

    func timed(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    @Test(arguments: ["apply", "port"])
    func killedRunsLeaveWholeFilesAndRerunsFinish(command: String) throws {
        let tree = try Scratch()
        defer { tree.cleanup() }
        let folder = command == "apply" ? "" : "copies/"
        func reset() throws {
            for i in 0..<Self.count {
                try tree.write("f\(i).c", Self.old(i))
                if command == "port" { try tree.write("copies/f\(i).c", Self.old(i)) }
            }
        }
        try tree.write("p.patch", Self.patch(prefix: ""))
        if command == "port" { try tree.write("tandem.yml", "forks:\n  - {upstream: '*.c', fork: 'copies/*.c'}\n") }
        let arguments = command == "apply" ? ["apply", "p.patch"] : ["port", "p.patch", "--fork", ".", "--apply"]
        // How long a whole run takes here; kills are spread over it.
        try reset()
        let whole = try timed {
            let first = try run(tandemBinary, arguments, directory: tree.path)
            #expect(first.status == 0, "\(first.stderr)")
        }
        #expect(check(tree, folder: folder) == Self.count)
        var partial = 0
        // Kills spread over the run; then, if none landed while files were being written, bisect between
        // the last kill that left everything old and the first that left everything new. Run times vary
        // (a loaded machine, a sanitizer): once the two meet or cross, kills are spread at random within
        // 20 ms of where they met, until one lands mid-write or 40 have been tried.
        var low = 0.0, high = whole
        func attempt(_ delay: Double) throws {
            try reset()
            try killed(arguments, in: tree.path, after: delay)
            let fresh = check(tree, folder: folder)
            if fresh > 0 && fresh < Self.count { partial += 1 }
            if fresh == 0 { low = max(low, delay) } else if fresh == Self.count { high = min(high, delay) }
            let rerun = try run(tandemBinary, arguments, directory: tree.path)
            #expect(rerun.status == 0, "rerun after a kill at \(delay) s: \(rerun.stderr)")
            #expect(check(tree, folder: folder) == Self.count)
            #expect(temporaryFiles(tree.path).isEmpty, "\(temporaryFiles(tree.path))")
        }
        for step in 1...10 { try attempt(whole * Double(step) / 11) }
        for _ in 0..<40 where partial == 0 {
            let middle = (low + high) / 2
            try attempt(high - low > 0.002 ? middle : max(0, middle + Double.random(in: -0.02...0.02)))
        }
        // The kills did land in the middle of writing at least once.
        #expect(partial > 0, "no kill landed while files were being written (whole run \(whole) s)")
    }
}
