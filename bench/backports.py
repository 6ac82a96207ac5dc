"""bench/backports.py -- `scripts/bench backports`: commits of a real history applied to trees they were not
made for (backports and reverts), tandem beside git merge-file, GNU patch and git apply: does tandem ever
land a file differently from a clean three-way merge, or claim a change it did not make?

What it measures
  The history: the siblings-dev corpus (Linux 2005-2006, arch/i386, arch/x86_64 and their headers; extracted
  from TANDEM_REALDATA/siblings-dev once) or --repo DIR. For each non-merge commit C with parent P, and each
  distance K of --distance (default 3,20,100):
    backport (default)  T = P~K, a tree K first-parent commits older; the patch is  git diff P C
    --reverse           T = the commit K first-parent steps after C; the patch  git diff P C  applied with -R
                        (a revert of an old commit on a newer tree)
  Only files the commit modifies and whose version in T differs from the patch's own pre-image ("drifted")
  are judged; a case is a (commit, K) pair with at least one. The reference is  git merge-file T PRE POST
  per file (PRE/POST the patch's sides, swapped under --reverse): a clean merge is what git's own 3-way
  machinery makes of the same three files. Each tool gets T's versions of the patch's files (nothing else):
    tandem-base   tandem apply --reject --base PRE-TREE --format json (the merge steps)
    tandem        tandem apply --reject --format json (offset and fuzz, as GNU patch)
    patch         GNU patch -p1 -f (fuzz 2; a .rej marks a file not whole)
    git-apply     git apply --reject (exact context, offsets)
  Per tool and file, one of:
    same          every hunk landed (or was there) and the file is git's clean merge
    DIFFERS       every hunk landed and the file is not git's clean merge: a misplacement, or a merge git
                  would not make; each is kept in WORK/cases/ for reading
    CLAIMED       tandem claimed every hunk (applied or already applied), the file is unchanged, and git's
                  clean merge changes it: a silent loss
    lands         every hunk landed where git merge-file conflicts (kept in WORK/cases/ for tandem's runs)
    partial / failed   some hunk did not land (partial: the file changed all the same)
    CRASH         tandem printed no report (it crashed, or stopped with trouble): each drifted file of the case

  goal: tandem, with and without --base, is never DIFFERS, CLAIMED or CRASH (exit 1 otherwise). `lands` is where
        tandem's finer steps go beyond diff3; they are counted by step, not judged (read them in WORK/cases).

Usage
  scripts/bench backports [--repo DIR] [--distance K,K,...] [--reverse] [--limit N] [--tandem PATH]

  --limit N   stop after N cases (default: every commit)

Environment
  TANDEM_REALDATA     the realdata root, holding siblings-dev/ (default ../shared/realdata)
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-backports)
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):          # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common, real, siblings_real  # noqa: E402

DEFAULT_WORK = "/dev/shm/tandem-bench-backports"
TOOLS = ("tandem-base", "tandem", "patch", "git-apply")
KEPT = ("DIFFERS", "CLAIMED", "CRASH", "lands")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="scripts/bench backports", description=__doc__.splitlines()[0])
    common.add_tandem_option(parser)
    parser.add_argument("--repo", help="the repository (default: the siblings-dev corpus)")
    parser.add_argument("--distance", default="3,20,100", help="first-parent distances K (default 3,20,100)")
    parser.add_argument("--reverse", action="store_true", help="revert old commits on newer trees")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="stop after N cases")
    return parser.parse_args(argv)


class Repo:
    """Blobs and diffs of one repository, through one `git cat-file --batch`."""

    def __init__(self, path):
        self.path = str(path)
        self.cat = subprocess.Popen(["git", "-C", self.path, "cat-file", "--batch"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE)

    def git(self, *args):
        return subprocess.run(["git", "-C", self.path, *args], capture_output=True, check=True).stdout

    def blob(self, rev, path):
        """PATH's bytes at REV, or None when REV has no such file."""
        self.cat.stdin.write(f"{rev}:{path}\n".encode())
        self.cat.stdin.flush()
        head = self.cat.stdout.readline().split()
        if head[-1] == b"missing":
            return None
        data = self.cat.stdout.read(int(head[2]))
        self.cat.stdout.read(1)
        return data


