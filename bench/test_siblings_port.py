"""Tests of bench/siblings_port.py on a small real repository: python3 -m unittest bench.test_siblings_port."""
import csv
import subprocess
import tempfile
import types
import unittest
from pathlib import Path

from bench import siblings_port


def git(cwd, *args):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo, files, message):
    for path, text in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def scorer_stub():
    """The two functions of port-dev's scorer build_cases calls, reduced to what the test checks: one hunk
    per `@@`, and a hunk "ported" when its first added line stands in the answer key."""
    def parse_patch(data):
        out, path = {}, None
        for line in data.decode().split("\n"):
            if line.startswith("+++ "):
                path = line[6:]
                out[path] = []
            elif line.startswith("@@"):
                out[path].append([])
            elif path and out[path] and line[:1] in " +-":
                out[path][-1].append(line)
        return out

    def hunk_truth(body, before, after):
        added = [line[1:] for line in body if line.startswith("+")]
        return ("ported" if added and added[0] in after else "not-ported"), []

    return types.SimpleNamespace(parse_patch=parse_patch, file_views=lambda data: data.decode().split("\n"),
                                 hunk_truth=hunk_truth)


class BuildCasesTests(unittest.TestCase):
    def test_a_pair_becomes_a_case_in_port_devs_layout(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            repo = tmp / "repo"
            repo.mkdir()
            git(repo, "init", "-q")
            old = "a\nb\nc\nold();\nd\ne\n"
            commit(repo, {"arch/i386/kernel/x.c": old, "arch/x86_64/kernel/x.c": old.replace("a\n", "a64\n"),
                          "arch/i386/kernel/only.c": "z\n"}, "base")
            c1 = commit(repo, {"arch/i386/kernel/x.c": old.replace("old();", "new();"),
                               "arch/i386/kernel/only.c": "zz\n"}, "i386: fix")
            commit(repo, {"arch/x86_64/kernel/y.c": "unrelated\n"}, "other")
            c2 = commit(repo, {"arch/x86_64/kernel/x.c": old.replace("a\n", "a64\n").replace("old();", "new();")},
                        "x86_64: fix")
            pairs = [{"c1": c1, "c2": c2, "direction": "i386->x86_64", "c1_file": "arch/i386/kernel/x.c",
                      "c2_sibling_path": "arch/x86_64/kernel/x.c"},
                     {"c1": c1, "c2": "", "direction": "i386->x86_64", "c1_file": "arch/i386/kernel/x.c",
                      "c2_sibling_path": "arch/x86_64/kernel/x.c"}]
            made = siblings_port.build_cases(siblings_port.Repo(repo / ".git"), pairs, scorer_stub(), tmp / "cases")
            name = f"{c1[:8]}-{c2[:8]}"
            self.assertEqual(made, {name: {"ported": 1}})
            case = tmp / "cases" / name
            # only.c has no sibling at C2^: left out of the map; the pair without C2 makes no case
            self.assertEqual((case / "forkmap.tsv").read_text(), "arch/i386/kernel/x.c\tarch/x86_64/kernel/x.c\n")
            self.assertEqual((case / "upstream-before/arch/i386/kernel/x.c").read_text(), old)
            self.assertIn("new();", (case / "upstream-after/arch/i386/kernel/x.c").read_text())
            self.assertIn("old();", (case / "fork-before/arch/x86_64/kernel/x.c").read_text())
            self.assertIn("new();", (case / "fork-after/arch/x86_64/kernel/x.c").read_text())
            self.assertIn(b"+new();", (case / "upstream.patch").read_bytes())
            self.assertNotIn(b"only.c", (case / "upstream.patch").read_bytes())
            with open(case / "truth.csv", newline="") as f:
                self.assertEqual(list(csv.reader(f)), [["upstream_path", "hunk", "fork_path", "truth"],
                                                      ["arch/i386/kernel/x.c", "1", "arch/x86_64/kernel/x.c",
                                                       "ported"]])

    def test_a_sibling_claimed_by_two_originals_is_no_fork_map(self):
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp)
            git(repo, "init", "-q")
            commit(repo, {"arch/x86_64/a.c": "1\n", "arch/x86_64/b.c": "1\n", "arch/i386/a.c": "1\n",
                          "arch/i386/c.c": "1\n"}, "base")
            c1 = commit(repo, {"arch/x86_64/a.c": "2\n", "arch/x86_64/b.c": "2\n"}, "x86_64: drop includes")
            c2 = commit(repo, {"arch/i386/a.c": "2\n"}, "i386: drop includes")
            rows = [{"direction": "x86_64->i386", "c1_file": "arch/x86_64/a.c", "c2_sibling_path": "arch/i386/a.c"},
                    {"direction": "x86_64->i386", "c1_file": "arch/x86_64/b.c", "c2_sibling_path": "arch/i386/a.c"}]
            self.assertEqual(siblings_port.fork_map(siblings_port.Repo(repo / ".git"), c1, c2, rows), {})
            # one original per copy: b.c's own sibling (none at the same path) leaves a.c's pair standing
            rows[1]["c2_sibling_path"] = ""
            self.assertEqual(siblings_port.fork_map(siblings_port.Repo(repo / ".git"), c1, c2, rows),
                             {"arch/x86_64/a.c": "arch/i386/a.c"})

    def test_other_side(self):
        self.assertEqual(siblings_port.other_side("include/asm-i386/io.h"), "include/asm-x86_64/io.h")
        self.assertEqual(siblings_port.other_side("arch/x86_64/kernel/e820.c"), "arch/i386/kernel/e820.c")
        self.assertIsNone(siblings_port.other_side("Makefile"))


if __name__ == "__main__":
    unittest.main()
