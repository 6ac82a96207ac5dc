"""Unit tests of bench/common.py and the dispatcher: python3 -m pytest -q bench (from the repository root)."""
import contextlib
import io
import os
import stat
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from bench import __main__ as cli
from bench import common
from bench.common import BenchError, Command, UsageError


class LocationTests(unittest.TestCase):
    def test_data_dir_default_and_env(self):
        self.assertEqual(common.data_dir({}), Path(common.DEFAULT_DATA))
        self.assertEqual(common.data_dir({"TANDEM_BENCH_DATA": ""}), Path(common.DEFAULT_DATA))
        self.assertEqual(common.data_dir({"TANDEM_BENCH_DATA": "/srv/bench"}), Path("/srv/bench"))

    def test_relative_data_dir_is_made_absolute(self):
        got = common.data_dir({"TANDEM_BENCH_DATA": "some/where"})
        self.assertTrue(got.is_absolute())
        self.assertEqual(got, Path(os.getcwd()) / "some" / "where")

    def test_default_names_no_users_folder(self):
        # The one machine path the package knows is the documented default under /var/tmp.
        self.assertTrue(common.DEFAULT_DATA.startswith("/var/tmp/"))

    def test_env_int(self):
        self.assertEqual(common.env_int("N", 3, {}), 3)
        self.assertEqual(common.env_int("N", 3, {"N": ""}), 3)
        self.assertEqual(common.env_int("N", 3, {"N": "7"}), 7)
        with self.assertRaises(UsageError):
            common.env_int("N", 3, {"N": "seven"})
        with self.assertRaises(UsageError):
            common.env_int("N", 3, {"N": "0"}, minimum=1)

    def test_scratch_sets_tmpdir_and_cleans_up(self):
        before = os.environ.get("TMPDIR")
        with common.scratch("tandem-bench-test") as work:
            self.assertTrue(work.is_dir())
            self.assertEqual(os.environ["TMPDIR"], str(work))
            (work / "f").write_text("x")
        self.assertFalse(work.exists())
        self.assertEqual(os.environ.get("TMPDIR"), before)


class TandemTests(unittest.TestCase):
    def test_given_binary_wins(self):
        with tempfile.TemporaryDirectory() as d:
            exe = Path(d) / "tandem"
            exe.write_text("#!/bin/sh\n")
            exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
            self.assertEqual(common.find_tandem(str(exe), env={}), exe.resolve())
            self.assertEqual(common.find_tandem(None, env={"TANDEM_BIN": str(exe)}), exe.resolve())
            self.assertEqual(common.find_tandem(None, env={"TANDEM_BENCH_TANDEM": str(exe)}), exe.resolve())
            with self.assertRaises(BenchError):
                common.find_tandem(str(Path(d) / "missing"), env={})

    def test_no_build_when_told(self):
        with self.assertRaises(BenchError):
            common.find_tandem(None, env={}, build=False)


