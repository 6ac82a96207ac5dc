"""Unit tests of bench/apply.py and bench/port.py: the tools' reports, the seeded drift, judging, tables."""
import json
import os
import tempfile
import unittest
from pathlib import Path

from bench import apply, port
from bench.common import Timing
from bench.patches import FileEntry, Hunk, parse_patch_bytes

PATCH_OUT = b"""patching file arch/x86/kernel/a.c
Hunk #2 succeeded at 120 (offset 7 lines).
Hunk #3 succeeded at 140 with fuzz 2 (offset -3 lines).
Hunk #4 FAILED at 200.
1 out of 4 hunks FAILED -- saving rejects to file arch/x86/kernel/a.c.rej
patching file 'weird name.c'
Hunk #1 ignored at 5.
patching file b.c
Reversed (or previously applied) patch detected!  Skipping patch.
The next patch would create the file new.c,
which already exists!  Skipping patch.
The next patch would delete the file old.c, which does not exist!  Skipping patch.
"""

GIT_ERR = b"""Checking patch arch/x86/kernel/a.c...
Hunk #2 succeeded at 120 (offset 7 lines).
error: while searching for:
Checking patch b.c...
Applied patch b.c cleanly.
Applying patch arch/x86/kernel/a.c with 1 reject...
Hunk #1 applied cleanly.
Rejected hunk #4.
"""


class ReportTests(unittest.TestCase):
    def test_gnu_patch(self):
        hunks, skipped = apply.parse_patch_stdout(PATCH_OUT)
        self.assertEqual(hunks, {("arch/x86/kernel/a.c", 2): ("offset", 120),
                                 ("arch/x86/kernel/a.c", 3): ("fuzz", 140),
                                 ("arch/x86/kernel/a.c", 4): ("failed", 200),
                                 ("weird name.c", 1): ("ignored", 5)})
        self.assertEqual(skipped, {"b.c", "new.c", "old.c"})

    def test_git_apply(self):
        hunks, wrote = apply.parse_git_stderr(GIT_ERR)
        self.assertEqual(hunks, {("arch/x86/kernel/a.c", 2): ("offset", 120), ("arch/x86/kernel/a.c", 4): ("failed", None)})
        self.assertEqual(wrote, {"b.c", "arch/x86/kernel/a.c"})

    def test_tandem_json(self):
        report = {"files": [{"path": "a.c", "hunks": [
            {"number": 1, "outcome": "applied", "step": "exact"},
            {"number": 2, "outcome": "already-applied", "step": None},
            {"number": 3, "outcome": "ambiguous", "step": None}]}]}
        self.assertEqual(apply.parse_tandem_json(json.dumps(report).encode()),
                         {("a.c", 1): "exact", ("a.c", 2): "already-applied", ("a.c", 3): "ambiguous"})

    def test_outcomes_and_explanations(self):
        e = FileEntry("a.c", "modify")
        e.hunks = [Hunk(1, 1, 1, [b"-x\n", b"+y\n"]), Hunk(2, 9, 1, [b"-p\n", b"+q\n"])]
        got = apply.outcomes({"a.c": e}, {("a.c", 1): "exact"}, {("a.c", 2): ("failed", None)}, {"a.c"},
                             {("a.c", 2): ("offset", 12)}, set())
        self.assertEqual(got, {("a.c", 1): {"tandem": "exact", "git": "exact", "patch": "exact"},
                               ("a.c", 2): {"tandem": "no-report", "git": "failed", "patch": "offset"}})
        drift, files = {("a.c", 1): "duplicate"}, {"a.c": {"duplicate"}}
        self.assertEqual(apply.explain(("a.c", 1), "ambiguous", "offset", drift, files), "drift on the hunk (duplicate)")
        self.assertEqual(apply.explain(("a.c", 2), "exact", "failed", drift, files), "drift elsewhere in the file")
        self.assertEqual(apply.explain(("b.c", 1), "exact", "skipped", drift, files), "patch took the file for reversed")
        self.assertIsNone(apply.explain(("b.c", 1), "exact", "failed", drift, files))
        # A refusal must carry one of tandem's reasons.
        self.assertIsNone(apply.explain(("a.c", 1), "no-report", "offset", drift, files))

    def test_count_rej_hunks(self):
        with tempfile.TemporaryDirectory() as d:
            Path(d, "sub").mkdir()
            Path(d, "sub", "a.c.rej").write_bytes(b"--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n@@ -3 +3 @@\n-p\n+q\n")
            Path(d, "b.c").write_bytes(b"@@ not a reject\n")
            self.assertEqual(apply.count_rej_hunks(d), 2)


