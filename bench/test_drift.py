"""Unit tests of bench/drift.py, bench/drift_gen.py and bench/drift_pipeline.py (the map, line counts, the exact
LCS, the CSV comparison, the generator's determinism)."""
import argparse
import contextlib
import hashlib
import io
import os
import random
import tempfile
import unittest
from pathlib import Path

from bench import drift, drift_gen
from bench import drift_pipeline as dp


class MapTests(unittest.TestCase):
    def test_flow_and_block_entries(self):
        text = ("# the map\nforks:\n  - {upstream: arch/x86/, fork: arch/xen-x86/}\n"
                "  - upstream: 'lib/a.c'\n    fork: \"lib/a-xen.c\"  # a file\nguards: [CONFIG_XEN]\n")
        self.assertEqual(dp.parse_map(text), [("arch/x86/", "arch/xen-x86/"), ("lib/a.c", "lib/a-xen.c")])

    def test_no_forks_is_an_error(self):
        with self.assertRaises(SystemExit):
            dp.parse_map("siblings:\n  - [a/, b/]\n")


class LineTests(unittest.TestCase):
    def test_count_lines(self):
        self.assertEqual(dp.count_lines(b""), 0)
        self.assertEqual(dp.count_lines(b"a\nb\n"), 2)
        self.assertEqual(dp.count_lines(b"a\nb"), 2)

    def test_split_lines_keeps_terminators(self):
        self.assertEqual(dp.split_lines(b"a\nb"), [b"a\n", b"b"])
        self.assertEqual(dp.split_lines(b"a\nb\n"), [b"a\n", b"b\n"])
        self.assertEqual(dp.split_lines(b""), [])

    def test_exact_lcs_is_the_longest(self):
        rng = random.Random(3)
        for _ in range(200):
            a = [rng.choice("abcd") for _ in range(rng.randint(0, 12))]
            b = [rng.choice("abcd") for _ in range(rng.randint(0, 12))]
            want = lcs_length(a, b)
            got = dp.exact_lcs("".join(x + "\n" for x in a).encode(), "".join(x + "\n" for x in b).encode())
            self.assertEqual(got, want, (a, b))
        # The last line without a newline differs from the same text with one, as in diff and tandem.
        self.assertEqual(dp.exact_lcs(b"x\ny", b"x\ny\n"), 1)

    def test_truthy(self):
        self.assertTrue(dp.truthy(" TRUE "))
        self.assertFalse(dp.truthy("0"))
        self.assertIsNone(dp.truthy("maybe"))


