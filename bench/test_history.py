"""Unit tests of bench/history.py and bench/history_gen.py: reading git's and tandem's outputs, the numstat
comparisons, the goal line, and the generator's stream (pinned: same seed, same commit ids as ever)."""
import contextlib
import hashlib
import io
import unittest

from bench import history, history_gen

C1, C2 = "a" * 40, "b" * 64
RAW = f"""{C1}

:100644 100644 1111111111111111111111111111111111111111 2222222222222222222222222222222222222222 M\tmm/a.c
:000000 100644 0000000000000000000000000000000000000000 3333333333333333333333333333333333333333 A\tmm/b.c
:100644 000000 4444444444444444444444444444444444444444 0000000000000000000000000000000000000000 D\tmm/c.c
{C2}

:100644 100644 5555555555555555555555555555555555555555 6666666666666666666666666666666666666666 M\tinclude/x.h
"""
TANDEM_LOG = f"""{C1} mm: fix locking
M\tmm/a.c
A\tmm/b.c
D\tmm/c.c
{C2} include: clean up
M\tinclude/x.h
{"c" * 40}not-a-commit-line
blobs: 3 bytes: 1234
"""


class OutputTests(unittest.TestCase):
    def test_git_and_tandem_entries_agree(self):
        g = history.git_entries(RAW)
        self.assertEqual(g, [f"{C1}\tM\tmm/a.c", f"{C1}\tA\tmm/b.c", f"{C1}\tD\tmm/c.c", f"{C2}\tM\tinclude/x.h"])
        self.assertEqual(history.tandem_entries(TANDEM_LOG), g)
        self.assertEqual(history.count_commit_lines(RAW), 2)
        self.assertEqual(history.count_commit_lines(TANDEM_LOG), 2)
        self.assertEqual(history.raw_blob_ids(RAW), ["2" * 40, "3" * 40, "6" * 40])

    def test_only_in_one_lists_like_comm(self):
        a = ["x\tM\tb", "x\tM\ta", "x\tM\ta"]
        b = ["x\tM\ta", "x\tM\tc"]
        self.assertEqual(history.only_in_one(a, b), [("x\tM\ta", "tandem"), ("x\tM\tb", "tandem"), ("x\tM\tc", "git")])
        self.assertEqual(history.only_in_one(b, b), [])

    def test_numstats(self):
        a = history.read_numstat("1\t2\tx.c\n3\t0\ty.c\n-\t-\tbin.png\n")
        b = history.read_numstat("1\t2\tx.c\n4\t0\ty.c\n5\t5\tz.c\n")
        self.assertEqual(history.numstat_differ(a, b), 3)          # y.c, z.c (only in b), bin.png (only in a)
        self.assertEqual(history.numstat_differ(a, a), 0)
        self.assertEqual(history.numstat_only_in_one(a, b), 2)
        self.assertEqual(history.numstat_differing(a, b), ["bin.png\t+-/--\tnone", "y.c\t+3/-0\t+4/-0",
                                                           "z.c\tnone\t+5/-5"])
        self.assertEqual(history.numstat_totals(a), "+4 -2")

    def test_subcommands(self):
        text = "OVERVIEW: tandem\n\nSUBCOMMANDS:\n  stat   Count\n                          more text\n  log    List\n"
        # Every line after the heading counts by its first word (a wrapped summary's too, as before).
        self.assertEqual(history.subcommands(text), {"stat", "more", "log"})
        self.assertNotIn("diff", history.subcommands(text))

    def test_goal_line(self):
        self.assertEqual(history.goal_line("2.41", "1.01"),
                         "goal: both at most 1.0x git's time: MISS (history 2.41x MISS, diff 1.01x MISS)")
        self.assertEqual(history.goal_line("0.90", "1.00"),
                         "goal: both at most 1.0x git's time: PASS (history 0.90x PASS, diff 1.00x PASS)")
        self.assertEqual(history.goal_line(None, "0.50"),
                         "goal: both at most 1.0x git's time: NOT MEASURED (history no result, diff 0.50x; see "
                         "'tandem log:' and 'tandem diff:' above)")
        self.assertEqual(history.ratio2(1.0, 3.0), "0.33")

    def test_check_lines(self):
        report, out = history.Report(), io.StringIO()
        with contextlib.redirect_stdout(out):
            report.check("commits", 1000, 1000)
            report.check("blobs read", "none", 2917, "tandem's 'blobs:' line")
        self.assertEqual(report.failed, 1)
        self.assertEqual(out.getvalue().splitlines(), [
            "check: commits                          tandem 1000        git 1000        ok",
            "check: blobs read                       tandem none        git 2917        DIFFERENT  "
            "(tandem's 'blobs:' line)"])

    def test_same_hunks_compares_hunks_alone(self):
        git = (b"diff --git a/x.c b/x.c\nindex 1111111..2222222 100644\n--- a/x.c\n+++ b/x.c\n"
               b"@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
               b"diff --git a/y.c b/y.c\nindex 3333333..4444444 100644\n--- a/y.c\n+++ b/y.c\n"
               b"@@ -1,3 +1,2 @@\n-\n a\n b\n")
        tandem = (b"diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
                  b"diff --git a/y.c b/y.c\n--- a/y.c\n+++ b/y.c\n@@ -1,3 +1,2 @@\n a\n-\n b\n")
        self.assertEqual(history.same_hunks(tandem, git), (1, 2))
        self.assertEqual(history.same_hunks(git, git), (2, 2))

    def test_settings(self):
        s = history.Settings({"TANDEM_BENCH_DATA": "/srv/h", "TANDEM_BENCH_HISTORY_COMMITS": "1000"})
        self.assertEqual((str(s.history_repo), str(s.kernel_repo), s.commits, s.seed, s.runs),
                         ("/srv/h/history-repo", "/srv/h/kernel-repo", 1000, 1, 3))


class GeneratorTests(unittest.TestCase):
    # The stream the generator wrote when it was a heredoc of scripts/bench-history (generator version 1): the
    # same bytes mean the same commit ids, so history-repo stays comparable across versions of the harness.
    PINNED = {(1, 30): "f9ed4c082ce6c766b6cd7fed4e801d6a4662d555377c23738212016babd8128c",
              (7, 12): "e8e1ed849ef4be0c58d058f39c9a65a3831ce8582ffee5e27e678a3d7bab484a"}

    def test_stream_is_pinned(self):
        for (seed, total), want in self.PINNED.items():
            out = io.BytesIO()
            with contextlib.redirect_stderr(io.StringIO()):
                history_gen.generate(seed, total, out)
            self.assertEqual(hashlib.sha256(out.getvalue()).hexdigest(), want, (seed, total))
