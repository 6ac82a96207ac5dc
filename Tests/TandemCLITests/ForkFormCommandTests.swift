import Foundation
import Testing
import TandemTestSupport

/// `tandem apply --base` of a stable fix onto a newer release that has the fix in its own form (one call
/// renamed, after a macro it rewrote): nothing is written, the hunk is reported ambiguous with the line of the
/// file's own copy, and `--merge` leaves that file as it was. Twin: the release without the block takes it.
@Suite("tandem apply: a fix the file holds in its own form")
struct ForkFormCommandTests {
    let base = "int a;\n#define R(p, s)\t\\\n\t((p) >> (s))\n\n/*\n * TLB invalidation\n */\nint z;\n"
    let rewritten = "int a;\n#define R(p, s)\t\t\t\\\n\t({\t\t\t\\\n\t\t((p) >> (s + 1));\t\\\n\t})\n\n"
    let tail = "/*\n * TLB invalidation\n */\nint z;\n"
    func block(_ call: String) -> String {
        "#define REPEAT_SYNC(op, arg...)\t\\\ndo {\t\t\t\t\\\n\tif (!\(call)(WORKAROUND_REPEAT))\t\\\n"
            + "\t\tbreak;\t\t\t\\\n\ttlbi(op, ##arg);\t\t\\\n} while (0)\n\n"
            + "static inline void tlbi_sync_hyp(void)\n{\n\tdsb(ish);\n\tREPEAT_SYNC(vale2is, 0);\n}\n\n"
    }
    var patch: String {
        let added = block("has_feature_unlikely").split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return "--- a/tlb.h\n+++ b/tlb.h\n@@ -2,6 +2,19 @@\n #define R(p, s)\t\\\n \t((p) >> (s))\n \n"
            + added.map { "+" + $0 + "\n" }.joined() + " /*\n  * TLB invalidation\n  */\n"
    }

    @Test func theFixIsNotWrittenAgain() throws {
        let tree = try Scratch(), baseTree = try Scratch()
        defer { tree.cleanup(); baseTree.cleanup() }
        let newer = rewritten + block("has_cap_unlikely") + tail
        try tree.write("tlb.h", newer)
        try baseTree.write("tlb.h", base)
        try baseTree.write("fix.patch", patch)  // beside the base's file: the patch names tlb.h only
        let patchFile = baseTree.path + "/fix.patch"
        let checked = try tandem("apply", "--base", baseTree.path, patchFile, directory: tree.path)
        let said = String(decoding: checked.stdout, as: UTF8.self)
        #expect(checked.status == 1)
        #expect(said.contains("what it adds stands at line 7 already"), "\(said)")
        #expect(said.contains("made there before in another form?"))
        let merged = try tandem("apply", "--base", baseTree.path, "--merge", patchFile, directory: tree.path)
        #expect(merged.status == 1)
        #expect(String(decoding: readBytes(tree.path + "/tlb.h"), as: UTF8.self) == newer)
        // Twin: without the block, the 3-way step merges it in after the rewritten macro.
        try tree.write("tlb.h", rewritten + tail)
        let landed = try tandem("apply", "--base", baseTree.path, patchFile, directory: tree.path)
        #expect(landed.status == 0, "\(String(decoding: landed.stdout, as: UTF8.self))")
        #expect(
            String(decoding: readBytes(tree.path + "/tlb.h"), as: UTF8.self)
                == rewritten + block("has_feature_unlikely") + tail)
    }
}
