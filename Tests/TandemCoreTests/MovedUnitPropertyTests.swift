import Testing
@testable import TandemCore

/// Random C files where upstream moves one function (and edits some lines) while the fork edits others:
/// whatever `tandem port` decides, the ported copy defines every function once, the rewritten patch takes
/// the copy to exactly the ported text, and a function the fork left alone is never "moved" by carrying.
@Suite("Porter: moved code on random files")
struct MovedUnitPropertyTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "a/", fork: "f/")])

    static let statements = [
        "lock();", "unlock();", "count++;", "flush(n);", "wait(1);", "x = y + 1;", "if (x) return;", "poke(i);",
        "n -= 2;", "barrier();",
    ]

    struct Case {
        var base: [[String]]
        var upstream: [[String]]
        var fork: [[String]]
    }

    static func function(_ index: Int, _ body: [String]) -> [String] {
        ["static void fn\(index)(int n)", "{"] + body.map { "\t" + $0 } + ["}", ""]
    }

    static func text(_ functions: [[String]]) -> String {
        "#include <x.h>\n\n" + functions.flatMap { $0 }.map { $0 + "\n" }.joined()
    }

    static func generate(seed: UInt64) -> Case {
        var g = SeededGenerator(seed: seed)
        let count = Int.random(in: 3...6, using: &g)
        var bodies: [[String]] = (0..<count).map { _ in
            (0..<Int.random(in: 3...7, using: &g)).map { _ in statements.randomElement(using: &g) ?? "" }
        }
        // Each body distinct at its first statement, so a function is told from another by more than its name.
        for index in bodies.indices { bodies[index][0] = "setup\(index)();" }
        let base = bodies.enumerated().map { function($0.offset, $0.element) }
        // Upstream: move one function elsewhere, and edit one line in some functions.
        let moved = Int.random(in: 0..<count, using: &g)
        var upstreamBodies = bodies
        for index in upstreamBodies.indices where Bool.random(using: &g) {
            let line = Int.random(in: 1..<upstreamBodies[index].count, using: &g)
            upstreamBodies[index][line] = "upstream_\(index)_\(line)();"
        }
        var order = Array(0..<count)
        order.remove(at: moved)
        order.insert(moved, at: Int.random(in: 0...order.count, using: &g))
        var upstream = order.map { function($0, upstreamBodies[$0]) }
        // Sometimes upstream also adds a function of its own.
        if Bool.random(using: &g) {
            upstream.insert(function(90, ["added();", "count++;"]), at: Int.random(in: 0...upstream.count, using: &g))
        }
        // The fork: edit one line in some functions.
        var forkBodies = bodies
        for index in forkBodies.indices where Bool.random(using: &g) {
            let line = Int.random(in: 1..<forkBodies[index].count, using: &g)
            forkBodies[index][line] = "xen_\(index)_\(line)();"
        }
        // Sometimes the fork inserts a statement, or a function of its own between two.
        for index in forkBodies.indices where Int.random(in: 0..<4, using: &g) == 0 {
            forkBodies[index].insert(
                "xen_extra_\(index)();", at: Int.random(in: 1...forkBodies[index].count, using: &g))
        }
        var fork = forkBodies.enumerated().map { function($0.offset, $0.element) }
        if Bool.random(using: &g) {
            fork.insert(function(80, ["xen_only();", "barrier();"]), at: Int.random(in: 0...fork.count, using: &g))
        }
        return Case(base: base, upstream: upstream, fork: fork)
    }

    @Test func portedCopiesDefineEachFunctionOnceAndTheDuplicateTakesTheCopyThere() throws {
        var carried = 0
        for seed in UInt64(1)...1000 {
            let c = Self.generate(seed: seed)
            let base = Self.text(c.base), upstream = Self.text(c.upstream), copy = Self.text(c.fork)
            let patchBytes = UnifiedDiffWriter.filePatch(
                old: .init(path: bytes("a/x.c"), file: TreeFile(bytes: bytes(base))),
                new: .init(path: bytes("a/x.c"), file: TreeFile(bytes: bytes(upstream))))
            guard !patchBytes.isEmpty else { continue }
            let result = try Porter.port(
                PatchParser.parse(patchBytes).patch, map: map, fork: MemoryTree(["f/x.c": copy]),
                base: MemoryTree(["a/x.c": base]), options: .init())
            let ported = displayText(result.copies.first?.ported ?? bytes(copy))
            for index in c.base.indices + [80, 90] {
                let expected =
                    (index == 80 && copy.contains("fn80")) || (index == 90 && upstream.contains("fn90")) || index < 80
                    ? 1 : 0
                if index >= 80 && expected == 0 { continue }
                let definitions = ported.components(separatedBy: "static void fn\(index)(int n)").count - 1
                if index == 90 {
                    // Upstream's own new function lands at most once (it may stay out with a conflict).
                    #expect(definitions <= 1, "seed \(seed): fn90 defined \(definitions) times")
                } else {
                    #expect(definitions == expected, "seed \(seed): fn\(index) defined \(definitions) times")
                }
            }
            let duplicate = PatchParser.parse(result.patch).patch
            if let file = duplicate.files.first {
                let applied = FilePatcher.apply(file.hunks, toBytes: bytes(copy), options: .init(maxFuzz: 0))
                #expect(applied.appliedAll, "seed \(seed): the rewritten patch does not apply")
                #expect(displayText(applied.bytes) == ported, "seed \(seed): the rewritten patch gives another text")
            } else {
                #expect(ported == copy, "seed \(seed): no patch, yet the copy changed")
            }
            let moves = result.report.entries.filter {
                if case .ported(let p) = $0.verdict { return p.step == .moved } else { return false }
            }
            if !moves.isEmpty {
                carried += 1
                for entry in moves {
                    guard case .ported(let p) = entry.verdict, let name = p.subject,
                        let index = Int(name.dropFirst(2))
                    else { continue }
                    #expect(
                        c.fork[index] != c.base[index], "seed \(seed): carried \(name), which the fork never changed")
                }
            }
        }
        // The generator makes carried moves often enough for the property to mean something.
        #expect(carried >= 50, "only \(carried) carried moves in 1,000 cases")
    }
}