def lcs_length(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            table[i + 1][j + 1] = table[i][j] + 1 if a[i] == b[j] else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def peer_csv(path):
    """A small pipeline CSV: 3 commits x 2 pairs."""
    rows = [dp.PEER_HEADER]
    for c in range(3):
        rev, tree = f"{c:040x}", f"{c + 100:040x}"
        for k in range(2):
            ident = c == 0
            rows.append([rev, tree, f"arch/x86/f{k}.c", f"arch/xen-x86/f{k}.c", f"{k:040x}", f"{k + 7 * c:040x}",
                         "true" if ident else "false", str(50 - c), str(c), str(c * 2),
                         "false" if c == 0 else "true", "true"])
    with open(path, "w") as f:
        f.write("".join(",".join(r) + "\n" for r in rows))


class CompareTests(unittest.TestCase):
    def run_main(self, argv):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                dp.main(argv)
                code = 0
            except SystemExit as e:
                code = e.code
        return code, out.getvalue()

    def test_fake_agrees_and_corruption_is_found(self):
        with tempfile.TemporaryDirectory() as d:
            peer, fake, bad = (os.path.join(d, n) for n in ("peer.csv", "fake.csv", "bad.csv"))
            peer_csv(peer)
            self.assertEqual(self.run_main(["fake", peer, "-o", fake])[0], 0)
            code, out = self.run_main(["compare", fake, peer])
            self.assertEqual(code, 0, out)
            self.assertIn("tandem rows: 6; peer rows: 6; compared: 6", out)
            self.assertEqual(drift.compared_rows(out), "6")
            self.assertNotIn("FAILED", out)
            self.run_main(["fake", peer, "-o", bad, "--corrupt", "2"])
            code, out = self.run_main(["compare", bad, peer])
            self.assertEqual(code, 1)
            self.assertIn("check: shared, fork_only, upstream_only agree       FAILED  (2 rows differ)", out)

    def test_missing_rows(self):
        with tempfile.TemporaryDirectory() as d:
            peer, fake = os.path.join(d, "peer.csv"), os.path.join(d, "fake.csv")
            peer_csv(peer)
            self.run_main(["fake", peer, "-o", fake])
            lines = Path(fake).read_text().splitlines()
            Path(fake).write_text("\n".join(lines[:-1]) + "\n")
            code, out = self.run_main(["compare", fake, peer])
            self.assertEqual(code, 1)
            self.assertIn("check: rows only in the peer                        FAILED", out)


class GeneratorTests(unittest.TestCase):
    def kernel(self, d):
        """A stand-in kernel tree: 12 C files of 60 to 80 lines where the generator looks."""
        for sub, ext in drift_gen.GLOBS:
            os.makedirs(os.path.join(d, sub), exist_ok=True)
            for i in range(4):
                with open(os.path.join(d, sub, f"f{i}{ext}"), "w") as f:
                    f.write("".join(f"\tline_{i}_{j}();\n" for j in range(60 + 5 * i)))
        return d

    def stream(self, kernel, stats=None):
        out = io.BytesIO()
        args = argparse.Namespace(kernel=kernel, pairs=6, commits=40, seed=1, stats=stats)
        with contextlib.redirect_stderr(io.StringIO()):
            drift_gen.generate(args, out)
        return out.getvalue()

    def test_same_arguments_same_stream(self):
        with tempfile.TemporaryDirectory() as d:
            kernel = self.kernel(d)
            stats = os.path.join(d, "facts")
            first = self.stream(kernel, stats)
            self.assertEqual(hashlib.sha256(first).digest(), hashlib.sha256(self.stream(kernel)).digest())
            self.assertTrue(first.endswith(b"done\n"))
            self.assertEqual(first.count(b"\ncommit refs/heads/master\n") + first.startswith(b"commit "), 41)
            facts = drift.read_facts(stats)
            self.assertEqual((facts["commits"], facts["pairs"]), ("41", "6"))
            self.assertEqual(sum(int(facts[f"kind_{k}"]) for k in ("upstream", "fork", "mixed", "port", "doc-only")),
                             40)

    def test_file_round_trip(self):
        for data in (b"", b"a\nb\n", b"a\nb", b"\xe9t\xe9\n"):
            self.assertEqual(drift_gen.File.parse(data).bytes(), data)


class DriverTests(unittest.TestCase):
    def test_settings(self):
        s = drift.Settings({"TANDEM_BENCH_DATA": "/srv/d", "TANDEM_BENCH_DRIFT_COMMITS": "300"})
        self.assertEqual((s.data, s.repo, s.commits, s.pairs, s.runs, s.peer_runs),
                         (Path("/srv/d"), Path("/srv/d/drift-repo"), 300, 250, 3, 1))
        self.assertEqual(drift.Settings({"TANDEM_BENCH_DIR": "/x", "TANDEM_BENCH_DATA": "/y"}).data, Path("/x"))

    def test_kernel_tree_and_version(self):
        with tempfile.TemporaryDirectory() as d:
            tree = Path(d) / "old" / "linux-source-6.1"
            s = drift.Settings({"TANDEM_BENCH_DIR": d})
            with self.assertRaises(drift.UsageError):
                drift.find_kernel_tree(s)
            (tree / "arch" / "x86").mkdir(parents=True)
            (tree / "Makefile").write_text("# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 170\nEXTRAVERSION =\n")
            self.assertEqual(drift.find_kernel_tree(s), tree)
            self.assertEqual(drift.kernel_version(tree), "6.1.170")
            self.assertTrue(drift.params(s, tree).endswith(f"seed=1 pairs=250 commits=2000 kernel={tree} (6.1.170)"))

    def test_goal_lines(self):
        self.assertEqual(drift.goal_lines(6.405, 0.292), [
            "tandem is 21.9x faster than the git-CLI pipeline (0.292 s vs 6.405 s)",
            "goal: >= 20x faster than the git-CLI pipeline: MET"])
        self.assertTrue(drift.goal_lines(1.0, 0.1)[1].endswith("MISS"))

    def test_largest_edit_distance(self):
        with tempfile.TemporaryDirectory() as d:
            peer_csv(os.path.join(d, "p.csv"))
            self.assertEqual(drift.largest_edit_distance(os.path.join(d, "p.csv")), 6)


