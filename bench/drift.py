"""bench/drift.py -- `scripts/bench drift`: `tandem drift` over a long fork history, against a git-CLI pipeline.

Usage:
  scripts/bench drift [run] [--git-only] [--tandem PATH]   make the repository if needed, run both, check, time
  scripts/bench drift prepare                              only make the repository
  (scripts/bench-drift ARGS is the same)

The scenario: a maintainer keeps a fork's copies of upstream files (here arch/x86/ copied to arch/xen-x86/)
and wants to see, commit by commit, how far each copy has drifted from its original. What `run` measures, in
the same run, interleaved:

  tandem drift --repo R --revs HEAD --format csv -o tandem.csv --quiet
    (first-parent walk, oldest first, every commit a snapshot, root included; the map is tandem.yml of the
    newest revision) -- best wall time of TANDEM_BENCH_RUNS runs (default 3)
  against the git-CLI pipeline doing the same job, `python3 bench/drift_pipeline.py run`:
    git log --first-parent --reverse HEAD; per commit git ls-tree -r; per pair whose (original blob, copy
    blob) ids were not seen before: git cat-file blob for both sides, then diff -a --minimal (GNU) -- '<'
    lines are upstream-only, '>' fork-only, the rest of the original shared. Reused counts for unchanged id
    pairs, as tandem reuses them. It is slow (about a minute), so it runs TANDEM_BENCH_PEER_RUNS times
    (default 1), best kept.
  Peak RSS from /usr/bin/time's %M (for the pipeline, its largest single process).

  goal: >= 20x faster than the git-CLI pipeline (peer time / tandem time)

Checks (any failure exits 1): tandem.csv has exactly the contract's header, the same commits in the same order
as git log --first-parent --reverse, one row per (commit, pair) and no other, and in every row the same
shared / fork_only / upstream_only as the pipeline (minimal diffs have one LCS length, so these must agree
exactly); state and identical agree with the blob ids. For the first disagreements an exact LCS (Python
Myers) says who is right. Also printed, not checked: the tree column, similarity against the counts, and how
many rows each side marks reused. On a failure both CSVs are kept in $TANDEM_BENCH_DIR/drift-results/.

The data (never in the repository; made once, remade when its stamp differs): drift-repo, bare, made by
bench/drift_gen.py through one git fast-import stream, then `git repack -adf` and a commit-graph. Commit 1
holds TANDEM_BENCH_DRIFT_PAIRS (default 250) real kernel files, a seeded choice of 50..3000-line files from
arch/x86/{kernel,mm}/*.c and arch/x86/include/asm/*.h of the linux-source-6.1 tree, identical copies under
arch/xen-x86/, tandem.yml and Documentation/xen-x86.txt; then TANDEM_BENCH_DRIFT_COMMITS (default 2000) linear
commits of seeded edits (see bench/drift_gen.py). Same seed and kernel tree, same commit ids.

Environment:
  TANDEM_BENCH_DIR            data folder (default: TANDEM_BENCH_DATA, else /var/tmp/tandem-bench)
  TANDEM_BENCH_RUNS           tandem runs, best kept (default 3)
  TANDEM_BENCH_PEER_RUNS      pipeline runs, best kept (default 1)
  TANDEM_BENCH_PEER_BATCH     1: the pipeline reads blobs through one `git cat-file --batch` instead of one
                              `git cat-file blob` per blob (about 30% faster)
  TANDEM_BENCH_DRIFT_COMMITS  commits after the first (default 2000; fewer for a quick run)
  TANDEM_BENCH_DRIFT_PAIRS    originals, each with a copy (default 250)
  TANDEM_BENCH_DRIFT_SEED     generator seed (default 1)
  TANDEM_BENCH_KTREE          the kernel tree (default $TANDEM_BENCH_DIR/old/linux-source-6.1, as
                              `scripts/bench prepare-kernel` makes it)
  TANDEM_BIN                  the tandem binary, when --tandem is not given (else a release build)

Exit status: 0 all checks pass (the goal line may still say MISS); 1 a check failed, or tandem lacks `drift`
(the pipeline is still run and timed); 2 usage, or no kernel tree.
"""
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import common, drift_gen
from bench.common import BenchError, Command, UsageError, note

