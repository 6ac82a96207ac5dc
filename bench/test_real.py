"""Unit tests of bench/real.py's pure functions: python3 -m unittest bench.test_real (from the repo root)."""
import tempfile
import unittest
from pathlib import Path

from bench import real


def entry(up, hunk, verdict, copy=None):
    return {"upstreamPath": up, "hunk": hunk, "copyPath": copy or "xen/" + up, "verdict": verdict}


class SecondRunTests(unittest.TestCase):
    def test_ported_hunks_are_followed_into_the_second_run(self):
        first = {"entries": [entry("a.c", 1, "ported"), entry("a.c", 2, "ported"), entry("a.c", 3, "fork-conflict"),
                             entry("b.c", 1, "ported")]}
        second = {"entries": [entry("a.c", 1, "already-applied"), entry("a.c", 2, "ported"),
                              entry("a.c", 3, "fork-conflict")]}
        patch = b"--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n ctx\n-old\n+new\n+more\n"
        self.assertEqual(real.second_run(first, second, patch),
                         {"ported": 3, "verdicts": {"already-applied": 1, "ported": 1, "no verdict": 1},
                          "changed_lines": 3})


class ClaimsTests(unittest.TestCase):
    COUNTS = {"a.c": 3, "b.c": 2, "new.c": 1}

    def test_outcome_per_verdict(self):
        self.assertEqual(real.claim_outcome("ported"), "applied")
        for verdict in ("already-applied", "shared", "new-upstream-file", "upstream-deleted", "binary"):
            self.assertIsNone(real.claim_outcome(verdict), verdict)
        for verdict in ("fork-conflict", "ambiguous", "context-not-found", "upstream-drift", "flagged",
                        "missing-fork-file", "needs-review"):   # the last: a verdict tandem does not have yet
            self.assertEqual(real.claim_outcome(verdict), "flagged", verdict)

    def test_per_file_numbers_are_kept(self):
        report = {"entries": [entry("a.c", 1, "ported"), entry("a.c", 3, "fork-conflict"),
                              entry("b.c", 1, "already-applied"), entry("b.c", 2, "some-new-review-verdict"),
                              entry("new.c", 0, "new-upstream-file")]}
        claims, facts = real.claims_from_report(report, self.COUNTS)
        self.assertEqual(facts, {"numbering": "per-file", "unmatched": 0})
        self.assertEqual(claims, [("a.c", 1, "applied", "xen/a.c"), ("a.c", 3, "flagged", "xen/a.c"),
                                  ("b.c", 2, "flagged", "xen/b.c")])
        self.assertEqual(real.claims_tsv(claims[:1]), "a.c\t1\tapplied\txen/a.c\n")

    def test_global_numbers_become_per_file(self):
        report = {"entries": [entry("a.c", 2, "ported"), entry("b.c", 4, "ported"), entry("b.c", 5, "ambiguous")]}
        claims, facts = real.claims_from_report(report, self.COUNTS)
        self.assertEqual(facts["numbering"], "global")
        self.assertEqual([(c[0], c[1], c[2]) for c in claims],
                         [("a.c", 2, "applied"), ("b.c", 1, "applied"), ("b.c", 2, "flagged")])

    def test_two_copies_and_file_level_verdicts(self):
        report = {"entries": [entry("a.c", 1, "ported", "a-xen.c"), entry("a.c", 1, "fork-conflict", "a.c"),
                              entry("b.c", 0, "missing-fork-file", "xen/b.c"), entry("gone.c", 1, "ported")]}
        claims, facts = real.claims_from_report(report, self.COUNTS)
        self.assertEqual(facts["unmatched"], 1)
        self.assertEqual(claims, [("a.c", 1, "applied", "a-xen.c"), ("a.c", 1, "flagged", "a.c"),
                                  ("b.c", 1, "flagged", "xen/b.c"), ("b.c", 2, "flagged", "xen/b.c")])

    def test_unexplainable_numbers_are_an_error(self):
        with self.assertRaises(real.BenchError):
            real.claims_from_report({"entries": [entry("a.c", 9, "ported")]}, self.COUNTS)


