"""Unit tests of bench/siblings_real.py's pure functions: python3 -m unittest bench.test_siblings_real (from the
repo root). One test also checks the misses dump against the corpus's scorer, when the corpus is there."""
import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from bench import real
from bench import siblings_real as sr

SIB = "arch/x86_64/kernel/setup.c"
SRC = "arch/i386/kernel/setup.c"


def tandem_finding(line, sib=SIB, conf=0.95, fn="setup_arch", hunk=1):
    """A finding as tandem.siblings/1 writes it (source path and line at the top, sibling under sibling*)."""
    return {"path": SRC, "hunk": hunk, "line": 100, "function": fn, "siblingPath": sib, "siblingLine": line,
            "confidence": conf, "why": "the sibling still has the lines this hunk changes"}


def locs(finding):
    """What the scorer's locations() gives for tandem_finding: the source and the sibling location."""
    return [(finding["path"], finding["line"], None), (finding["siblingPath"], finding["siblingLine"], None)]


def pair(c1, path=SIB, start=50, end=55, **extra):
    row = {"c1": c1, "direction": "i386->x86_64", "c2_sibling_path": path, "sib_line_start": str(start),
           "sib_line_end": str(end), "tier": "A", "kind": "fix", "timing": "delayed", "c1_file": SRC,
           "c1_hunk": "2", "c1_old_start": "40", "c1_func": "void f(void)", "sibling_state_at_c1": "exact"}
    row.update(extra)
    return row


def negative(c1, path=SIB, start=50, end=55, **extra):
    row = {"c1": c1, "direction": "i386->x86_64", "sibling_path": path, "sib_line_start": str(start),
           "sib_line_end": str(end), "c1_file": SRC, "c1_hunk": "1", "c1_old_start": "10", "c1_func": "",
           "sibling_state_at_c1": "exact", "judgement": ""}
    row.update(extra)
    return row


def block(**groups):
    """A scorer block: {group: {rows, line, file}} from group=(rows, line, file)."""
    return {g.replace("_", " "): {"rows": r, "line": ln, "file": f} for g, (r, ln, f) in groups.items()}


def score(line=50, tier_b=5, findings=197, bad_exit=0):
    return {
        "tolerance_lines": 10,
        "runs": {"read": 128, "commits": 128, "bad_exit": bad_exit},
        "pairs": {"by_tier": block(all=(130, line, 85), tier_A=(104, line - tier_b, 68), tier_B=(26, tier_b, 17)),
                  "by_timing": block(all=(130, line, 85), delayed=(106, 39, 66), series=(24, line - 39, 19)),
                  "by_kind": block(all=(130, line, 85), fix=(130, line, 85)),
                  "by_direction": block(all=(130, line, 85)),
                  "commit_pairs": {"n": 52, "file": 40, "line": 26, "line_rate": 0.5}},
        "negatives": {"by_direction": block(all=(151, 87, 111)),
                      "by_judgement": block(all=(151, 87, 111), missed=(2, 2, 2), deliberate=(6, 3, 3),
                                            unjudged=(143, 82, 106))},
        "volume": {"findings_total": findings, "findings_per_commit": round(findings / 128, 4),
                   "findings_matching_no_row": 37},
    }