HERE = Path(__file__).resolve().parent
GEN, PEER = HERE / "drift_gen.py", HERE / "drift_pipeline.py"
GOAL = 20                        # x faster than the pipeline
STAMP = "tandem-bench.params"    # inside the repository's git dir: what it was made from


class Settings:
    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.data = Path(os.path.abspath(env.get("TANDEM_BENCH_DIR") or common.data_dir(env)))
        self.runs = common.env_int("TANDEM_BENCH_RUNS", 3, env, minimum=1)
        self.peer_runs = common.env_int("TANDEM_BENCH_PEER_RUNS", 1, env, minimum=1)
        self.commits = common.env_int("TANDEM_BENCH_DRIFT_COMMITS", 2000, env, minimum=1)
        self.pairs = common.env_int("TANDEM_BENCH_DRIFT_PAIRS", 250, env, minimum=1)
        self.seed = common.env_int("TANDEM_BENCH_DRIFT_SEED", 1, env)
        self.peer_batch = env.get("TANDEM_BENCH_PEER_BATCH") == "1"
        self.ktree = env.get("TANDEM_BENCH_KTREE") or ""
        self.repo = self.data / "drift-repo"
        self.results = self.data / "drift-results"


def git_env():
    """No user or system git config (aliases, pagers, diff drivers) in any timing."""
    os.environ.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")


def find_kernel_tree(s):
    tree = Path(s.ktree) if s.ktree else s.data / "old" / "linux-source-6.1"
    if not (tree / "arch" / "x86").is_dir():
        raise UsageError(f"no kernel tree: {tree} holds no arch/x86 (set TANDEM_BENCH_KTREE); "
                         "make it with: scripts/bench prepare-kernel")
    return Path(os.path.abspath(tree))


def kernel_version(tree):
    """'6.1.170' from the tree's Makefile (VERSION.PATCHLEVEL.SUBLEVEL), or '?'."""
    parts = {}
    try:
        for line in (tree / "Makefile").read_text(errors="replace").splitlines():
            key, sep, value = line.partition(" = ")
            if sep and key in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
                parts.setdefault(key, value)
    except OSError:
        pass
    return ".".join(parts[k] for k in ("VERSION", "PATCHLEVEL", "SUBLEVEL") if k in parts) or "?"


def params(s, tree):
    """The stamp: everything the repository is made from, the generator's own bytes included."""
    digest = hashlib.sha256(GEN.read_bytes()).hexdigest()[:16]
    return (f"generator={digest} seed={s.seed} pairs={s.pairs} commits={s.commits} kernel={tree} "
            f"({kernel_version(tree)})")


