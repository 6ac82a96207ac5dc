"""Unit tests of bench/patches.py (the patch model of apply and port) and bench/kernel.py's pure parts."""
import os
import tempfile
import unittest
from pathlib import Path

from bench import kernel, patches
from bench.common import BenchError
from bench.patches import MARK, Hunk, expected_results, parse_patch_bytes

PATCH = b"""diff -urN old/linux-source-6.1/a.c new/linux-source-6.1/a.c
--- old/linux-source-6.1/a.c\t2024-01-01 00:00:00.000000000 +0000
+++ new/linux-source-6.1/a.c\t2024-02-01 00:00:00.000000000 +0000
@@ -1,3 +1,3 @@
 one
-two
+TWO
 three
@@ -10,2 +10,3 @@
 ten
+ten and a half
 eleven
diff -urN old/linux-source-6.1/dir/gone.c new/linux-source-6.1/dir/gone.c
--- old/linux-source-6.1/dir/gone.c\t2024-01-01 00:00:00.000000000 +0000
+++ new/linux-source-6.1/dir/gone.c\t1970-01-01 00:00:00.000000000 +0000
@@ -1 +0,0 @@
-bye
diff -urN old/linux-source-6.1/new/born.c new/linux-source-6.1/new/born.c
--- old/linux-source-6.1/new/born.c\t1970-01-01 00:00:00.000000000 +0000
+++ new/linux-source-6.1/new/born.c\t2024-02-01 00:00:00.000000000 +0000
@@ -0,0 +1 @@
+hello
\\ No newline at end of file
"""


class ParseTests(unittest.TestCase):
    def test_sections_and_hunks(self):
        entries = parse_patch_bytes(PATCH, 2)
        self.assertEqual([(e.path, e.action, len(e.hunks)) for e in entries],
                         [("a.c", "modify", 2), ("dir/gone.c", "delete", 1), ("new/born.c", "new", 1)])
        h1, h2 = entries[0].hunks
        self.assertEqual((h1.number, h1.old_start, h1.old_len, h1.first_index()), (1, 1, 3, 0))
        self.assertEqual((h2.number, h2.old_start, h2.old_len), (2, 10, 2))
        self.assertEqual(h1.lines, [b" one\n", b"-two\n", b"+TWO\n", b" three\n"])
        born = entries[2].hunks[0]
        self.assertEqual(born.lines, [b"+hello\n", b"\\ No newline at end of file\n"])
        self.assertEqual(born.first_index(), 0)   # empty pre-image: the line before, 0
        self.assertEqual(patches.sections_summary(entries), "3 file sections (1 delete, 1 modify, 1 new), 4 hunks")

    def test_git_names_and_dev_null(self):
        data = b"--- /dev/null\n+++ b/x.c\n@@ -0,0 +1 @@\n+x\n--- a/y.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-y\n"
        self.assertEqual([(e.path, e.action) for e in parse_patch_bytes(data, 1)], [("x.c", "new"), ("y.c", "delete")])

    def test_strip_level(self):
        self.assertEqual(patches.strip_level("old/linux-source-6.1/Makefile", "linux-source-6.1"), 2)
        self.assertEqual(patches.strip_level("linux-source-6.1/Makefile", "linux-source-6.1"), 1)
        self.assertIsNone(patches.strip_level("a/Makefile", "linux-source-6.1"))
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "big.patch"
            p.write_bytes(PATCH)
            self.assertEqual(patches.first_old_name(p), "old/linux-source-6.1/a.c")

    def test_edited(self):
        self.assertEqual(patches.edited(b"x;\n"), b"x;" + MARK + b"\n")
        self.assertEqual(patches.edited(b"x;"), b"x;" + MARK)


def lines(*items):
    return [f"{x}\n".encode() for x in items]


class ExpectedTests(unittest.TestCase):
    HUNK = Hunk(1, 2, 3, [b" b\n", b"-c\n", b"+C\n", b" d\n"])

    def test_hunk_at_its_place(self):
        text = lines("a", "b", "c", "d", "e")
        self.assertEqual(expected_results(text, [self.HUNK], {1: 1}, {1}), {b"a\nb\nC\nd\ne\n"})
        self.assertEqual(expected_results(text, [self.HUNK], {1: 1}, set()), {b"a\nb\nc\nd\ne\n"})

    def test_context_kept_as_the_file_has_it(self):
        text = lines("a", "b" + " /* fork */", "c", "d")
        self.assertEqual(expected_results(text, [self.HUNK], {1: 1}, {1}), {b"a\nb /* fork */\nC\nd\n"})

    def test_duplicate_places_give_two_results(self):
        text = lines("b", "c", "d", "x", "b", "c", "d")
        got = expected_results(text, [self.HUNK], {1: [4, 0]}, {1})
        self.assertEqual(got, {b"b\nc\nd\nx\nb\nC\nd\n", b"b\nC\nd\nx\nb\nc\nd\n"})

    def test_merged_and_partial_modes(self):
        hunk = Hunk(1, 1, 4, [b" a\n", b"-b\n", b"+B\n", b" c\n", b"-d\n", b"+D\n"])
        text = [b"a\n", b"b" + MARK + b"\n", b"c\n", b"d\n"]
        self.assertEqual(expected_results(text, [hunk], {1: 0}, {1}, {1: "merged"}),
                         {b"a\nB" + MARK + b"\nc\nD\n"})
        self.assertEqual(expected_results(text, [hunk], {1: 0}, {1}, {1: "partial"}),
                         {b"a\nb" + MARK + b"\nc\nD\n"})


