"""Unit tests of bench/stress.py: the generated cases have the shapes its docstring promises."""
import subprocess
import tempfile
import unittest
from pathlib import Path

from bench import stress


class CaseTests(unittest.TestCase):
    def test_shapes(self):
        with tempfile.TemporaryDirectory() as d:
            work = Path(d)
            facts = stress.make_cases(work, 300)
            self.assertEqual(facts["diff"], {"changes": 10})
            self.assertEqual(facts["base"], {"hunks": 10})
            patch = (work / "offset/p.patch").read_text()
            self.assertTrue(patch.startswith("--- a/f.c\n+++ b/f.c\n@@ "))
            self.assertEqual(patch.count("\n@@ "), 10)
            # offset: one extra line every 30, so GNU patch finds every hunk, each moved.
            done = subprocess.run(["patch", "--dry-run", "-p1", "-i", "p.patch"], cwd=work / "offset",
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0)
            self.assertEqual(done.stdout.count("offset"), 10)
            # failed: no hunk applies.
            done = subprocess.run(["patch", "--dry-run", "-p1", "-i", "p.patch"], cwd=work / "failed",
                                  capture_output=True, text=True)
            self.assertIn("10 out of 10 hunks FAILED", done.stdout)
            # base: the fork's change stands on the line before each of upstream's.
            fork = (work / "base/f.c").read_text().splitlines()
            new = (work / "orig/new.c").read_text().splitlines()
            self.assertEqual((fork[10], new[10], fork[11], new[11]), ("fork 10", "line 10", "line 11", "upstream 11"))
            self.assertEqual((work / "base/base/f.c").read_text(), (work / "orig/base.c").read_text())

    def test_changed_every(self):
        lines, count = stress.changed_every(stress.numbered(65), 11, "x")
        self.assertEqual(count, 2)
        self.assertEqual([i for i, line in enumerate(lines) if line.startswith("x")], [11, 41])


if __name__ == "__main__":
    unittest.main()