def repo_ok(s, want):
    stamp = s.repo / STAMP
    if not (stamp.is_file() and stamp.read_text().rstrip("\n") == want):
        return False
    got = subprocess.run(["git", "-C", str(s.repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True)
    return got.stdout.strip() == str(s.commits + 1)


def prepare(s):
    common.need_tool("git", "git")
    tree = find_kernel_tree(s)
    want = params(s, tree)
    if repo_ok(s, want):
        note(f"drift-repo is already there ({want})")
        return
    s.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{s.repo}.tmp")
    common.fresh_bare_repository(tmp)
    note(f"generating drift-repo ({want})")
    t0 = time.perf_counter()
    args = drift_gen.parse_args(["--kernel", str(tree), "--pairs", str(s.pairs), "--commits", str(s.commits),
                                 "--seed", str(s.seed), "--stats", str(tmp / "tandem-bench.facts")])
    fast_import = subprocess.Popen(["git", "-C", str(tmp), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    try:
        drift_gen.generate(args, fast_import.stdin)
    finally:
        fast_import.stdin.close()
    if fast_import.wait() != 0:
        raise BenchError("generating drift-repo failed")
    t1 = time.perf_counter()
    common.git("-C", tmp, "repack", "-a", "-d", "-f", "-q")
    common.git("-C", tmp, "commit-graph", "write", "--reachable")
    common.git("-C", tmp, "pack-refs", "--all")
    t2 = time.perf_counter()
    got = common.git("-C", tmp, "rev-list", "--count", "HEAD").decode().strip()
    if got != str(s.commits + 1):
        raise BenchError(f"drift-repo has {got} commits, not {s.commits + 1}")
    (tmp / STAMP).write_text(want + "\n")
    shutil.rmtree(s.repo, ignore_errors=True)
    tmp.rename(s.repo)
    note(f"drift-repo: {got} commits in {t2 - t0:.1f} s (generate + fast-import {t1 - t0:.1f} s, repack + "
         f"commit-graph {t2 - t1:.1f} s), {du(s.repo)}")


def du(path):
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split("\t")[0]


def read_facts(path):
    """key=value lines -> dict."""
    facts = {}
    try:
        for line in Path(path).read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                facts.setdefault(key, value)
    except OSError:
        pass
    return facts


def largest_edit_distance(peer_csv):
    """The largest fork_only + upstream_only of any row of the pipeline's CSV."""
    worst = 0
    with open(peer_csv, newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for r in rows:
            worst = max(worst, int(r[8]) + int(r[9]))
    return worst


def tandem_state(option, git_only):
    """(tandem path or None, 'yes' or why not). Never raises: the pipeline runs regardless."""
    if git_only:
        return None, "skipped (--git-only)"
    try:
        tandem = common.find_tandem(option)
    except BenchError as e:
        return None, f"UNAVAILABLE: {e}"
    if subprocess.run([str(tandem), "drift", "--help"], capture_output=True).returncode != 0:
        return tandem, f"MISSING: '{tandem} drift --help' fails (not implemented yet?)"
    return tandem, "yes"


def compared_rows(compare_output):
    """The 'compared: N' of compare's 'tandem rows: ...' line, or '0'."""
    for line in compare_output.splitlines():
        if line.startswith("tandem rows: "):
            return line.rsplit("compared: ", 1)[-1]
    return "0"


def goal_lines(peer_seconds, tandem_seconds):
    r = common.ratio(peer_seconds, tandem_seconds)
    return [f"tandem is {r:.1f}x faster than the git-CLI pipeline ({tandem_seconds:.3f} s vs {peer_seconds:.3f} s)",
            f"goal: >= {GOAL}x faster than the git-CLI pipeline: {'MET' if r >= GOAL else 'MISS'}"]


def run(s, option, git_only):
    common.need_tool("diff", "diffutils")
    if b"GNU diffutils" not in subprocess.run(["diff", "--version"], capture_output=True).stdout:
        raise BenchError("diff is not GNU diff (the pipeline needs --minimal)")
    prepare(s)
    tandem, state = tandem_state(option, git_only)

    # tmpfs scratch for the CSVs, the pipeline's blob files and TMPDIR; the repository stays where it is and
    # is read through the page cache (warmed by a first `git rev-list`).
    with common.scratch("tandem-bench-drift", what="outputs go to disk") as work:
        repo = s.repo
        common.git("-C", repo, "rev-list", "--first-parent", "HEAD")
        for pack in sorted((repo / "objects" / "pack").glob("*.pack")):
            pack.read_bytes()
        facts = read_facts(repo / "tandem-bench.facts")

        print()
        print(f"tandem: {tandem or 'none'}")
        print(f"tandem drift: {state}")
        print(f"drift: {repo} ({(repo / STAMP).read_text().rstrip()})")
        print(f"  {facts.get('commits')} commits (first-parent, linear), {facts.get('pairs')} pairs (arch/x86/ -> "
              f"arch/xen-x86/), {facts.get('lines_at_head')} lines at HEAD (both sides), "
              f"{facts.get('lines_at_root')} lines in commit 1")
        print(f"  commits by kind: upstream {facts.get('kind_upstream')}, fork {facts.get('kind_fork')}, mixed "
              f"{facts.get('kind_mixed')}, port {facts.get('kind_port')}, doc-only {facts.get('kind_doc-only')}; "
              f"{du(repo)}")
        print(f"  no final newline at HEAD: original {facts.get('no_final_newline_original')}, copy "
              f"{facts.get('no_final_newline_copy')}", flush=True)

        # Both timed in the same run, interleaved: the pipeline PEER_RUNS times, tandem RUNS times.
        blobs_how = "cat-file --batch" if s.peer_batch else "cat-file blob"
        peer_label = f"git log | ls-tree -r | {blobs_how} | diff --minimal (pipeline)"
        tandem_label = "tandem drift --revs HEAD --format csv -o tandem.csv --quiet"
        commands = [Command("pipeline", [sys.executable, PEER, "run", "--repo", repo, "--revs", "HEAD"]
                            + (["--batch"] if s.peer_batch else []) + ["-o", work / "peer.csv", "--stats",
                                                                         work / "peer.stats"], s.peer_runs)]
        if state == "yes":
            commands.append(Command("tandem", [tandem, "drift", "--repo", repo, "--revs", "HEAD", "--format", "csv",
                                               "-o", work / "tandem.csv", "--quiet"], s.runs))
        note(f"pipeline: best of {s.peer_runs} (about a minute each)"
             + (f"; tandem drift: best of {s.runs}, interleaved" if state == "yes" else ""))
        t = common.time_commands(commands)
        if t["pipeline"].error:
            raise BenchError(t["pipeline"].error)
        peer = read_facts(work / "peer.stats")
        print(f"  pipeline: {peer.get('commits')} commits, {peer.get('rows')} rows, {peer.get('recomputed')} pairs "
              f"recomputed ({peer.get('diffs')} diff --minimal runs, {peer.get('counted_identical')} identical-id "
              "counts), the rest reused")
        print(f"  pipeline time split: git ls-tree {peer.get('seconds_ls_tree')} s, git {blobs_how} "
              f"{peer.get('seconds_blobs')} s, diff {peer.get('seconds_diff')} s (of {peer.get('seconds')} s)")
        print(f"  largest edit distance of any pair in any commit: {largest_edit_distance(work / 'peer.csv')} lines "
              "(tandem's minimal diff covers up to 2,000)")
        rows = [(peer_label, t["pipeline"], "")]
        failed, tandem_t = False, None
        if state != "yes":
            rows.append(("tandem drift --revs HEAD --format csv", None, state))
        elif t["tandem"].error:
            note(t["tandem"].error)
            rows.append(("tandem drift --revs HEAD --format csv", None, "FAILED (see above)"))
            failed = True
        else:
            tandem_t = t["tandem"]
            rows.append((tandem_label, tandem_t, ""))
        print()
        print(f"times: pipeline best of {s.peer_runs}" + (f", tandem best of {s.runs}" if tandem_t else ""))
        print(common.format_rows(rows, 66))

        compared = "0"
        if tandem_t:
            print()
            print(f"tandem.csv ({(work / 'tandem.csv').stat().st_size} bytes) against the pipeline's rows:", flush=True)
            check = subprocess.run([sys.executable, str(PEER), "compare", str(work / "tandem.csv"),
                                    str(work / "peer.csv"), "--repo", str(repo)], capture_output=True, text=True)
            sys.stdout.write(check.stdout)
            sys.stderr.write(check.stderr)
            compared = compared_rows(check.stdout)
            if check.returncode != 0:
                failed = True
                s.results.mkdir(parents=True, exist_ok=True)
                for name in ("tandem.csv", "peer.csv"):
                    shutil.copyfile(work / name, s.results / name)
                print(f"  both CSVs kept in {s.results}/")

        print()
        print(f"counts: {peer.get('commits')} commits, {facts.get('pairs')} pairs, {compared} rows compared, "
              f"{peer.get('recomputed')} pairs recomputed by the pipeline")
        if tandem_t is None:
            print(f"goal: >= {GOAL}x faster than the git-CLI pipeline: NOT MEASURED (tandem drift: {state})")
            return 0 if git_only else 1
        print("\n".join(goal_lines(t["pipeline"].best, tandem_t.best)))
        if failed:
            print("checks: FAILED")
            return 1
    return 0


USAGE = """usage: scripts/bench drift [run] [--git-only] [--tandem PATH]
       scripts/bench drift prepare

  run       make $TANDEM_BENCH_DIR/drift-repo if needed, then time tandem drift --revs HEAD --format csv
            against the git-CLI pipeline (bench/drift_pipeline.py) and check every (commit, pair) row
            agrees; --git-only skips building and timing tandem
  prepare   only make drift-repo"""


def parse_args(argv):
    return common.run_or_prepare_args(argv, USAGE, "drift")


def main(argv):
    args = parse_args(argv)
    git_env()
    s = Settings()
    if args.command == "prepare":
        prepare(s)
        return 0
    return run(s, args.tandem, args.git_only)
