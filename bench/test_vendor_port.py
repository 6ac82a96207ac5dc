"""Tests of bench/vendor_port.py on small pip-like archives made in a temporary folder (no network):
python3 -m unittest bench.test_vendor_port."""
import contextlib
import csv
import io
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path
from unittest import mock

from bench import vendor_port
from bench.test_siblings_port import scorer_stub

BODY = "".join(f"def f{i}():\n    return {i}\n" for i in range(8))


def sdist(path, files):
    """A .tar.gz with FILES {member: text}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as t:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def wheel(path, files):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)


def pip_sdist(data, version, vendor_txt, files):
    """DATA/pip-VERSION/pip-VERSION.tar.gz, as `fetch` leaves a download, with src/pip/_vendor/FILES."""
    root = f"pip-{version}/"
    members = {root + "src/pip/_vendor/vendor.txt": vendor_txt, root + "setup.py": "setup()\n"}
    members.update({root + vendor_port.VENDOR + p: t for p, t in files.items()})
    sdist(data / f"pip-{version}" / f"pip-{version}.tar.gz", members)


def corpus(data):
    """Two pip releases: foo upgraded 1.0 -> 2.0 (its core.py re-vendored, its util.py patched by pip alone,
    its new.py pip's own file), bar upgraded but not downloadable, baz unchanged."""
    vendored = BODY.replace("return 0", "from pip._vendor.foo import util")
    pip_sdist(data, "1.0", "foo==1.0\n    bar==1.0  # a dependency\nbaz==3.0\n",
              {"foo/__init__.py": "", "foo/core.py": vendored, "foo/util.py": BODY, "foo/new.py": "x = 1\n",
               "bar.py": BODY, "baz/__init__.py": BODY})
    pip_sdist(data, "1.1", "foo==2.0\n    bar==2.0\nbaz==3.0\n",
              {"foo/__init__.py": "", "foo/core.py": vendored.replace("return 7", "return 70"),
               "foo/util.py": BODY + "# pip\n", "foo/new.py": "x = 2\n", "bar.py": BODY + "y = 1\n",
               "baz/__init__.py": BODY})
    upstream = BODY.replace("return 0", "from foo import util")
    wheel(data / "foo-1.0" / "foo-1.0-py3-none-any.whl",
          {"foo/__init__.py": "", "foo/core.py": upstream, "foo/util.py": BODY, "foo-1.0.dist-info/METADATA": ""})
    sdist(data / "foo-2.0" / "foo-2.0.tar.gz",
          {"foo-2.0/src/foo/__init__.py": "", "foo-2.0/src/foo/core.py": upstream.replace("return 7", "return 70"),
           "foo-2.0/src/foo/util.py": BODY, "foo-2.0/tests/test_foo.py": "pass\n"})
    for version in ("1.0", "2.0"):
        (data / f"bar-{version}.unavailable").write_text("wheel: none\n")


def no_network(*args):
    raise AssertionError(f"pip download called: {args}")


class VendorTxtTests(unittest.TestCase):
    def test_pins_read_dependencies_and_drop_comments(self):
        text = "CacheControl==0.12.10  # Make sure to update the license\nrequests==2.28.1\n    idna==3.4\n\n"
        self.assertEqual(vendor_port.pins(text), {"cachecontrol": ("CacheControl", "0.12.10"),
                                                  "requests": ("requests", "2.28.1"), "idna": ("idna", "3.4")})

    def test_upgrades_are_the_versions_that_changed_on_both_sides(self):
        old = vendor_port.pins("six==1.15.0\nappdirs==1.4.4\nidna==3.1\ndistlib==0.3.4\n")
        new = vendor_port.pins("six==1.16.0\nplatformdirs==2.4.0\nidna==3.1\ndistlib==0.3.3\n")
        self.assertEqual(vendor_port.upgrades(old, new), [("distlib", "distlib", "0.3.4", "0.3.3"),
                                                          ("six", "six", "1.15.0", "1.16.0")])

    def test_modules(self):
        self.assertEqual(vendor_port.module_of("CacheControl"), "cachecontrol")
        self.assertEqual(vendor_port.module_of("setuptools"), "pkg_resources")
        self.assertEqual(vendor_port.module_of("pyproject-hooks"), "pyproject_hooks")
        self.assertEqual(vendor_port.module_of("typing_extensions"), "typing_extensions")


class ReleasesTests(unittest.TestCase):
    def test_a_chain_is_ported_step_by_step_without_the_dev_sets_pairs(self):
        self.assertEqual(vendor_port.release_pairs("23.2,23.3,24.0,24.1,24.2"),
                         (("23.2", "23.3"), ("23.3", "24.0"), ("24.1", "24.2")))
        later = vendor_port.release_pairs("later")
        self.assertEqual(later[0], ("23.2", "23.3"))
        self.assertFalse(set(later) & set(vendor_port.RELEASES))

    def test_one_version_is_no_chain(self):
        with self.assertRaises(vendor_port.real.BenchError):
            vendor_port.release_pairs("24.1")

    def test_the_option_is_taken_out_of_bench_reals_arguments(self):
        self.assertEqual(vendor_port.split_releases(["--releases", "later", "--misses", "m"]), ("later", ["--misses", "m"]))
        self.assertEqual(vendor_port.split_releases(["--releases=24.1,24.2"]), ("24.1,24.2", []))
        self.assertEqual(vendor_port.split_releases(["--case", "x"]), (None, ["--case", "x"]))

    def test_a_chain_works_in_its_own_folder(self):
        self.assertEqual(vendor_port.work_root({}, "later").name, "tandem-bench-vendor-port-releases")
        self.assertEqual(vendor_port.work_root({}).name, "tandem-bench-vendor-port")
        self.assertEqual(str(vendor_port.work_root({"TANDEM_BENCH_WORK": "/tmp/w"}, "later")), "/tmp/w")


class ArchiveTests(unittest.TestCase):
    def test_package_files_from_a_wheel_and_from_an_sdists_src_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            corpus(data)
            whl = vendor_port.read_archive(data / "foo-1.0" / "foo-1.0-py3-none-any.whl")
            self.assertEqual(sorted(vendor_port.package_files(whl, "foo", True)),
                             ["foo/__init__.py", "foo/core.py", "foo/util.py"])
            tgz = vendor_port.read_archive(data / "foo-2.0" / "foo-2.0.tar.gz")
            files = vendor_port.package_files(tgz, "foo", False)
            self.assertEqual(sorted(files), ["foo/__init__.py", "foo/core.py", "foo/util.py"])
            self.assertIn(b"return 70", files["foo/core.py"])

    def test_a_single_module_and_a_missing_one(self):
        members = {"six-1.16.0/six.py": b"x", "six-1.16.0/test_six.py": b"y", "six-1.16.0/setup.py": b"z"}
        self.assertEqual(vendor_port.package_files(members, "six", False), {"six.py": b"x"})
        self.assertEqual(vendor_port.package_files(members, "msgpack", False), {})

    def test_vendor_files_are_pips_src_pip_vendor(self):
        members = {"pip-1.0/src/pip/_vendor/six.py": b"x", "pip-1.0/src/pip/_internal/main.py": b"y",
                   "pip-1.0/src/pip/_vendor/vendor.txt": b"six==1\n"}
        self.assertEqual(vendor_port.vendor_files(members), {"six.py": b"x", "vendor.txt": b"six==1\n"})


class ForkMapTests(unittest.TestCase):
    def test_only_copies_changed_on_both_sides_are_mapped(self):
        up_a = {"foo/a.py": b"AA = 1\n", "foo/same.py": b"SS = 1\n", "foo/gone.py": b"GG = 1\n",
                "foo/mine.py": b"MM = 1\n", "foo/untouched.py": b"UU = 1\n"}
        up_b = {"foo/a.py": b"AA = 2\n", "foo/same.py": b"SS = 1\n", "foo/mine.py": b"MM = 2\n",
                "foo/untouched.py": b"UU = 2\n"}
        fork_a = {"foo/a.py": b"AA = 1\n", "foo/same.py": b"SS = 1\n", "foo/gone.py": b"GG = 1\n",
                  "foo/mine.py": b"MINE = 1\nOURS = 2\n", "foo/untouched.py": b"UU = 1\n"}
        fork_b = {"foo/a.py": b"AA = 2\n", "foo/same.py": b"SS = 2\n", "foo/gone.py": b"GG = 2\n",
                  "foo/mine.py": b"MINE = 2\nOURS = 2\n", "foo/untouched.py": b"UU = 1\n"}
        self.assertEqual(vendor_port.fork_map(up_a, up_b, fork_a, fork_b),
                         [("foo/a.py", "src/pip/_vendor/foo/a.py")])

    def test_a_copy_with_its_imports_rewritten_is_still_a_copy(self):
        up = BODY.replace("return 0", "import foo").encode()
        mine = BODY.replace("return 0", "from pip._vendor import foo").encode()
        self.assertEqual(vendor_port.fork_map({"foo/x.py": up}, {"foo/x.py": up + b"y = 1\n"},
                                              {"foo/x.py": mine}, {"foo/x.py": mine + b"y = 1\n"}),
                         [("foo/x.py", "src/pip/_vendor/foo/x.py")])

    def test_binary_files_are_left_out(self):
        self.assertEqual(vendor_port.fork_map({"foo/x.bin": b"\0a"}, {"foo/x.bin": b"\0b"},
                                              {"foo/x.bin": b"\0a"}, {"foo/x.bin": b"\0b"}), [])


class FetchTests(unittest.TestCase):
    def test_a_cached_download_is_used_and_a_failure_remembered(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            corpus(data)
            with mock.patch.object(vendor_port, "pip_download", no_network):
                self.assertEqual(vendor_port.fetch("foo", "1.0", data), data / "foo-1.0" / "foo-1.0-py3-none-any.whl")
                self.assertIsNone(vendor_port.fetch("bar", "1.0", data))

    def test_a_failed_download_leaves_a_note_and_no_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            calls = []

            def failing(spec, folder, wheel, name):
                calls.append(wheel)
                return "ERROR: No matching distribution"
            with mock.patch.object(vendor_port, "pip_download", failing), \
                    contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertIsNone(vendor_port.fetch("msgpack", "1.0.4", data))
            self.assertEqual(calls, [True, False])          # the wheel first, then the sdist
            self.assertIn("skipping msgpack 1.0.4", err.getvalue())
            self.assertIn("No matching distribution", (data / "msgpack-1.0.4.unavailable").read_text())
            self.assertEqual(sorted(p.name for p in data.iterdir()), ["msgpack-1.0.4.unavailable"])

    def test_a_download_lands_in_its_folder(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)

            def fake(spec, folder, wheel, name):
                (folder / "six-1.16.0-py2.py3-none-any.whl").write_bytes(b"PK")
                return None
            with mock.patch.object(vendor_port, "pip_download", fake):
                self.assertEqual(vendor_port.fetch("six", "1.16.0", data),
                                 data / "six-1.16.0" / "six-1.16.0-py2.py3-none-any.whl")
            self.assertFalse((data / "six-1.16.0.partial").exists())


class BuildCasesTests(unittest.TestCase):
    def test_a_release_pair_becomes_a_case_in_port_devs_layout(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            data, out = tmp / "vendor", tmp / "cases"
            corpus(data)
            source = vendor_port.Source(data)
            with mock.patch.object(vendor_port, "pip_download", no_network), \
                    contextlib.redirect_stderr(io.StringIO()) as err:
                source.prepare([("1.0", "1.1")])
                made = vendor_port.build_cases(source, [("1.0", "1.1")], scorer_stub(), out)
            self.assertEqual(made, {"pip-1.0-to-1.1": {"ported": 1}})
            self.assertIn("no files of bar for bar 1.0 -> 2.0", err.getvalue())
            case = out / "pip-1.0-to-1.1"
            original, copy = "foo/core.py", "src/pip/_vendor/foo/core.py"
            self.assertEqual((case / "forkmap.tsv").read_text(), f"{original}\t{copy}\n")
            self.assertIn("from foo import util", (case / "upstream-before" / original).read_text())
            self.assertIn("return 70", (case / "upstream-after" / original).read_text())
            self.assertIn("from pip._vendor.foo import util", (case / "fork-before" / copy).read_text())
            self.assertIn("return 70", (case / "fork-after" / copy).read_text())
            self.assertNotIn("return 70", (case / "fork-before" / copy).read_text())
            patch = (case / "upstream.patch").read_text()
            self.assertTrue(patch.startswith(f"diff --git a/{original} b/{original}\n--- a/{original}\n"
                                             f"+++ b/{original}\n@@ "), patch)
            self.assertIn("+    return 70\n", patch)
            self.assertNotIn("util.py", patch)
            with open(case / "truth.csv", newline="") as f:
                self.assertEqual(list(csv.reader(f)), [["upstream_path", "hunk", "fork_path", "truth"],
                                                       [original, "1", copy, "ported"]])

    def test_a_missing_pip_release_stops_the_build(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(vendor_port.real.BenchError) as caught:
                vendor_port.Source(Path(tmp)).pip("9.9")
            self.assertIn("no pip 9.9 sdist", str(caught.exception))

    def test_data_lives_under_tandem_bench_data(self):
        self.assertEqual(vendor_port.data_root({"TANDEM_BENCH_DATA": "/var/tmp/x"}), Path("/var/tmp/x/vendor"))
        self.assertEqual(vendor_port.case_name("22.3", "23.0"), "pip-22.3-to-23.0")


if __name__ == "__main__":
    unittest.main()