def verdict(rejected, got, target, pre, post, merged):
    """One tool's verdict on one file (see the module's notes). MERGED is (clean, bytes) from git merge-file."""
    clean, reference = merged
    if rejected:
        return "partial" if got != target else "failed"
    if clean:
        if got == reference:
            return "same"
        return "CLAIMED" if got == target and post != pre else "DIFFERS"
    return "lands"


def merge_file(work, target, pre, post):
    """git merge-file's result for TARGET (ours), PRE (base), POST (theirs): (clean, bytes)."""
    names = []
    (work / "merge").mkdir(exist_ok=True)
    for name, data in (("ours", target), ("base", pre), ("theirs", post)):
        path = work / "merge" / name
        path.write_bytes(data)
        names.append(str(path))
    done = subprocess.run(["git", "merge-file", "-p", *names], capture_output=True)
    return done.returncode == 0, done.stdout


def write_tree(root, files):
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for path, data in files.items():
        if data is not None:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)


def run_tool(tool, tandem, patch, tree, base, reverse, paths):
    """Runs TOOL on TREE: (seconds, {path rejected}, {path: steps used} for tandem); the set is None when
    tandem printed no report."""
    flip = ["-R"] if reverse else []
    if tool.startswith("tandem"):
        command = [str(tandem), "apply", str(patch), "-d", str(tree), "--reject", "--format", "json", *flip]
        command += ["--base", str(base)] if tool == "tandem-base" else []
    elif tool == "patch":
        command = ["patch", "-p1", "-s", "-f", "--no-backup-if-mismatch", "-d", str(tree), "-i", str(patch), *flip]
    else:
        command = ["git", "apply", "-p1", "--reject", *flip, str(patch.resolve())]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=tree, capture_output=True)
    seconds = time.perf_counter() - start
    rejected, steps = set(), {}
    if tool.startswith("tandem"):
        try:
            report = json.loads(done.stdout)
        except ValueError:
            return seconds, None, {}
        for entry in report["files"]:
            hunks = entry["hunks"]
            if entry["problem"] or any(h["outcome"] not in ("applied", "already-applied") for h in hunks):
                rejected.add(entry["path"])
            steps[entry["path"]] = sorted({h["step"] for h in hunks if h["step"]})
    else:
        rejected = {p for p in paths if (tree / (p + ".rej")).exists()}
    return seconds, rejected, steps


def cases(repo, distances, reverse):
    """(commit, parent, target) triples: every non-merge commit with a parent, at each distance."""
    first = repo.git("rev-list", "--first-parent", "HEAD").decode().split()
    position = {commit: i for i, commit in enumerate(first)}
    for line in repo.git("rev-list", "--no-merges", "--parents", "HEAD").decode().splitlines():
        ids = line.split()
        if len(ids) != 2:
            continue
        commit, parent = ids
        for k in distances:
            if reverse:
                if commit not in position or position[commit] < k:
                    continue
                target = first[position[commit] - k]
            else:
                found = subprocess.run(["git", "-C", repo.path, "rev-parse", "-q", "--verify", f"{parent}~{k}"],
                                       capture_output=True, text=True).stdout.strip()
                if not found:
                    continue
                target = found
            yield commit, parent, target, k


