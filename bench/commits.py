"""bench/commits.py -- `scripts/bench commits`: tandem apply vs git apply on every commit of a real history, both
ways: does each commit's own diff take its parent's tree to the commit's, and back with -R?

The history: a git repository (default: this repository's own, whose commits rename files, change modes and
carry binary files; or --repo DIR), every non-merge commit reachable from REV (default HEAD) with a parent.
For each commit C with parent P:
  git diff --binary -M P C > D                      renames, modes, GIT binary patch data with full index lines
  forward:  P's tree (git archive), then  tandem apply D  and, in a copy,  git apply D;  each must equal C's tree
  reverse:  C's tree, then  tandem apply -R D  and  git apply -R D;  each must equal P's tree
Trees are written and compared untimed (files, their bytes and the executable bit); only the two applies are
timed, each tool's total over the whole history. A commit whose diff is empty (a merge-only or mode-less
metadata change) is skipped.

  goal: every commit applies both ways with tandem and comes out as git's tree (exit 1 otherwise); the ratio
        is tandem's total apply time over git apply's (process start-up dominates: a few files per commit)

Usage
  scripts/bench commits [--repo DIR] [--rev REV] [--limit N] [--tandem PATH]

Environment
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-commits)
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import common

DEFAULT_WORK = "/dev/shm/tandem-bench-commits"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="scripts/bench commits", description=__doc__.splitlines()[0])
    common.add_tandem_option(parser)
    parser.add_argument("--repo", default=str(common.REPO_ROOT), help="the repository (default: tandem's own)")
    parser.add_argument("--rev", default="HEAD", help="the newest commit (default HEAD)")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the newest N commits")
    return parser.parse_args(argv)


def tree(repo, rev, dest):
    """REV's tree of REPO written into DEST (a fresh folder)."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)


def snapshot(root):
    """{relative path: (bytes, executable)} of every file under ROOT (links as their target)."""
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = (os.readlink(path).encode(), "link")
            else:
                out[rel] = (Path(path).read_bytes(), os.access(path, os.X_OK))
    return out


def differences(got, wanted):
    """Relative paths where snapshots GOT and WANTED differ (missing on either side, bytes or mode)."""
    return sorted(p for p in set(got) | set(wanted) if got.get(p) != wanted.get(p))


def kinds(diff):
    """What a diff holds that plain text patches do not: binary file patches, renames, mode changes."""
    text = diff.decode("latin-1")
    return {"binary": text.count("\nGIT binary patch\n"), "rename": text.count("\nrename from "),
            "mode": text.count("\nnew mode ") + text.count("\nnew file mode 100755")}


def timed(command, cwd):
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True)
    return done, time.perf_counter() - start


def main(argv):
    args = parse_args(argv)
    common.need_tool("git", "git")
    tandem = common.find_tandem(args.tandem)
    repo = Path(args.repo)
    commits = subprocess.run(["git", "-C", str(repo), "rev-list", "--no-merges", args.rev], capture_output=True,
                             text=True, check=True).stdout.split()
    if args.limit:
        commits = commits[:args.limit]
    work = Path(os.environ.get("TANDEM_BENCH_WORK") or DEFAULT_WORK)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    patch = work / "commit.patch"
    seconds = {"tandem": 0.0, "git": 0.0}
    failures = {"tandem": [], "git": []}
    counts = {"commits": 0, "binary": 0, "rename": 0, "mode": 0, "binary commits": 0}
    for commit in commits:
        parent = subprocess.run(["git", "-C", str(repo), "rev-parse", "-q", "--verify", commit + "^"],
                                capture_output=True, text=True).stdout.strip()
        if not parent:
            continue
        diff = subprocess.run(["git", "-C", str(repo), "diff", "--binary", "-M", parent, commit],
                              capture_output=True, check=True).stdout
        if not diff:
            continue
        patch.write_bytes(diff)
        counts["commits"] += 1
        found = kinds(diff)
        for key, value in found.items():
            counts[key] += value
        counts["binary commits"] += found["binary"] > 0
        for direction, start, end in (("forward", parent, commit), ("reverse", commit, parent)):
            tree(repo, end, work / "wanted")
            wanted = snapshot(work / "wanted")
            for tool in ("tandem", "git"):
                tree(repo, start, work / tool)
                reverse = ["-R"] if direction == "reverse" else []
                command = ([tandem, "apply"] if tool == "tandem" else ["git", "apply"]) + reverse + [patch]
                done, secs = timed(command, work / tool)
                seconds[tool] += secs
                wrong = differences(snapshot(work / tool), wanted)
                if done.returncode != 0 or wrong:
                    why = (done.stdout + done.stderr).decode("utf-8", "replace").strip().splitlines()
                    failures[tool].append(f"{commit[:12]} {direction}: exit {done.returncode}"
                                          + (f", {len(wrong)} files differ ({', '.join(wrong[:3])})" if wrong else "")
                                          + (f": {why[-1]}" if why else ""))

    print(f"history: {repo} ({args.rev}), {counts['commits']} non-merge commits with a parent and a diff; "
          f"their diffs hold {counts['binary']} binary file patches (in {counts['binary commits']} commits), "
          f"{counts['rename']} renames, {counts['mode']} executable modes")
    print()
    print("  %-40s %10s %12s" % ("tool", "apply s", "failures"))
    for tool, label in (("tandem", "tandem apply (forward and -R)"), ("git", "git apply (forward and -R)")):
        print("  %-40s %10.2f %12d" % (label, seconds[tool], len(failures[tool])))
    print(f"  tandem apply / git apply: {common.ratio(seconds['tandem'], seconds['git']):.2f}x time")
    for tool in ("tandem", "git"):
        for line in failures[tool][:8]:
            print(f"  {tool}: {line}")
    ok = not failures["tandem"] and counts["commits"] > 0
    print()
    print(f"goal: every commit applies both ways with tandem and comes out as git's tree: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
