import Testing
@testable import TandemCore

/// An insertion the fork made already, in its own form (`FilePatcher+ForkForm`): a stable fix adding a
/// macro and a helper, applied to a newer release that has both, one call renamed, right after a macro it
/// rewrote. The 3-way merge of the region takes the newer release's block as its own change and upstream's
/// as another, and would write the helper twice. With the base the hunk is ambiguous, naming the fork's copy.
/// Twins: the same fix on a release without the block lands; an entry added beside look-alike entries the
/// base has (a quirk table) lands; an entry beside a different entry the fork added lands.
@Suite("FilePatcher: an insertion the fork made already in its own form")
struct ForkFormTests {
    let head = ["int a;\n", "#define R(p, s)\t\\\n", "\t((p) >> (s))\n", "\n"]
    let tail = ["/*\n", " * TLB invalidation\n", " */\n", "int z;\n"]
    /// The newer release's own rewrite of the macro the hunk has as context.
    let rewritten = [
        "int a;\n", "#define R(p, s)\t\t\t\\\n", "\t({\t\t\t\\\n", "\t\t((p) >> (s + 1));\t\\\n", "\t})\n", "\n",
    ]
    func block(call: String) -> [String] {
        [
            "#define REPEAT_SYNC(op, arg...)\t\\\n", "do {\t\t\t\t\\\n",
            "\tif (!\(call)(WORKAROUND_REPEAT))\t\\\n", "\t\tbreak;\t\t\t\\\n", "\ttlbi(op, ##arg);\t\t\\\n",
            "} while (0)\n", "\n", "static inline void tlbi_sync_hyp(void)\n", "{\n", "\tdsb(ish);\n",
            "\tREPEAT_SYNC(vale2is, 0);\n", "}\n", "\n",
        ]
    }

    func patch(_ lines: [String]) -> [Hunk] {
        PatchParser.parse(Array(lines.joined().utf8)).patch.files[0].hunks
    }
    var fix: [Hunk] {
        patch(
            ["--- a/tlb.h\n", "+++ b/tlb.h\n", "@@ -2,6 +2,19 @@\n"] + head.dropFirst().map { " " + $0 }
                + block(call: "has_feature_unlikely").map { "+" + $0 } + tail.prefix(3).map { " " + $0 })
    }
    func file(_ lines: [String]) -> TextFile { TextFile(bytes: Array(lines.joined().utf8)) }

    /// The lines and note of an ambiguous outcome; any other outcome is recorded as an issue (nil).
    func ambiguity(_ outcome: HunkOutcome) -> (lines: [Int], note: String?)? {
        guard case .failed(.ambiguous(let lines, let note)) = outcome else {
            Issue.record("the hunk should be ambiguous, not \(outcome)")
            return nil
        }
        return (lines, note)
    }

    @Test func theForksCopyOneCallRenamedIsNotWrittenAgain() {
        let newer = rewritten + block(call: "has_cap_unlikely") + tail
        let result = FilePatcher.apply(fix, to: file(newer), base: file(head + tail))
        guard let (lines, note) = ambiguity(result.outcomes[0]) else { return }
        #expect(lines.count == 1)  // where the merge would have put it; the note names the fork's copy
        #expect(note?.contains("stands at line 7 already, 8 of its 9 lines that say something") == true)
        #expect(note?.contains("made there before in another form") == true)
        #expect(result.file == file(newer))
    }

    @Test func withoutTheBlockItIsMerged() {
        let newer = rewritten + tail
        let result = FilePatcher.apply(fix, to: file(newer), base: file(head + tail))
        #expect(step(result.outcomes[0]) == .merge)
        #expect(result.file == file(rewritten + block(call: "has_feature_unlikely") + tail))
    }

    /// A quirk table: upstream adds an entry after another; the target (the base, a fork line changed
    /// elsewhere) and the base hold a look-alike entry, four of the new entry's five lines that say something.
    /// Lines the base has are no evidence: the entry lands. Nor is an entry the fork added itself beside it,
    /// for another vendor: three of the five.
    func entry(_ vendor: String, _ model: String) -> [String] {
        [
            "\t{\n", "\t .callback = force_native,\n", "\t .matches = {\n",
            "\t\tDMI_MATCH(DMI_SYS_VENDOR, \"\(vendor)\"),\n", "\t\tDMI_MATCH(DMI_PRODUCT_NAME, \"Satellite\"),\n",
            "\t\tDMI_MATCH(DMI_PRODUCT_VERSION, \"\(model)\"),\n", "\t\t},\n", "\t},\n",
        ]
    }
    var table: [String] {
        ["static const struct dmi_system_id quirks[] = {\n"] + entry("TOSHIBA", "R830") + entry("TOSHIBA", "Z830")
    }
    let end = ["\n", "\t/* Models with another controller */\n", "\t{ },\n", "};\n"]
    var newEntry: [Hunk] {
        patch(
            ["--- a/quirks.c\n", "+++ b/quirks.c\n", "@@ -15,6 +15,14 @@\n"]
                + entry("TOSHIBA", "Z830").suffix(3)
                .map { " " + $0 } + entry("TOSHIBA", "Z840").map { "+" + $0 } + end.prefix(3).map { " " + $0 })
    }

