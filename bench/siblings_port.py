#!/usr/bin/env python3
"""bench/siblings_port.py -- `scripts/bench siblings-port`: porting accuracy on a second real corpus, one the
rules of `tandem port` were not tuned on: fixes carried by hand from one architecture to its sibling.

What it measures
  The siblings-dev corpus (TANDEM_REALDATA/siblings-dev, see its README.md) lists, in pairs.csv, changes a
  commit C1 made in arch/i386 (or x86_64) whose equivalent reached the other architecture only in a later
  commit C2. Every pair whose C2 is in the corpus's repository becomes a port case in port-dev's layout:
    upstream-before / upstream-after   C1's files of the architecture it changed, at C1^ and C1
    upstream.patch                     `git diff C1^ C1` of those files
    fork-before / fork-after           their sibling files at C2^ and C2 (the answer key: what the kernel
                                       developers committed when they carried the change)
    forkmap.tsv                        original -> sibling: the pair's own sibling file, else the file at the
                                       same path under the other architecture; one original per copy
    truth.csv                          per hunk and copy, port-dev's own test (`score_port.hunk_truth`) of
                                       fork-after against fork-before: ported, already, partial, not-ported
  Then `scripts/bench real --corpus` runs tandem, GNU patch, git merge-file and wiggle on those cases and
  scores them all with port-dev's scorer (recall_made, wrong_made, files equal, lines to the answer key,
  tandem's claims, the second run, and whether tandem beats every peer on recall and on wrong at once, the
  goal the porting issue sets for history the rules were not tuned on): see bench/real.py.

  The sibling was never a copy kept in step with the original, so a port here is harder than a fork's:
  each side has years of its own edits, and C2 often carried the fix in 64-bit words (`%rax` for `%eax`)
  or only part of C1 (its other hunks were i386 matters), which the text test reads as "not ported".
  Every tool is scored on the same rows, so the comparison holds; the absolute numbers are low for all.
  Nothing here is tuned on: no rule of tandem's looks at these cases, which is the point of a second
  corpus (the first, port-dev, is the one the rules were measured on).

Usage
  scripts/bench siblings-port [--tandem PATH] [--json FILE] [--misses FILE] [--case NAME]...
  (the options are bench real's)

Environment
  TANDEM_REALDATA     the realdata root, holding siblings-dev/ and port-dev/ (whose scorer and anchor script
                      are used); default ../shared/realdata from the repository root
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-siblings-port): repo/ (the extracted
                      repository), cases/ (rebuilt on every run, a few seconds), real/ (bench real's work)
"""
import collections
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench import real, siblings_real

DEFAULT_WORK = "/dev/shm/tandem-bench-siblings-port"


def work_root(env=os.environ):
    return Path(env.get("TANDEM_BENCH_WORK") or DEFAULT_WORK).resolve()


def other_side(path, groups=siblings_real.SIBLINGS):
    """The path at the same place under the sibling directory, or None outside the sibling directories."""
    for a, b in groups:
        if path.startswith(a):
            return b + path[len(a):]
        if path.startswith(b):
            return a + path[len(b):]
    return None


def side_of(path, groups=siblings_real.SIBLINGS):
    """The sibling directory `path` lies under (`arch/i386/`), or None."""
    return next((d for group in groups for d in group if path.startswith(d)), None)


class Repo:
    """Reads a bare repository through the git CLI (the benchmark's own plumbing, never tandem's)."""

    def __init__(self, git_dir):
        self.git_dir = str(git_dir)
        self.blobs = {}     # (rev, path) -> bytes or None: the map checks each file, the case then writes it

    def run(self, *args):
        r = subprocess.run(["git", f"--git-dir={self.git_dir}", *args], capture_output=True)
        return r.returncode, r.stdout

    def show(self, rev, path):
        """The file's bytes at `rev`, or None when it has no such file (read once per revision and path)."""
        if (rev, path) not in self.blobs:
            code, out = self.run("show", f"{rev}:{path}")
            self.blobs[(rev, path)] = out if code == 0 else None
        return self.blobs[(rev, path)]

    def changed(self, a, b):
        code, out = self.run("diff", "--name-only", "--no-renames", a, b)
        if code:
            raise real.BenchError(f"git diff {a} {b} failed")
        return [p for p in out.decode("utf-8", "replace").split("\n") if p]

    def diff(self, a, b, paths):
        code, out = self.run("diff", "--no-color", "--no-renames", "--no-ext-diff", a, b, "--", *paths)
        if code:
            raise real.BenchError(f"git diff {a} {b} failed")
        return out


def fork_map(repo, c1, c2, rows):
    """{original: sibling} for one pair: the files C1 changed in the architecture it fixed, each mapped to
    the pair's sibling file for it, else to the file at the same path under the other architecture, when
    that file stands at C2^ and C2 and the original at C1^ and C1. A sibling claimed by two originals (an
    `#include` removed from many files, all paired with one) is no fork map: those are left out."""
    source = rows[0]["direction"].split("->")[0]
    named = {r["c1_file"]: r["c2_sibling_path"] for r in rows if r["c2_sibling_path"]}
    out = {}
    for path in repo.changed(f"{c1}^", c1):
        if source not in (side_of(path) or ""):
            continue
        sibling = named.get(path) or other_side(path)
        if not sibling or sibling == path:
            continue
        revs = ((f"{c1}^", path), (c1, path), (f"{c2}^", sibling), (c2, sibling))
        if all(repo.show(rev, p) is not None for rev, p in revs):
            out[path] = sibling
    claims = collections.Counter(out.values())
    return {up: sib for up, sib in out.items() if claims[sib] == 1}


def build_cases(repo, pairs, scorer, out_dir):
    """One case folder per commit pair (C1, C2) with C2 in the repository and a non-empty fork map.
    -> {case name: {truth verdict: rows}}."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    by_pair = collections.defaultdict(list)
    for row in pairs:
        if row["c2"]:
            by_pair[(row["c1"], row["c2"])].append(row)
    made = {}
    for (c1, c2), rows in sorted(by_pair.items()):
        mapping = fork_map(repo, c1, c2, rows)
        if not mapping:
            continue
        name = f"{c1[:8]}-{c2[:8]}"
        case = out_dir / name
        for folder, rev, paths in (("upstream-before", f"{c1}^", mapping), ("upstream-after", c1, mapping),
                                   ("fork-before", f"{c2}^", mapping.values()), ("fork-after", c2, mapping.values())):
            for path in paths:
                target = case / folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(repo.show(rev, path))
        patch = repo.diff(f"{c1}^", c1, sorted(mapping))
        (case / "upstream.patch").write_bytes(patch)
        (case / "forkmap.tsv").write_text("".join(f"{up}\t{sib}\n" for up, sib in sorted(mapping.items())))
        counts = real.write_truth(case, sorted(mapping.items()), patch, scorer)
        made[name] = dict(counts)
    return made


def main(argv):
    work = work_root()

    def build(realdata, scorer, cases):
        corpus = realdata / "siblings-dev"
        tarball = corpus / f"{siblings_real.REPO_NAME}.tar.xz"
        if not tarball.is_file() or not (corpus / "pairs.csv").is_file():
            raise real.BenchError(f"no siblings-dev corpus at {corpus} (set TANDEM_REALDATA to the folder holding it)")
        repo = Repo(siblings_real.extract_repo(tarball, work))
        with open(corpus / "pairs.csv", newline="") as f:
            return build_cases(repo, list(csv.DictReader(f)), scorer, cases), "siblings-dev's pairs"
    return real.built_corpus_main(argv, __doc__, "siblings-port", work, build)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
