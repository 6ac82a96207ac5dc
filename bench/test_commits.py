"""Tests of bench/commits.py's tree snapshots and diff census (the bench itself needs a tandem build)."""
import os
import tempfile
import unittest
from pathlib import Path

from bench import commits


class SnapshotTests(unittest.TestCase):
    def test_bytes_modes_and_links_are_compared(self):
        with tempfile.TemporaryDirectory() as root:
            a, b = Path(root, "a"), Path(root, "b")
            for tree in (a, b):
                (tree / "d").mkdir(parents=True)
                (tree / "d" / "same.bin").write_bytes(b"\0same")
                (tree / "run.sh").write_text("echo\n")
            os.chmod(b / "run.sh", 0o755)
            (a / "only.txt").write_text("a\n")
            os.symlink("same.bin", a / "d" / "link")
            os.symlink("other", b / "d" / "link")
            got = commits.differences(commits.snapshot(a), commits.snapshot(b))
            self.assertEqual(got, [os.path.join("d", "link"), "only.txt", "run.sh"])
            self.assertEqual(commits.differences(commits.snapshot(a), commits.snapshot(a)), [])


class KindsTests(unittest.TestCase):
    def test_counts_binary_patches_renames_and_executable_modes(self):
        diff = (b"diff --git a/x.bin b/x.bin\nindex 1..2 100644\nGIT binary patch\nliteral 1\nHcmV?d00001\n\n"
                b"diff --git a/old.c b/new.c\nsimilarity index 90%\nrename from old.c\nrename to new.c\n"
                b"diff --git a/s b/s\nold mode 100644\nnew mode 100755\n"
                b"diff --git a/t b/t\nnew file mode 100755\nindex 0..1\n")
        self.assertEqual(commits.kinds(diff), {"binary": 1, "rename": 1, "mode": 2})


if __name__ == "__main__":
    unittest.main()
