import Foundation
import Testing
import TandemCore
import TandemTestSupport

/// Differential testing against GNU patch: on generated cases where `patch --fuzz=0` applies a patch to a
/// drifted file, tandem's result must be byte-identical — or tandem must have refused a hunk as ambiguous
/// (a place GNU patch picked among several).
@Suite("Differential: tandem apply vs GNU patch --fuzz=0")
struct DifferentialTests {
    struct Case {
        var original: [String]
        var modified: [String]
        var target: [String]
    }

    static func generate(seed: UInt64) -> Case {
        var g = SplitMix64(seed: seed)
        let common = ["}\n", "\n", "\treturn 0;\n", "{\n"]
        var counter = 0
        func line(_ prefix: String) -> String {
            counter += 1
            // common is a non-empty literal.
            // swift-format-ignore: NeverForceUnwrap
            return Int.random(in: 0..<5, using: &g) == 0
                ? common.randomElement(using: &g)! : "\t\(prefix)_\(counter)();\n"
        }
        let original = (0..<Int.random(in: 40...120, using: &g)).map { _ in line("stmt") }
        var modified = original
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            let at = Int.random(in: 0..<modified.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0: modified[at] = line("changed")
            case 1: modified.remove(at: at)
            default: modified.insert(line("added"), at: at)
            }
        }
        var target = original
        for _ in 0..<Int.random(in: 0...8, using: &g) {
            target.insert(
                "\tdrift_\(Int.random(in: 0...9999, using: &g))();\n", at: Int.random(in: 0...target.count, using: &g))
        }
        return Case(original: original, modified: modified, target: target)
    }

    @Test func tandemAgreesWithGNUPatchWhereItApplies() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        var compared = 0, identical = 0, refusedAmbiguous = 0
        for seed in 0..<80 {
            let c = Self.generate(seed: UInt64(seed))
            try scratch.write("orig/f.c", c.original.joined())
            try scratch.write("new/f.c", c.modified.joined())
            let diff = try run("/usr/bin/diff", ["-u", "orig/f.c", "new/f.c"], directory: scratch.path)
            guard diff.status == 1 else { continue }
            try Data(diff.stdout).write(to: URL(fileURLWithPath: scratch.path + "/p.patch"))
            try scratch.write("gnu/f.c", c.target.joined())
            try scratch.write("tandem/f.c", c.target.joined())
            let gnu = try run(
                "/usr/bin/patch",
                [
                    "--fuzz=0", "-p1", "--batch", "--no-backup-if-mismatch", "-s",
                    "-i", scratch.path + "/p.patch",
                ], directory: scratch.path + "/gnu")
            guard gnu.status == 0 else { continue }
            compared += 1
            let ours = try tandem(
                "apply", "--format", "json", scratch.path + "/p.patch", directory: scratch.path + "/tandem")
            if ours.status == 0 {
                #expect(readBytes(scratch.path + "/tandem/f.c") == readBytes(scratch.path + "/gnu/f.c"), "seed \(seed)")
                identical += 1
            } else {
                let labels = try outcomes(ours.stdout).values.flatMap { $0 }
                #expect(
                    labels.allSatisfy { $0.hasPrefix("applied") || $0 == "already-applied" || $0 == "ambiguous" },
                    "seed \(seed): \(labels)")
                refusedAmbiguous += 1
            }
        }
        print(
            "differential: \(compared) cases GNU patch applied; tandem identical on \(identical), refused as ambiguous \(refusedAmbiguous)"
        )
        #expect(compared >= 40, "too few cases where GNU patch applied: \(compared)")
        #expect(identical >= compared * 8 / 10, "identical \(identical) of \(compared), ambiguous \(refusedAmbiguous)")
    }
}