def main(argv):
    args = parse_args(argv)
    for command, package in (("git", "git"), ("patch", "patch")):
        common.need_tool(command, package)
    tandem = common.find_tandem(args.tandem)
    work = Path(os.environ.get("TANDEM_BENCH_WORK") or DEFAULT_WORK).resolve()
    if args.repo:
        repo_path = Path(args.repo)
    else:
        corpus = real.realdata_root() / siblings_real.CORPUS
        repo_path = siblings_real.extract_repo(corpus / siblings_real.TARBALL, work)
    for folder in ("run", "cases"):
        shutil.rmtree(work / folder, ignore_errors=True)
    run, kept = work / "run", work / "cases"
    run.mkdir(parents=True)
    kept.mkdir(parents=True)
    repo = Repo(repo_path)
    distances = [int(k) for k in args.distance.split(",")]
    counts = {tool: collections.Counter() for tool in TOOLS}
    seconds = collections.Counter()
    lands_by_step = collections.Counter()
    alarms = []
    total = {"cases": 0, "files": 0, "clean": 0}
    for commit, parent, target, k in cases(repo, distances, args.reverse):
        if args.limit and total["cases"] >= args.limit:
            break
        status = repo.git("diff", "--no-renames", "--name-status", parent, commit).decode().splitlines()
        paths = [line.split("\t", 1)[1] for line in status]
        modified = [line.split("\t", 1)[1] for line in status if line.startswith("M\t")]
        pre = {p: repo.blob(parent, p) for p in paths}
        post = {p: repo.blob(commit, p) for p in paths}
        if args.reverse:
            pre, post = post, pre
        on_target = {p: repo.blob(target, p) for p in paths}
        drifted = [p for p in modified if on_target[p] is not None and on_target[p] != pre[p]]
        if not drifted:
            continue
        total["cases"] += 1
        total["files"] += len(drifted)
        patch = run / "commit.patch"
        patch.write_bytes(repo.git("diff", "--no-renames", parent, commit))
        merged = {p: merge_file(run, on_target[p], pre[p], post[p]) for p in drifted}
        total["clean"] += sum(clean for clean, _ in merged.values())
        write_tree(run / "base", pre)
        for tool in TOOLS:
            tree = run / tool
            write_tree(tree, on_target)
            spent, rejected, steps = run_tool(tool, tandem, patch, tree, run / "base", args.reverse, paths)
            seconds[tool] += spent
            for path in drifted:
                got = (tree / path).read_bytes() if (tree / path).exists() else None
                said = ("CRASH" if rejected is None
                        else verdict(path in rejected, got, on_target[path], pre[path], post[path], merged[path]))
                counts[tool][said] += 1
                if said == "lands" and tool == "tandem-base":
                    lands_by_step.update(steps.get(path, []))
                if said in KEPT and (tool.startswith("tandem") or said != "lands"):
                    name = f"{len(alarms) + 1:04d}-{tool}"
                    folder = kept / name
                    folder.mkdir()
                    for label, data in (("target", on_target[path]), ("pre", pre[path]), ("post", post[path]),
                                        ("got", got or b""), ("merge-file", merged[path][1])):
                        (folder / label).write_bytes(data)
                    (folder / "commit.patch").write_bytes(patch.read_bytes())
                    (folder / "info").write_text(f"{commit} K={k} {'-R ' if args.reverse else ''}{path}\n")
                    alarms.append((tool, said, commit[:12], k, path, name))

    way = "reverted onto the tree K commits after" if args.reverse else "backported onto the tree K commits before"
    print(f"history: {repo_path}; each commit {way} it, K in {args.distance}")
    print(f"  {total['cases']} cases (commit, K) with a drifted file; {total['files']} drifted files, "
          f"{total['clean']} of which git merge-file merges cleanly")
    print()
    labels = ("same", "DIFFERS", "CLAIMED", "CRASH", "lands", "partial", "failed")
    print("  %-12s" % "tool" + "".join("%9s" % label for label in labels) + "%10s" % "seconds")
    for tool in TOOLS:
        print("  %-12s" % tool + "".join("%9d" % counts[tool][label] for label in labels)
              + "%10.1f" % seconds[tool])
    print(f"  tandem apply / git apply: {common.ratio(seconds['tandem'], seconds['git-apply']):.2f}x time")
    if lands_by_step:
        print("  tandem-base lands where git merge-file conflicts, by step: "
              + ", ".join(f"{step} {n}" for step, n in lands_by_step.most_common()))
    for tool, said, commit, k, path, name in alarms:
        if said != "lands":
            print(f"  {said}: {tool} {commit} K={k} {path} (WORK/cases/{name})")
    bad = sum(counts[tool][label] for tool in ("tandem-base", "tandem")
              for label in ("DIFFERS", "CLAIMED", "CRASH"))
    ok = bad == 0 and total["cases"] > 0
    print()
    print(f"goal: tandem never lands a file other than git's clean merge, nor claims a change it did not make: "
          f"{'PASS' if ok else f'FAIL ({bad})'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
