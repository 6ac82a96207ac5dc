"""Unit tests of bench/parse.py: which patch it times, its table and its goal line."""
import tempfile
import unittest
from pathlib import Path

from bench import parse
from bench.common import Timing


def timing(seconds, kb):
    t = Timing()
    t.record(seconds, kb, 0)
    return t


class FindPatchTests(unittest.TestCase):
    def test_order(self):
        with tempfile.TemporaryDirectory() as d:
            env = {"TANDEM_BENCH_DATA": d}
            self.assertEqual(parse.find_patch(None, env), Path(d) / "big-combined.patch")   # neither: the combined
            (Path(d) / "big.patch").write_text("x")
            self.assertEqual(parse.find_patch(None, env), Path(d) / "big.patch")
            (Path(d) / "big-combined.patch").write_text("x")
            self.assertEqual(parse.find_patch(None, env), Path(d) / "big-combined.patch")
            self.assertEqual(parse.find_patch(None, dict(env, TANDEM_BENCH_PATCH="/p")), Path("/p"))
            self.assertEqual(parse.find_patch("mine.patch", dict(env, TANDEM_BENCH_PATCH="/p")), Path("mine.patch"))


class ReportTests(unittest.TestCase):
    def test_table_and_goal(self):
        n_bytes, hunks = 32021344, 41647
        rows = [("tandem stat", timing(0.220, 78643)), ("tandem filter (> /dev/null)", timing(0.217, 105882)),
                ("git apply --numstat -p2", timing(0.392, 44237)), ("lsdiff", timing(0.057, 32666))]
        lines = parse.table(n_bytes, hunks, rows).splitlines()
        self.assertEqual(lines[0], "command                               wall s   RSS MiB  RSS/patch      hunks/s")
        self.assertEqual(lines[1], "tandem stat                            0.220      76.8      2.51x       189305")
        self.assertEqual(lines[-2:], ["tandem stat / git apply: 0.56x time", "tandem stat / lsdiff:    3.86x time"])
        self.assertEqual(parse.goal(rows[0][1], rows[2][1], n_bytes),
                         "goal: tandem <= 0.5x git apply time, peak RSS <= 3x patch size: MISS "
                         "(time 0.56x MISS, memory 2.51x PASS)")
        self.assertTrue(parse.goal(timing(0.1, 100), timing(0.4, 100), n_bytes).startswith(
            "goal: tandem <= 0.5x git apply time, peak RSS <= 3x patch size: PASS"))