def c_file(n_functions):
    """A C-like file: functions with '{' and '}' at column 0."""
    out = []
    for i in range(n_functions):
        out += [f"static int f{i}(void)", "{", f"\tint x = {i};", "\treturn x;", "}", ""]
    return ("\n".join(out) + "\n").encode()


def modify_patch(path, text, changes, strip_prefix="old/t/"):
    """A -p2 patch of PATH that changes the 0-based lines CHANGES of TEXT, one hunk each with 3 lines of context."""
    lines = text.decode().split("\n")[:-1]
    out = [f"--- {strip_prefix}{path}\t2024-01-01 00:00:00 +0000", f"+++ new/t/{path}\t2024-02-01 00:00:00 +0000"]
    for at in changes:
        lo, hi = max(at - 3, 0), min(at + 4, len(lines))
        out.append(f"@@ -{lo + 1},{hi - lo} +{lo + 1},{hi - lo} @@")
        for j in range(lo, hi):
            out += [f"-{lines[j]}", f"+{lines[j]} /* new */"] if j == at else [f" {lines[j]}"]
    return ("\n".join(out) + "\n").encode()


class DriftTests(unittest.TestCase):
    def make(self, d, n_files=10):
        tree, entries, data = Path(d) / "tree", [], b""
        for i in range(n_files):
            path = f"arch/x86/f{i}.c"
            text = c_file(20)
            (tree / path).parent.mkdir(parents=True, exist_ok=True)
            (tree / path).write_bytes(text)
            data += modify_patch(path, text, [8, 40, 80])
        entries = parse_patch_bytes(data, 2)
        return tree, entries

    def test_apply_drift_is_seeded(self):
        results = []
        for _ in range(2):
            with tempfile.TemporaryDirectory() as d:
                tree, entries = self.make(d)
                rows, summary = apply.drift_tree(entries, tree, 1, 0.5)
                files = {p: (tree / p).read_bytes() for p, _, _ in ((e.path, 0, 0) for e in entries)}
                results.append((rows, summary, files))
        self.assertEqual(results[0], results[1])
        rows, summary, files = results[0]
        self.assertTrue(summary.startswith("drift (seed 1): 5 of 10 modified files, "))
        self.assertTrue(rows)
        for path, hunk, wanted, kind, line, inserted, what in rows:
            self.assertIn(kind, apply.KINDS)
            self.assertIn(wanted, apply.KINDS)
            self.assertGreaterEqual(line, 1)
        self.assertEqual(sum(files[p] != c_file(20) for p in files), 5)

    def test_port_fork_is_seeded_and_judged_right_without_tandem_changes(self):
        outs = []
        for _ in range(2):
            with tempfile.TemporaryDirectory() as d:
                tree, entries = self.make(d)
                fork = Path(d) / "fork"
                fork.mkdir()
                rows, notes = port.make_fork(entries, tree, fork, "arch/x86/", "arch/xen-x86/", 1, 0.3)
                outs.append((rows, notes, sorted((p.relative_to(fork), p.read_bytes())
                                                 for p in fork.rglob("*") if p.is_file())))
        self.assertEqual(outs[0], outs[1])
        rows, notes, files = outs[0]
        self.assertIn("fork: arch/xen-x86/ = 10 files of arch/x86/", notes)
        self.assertIn("drift (seed 1): 3 of the 10 copies the patch hits", notes)
        self.assertIn((Path("tandem.yml"), b"# Generated by scripts/bench port: arch/xen-x86/ is a copy of arch/x86/, "
                                           b"drifted.\nforks:\n  - {upstream: arch/x86/, fork: arch/xen-x86/}\n"), files)
        for row in rows:
            self.assertIn(row[3], port.KINDS)