class SparseTests(unittest.TestCase):
    def test_copies_what_the_patch_touches(self):
        with tempfile.TemporaryDirectory() as d:
            old, dest = Path(d) / "old", Path(d) / "dest"
            (old / "dir").mkdir(parents=True)
            (old / "new").mkdir()
            (old / "real.c").write_text("one\ntwo\nthree\n")
            os.symlink("real.c", old / "a.c")
            (old / "dir" / "gone.c").write_text("bye\n")
            (old / "dir" / "stays.c").write_text("stay\n")
            summary = patches.make_sparse(parse_patch_bytes(PATCH, 2), old, dest)
            self.assertEqual(summary, "sparse tree: 2 files (0.0 MiB; 1 were symbolic links, copied as files), "
                                      "1 placeholders")
            self.assertFalse(os.path.islink(dest / "a.c"))
            self.assertEqual((dest / "a.c").read_text(), "one\ntwo\nthree\n")
            self.assertTrue((dest / "dir" / patches.KEEP).is_file())   # dir/ holds more in the real tree
            self.assertFalse((dest / "dir" / "stays.c").exists())
            self.assertTrue((dest / "new").is_dir())                    # a new file's parent that exists
            os.unlink(old / "dir" / "gone.c")
            with self.assertRaises(SystemExit):
                patches.make_sparse(parse_patch_bytes(PATCH, 2), old, Path(d) / "dest2")


class KernelTests(unittest.TestCase):
    def test_settings(self):
        s = kernel.settings({"TANDEM_BENCH_DATA": "/srv/k", "TANDEM_BENCH_KPKG2": "linux-source-6.6"})
        self.assertEqual(s.data, Path("/srv/k"))
        self.assertEqual((s.kpkg, s.old, s.new), ("linux-source-6.1", "6.1.170-3", "6.1.192-2"))
        self.assertEqual((s.ktag2, s.patch2, s.old2, s.new2), ("6.6", "big-6.6.patch", "", ""))
        self.assertEqual(kernel.settings({}).data, Path("/var/tmp/tandem-bench"))

    def test_madison_and_versions(self):
        text = (" linux-source-6.1 | 6.1.192-2 | http://deb.example debian/main all Packages\n"
                " linux-source-6.1 | 6.1.192-2 | http://sec.example debian-security/main all Packages\n"
                " linux-source-6.1 | 6.1.170-3 | http://deb.example debian/main all Packages\n")
        versions = kernel.parse_madison(text)
        self.assertEqual(versions, ["6.1.192-2", "6.1.170-3"])
        self.assertEqual(kernel.pick_versions("p", versions, "6.1.170-3", "6.1.192-2")[:2], ("6.1.170-3", "6.1.192-2"))
        old, new, notes = kernel.pick_versions("p", ["3", "2", "1"], "", "9")
        self.assertEqual((old, new), ("1", "3"))
        self.assertEqual(notes, ["p: using the oldest version apt has, 1", "p=9 not available; using the newest, 3"])
        with self.assertRaises(BenchError):
            kernel.pick_versions("p", ["1"], "", "")

    def test_size_rule(self):
        met, text = kernel.size_rule("p", 21 * 1048576, 15000, Path("/d"))
        self.assertTrue(met)
        self.assertEqual(text, "size rule (issue: >= 20 MiB and >= 15000 hunks): met (21.0 MiB, 15000 hunks)")
        met, text = kernel.size_rule("p", 12 * 1048576, 20000, Path("/d"))
        self.assertFalse(met)
        self.assertIn("NOT MET by p (12.0 MiB, 20000 hunks)", text)
        self.assertIn("/d/big-combined.patch", text)

    def test_kernel_data_in(self):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            self.assertIsNone(kernel.kernel_data_in(d))
            (d / "old" / "linux-source-6.1").mkdir(parents=True)
            (d / "new" / "linux-source-6.1").mkdir(parents=True)
            (d / "big.patch").write_bytes(PATCH)
            kd = kernel.kernel_data_in(d)
            self.assertEqual((kd.patch, kd.old, kd.new), (d / "big.patch", d / "old" / "linux-source-6.1",
                                                         d / "new" / "linux-source-6.1"))
            self.assertEqual(kd.strip(), 2)
            self.assertEqual(kernel.patch_hunks(kd.patch), 4)