class SetupTests(unittest.TestCase):
    def test_map_is_the_one_the_corpus_runner_writes(self):
        self.assertEqual(sr.siblings_yaml(), "siblings:\n"
                                             "  - [arch/i386/, arch/x86_64/]\n"
                                             "  - [include/asm-i386/, include/asm-x86_64/]\n")

    def test_work_root(self):
        self.assertEqual(sr.work_root({}), Path("/dev/shm/tandem-bench-siblings"))
        self.assertEqual(sr.work_root({"TANDEM_BENCH_WORK": "/tmp/w"}), Path("/tmp/w"))

    def test_realdata_default_is_beside_the_repository(self):
        self.assertEqual(real.realdata_root({}, Path("/r/wt")), Path("/r/shared/realdata"))

    def test_commands(self):
        cmds = sr.tool_commands(Path("/b/tandem"), Path("/c"), Path("/w/tandem.yml"))
        self.assertEqual(cmds["tandem"], ["/b/tandem", "siblings", "--upstream", "{repo}", "--range", "{range}",
                                          "--map", "/w/tandem.yml", "--format", "json"])
        self.assertEqual(cmds["stand-in"][1:], ["/c/standin.py", "--map", "/w/tandem.yml", "{repo}", "{range}"])

    def test_arguments(self):
        args = sr.parse_args(["--json", "x.json", "--jobs", "1"])
        self.assertEqual((args.json, args.jobs, args.limit, args.misses), ("x.json", 1, 0, None))
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            sr.parse_args(["--jobs", "0"])

    def test_failed_runs_are_those_not_exiting_0_or_1(self):
        with tempfile.TemporaryDirectory() as d:
            logs = Path(d)
            for rev, rc in (("aaa", "0"), ("bbb", "1"), ("ccc", "2"), ("ddd", "139")):
                (logs / f"{rev}.rc").write_text(rc + "\n")
            (logs / "ccc.stderr").write_text("tandem: one\ntandem: cannot read the range\n")
            failed = sr.failed_runs(logs)
        self.assertEqual([(f["commit"], f["exit"]) for f in failed], [("ccc", "2"), ("ddd", "139")])
        self.assertEqual(failed[0]["stderr"], "tandem: one / tandem: cannot read the range")
        self.assertEqual(failed[1]["stderr"], "")


class NumberTests(unittest.TestCase):
    def test_rate(self):
        self.assertEqual(sr.rate(50, 130), "38.5% (50/130)")
        self.assertEqual(sr.rate(0, 0), "- (0/0)")

    def test_headline(self):
        h = sr.headline(score(bad_exit=2))
        self.assertEqual((h["line"], h["pairs"], h["file"]), (50, 130, 85))
        self.assertEqual((h["tier_a"], h["tier_b"], h["commit_pairs"]), ([45, 104], [5, 26], [26, 52]))
        self.assertEqual((h["negatives_line"], h["negatives_file"], h["negatives"]), (87, 111, 151))
        self.assertEqual((h["judged_missed"], h["judged_deliberate"]), ([2, 2], [3, 6]))
        self.assertEqual((h["findings"], h["unexplained"], h["failed_runs"], h["bad_exit"]), (197, 37, 2, 2))

    def test_headline_without_some_groups(self):
        s = score()
        del s["pairs"]["by_tier"]["tier B"], s["negatives"]["by_judgement"]["missed"]
        h = sr.headline(s)
        self.assertEqual((h["tier_b"], h["judged_missed"]), ([0, 0], [0, 0]))

    def test_table_puts_the_tools_side_by_side(self):
        table = sr.format_headline([("tandem", sr.headline(score()), 6.25),
                                    ("stand-in", sr.headline(score(45, 0, 199)), 10.2)])
        lines = table.splitlines()
        self.assertTrue(lines[0].split() == ["tandem", "stand-in"])
        row = next(ln for ln in lines if ln.startswith("line recall"))
        self.assertEqual(row.split()[2:], ["38.5%", "(50/130)", "34.6%", "(45/130)"])
        row = next(ln for ln in lines if ln.startswith("  tier B"))
        self.assertIn("19.2% (5/26)", row)
        self.assertIn("0.0% (0/26)", row)
        row = next(ln for ln in lines if ln.startswith("findings (per commit)"))
        self.assertIn("197 (1.54)", row)
        self.assertIn("199 (1.55)", row)
        self.assertIn("6.2 s", next(ln for ln in lines if ln.startswith("wall time")))
        for label in ("file recall", "negatives flagged, line level", "negatives flagged, file level",
                      "findings matching no row", "failed runs"):
            self.assertTrue(any(ln.startswith(label) for ln in lines), label)

    def test_breakdown_lists_every_group_once_and_all_last(self):
        a = block(all=(10, 4, 6), fix=(6, 3, 4), change=(4, 1, 2))
        b = block(all=(10, 2, 3), fix=(6, 2, 3))            # no `change` group in the second tool
        lines = sr.format_breakdown("kind", [("tandem", a), ("stand-in", b)]).splitlines()
        self.assertEqual([ln.split()[0] for ln in lines[2:]], ["fix", "change", "all"])
        self.assertEqual(lines[3].split(), ["change", "4", "25.0%", "(1/4)", "50.0%", "(2/4)",
                                            "0.0%", "(0/4)", "0.0%", "(0/4)"])


