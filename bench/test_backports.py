"""Tests of bench/backports.py's verdicts and reference merge (the bench itself needs a tandem build)."""
import tempfile
import unittest
from pathlib import Path

from bench import backports

PRE = b"a\nb\nc\nd\ne\nf\ng\n"
POST = b"a\nb\nC\nd\ne\nf\ng\n"
TARGET = b"a\nb\nc\nd\ne\nf\nG\n"           # the tree's own change, apart from the commit's
MERGED = b"a\nb\nC\nd\ne\nf\nG\n"


class VerdictTests(unittest.TestCase):
    def test_each_verdict(self):
        clean = (True, MERGED)
        self.assertEqual(backports.verdict(False, MERGED, TARGET, PRE, POST, clean), "same")
        self.assertEqual(backports.verdict(False, TARGET, TARGET, PRE, POST, clean), "CLAIMED")
        self.assertEqual(backports.verdict(False, b"a\nC\nb\nc\nd\ne\nf\nG\n", TARGET, PRE, POST, clean), "DIFFERS")
        self.assertEqual(backports.verdict(False, MERGED, TARGET, PRE, POST, (False, b"<<<")), "lands")
        self.assertEqual(backports.verdict(True, MERGED, TARGET, PRE, POST, clean), "partial")
        self.assertEqual(backports.verdict(True, TARGET, TARGET, PRE, POST, clean), "failed")


class MergeFileTests(unittest.TestCase):
    def test_clean_and_conflicting_merges(self):
        with tempfile.TemporaryDirectory() as work:
            self.assertEqual(backports.merge_file(Path(work), TARGET, PRE, POST), (True, MERGED))
            clean, text = backports.merge_file(Path(work), b"a\nb\nX\nd\ne\nf\ng\n", PRE, POST)
            self.assertFalse(clean)
            self.assertIn(b"<<<<<<<", text)


class RunToolTests(unittest.TestCase):
    def test_a_tandem_run_without_a_report_is_told_apart(self):
        with tempfile.TemporaryDirectory() as work:
            patch = Path(work, "p.patch")
            patch.write_text("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n")
            _, rejected, steps = backports.run_tool("tandem", "false", patch, Path(work), Path(work), False, ["f"])
            self.assertIsNone(rejected)
            self.assertEqual(steps, {})


if __name__ == "__main__":
    unittest.main()
