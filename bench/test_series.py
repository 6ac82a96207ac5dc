"""Tests of bench/series.py's tree comparison (the bench itself needs the corpus and a tandem build)."""
import os
import tempfile
import unittest
from pathlib import Path

from bench import series


class DifferingTests(unittest.TestCase):
    def test_files_that_differ_less_git_rejects_and_the_map(self):
        with tempfile.TemporaryDirectory() as root:
            a, b = Path(root, "a"), Path(root, "b")
            for tree in (a, b):
                (tree / "x" / ".git").mkdir(parents=True)
                (tree / "x" / "same.c").write_text("same\n")
            (a / "x" / "changed.c").write_text("a\n")
            (b / "x" / "changed.c").write_text("<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n")
            (b / "x" / "only.c").write_text("b\n")
            (b / "x" / "changed.c.rej").write_text("@@\n")
            (a / "tandem.yml").write_text("forks: []\n")
            (a / "x" / ".git" / "HEAD").write_text("ref\n")
            got = series.differing(a, b)
            self.assertEqual(got, [os.path.join("x", "changed.c"), os.path.join("x", "only.c")])
            self.assertTrue(series.has_markers(b / "x" / "changed.c"))
            self.assertFalse(series.has_markers(b / "x" / "only.c"))
            self.assertFalse(series.has_markers(b / "x" / "missing.c"))


if __name__ == "__main__":
    unittest.main()