class StructureTests(unittest.TestCase):
    def test_conditionals(self):
        self.assertEqual(real.unmatched_conditionals(b"#ifdef A\nx\n#else\ny\n#endif\n"), 0)
        self.assertEqual(real.unmatched_conditionals(b"#ifdef A\n# if B\n#endif\n"), 1)
        self.assertEqual(real.unmatched_conditionals(b"x\n#endif /* A */\n#else\n"), 2)
        self.assertEqual(real.unmatched_conditionals(b"#include <a.h>\n#ifdefined\n#define X\n"), 0)

    def test_braces_ignore_comments_and_strings(self):
        self.assertEqual(real.brace_balance(b'f() {\n\tputs("{"); c = \'}\'; /* { */ // }\n}\n'), 0)
        self.assertEqual(real.brace_balance(b"f() {\n\tif (x) {\n}\n"), 1)

    def test_a_break_counts_only_where_before_and_answer_matched(self):
        good, open_if = b"#ifdef A\nx\n#endif\n{ }\n", b"#ifdef A\nx\n{ }\n"
        self.assertEqual(real.broken_structure(good, open_if, good, True), ["conditionals"])
        self.assertEqual(real.broken_structure(open_if, open_if, good, True), [])
        self.assertEqual(real.broken_structure(good, b"#ifdef A\nx\n#endif\n{\n", good, True), ["braces"])
        self.assertEqual(real.broken_structure(good, b"#ifdef A\nx\n#endif\n{\n", good, False), [])


class ForkMapTests(unittest.TestCase):
    def test_tsv_to_yaml(self):
        tsv = ("arch/i386/kernel/setup.c\tarch/xen/i386/kernel/setup.c\n"
               "arch/i386/kernel/traps.c\tarch/i386/kernel/traps-xen.c\n"
               "arch/i386/kernel/traps.c\tarch/i386/kernel/traps.c\n\n")
        pairs = real.read_forkmap(tsv)
        self.assertEqual(len(pairs), 3)
        self.assertEqual(real.forkmap_yaml(pairs).splitlines()[1:], [
            "forks:",
            '  - {upstream: "arch/i386/kernel/setup.c", fork: "arch/xen/i386/kernel/setup.c"}',
            '  - {upstream: "arch/i386/kernel/traps.c", fork: "arch/i386/kernel/traps-xen.c"}',
            '  - {upstream: "arch/i386/kernel/traps.c", fork: "arch/i386/kernel/traps.c"}'])

    def test_quotes_are_escaped(self):
        self.assertEqual(real.yaml_string('odd "name"\\x'), '"odd \\"name\\"\\\\x"')

    def test_bad_line(self):
        with self.assertRaises(real.BenchError):
            real.read_forkmap("only-one-column\n")


class WiggleTests(unittest.TestCase):
    def test_conflicts_keep_the_copys_side_also_inside_lines(self):
        merged = (b"a\n\tturn_on ? \"set iopl to <<<<<<< found\n3\" : \"x\");\n||||||| expected\n"
                  b"3\");\n=======\n0\");\n>>>>>>> replacement\nb\n"
                  b"<<<<<<< found\nours\n||||||| expected\nbase\n=======\ntheirs\n>>>>>>> replacement\nc\n")
        self.assertEqual(real.wiggle_ours(merged), b"a\n\tturn_on ? \"set iopl to 3\" : \"x\");\nb\nours\nc\n")
        self.assertEqual(len(real.WIGGLE_CONFLICT.findall(merged)), 2)

    def test_text_without_conflicts_is_unchanged(self):
        text = b"<<<<<<< not a marker of wiggle's\n=======\n"
        self.assertEqual(real.wiggle_ours(text), text)


class LocationTests(unittest.TestCase):
    def test_realdata_is_relative_to_the_repository_root(self):
        root = Path("/repo/wt")
        self.assertEqual(real.realdata_root({}, root), Path("/repo/shared/realdata"))
        self.assertEqual(real.realdata_root({"TANDEM_REALDATA": "data"}, root), Path("/repo/wt/data"))
        self.assertEqual(real.realdata_root({"TANDEM_REALDATA": "/abs"}, root), Path("/abs"))