class MissesTests(unittest.TestCase):
    def test_gap(self):
        loc = [(SIB, 30, None), (SIB, 70, 80), (SRC, 52, None), (SIB, None, None)]
        self.assertEqual(sr.gap(loc, SIB, 50, 55), 15)        # 70 is 15 past 55; 30 is 20 before 50
        self.assertEqual(sr.gap(loc, SIB, 75, 76), 0)         # inside 70-80
        self.assertEqual(sr.gap([(SIB, 60, 40)], SIB, 50, 55), 5)   # an end before the start is ignored
        self.assertIsNone(sr.gap(loc, "arch/x86_64/mm/init.c", 1, 2))
        self.assertIsNone(sr.gap([(SIB, None, None)], SIB, 1, 2))

    def test_describe_tandem_and_other_shapes(self):
        self.assertEqual(sr.describe(tandem_finding(52)),
                         f"{SIB}:52 conf 0.95 fn setup_arch from {SRC}#1@100: "
                         "the sibling still has the lines this hunk changes")
        standin = {"source": {"path": SRC, "hunk": 3, "line": 7}, "sibling": {"path": SIB, "line": 9, "endLine": 12},
                   "confidence": 1.0, "reason": "identical pre-image in sibling"}
        self.assertEqual(sr.describe(standin), f"{SIB}:9-12 conf 1.0 from {SRC}#3@7: identical pre-image in sibling")
        self.assertEqual(sr.describe("arch/x86_64/a.c:3"), "arch/x86_64/a.c:3")

    def test_describe_all(self):
        self.assertEqual(sr.describe_all([]), "no finding")
        other, mine = tandem_finding(5, sib="arch/x86_64/mm/init.c"), tandem_finding(52)
        text = sr.describe_all([(other, locs(other)), (mine, locs(mine))], SIB)
        self.assertTrue(text.startswith(f"{SIB}:52 "))
        self.assertIn(" || arch/x86_64/mm/init.c:5 ", text)

    def test_rows(self):
        near, far = tandem_finding(64), tandem_finding(200)     # 64: 9 past 55 (found); 200: far off
        docs = {"c-found": [(near, locs(near))], "c-far": [(far, locs(far))], "c-none": []}
        pairs = [pair("c-found"), pair("c-far", kind="change", tier="B"), pair("c-none"),
                 pair("c-absent", path="include/asm-x86_64/a.h")]
        negatives = [negative("c-found"), negative("c-far", judgement="deliberate"), negative("c-none")]
        rows = sr.miss_rows(pairs, negatives, docs)
        self.assertEqual([(r["set"], r["commit"], r["found"], r["gap"]) for r in rows],
                         [("pair", "c-far", "file", 145), ("pair", "c-none", "none", "-"),
                          ("pair", "c-absent", "none", "-"),
                          ("negative", "c-found", "line", 9), ("negative", "c-far", "file", 145)])
        r = rows[0]
        self.assertEqual((r["expected"], r["tier"], r["kind"], r["timing"], r["source"], r["function"]),
                         ("50-55", "B", "change", "delayed", f"{SRC}#2@40", "void f(void)"))
        self.assertTrue(r["tandem"].startswith(f"{SIB}:200 conf 0.95"))
        self.assertEqual(rows[1]["tandem"], "no finding")
        self.assertEqual((rows[4]["judgement"], rows[4]["state"], rows[4]["tier"]), ("deliberate", "exact", "-"))

    def test_diagnoses(self):
        own_far, other_near = tandem_finding(300, hunk=2), tandem_finding(52, hunk=1)
        wrong_file = tandem_finding(52, sib="arch/x86_64/kernel/other.c", hunk=2)
        docs = {"c-none": [], "c-other": [(other_near, locs(other_near))],
                "c-far": [(own_far, locs(own_far))], "c-wrong": [(wrong_file, locs(wrong_file))],
                "c-neg": [(own_far, locs(own_far)), (other_near, locs(other_near))]}
        pairs = [pair(c, path=SIB if c != "c-other" else "arch/x86_64/kernel/x.c") for c in
                 ("c-none", "c-other", "c-far", "c-wrong")]        # every pair row is hunk 2 of SRC
        rows = sr.miss_rows(pairs, [negative("c-neg", c1_hunk="2"), negative("c-other", c1_hunk="1")], docs)
        self.assertEqual([(r["commit"], r["diagnosis"]) for r in rows], [
            ("c-none", "no finding in the commit"),
            ("c-other", "hunk not flagged (the commit's findings come from other hunks)"),
            ("c-far", "hunk flagged in the file, 245 lines off"),
            ("c-wrong", "hunk flagged in another file"),
            ("c-neg", "flagged by another hunk's finding (this hunk's is 245 lines off)"),
            ("c-other", "flagged by this hunk")])
        self.assertEqual(rows[2]["own"], sr.describe(own_far))
        self.assertEqual(rows[1]["own"], "-")
        self.assertEqual(sr.diagnosis_counts(rows)[0], (("pair", "no finding in the commit"), 1))
        self.assertIn((("pair", "hunk flagged in the file, N lines off"), 1), sr.diagnosis_counts(rows))

    def test_source_of(self):
        self.assertEqual(sr.source_of(tandem_finding(1, hunk=3)), (SRC, 3))
        self.assertEqual(sr.source_of({"source": {"path": SRC, "hunk": 2}, "sibling": {"path": SIB}}), (SRC, 2))
        self.assertEqual(sr.source_of({"siblingPath": SIB}), (None, None))
        self.assertEqual(sr.source_of("x"), (None, None))

    def test_rows_without_expected_lines_are_file_level_only(self):
        hit = tandem_finding(52)
        rows = sr.miss_rows([pair("c", start="", end="")], [], {"c": [(hit, locs(hit))]})
        self.assertEqual([(r["found"], r["gap"]) for r in rows], [("file", "-")])

    def test_tsv(self):
        row = dict.fromkeys(sr.MISS_COLUMNS, "x")
        row["tandem"] = "a:1 conf 0.9: two\twords\nand a line"
        lines = sr.misses_tsv([row]).splitlines()
        self.assertEqual(lines[0], "#" + "\t".join(sr.MISS_COLUMNS))
        self.assertEqual(lines[1].split("\t")[-1], "a:1 conf 0.9: two words and a line")
        self.assertEqual(len(lines[1].split("\t")), len(sr.MISS_COLUMNS))

    def test_summary(self):
        rows = [{"set": "pair", "found": "none"}, {"set": "pair", "found": "file"},
                {"set": "negative", "found": "line"}, {"set": "negative", "found": "line"}]
        s = sr.miss_summary(rows)
        self.assertEqual((s[("pair", "none")], s[("negative", "line")], s[("negative", "file")]), (1, 2, 0))


