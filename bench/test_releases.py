"""Unit tests of bench/releases.py: how its alarms are read further, and which files it judges."""
import tempfile
import unittest
from pathlib import Path

from bench import releases

PRE = b"int a;\nint b;\nint c;\n"
POST = b"int a;\nint helper(void);\nint b;\nint c;\n"


class ReadingTests(unittest.TestCase):
    def test_changed_lines(self):
        added, removed = releases.changed_lines(b"x = 1;\nold_call();\n", b"x = 1;\nnew_call();\n")
        self.assertEqual((added, removed), (["new_call();"], ["old_call();"]))

    def test_fix_is_there(self):
        # The newer tree holds the helper, elsewhere and indented otherwise: the fix is there.
        self.assertTrue(releases.fix_is_there(b"int z;\n  int helper(void);\nint a;\n", PRE, POST))
        # Without it, or with a line the fix removes still standing, it is not.
        self.assertFalse(releases.fix_is_there(b"int a;\nint b;\n", PRE, POST))
        self.assertFalse(releases.fix_is_there(b"x = 1;\nnew_call();\nold_call();\n",
                                               b"x = 1;\nold_call();\n", b"x = 1;\nnew_call();\n"))

    def test_merge_added_again(self):
        target = b"int helper(void);\nint a;\nint b;\n"
        merged = b"int helper(void);\nint a;\nint helper(void);\nint b;\n"
        # The tool's file is git's merge less a line the tree holds already: git added it again.
        self.assertTrue(releases.merge_added_again(target, merged, target))
        # A line the tool has and git's merge lacks, or one git adds that the tree lacks: unexplained.
        self.assertFalse(releases.merge_added_again(target + b"int d;\n", merged, target))
        self.assertFalse(releases.merge_added_again(b"int a;\nint b;\n", b"int a;\nint new;\nint b;\n",
                                                    b"int a;\nint b;\n"))

    def test_doubled_block(self):
        block = b"static void f(void)\n{\n\tcall_feature(1);\n\tdsb(ish);\n}\n"
        pre, post = b"int a;\n\nint z;\n", b"int a;\n\n" + block + b"\nint z;\n"
        # The tree held the block in its own form (one call renamed, of five lines), and the tool wrote it again.
        own = block.replace(b"call_feature", b"call_cap")
        self.assertTrue(releases.doubled_block(pre, post, b"int a;\n" + own + b"\n" + block + b"int z;\n"))
        # Once only: the fix made, or the tree's copy alone.
        self.assertFalse(releases.doubled_block(pre, post, post))
        self.assertFalse(releases.doubled_block(pre, post, b"int a;\n" + own + b"int z;\n"))
        # Two lines of five differ: another block, not a copy.
        other = own.replace(b"dsb(ish)", b"isb()")
        self.assertFalse(releases.doubled_block(pre, post, other + post))
        # The fix's own file holds the block twice: upstream means it.
        self.assertFalse(releases.doubled_block(pre, post + block, post + block))

    def test_drifted_files(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            for tree, files in (("old", {"a.c": "1\n", "b.c": "1\n", "c.c": "1\n"}),
                                ("new", {"a.c": "2\n", "b.c": "2\n", "c.c": "2\n"}),
                                ("next", {"a.c": "0\n", "b.c": "1\n"})):
                for name, text in files.items():
                    (root / tree).mkdir(exist_ok=True)
                    (root / tree / name).write_text(text)
            patch = root / "p.patch"
            patch.write_text("".join(f"diff -urN old/linux/{n} new/linux/{n}\n--- x\n+++ y\n" for n in
                                     ("a.c", "b.c", "c.c")))
            # a.c differs in the newer tree; b.c is the same there; c.c is not there.
            self.assertEqual(releases.drifted_files(patch, root / "old", root / "new", root / "next"), ["a.c"])


if __name__ == "__main__":
    unittest.main()