class TimingTests(unittest.TestCase):
    def test_runs_are_interleaved_and_counted(self):
        order = []
        commands = [Command("a", ["true"], runs=3, setup=lambda: order.append("a")),
                    Command("b", ["true"], runs=1, setup=lambda: order.append("b")),
                    Command("c", ["true"], runs=2, setup=lambda: order.append("c"))]
        with common.scratch("tandem-bench-test"):
            t = common.time_commands(commands)
        self.assertEqual(order, ["a", "b", "c", "a", "c", "a"])
        self.assertEqual([t[k].runs for k in "abc"], [3, 1, 2])
        for k in "abc":
            self.assertTrue(t[k].ok)
            self.assertEqual(t[k].best, min(t[k].times))
            self.assertEqual(t[k].rc, 0)
            self.assertGreater(t[k].peak_kb, 0)

    def test_failure_stops_that_command_only(self):
        with common.scratch("tandem-bench-test") as work:
            t = common.time_commands([Command("bad", ["sh", "-c", "echo oops >&2; exit 3"], runs=3),
                                      Command("good", ["true"], runs=2),
                                      Command("any", ["false"], runs=2, ok=None),
                                      Command("one", ["sh", "-c", "exit 1"], runs=2, ok=(0, 1),
                                              stdout=work / "one.out")])
        self.assertEqual(t["bad"].runs, 1)
        self.assertIn("exit 3", t["bad"].error)
        self.assertIn("oops", t["bad"].error)
        self.assertFalse(t["bad"].ok)
        self.assertEqual(t["good"].runs, 2)
        self.assertTrue(t["any"].ok)
        self.assertEqual(t["any"].rc, 1)
        self.assertTrue(t["one"].ok)
        with self.assertRaises(ValueError):
            common.time_commands([Command("x", ["true"]), Command("x", ["true"])])

    def test_stdin_and_stdout_files(self):
        with common.scratch("tandem-bench-test") as work:
            (work / "in").write_text("hello\n")
            t = common.time_or_die([Command("cat", ["cat"], stdin=work / "in", stdout=work / "out", cwd=work)])
            self.assertEqual((work / "out").read_text(), "hello\n")
            self.assertEqual(t["cat"].runs, 1)
            with self.assertRaises(BenchError):
                common.time_or_die([Command("no", ["false"])])

    def test_peak_rss_file(self):
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "time.out"
            f.write_text("Command exited with non-zero status 1\n1234\n")
            self.assertEqual(common.read_peak_kb(f), 1234)
            f.write_text("")
            self.assertEqual(common.read_peak_kb(f), 0)
            self.assertEqual(common.read_peak_kb(Path(d) / "none"), 0)


class FormatTests(unittest.TestCase):
    def test_ratio(self):
        self.assertEqual(common.ratio(1.0, 4.0), 0.25)
        self.assertEqual(common.ratio(1.0, 0), 0.0)
        self.assertEqual(common.mib(3 * 1048576), "3.0")

    def test_rows(self):
        t = common.Timing()
        t.record(1.23456, 2048, 0)
        t.record(2.0, 4096, 0)
        text = common.format_rows([("git log", t, ""), ("tandem log", None, "MISSING: no log")], 20)
        self.assertEqual(text.splitlines(), [
            "command                 wall s   RSS MiB",
            "git log                  1.235       4.0",
            "tandem log                   -         -  MISSING: no log"])

    def test_count_lines_matching(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.patch"
            p.write_bytes(b"--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n@@ -5 +5 @@\n x\n")
            self.assertEqual(common.count_lines_matching(p, b"@@ "), 2)


class DispatcherTests(unittest.TestCase):
    def run_cli(self, argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
        return code, out.getvalue(), err.getvalue()

    def test_help_lists_every_benchmark(self):
        code, out, _ = self.run_cli(["help"])
        self.assertEqual(code, 0)
        for name in ("parse", "apply", "port", "drift", "history", "real", "siblings-real", "prepare-kernel"):
            self.assertIn(f"  {name} ", out)
            self.assertIn(f"scripts/bench {name}", out)

    def test_help_of_one_is_its_docstring(self):
        code, out, _ = self.run_cli(["help", "apply"])
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("bench/apply.py"))

    def test_unknown_and_empty(self):
        self.assertEqual(self.run_cli(["nonsense"])[0], 2)
        self.assertEqual(self.run_cli([])[0], 2)

    def test_every_module_imports_and_has_its_entry_point(self):
        import importlib
        for module, entry, _ in cli.COMMANDS.values():
            self.assertTrue(callable(getattr(importlib.import_module(module), entry)), module)

    def test_usage_error_exits_2(self):
        env = dict(os.environ, TANDEM_BENCH_RUNS="x")
        with mock.patch.dict(os.environ, env):
            self.assertEqual(self.run_cli(["drift", "prepare"])[0], 2)