    @Test func anEntryBesideLookAlikesTheBaseHasLands() {
        let target = ["/* fork */\n"] + table + end
        let result = FilePatcher.apply(newEntry, to: file(target), base: file(table + end))
        #expect(step(result.outcomes[0]) != nil)
        #expect(result.file == file(["/* fork */\n"] + table + entry("TOSHIBA", "Z840") + end))
    }

    @Test func anEntryBesideAnotherTheForkAddedLands() {
        let target = table + ["\n"] + entry("Dell", "OptiPlex") + end.dropFirst()
        let result = FilePatcher.apply(newEntry, to: file(target), base: file(table + end))
        #expect(step(result.outcomes[0]) != nil)
        #expect(
            result.file == file(table + entry("TOSHIBA", "Z840") + ["\n"] + entry("Dell", "OptiPlex") + end.dropFirst())
        )
    }

    /// The fix there already, word for word, a few lines from where its context still stands (the newer
    /// release checks the new attribute before the others): the text steps would find the context and write
    /// the check again. With the base, ambiguous; without it, landed as GNU patch lands it.
    @Test func theFixAFewLinesOffIsNotWrittenAgain() {
        let check = [
            "\tif (tb[SLOT]) {\n", "\t\tret = validate_slot(tb[SLOT], extack);\n", "\t\tif (ret)\n",
            "\t\t\tgoto table_free;\n", "\t}\n", "\n",
        ]
        let before = ["static int change(struct nlattr **tb)\n", "{\n", "\tint ret;\n", "\n"]
        let latency = [
            "\tif (tb[LATENCY]) {\n", "\t\tret = validate_time(tb[LATENCY], extack);\n", "\t\tif (ret)\n",
            "\t\t\tgoto table_free;\n", "\t}\n", "\n",
        ]
        let after = ["\tsch_tree_lock(sch);\n", "\told_clg = q->clg;\n", "\treturn 0;\n", "}\n"]
        let hunks = patch(
            ["--- a/netem.c\n", "+++ b/netem.c\n", "@@ -8,6 +8,12 @@\n"] + latency.suffix(3).map { " " + $0 }
                + check.map { "+" + $0 } + after.prefix(3).map { " " + $0 })
        let newer = before + check + latency + after
        let base = before + latency + after
        let result = FilePatcher.apply(hunks, to: file(newer), base: file(base))
        guard let (_, note) = ambiguity(result.outcomes[0]) else { return }
        #expect(note?.contains("stands at line 5 already, 4 of its 4 lines") == true)
        #expect(result.file == file(newer))
        let guess = FilePatcher.apply(hunks, to: file(newer))
        #expect(step(guess.outcomes[0]) == .offset || step(guess.outcomes[0]) == .exact)
        #expect(guess.file == file(before + check + latency + check + after))
    }

    /// A function the fork wrote 150 lines further on, its head line word for word, while the patch's context
    /// still stands where upstream adds it: beyond the window, the head line finds the fork's copy. Twin: the
    /// base has that function there too (upstream defines it once per branch of an `#ifdef`): lands.
    @Test func aDefinitionTheForkWroteFarOffIsNotWrittenAgain() {
        let includes = ["#include <net/ipv6.h>\n", "#include <net/tcp.h>\n", "\n"]
        let starve = [
            "static void starve(struct timer_list *t)\n", "{\n", "\tstruct ring *rx = from_timer(rx, t, timer);\n",
            "\tnapi_schedule(&rx->napi);\n", "}\n", "\n",
        ]
        let next = ["static int refs(struct buf *bs)\n", "{\n", "\treturn page_count(bs->page);\n", "}\n", "\n"]
        let filler = (0..<150).map { "int counter_\($0);\n" }
        let hunks = patch(
            ["--- a/rx.c\n", "+++ b/rx.c\n", "@@ -1,6 +1,12 @@\n"] + includes.map { " " + $0 } + starve.map { "+" + $0 }
                + next.prefix(3).map { " " + $0 })
        let base = includes + next + filler
        let newer = includes + next + filler + ["#ifdef CONFIG_RX\n"] + starve + ["#endif\n"]
        let result = FilePatcher.apply(hunks, to: file(newer), base: file(base))
        guard let (_, note) = ambiguity(result.outcomes[0]) else { return }
        #expect(note?.contains("stands at line 160 already, 3 of its 3 lines") == true)
        #expect(result.file == file(newer))
        let twin = includes + next + filler + ["#ifdef CONFIG_RX\n"] + starve + ["#endif\n"]
        let landed = FilePatcher.apply(hunks, to: file(twin), base: file(twin))
        #expect(step(landed.outcomes[0]) == .exact)
        #expect(landed.file == file(includes + starve + next + filler + ["#ifdef CONFIG_RX\n"] + starve + ["#endif\n"]))
    }
}