class PortTests(unittest.TestCase):
    def test_find_function(self):
        text = c_file(3).split(b"\n")
        text = [line + b"\n" for line in text[:-1]]
        self.assertEqual(port.find_function(text, set()), [(0, 6), (6, 6), (12, 6)])
        self.assertEqual(port.find_function(text, {7}), [(0, 6), (12, 6)])

    def test_mapped_and_copies(self):
        data = (modify_patch("arch/x86/a.c", c_file(4), [8]) + modify_patch("arch/x86/a.c", c_file(4), [14])
                + modify_patch("mm/b.c", c_file(4), [8])
                + b"--- old/t/arch/x86/new.c\t1970-01-01 00:00:00 +0000\n+++ new/t/arch/x86/new.c\t2024-01-01 +0000\n"
                  b"@@ -0,0 +1 @@\n+x\n")
        entries = parse_patch_bytes(data, 2)
        self.assertEqual([e.path for e in port.mapped(entries, "arch/x86/")], ["arch/x86/a.c"])
        self.assertEqual(port.copies(entries, "arch/x86/"), (1, 1, "1 new"))

    def test_true_places(self):
        e = FileEntry("a.c", "modify")
        e.hunks = [Hunk(1, 10, 3, []), Hunk(2, 50, 3, [])]
        # 3 lines inserted before index 5, a 4-line function deleted at index 20..23.
        self.assertEqual(port.true_places(e, [(5, 3), (20, -4)]), {1: 12, 2: 48})

    def test_duplicate_strip(self):
        out = (b"--- old/linux-source-6.1/arch/x86/a.c\n+++ new/linux-source-6.1/arch/x86/a.c\n@@ -1 +1 @@\n"
               b"--- old/linux-source-6.1/arch/xen-x86/a.c\t2024\n+++ new/linux-source-6.1/arch/xen-x86/a.c\t2024\n")
        self.assertEqual(port.duplicate_strip(out, "arch/xen-x86/"), ("new/linux-source-6.1/arch/xen-x86/a.c", 2))
        self.assertEqual(port.duplicate_strip(b"+++ b/arch/xen-x86/a.c\n", "arch/xen-x86/"), ("b/arch/xen-x86/a.c", 1))
        self.assertEqual(port.duplicate_strip(b"+++ b/x.c\n", "arch/xen-x86/"), (None, 1))

    def test_verdict_totals(self):
        report = {"totals": {"ported": 210, "fork-conflict": 2, "entries": 212, "failures": 2}}
        self.assertEqual(port.verdict_totals(report), "  fork-conflict 2, ported 210\n  entries 212, failures 2")


class TableTests(unittest.TestCase):
    @staticmethod
    def timing(seconds, kb, rc=0):
        t = Timing()
        t.record(seconds, kb, rc)
        return t

    def test_apply_table_and_goal(self):
        clean = {"tandem": self.timing(1.0, 2048), "git": self.timing(2.0, 1024), "patch": self.timing(0.5, 512)}
        text = apply.apply_table(1000, [("tandem", "tandem apply -p2 PATCH", clean["tandem"]),
                                        ("git", "git apply -p2 PATCH", clean["git"]),
                                        ("patch", "patch -p2 PATCH", clean["patch"])]).splitlines()
        self.assertEqual(text[1].split(), ["tandem", "tandem", "apply", "-p2", "PATCH", "1.000", "2.0", "1000", "0"])
        self.assertEqual(text[-1], "  tandem / git apply: 0.50x time   tandem / patch: 2.00x time")
        summary = {"tandem_applied": 10, "patch_applied": 9, "git_applied": 8, "unexplained": 0, "disagreements": 3,
                   "tandem_wrong": 0, "patch_wrong": 1, "git_wrong": 2}
        lines = apply.goal_lines(clean, 1000, True, summary)
        self.assertTrue(lines[0].endswith(": MISS"))
        self.assertEqual(lines[1], "  speed:     tandem 1000 hunks/s = 0.50x patch's 2000  MISS")
        self.assertEqual(lines[2], "  applied:   tandem 10, GNU patch 9  PASS")
        self.assertEqual(lines[3], "  explained: 3 of 3 disagreements  PASS")

    def test_clean_report(self):
        with tempfile.TemporaryDirectory() as d:
            for name, content in (("new", b"B"), ("t", b"B"), ("g", b"A")):
                os.makedirs(os.path.join(d, name))
                Path(d, name, "x.c").write_bytes(content)
            text = apply.clean_report([("x.c", "modify", 1), ("gone.c", "delete", 1)], os.path.join(d, "new"),
                                      [("git", os.path.join(d, "g")), ("tandem", os.path.join(d, "t"))])
        self.assertEqual(text.splitlines(), [
            "  git     touched paths equal to the new tree: 1/2 (differ: x.c)",
            "  tandem  touched paths equal to the new tree: 2/2; to git's: 1/2"])
