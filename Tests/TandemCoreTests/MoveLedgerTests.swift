import Testing
@testable import TandemCore

/// Moves between files (`MoveLedger`): upstream moves `helper()` from `a.c` to `b.c`; a copy of `a.c` that
/// keeps its own `helper()` (the removal did not land) gets a note: built with `b.c`, it defines `helper`
/// twice. Twins: a copy where the removal lands, and a function removed and added back in one file (a new
/// signature), get none.
@Suite("Porter: moves between files")
struct MoveLedgerTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "arch/a/x.c", fork: "arch/xen/a/x.c")])

    let a =
        "#include <a.h>\n\nstatic int keep(void)\n{\n\treturn 1;\n}\n\nvoid helper(int n)\n{\n\tpoke(n);\n\tflush();\n}\n"
    let aAfter = "#include <a.h>\n\nstatic int keep(void)\n{\n\treturn 1;\n}\n"
    let b = "#include <b.h>\n\nvoid other(void)\n{\n}\n"
    let bAfter = "#include <b.h>\n\nvoid other(void)\n{\n}\n\nvoid helper(int n)\n{\n\tpoke(n);\n\tflush();\n}\n"

    func patch(_ pairs: [(String, String, String)]) -> Patch {
        var text: [UInt8] = []
        for (path, old, new) in pairs {
            text += UnifiedDiffWriter.filePatch(
                old: .init(path: bytes(path), file: TreeFile(bytes: bytes(old))),
                new: .init(path: bytes(path), file: TreeFile(bytes: bytes(new))))
        }
        return PatchParser.parse(text).patch
    }

    func port(copy: String, _ pairs: [(String, String, String)]) throws -> Porter.Result {
        try Porter.port(
            patch(pairs), map: map, fork: MemoryTree(["arch/xen/a/x.c": copy, "arch/a/y.c": b]),
            base: MemoryTree(["arch/a/x.c": a, "arch/a/y.c": b]), options: .init())
    }

    @Test func aCopyKeepingAMovedFunctionIsNoted() throws {
        let copy = a.replacingOccurrences(of: "\tpoke(n);\n\tflush();", with: "\txen_poke(n);\n\txen_flush();")
        let result = try port(copy: copy, [("arch/a/x.c", a, aAfter), ("arch/a/y.c", b, bAfter)])
        #expect(result.report.entries.map(\.verdict.label) == ["fork-conflict"])
        let notes = result.report.notes.map(\.message)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("upstream moved helper to arch/a/y.c, and this copy keeps its own") == true)
        #expect(result.report.notes.first.map { displayText($0.copyPath) } == "arch/xen/a/x.c")
    }

    @Test func aCopyWhereTheRemovalLandsIsNotNoted() throws {
        let result = try port(copy: a, [("arch/a/x.c", a, aAfter), ("arch/a/y.c", b, bAfter)])
        #expect(result.report.entries.map(\.verdict.label) == ["ported"])
        #expect(result.report.notes.isEmpty)
    }

    @Test func aNewSignatureInTheSameFileIsNoMove() throws {
        let resigned = a.replacingOccurrences(of: "void helper(int n)", with: "void helper(long n)")
        let copy = a.replacingOccurrences(of: "\tflush();", with: "\txen_flush();")
        let result = try port(copy: copy, [("arch/a/x.c", a, resigned), ("arch/a/y.c", b, bAfter)])
        #expect(result.report.notes.isEmpty)
    }

    @Test func definitionLines() {
        func name(_ text: String) -> String? { DefinitionLine.name(bytes(text)[...]) }
        #expect(name("static void helper(int n)\n") == "helper")
        #expect(name("helper(int n)\n") == "helper")
        #expect(name("#define PK(x) ((x) + 1)\n") == "PK")
        #expect(name("#  define LIMIT 4\n") == "LIMIT")
        #expect(name("int helper(int n);\n") == nil, "a prototype")
        #expect(name("\thelper(n);\n") == nil, "a call")
        #expect(name("DO_ERROR(11, SIGBUS, \"segment\", segment_not_present)\n") == nil, "a macro invocation")
        #expect(name("static int table[] = {\n") == nil)
    }

    /// A `static` function moved between two source files is local to each: no clash, no note. Moved into a
    /// header, it meets the copy's version wherever the header is included: noted.
    @Test func staticFunctionsClashOnlyThroughHeaders() throws {
        let local = a.replacingOccurrences(of: "void helper(int n)", with: "static void helper(int n)")
        let localAfter = bAfter.replacingOccurrences(of: "void helper(int n)", with: "static void helper(int n)")
        let copy = local.replacingOccurrences(of: "\tflush();", with: "\txen_flush();")
        let between = try Porter.port(
            patch([("arch/a/x.c", local, aAfter), ("arch/a/y.c", b, localAfter)]), map: map,
            fork: MemoryTree(["arch/xen/a/x.c": copy, "arch/a/y.c": b]),
            base: MemoryTree(["arch/a/x.c": local, "arch/a/y.c": b]), options: .init())
        #expect(between.report.entries.map(\.verdict.label) == ["fork-conflict"])
        #expect(between.report.notes.isEmpty)
        let intoHeader = try Porter.port(
            patch([("arch/a/x.c", local, aAfter), ("arch/a/y.h", b, localAfter)]), map: map,
            fork: MemoryTree(["arch/xen/a/x.c": copy, "arch/a/y.h": b]),
            base: MemoryTree(["arch/a/x.c": local, "arch/a/y.h": b]), options: .init())
        #expect(intoHeader.report.notes.map(\.kind) == [.movedElsewhere])
    }
}