class MissesTests(unittest.TestCase):
    def test_rows_and_lines(self):
        scored = {"cases": [{"summary": {"case": "c1"}, "rows": [
            dict(upstream_path="a.c", hunk=1, fork_path="x/a.c", truth="ported", land="not-ported"),
            dict(upstream_path="a.c", hunk=2, fork_path="x/a.c", truth="ported", land="ported"),
            dict(upstream_path="a.c", hunk=3, fork_path="x/a.c", truth="not-ported", land="ported"),
            dict(upstream_path="a.c", hunk=4, fork_path="x/a.c", truth="ported", land="already")]}]}
        index = {"c1": {("a.c", 1, "x/a.c"): {"verdict": "fork-conflict", "step": None, "line": 7,
                                              "reason": "fork-conflict:\tmerge by hand"}}}
        rows = real.misses(scored, index)
        self.assertEqual([(r["kind"], r["hunk"], r["verdict"]) for r in rows],
                         [("miss", 1, "fork-conflict"), ("wrong", 3, "-")])
        lines = real.misses_tsv(rows).splitlines()
        self.assertEqual(lines[1], "c1\tmiss\ta.c\t1\tx/a.c\tported\tnot-ported\tfork-conflict\t-\t7\t"
                                   "fork-conflict: merge by hand")



class CorpusOptionTests(unittest.TestCase):
    def test_a_missing_folder_of_cases_is_refused_before_anything_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = str(Path(tmp) / "no-such-cases")
            self.assertEqual(real.main(["--corpus", missing]), 2)


class StepCountsTests(unittest.TestCase):
    def test_rows_tandem_ported_are_counted_by_step_and_truth(self):
        scored = {"cases": [{"summary": {"case": "c"}, "rows": [
            {"upstream_path": "a.c", "hunk": 1, "fork_path": "x/a.c", "truth": "ported", "land": "ported"},
            {"upstream_path": "a.c", "hunk": 2, "fork_path": "x/a.c", "truth": "not-ported", "land": "ported"},
            {"upstream_path": "a.c", "hunk": 3, "fork_path": "x/a.c", "truth": "ported", "land": "partial"},
            {"upstream_path": "a.c", "hunk": 4, "fork_path": "x/a.c", "truth": "ported", "land": "not-ported"}]}]}
        indexes = {"c": {("a.c", 1, "x/a.c"): {"verdict": "ported", "step": "exact"},
                         ("a.c", 2, "x/a.c"): {"verdict": "ported", "step": "3-way"},
                         ("a.c", 3, "x/a.c"): {"verdict": "ported", "step": "3-way"},
                         ("a.c", 4, "x/a.c"): {"verdict": "fork-conflict", "step": None}}}
        counts = real.step_counts(scored, indexes)
        self.assertEqual(counts, {"exact": {"right": 1}, "3-way": {"wrong": 1, "other": 1}})
        table = real.format_step_table(counts)
        self.assertEqual(table.splitlines()[2].split(), ["3-way", "0", "1", "1"])
        self.assertEqual(table.splitlines()[3].split(), ["exact", "1", "0", "0"])


class ReviewCountsTests(unittest.TestCase):
    def test_rows_held_for_review_are_counted_by_truth(self):
        scored = {"cases": [{"summary": {"case": "c"}, "rows": [
            {"upstream_path": "a.c", "hunk": 1, "fork_path": "x/a.c", "truth": "not-ported", "land": "not-ported"},
            {"upstream_path": "a.c", "hunk": 2, "fork_path": "x/a.c", "truth": "ported", "land": "not-ported"},
            {"upstream_path": "a.c", "hunk": 3, "fork_path": "x/a.c", "truth": "partial", "land": "not-ported"},
            {"upstream_path": "a.c", "hunk": 4, "fork_path": "x/a.c", "truth": "not-ported", "land": "ported"}]}]}
        indexes = {"c": {("a.c", 1, "x/a.c"): {"verdict": "review"}, ("a.c", 2, "x/a.c"): {"verdict": "review"},
                         ("a.c", 3, "x/a.c"): {"verdict": "review"}, ("a.c", 4, "x/a.c"): {"verdict": "ported"}}}
        counts = real.review_counts(scored, indexes)
        self.assertEqual(counts, {"not-ported": 1, "ported": 1, "partial": 1})
        self.assertEqual(real.format_review_line(counts),
                         "tandem held 3 hunk(s) for review: 1 the humans did not port (wrong landings caught), "
                         "1 they ported (right ones held back), 1 partial or trivial")


if __name__ == "__main__":
    unittest.main()