class ScorerAgreementTests(unittest.TestCase):
    """miss_rows must find at line level exactly what score_siblings.py finds (skipped without the corpus)."""

    def test_same_line_test_as_the_scorer(self):
        path = real.realdata_root() / sr.CORPUS / "score_siblings.py"
        if not path.is_file():
            self.skipTest(f"no {path}")
        scorer = sr.load_module(path, "score_siblings")
        for line in range(30, 80):
            f = tandem_finding(line)
            found_by_scorer = scorer.matches(scorer.locations(f), SIB, "50", "55", sr.TOLERANCE)[1]
            rows = sr.miss_rows([pair("c")], [], {"c": [(f, scorer.locations(f))]})
            self.assertEqual(not rows, found_by_scorer, line)


if __name__ == "__main__":
    unittest.main()


class LaterFormatTest(unittest.TestCase):
    def test_sides_are_counted_apart_and_only_unexpected_settlements_listed(self):
        from collections import Counter
        counts = Counter({("with C2", "settled in C2"): 3, ("with C2", "still missed at C2"): 1,
                          ("without C2", "still missed at the end"): 2})
        text = sr.format_later(counts, ["settled by some commit: abc x.c -> y.c: equivalent in def (s)"])
        self.assertIn("with C2        4 pairs: settled in C2 3, still missed at C2 1", text)
        self.assertIn("without C2     2 pairs: still missed at the end 2", text)
        self.assertIn("  settled by some commit: abc", text)
        self.assertNotIn("failed", text)
