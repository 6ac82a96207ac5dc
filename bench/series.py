"""bench/series.py -- `scripts/bench series`: `tandem port --per-commit` over real history, as a maintainer replays
upstream commit by commit: does the rewritten series apply, step by step, and leave the tree `--apply` leaves?

The history: siblings-dev's repository (Linux v2.6.12-rc2..v2.6.17 restricted to i386 and x86_64; under
TANDEM_REALDATA). The fork: a checkout of FROM (default v2.6.12) with a tandem.yml that maps arch/i386/ onto
arch/x86_64/ and include/asm-i386/ onto include/asm-x86_64/. Siblings are not copies, so most hunks conflict,
and upstream's own commits change the "copies" too (and delete, add and move files there): the hard case for
a rewritten series, which must carry upstream's own changes once, never a duplicate on top of them, and apply
to the tree it was made for at every step.

Steps, in the same run:
  git log -p --first-parent --reverse FROM..TO > LOG          the peer: the history as patches, nothing more
  tandem port --upstream REPO --range FROM..TO --per-commit --fork A -o SERIES --report R.json
  tandem apply SERIES                                           in A: every step must apply (exit 0)
  tandem port ... --per-commit --fork B --apply --merge         in B, a second checkout
Then A and B are compared, file by file (.git and B's X.rej files aside): a file may differ only where B holds
conflict markers (--merge writes them where A's series leaves the hunk out).

  goal: the series applies step by step, and A equals B but for conflict markers (exit 1 otherwise)

Usage
  scripts/bench series [--tandem PATH] [--from REV] [--to REV]

Environment
  TANDEM_REALDATA     the realdata root holding siblings-dev/ (default ../shared/realdata from the repository root)
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-series)
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import common, real, siblings_real

DEFAULT_WORK = "/dev/shm/tandem-bench-series"
MAP = "forks:\n  - {upstream: arch/i386/, fork: arch/x86_64/}\n  - {upstream: include/asm-i386/, fork: include/asm-x86_64/}\n"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="scripts/bench series", description=__doc__.splitlines()[0])
    parser.add_argument("--tandem", help="the tandem binary (default: a release build)")
    parser.add_argument("--from", dest="start", default="v2.6.12", help="the first commit's parent (default v2.6.12)")
    parser.add_argument("--to", dest="end", default="v2.6.17", help="the last commit (default v2.6.17)")
    return parser.parse_args(argv)


def checkout(repo, rev, dest):
    """A clone of REPO at REV in DEST, with the bench's tandem.yml at its root."""
    subprocess.run(["git", "clone", "-q", str(repo), str(dest)], check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "-q", rev], check=True)
    (dest / "tandem.yml").write_text(MAP)


def differing(a, b):
    """Relative paths of the files that differ between trees A and B (either side's only files too), .git, the
    tandem.yml and X.rej files aside."""
    out = []

    def walk(cmp, rel):
        names = [n for n in cmp.left_only + cmp.right_only + cmp.diff_files
                 if n != ".git" and not n.endswith(".rej") and not (rel == "" and n == "tandem.yml")]
        out.extend(os.path.join(rel, n) for n in names)
        for name, sub in cmp.subdirs.items():
            if name != ".git":
                walk(sub, os.path.join(rel, name))
    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return sorted(out)


def has_markers(path):
    try:
        return any(line.startswith(b"<<<<<<< ") for line in Path(path).read_bytes().splitlines())
    except (FileNotFoundError, IsADirectoryError):
        return False


def timed(command, **kw):
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], **kw)
    return done, time.perf_counter() - start


def main(argv):
    args = parse_args(argv)
    common.need_tool("git", "git")
    tandem = common.find_tandem(args.tandem)
    corpus = real.realdata_root() / "siblings-dev"
    tarball = corpus / f"{siblings_real.REPO_NAME}.tar.xz"
    if not tarball.is_file():
        raise common.BenchError(f"no siblings-dev corpus at {corpus} (set TANDEM_REALDATA to the folder holding it)")
    work = Path(os.environ.get("TANDEM_BENCH_WORK") or DEFAULT_WORK)
    work.mkdir(parents=True, exist_ok=True)
    repo = Path(siblings_real.extract_repo(tarball, work))
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    a, b = run / "a", run / "b"
    checkout(repo, args.start, a)
    checkout(repo, args.start, b)
    span = f"{args.start}..{args.end}"
    commits = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "--first-parent", span],
                                 capture_output=True, text=True, check=True).stdout)

    with open(run / "log.patch", "wb") as f:
        _, git_secs = timed(["git", "-C", repo, "log", "-p", "--first-parent", "--reverse", span], stdout=f)
    series, report = run / "series.patch", run / "r.json"
    ported, port_secs = timed([tandem, "port", "--upstream", repo, "--range", span, "--per-commit", "--fork", a,
                               "-o", series, "--report", report], capture_output=True)
    summary = ported.stdout.decode("utf-8", "replace").strip().splitlines()
    applied, apply_secs = timed([tandem, "apply", series], cwd=a, capture_output=True)
    merged, merge_secs = timed([tandem, "port", "--upstream", repo, "--range", span, "--per-commit", "--fork", b,
                                "--apply", "--merge"], capture_output=True)
    differ = differing(a, b)
    unexplained = [p for p in differ if not has_markers(b / p)]

    print(f"history: {repo} {span}, {commits} first-parent commits; map: arch/i386/ -> arch/x86_64/, "
          f"include/asm-i386/ -> include/asm-x86_64/")
    print()
    print("  %-66s %8s %5s" % ("command", "wall s", "exit"))
    for label, secs, code in (
            ("git log -p --first-parent --reverse FROM..TO  (the history as patches)", git_secs, 0),
            ("tandem port --per-commit -o SERIES  (in A)", port_secs, ported.returncode),
            ("tandem apply SERIES  (in A)", apply_secs, applied.returncode),
            ("tandem port --per-commit --apply --merge  (in B)", merge_secs, merged.returncode)):
        print("  %-66s %8.2f %5s" % (label, secs, code))
    print(f"  tandem port --per-commit / git log -p: {port_secs / git_secs:.2f}x time")
    if summary:
        print(f"  port: {summary[-1]}")
    failed = [line for line in applied.stdout.decode("utf-8", "replace").splitlines() if "FAILED" in line]
    if failed:
        print("  tandem apply: " + "; ".join(failed[:4]))
    print(f"  files that differ between A and B: {len(differ)}, of which without conflict markers in B: "
          f"{len(unexplained)}" + (f" ({', '.join(unexplained[:4])})" if unexplained else ""))
    ok = ported.returncode in (0, 1) and applied.returncode == 0 and merged.returncode in (0, 1) and not unexplained
    print()
    print(f"goal: the series applies step by step and leaves the tree --apply leaves: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
