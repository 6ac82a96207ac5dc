"""bench/history.py -- `scripts/bench history`: history walk and tree diff benchmarks of tandem, against the git CLI.

Usage:
  scripts/bench history [run] [--git-only] [--tandem PATH]   make the data if needed, then time both benchmarks
  scripts/bench history prepare                              only make the data (both repositories)
  (scripts/bench-history ARGS is the same)

What `run` measures (tandem and git in the same run, interleaved; best wall time of TANDEM_BENCH_RUNS runs,
default 3; the largest peak RSS over those runs from /usr/bin/time's %M -- for a pipeline that is its largest
single process, not the sum):

  a) history walk over every commit of $TANDEM_BENCH_DATA/history-repo:
       tandem log --repo R --paths --read-blobs
     against the git CLI doing the same work:
       git log --raw --no-renames --no-abbrev --format=%H
         | (new-side blob ids of the raw lines, deletions skipped)
         | git cat-file --batch > /dev/null
     plus rows for `git log --raw` alone, `| cat-file --batch-check`, and `tandem log --paths` without
     --read-blobs. Merges list no paths here, in both. A second table does the same with --first-parent on
     both sides (mainline only, merges diffed against their first parent). Checks: same commits, same
     (commit, status, path) entries, same number and bytes of blobs read (tandem's closing
     'blobs: N bytes: M' line).
  b) tree diff between two kernel trees, $TANDEM_BENCH_DATA/kernel-repo k-old..k-new:
       tandem diff R@k-old R@k-new > tandem.patch
     against
       git -C R diff --no-renames k-old k-new > git.patch
     Checks: `git apply --numstat tandem.patch` (which also shows git can parse it) and `tandem stat --format
     numstat tandem.patch` each agree with `git diff --numstat --no-renames k-old k-new`; where counts differ,
     tandem.patch applied to k-old's changed files must give k-new's (rebuild_check).

  goal: both at most 1.0x git's time

The data (never in the repository; made once, reused while its stamp matches):
  history-repo  bare, made by bench/history_gen.py through git fast-import, then `git repack -adf` and a
                commit-graph, as a clone would have: $TANDEM_BENCH_HISTORY_COMMITS commits (default 5000).
  kernel-repo   bare, two commits: the old kernel tree (tag k-old), then the new one (tag k-new), added with
                `git --work-tree=TREE add -A -f` (no copy), then packed. Trees: those `scripts/bench
                prepare-kernel` unpacks under $TANDEM_BENCH_DATA/{old,new}/, or TANDEM_BENCH_KOLD_TREE and
                TANDEM_BENCH_KNEW_TREE (a quick run: two subfolders, e.g. .../old/linux-source-6.1/arch and
                .../new/linux-source-6.1/arch).

Environment:
  TANDEM_BENCH_DATA             data folder (default /var/tmp/tandem-bench)
  TANDEM_BENCH_RUNS             runs per command, best kept (default 3)
  TANDEM_BENCH_HISTORY_COMMITS  commits in history-repo (default 5000; fewer for a quick run)
  TANDEM_BENCH_HISTORY_SEED     generator seed (default 1)
  TANDEM_BENCH_KOLD_TREE        old kernel tree (default: see above)
  TANDEM_BENCH_KNEW_TREE        new kernel tree
  TANDEM_BIN                    the tandem binary, when --tandem is not given (else a release build)

Exit status: 0 all checks pass (the goal line may still say MISS); 1 a check failed, or tandem lacks `log` or
`diff` (the git side is still timed and printed); 2 usage.
"""
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

from bench import common, history_gen
from bench.common import BenchError, Command, note

GENERATOR_VERSION = 1          # bump when the generator changes: the repo is then remade
STAMP = "tandem-bench.params"  # inside each repository's git dir: what it was made from
COMMIT_LINE = re.compile(r"^([0-9a-f]{40}|[0-9a-f]{64})( |$)")
TANDEM_COMMIT = re.compile(r"^[0-9a-f]+")
TANDEM_STATUS = re.compile(r"^[A-Z][0-9]*\t")


class Settings:
    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.data = common.data_dir(env)
        self.runs = common.env_int("TANDEM_BENCH_RUNS", 3, env, minimum=1)
        self.commits = common.env_int("TANDEM_BENCH_HISTORY_COMMITS", 5000, env, minimum=1)
        self.seed = common.env_int("TANDEM_BENCH_HISTORY_SEED", 1, env)
        self.kold = env.get("TANDEM_BENCH_KOLD_TREE") or ""
        self.knew = env.get("TANDEM_BENCH_KNEW_TREE") or ""
        self.history_repo = self.data / "history-repo"
        self.kernel_repo = self.data / "kernel-repo"


def git_env():
    """No user or system git config (aliases, diff.renames, pagers, external diff drivers) in any timing, and a
    fixed identity for the commits of kernel-repo."""
    os.environ.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
                      GIT_AUTHOR_NAME="tandem bench", GIT_AUTHOR_EMAIL="bench@tandem.invalid",
                      GIT_COMMITTER_NAME="tandem bench", GIT_COMMITTER_EMAIL="bench@tandem.invalid")


def stamp_ok(repo, want):
    stamp = repo / STAMP
    return stamp.is_file() and stamp.read_text().rstrip("\n") == want


def du(path):
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split("\t")[0]


# ---- history-repo ---------------------------------------------------------------------------------------

def prepare_history(s):
    want = f"generator={GENERATOR_VERSION} seed={s.seed} commits={s.commits}"
    if stamp_ok(s.history_repo, want) and subprocess.run(
            ["git", "-C", str(s.history_repo), "rev-list", "--count", "HEAD"],
            capture_output=True, text=True).stdout.strip() == str(s.commits):
        note(f"history-repo is already there ({want})")
        return
    s.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{s.history_repo}.tmp")
    common.fresh_bare_repository(tmp)
    note(f"generating history-repo ({want})")
    t0 = time.perf_counter()
    fast_import = subprocess.Popen(["git", "-C", str(tmp), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    try:
        history_gen.generate(s.seed, s.commits, fast_import.stdin)
    finally:
        fast_import.stdin.close()
    if fast_import.wait() != 0:
        raise BenchError("generating history-repo failed")
    common.git("-C", tmp, "update-ref", "-d", "refs/heads/topic")   # merged: master reaches all of it
    t1 = time.perf_counter()
    common.git("-C", tmp, "repack", "-a", "-d", "-f", "-q")
    common.git("-C", tmp, "commit-graph", "write", "--reachable")
    common.git("-C", tmp, "pack-refs", "--all")
    t2 = time.perf_counter()
    got = common.git("-C", tmp, "rev-list", "--count", "HEAD").decode().strip()
    if got != str(s.commits):
        raise BenchError(f"history-repo has {got} commits, not {s.commits}")
    (tmp / STAMP).write_text(want + "\n")
    shutil.rmtree(s.history_repo, ignore_errors=True)
    tmp.rename(s.history_repo)
    note(f"history-repo: {got} commits in {t2 - t0:.1f} s (generate + fast-import {t1 - t0:.1f} s, repack + "
         f"commit-graph {t2 - t1:.1f} s), {du(s.history_repo)}")


# ---- kernel-repo ----------------------------------------------------------------------------------------

def find_kernel_trees(s):
    """(old, new): TANDEM_BENCH_KOLD_TREE and _KNEW_TREE, else the first linux-source-* under DATA/old and
    DATA/new (where `scripts/bench prepare-kernel` unpacks them)."""
    from bench.kernel import linux_source_in
    old, new = s.kold, s.knew
    if not old and not new:
        old, new = linux_source_in(s.data / "old"), linux_source_in(s.data / "new")
    if not old or not new or not os.path.isdir(old) or not os.path.isdir(new):
        note(f"no kernel trees in {s.data}/{{old,new}}/linux-source-* (nor TANDEM_BENCH_KOLD_TREE/KNEW_TREE)")
        raise BenchError("make them with: scripts/bench prepare-kernel")
    return os.path.abspath(old), os.path.abspath(new)


def prepare_kernel_repo(s):
    old, new = find_kernel_trees(s)
    want = f"old={old} new={new}"
    repo = s.kernel_repo
    if stamp_ok(repo, want) and all(
            subprocess.run(["git", "-C", str(repo), "rev-parse", "-q", "--verify", f"{tag}^{{commit}}"],
                           capture_output=True).returncode == 0 for tag in ("k-old", "k-new")):
        note(f"kernel-repo is already there ({want})")
        return
    s.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{repo}.tmp")
    # No background `gc --auto` after the commits, racing the repack below (gc.auto is 0).
    common.fresh_bare_repository(tmp)
    tmp = tmp.resolve()
    t0 = time.perf_counter()
    for side, tree, date in (("old", old, "2023-01-01T00:00:00Z"), ("new", new, "2024-01-01T00:00:00Z")):
        note(f"kernel-repo: adding {tree} as k-{side}")
        # -f: the trees' own .gitignore files must not hide anything. The index left by the old tree makes the
        # second add store only what changed. Loose objects at zlib level 1: the repack recompresses them.
        base = ["git", "-C", tree, f"--git-dir={tmp}", "--work-tree=."]
        if subprocess.run(base + ["-c", "core.looseCompression=1", "add", "-A", "-f", "."]).returncode != 0:
            raise BenchError(f"git add of {tree} failed")
        if subprocess.run(base + ["commit", "-q", "--no-verify", "-m", f"k-{side}: {tree}"],
                          env=dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)).returncode != 0:
            raise BenchError(f"git commit of {tree} failed")
        common.git("-C", tmp, "tag", f"k-{side}")
    (tmp / "index").unlink(missing_ok=True)
    t1 = time.perf_counter()
    note("kernel-repo: packing")
    common.git("-C", tmp, "repack", "-a", "-d", "-q")
    common.git("-C", tmp, "prune-packed")
    t2 = time.perf_counter()
    (tmp / STAMP).write_text(want + "\n")
    shutil.rmtree(repo, ignore_errors=True)
    tmp.rename(repo)
    note(f"kernel-repo: made in {t2 - t0:.1f} s (add + commit {t1 - t0:.1f} s, repack {t2 - t1:.1f} s), {du(repo)}")


# ---- tandem ---------------------------------------------------------------------------------------------

def subcommands(help_text):
    """The subcommand names of `tandem --help`'s SUBCOMMANDS: section (one '  name   summary' line each)."""
    names, inside = set(), False
    for line in help_text.splitlines():
        if line.startswith("SUBCOMMANDS:"):
            inside = True
            continue
        if inside and line.split():
            names.add(line.split()[0])
    return names


def tandem_state(option, git_only):
    """(tandem or None, state of log, state of diff): 'yes', or why not. Never raises: git runs regardless."""
    if git_only:
        return None, "skipped (--git-only)", "skipped (--git-only)"
    try:
        tandem = common.find_tandem(option)
    except BenchError as e:
        return None, f"UNAVAILABLE: {e}", f"UNAVAILABLE: {e}"
    p = subprocess.run([str(tandem), "--help"], capture_output=True, text=True, errors="replace")
    have = subcommands(p.stdout + p.stderr)
    state = {name: "yes" if name in have else f"MISSING: 'tandem --help' lists no '{name}' subcommand "
             "(not implemented yet?)" for name in ("log", "diff")}
    return tandem, state["log"], state["diff"]


# ---- the outputs, compared ------------------------------------------------------------------------------

def git_entries(raw_log):
    """'commit<TAB>status<TAB>path' entries from `git log --raw --format=%H` output (str)."""
    out, commit = [], ""
    for line in raw_log.splitlines():
        if re.fullmatch(r"[0-9a-f]+", line) and len(line) in (40, 64):
            commit = line
        elif line.startswith(":"):
            meta, _, path = line.partition("\t")
            fields = meta.split()
            out.append(f"{commit}\t{fields[4][:1] if len(fields) > 4 else ''}\t{path}")
    return out


def tandem_entries(log):
    """The same from `tandem log --paths`: a '<id> <summary>' line per commit (ids of 40 or 64 hex digits), then
    '<status>\\t<path>' lines."""
    out, commit = [], ""
    for line in log.splitlines():
        m = TANDEM_COMMIT.match(line)
        if m and len(m.group(0)) in (40, 64) and (len(line) == m.end() or line[m.end()] == " "):
            commit = m.group(0)
        elif TANDEM_STATUS.match(line):
            out.append(f"{commit}\t{line[:1]}\t{line.partition(chr(9))[2]}")
    return out


def count_commit_lines(text):
    return sum(1 for line in text.splitlines() if COMMIT_LINE.match(line))


def raw_blob_ids(raw_log):
    """The new-side blob ids of the raw lines (deletions, all zeros, skipped)."""
    out = []
    for line in raw_log.splitlines():
        if line.startswith(":"):
            fields = line.split()
            if len(fields) > 3 and not re.fullmatch(r"0+", fields[3]):
                out.append(fields[3])
    return out


def only_in_one(a, b):
    """[(entry, 'tandem'|'git')] of the entries of A (tandem's) and B (git's) that the other lacks, counted as
    multisets and in sorted order, as `comm -3` lists them."""
    ca, cb = Counter(a), Counter(b)
    rows = [(e, "tandem") for e, n in (ca - cb).items() for _ in range(n)]
    rows += [(e, "git") for e, n in (cb - ca).items() for _ in range(n)]
    return sorted(rows)


def read_numstat(text):
    """numstat lines -> [(path, 'added\\tremoved')]."""
    out = []
    for line in text.splitlines():
        fields = line.split("\t", 2)
        if len(fields) == 3:
            out.append((fields[2], f"{fields[0]}\t{fields[1]}"))
    return out


def numstat_differ(a, b):
    """How many paths have a different 'added<TAB>removed' in the two numstats, counting a path missing from
    either side once."""
    first, seen, d = dict(a), set(), 0
    for path, counts in b:
        d += path not in first or first[path] != counts
        seen.add(path)
    return d + sum(1 for p in first if p not in seen)


def numstat_only_in_one(a, b):
    first, seen, d = dict(a), set(), 0
    for path, _ in b:
        d += path not in first
        seen.add(path)
    return d + sum(1 for p in first if p not in seen)


def numstat_differing(a, b):
    """'path<TAB>A's +a/-r<TAB>B's +a/-r' for every path whose entries differ (or that one side lacks: none),
    sorted."""
    def fmt(counts):
        added, removed = counts.split("\t")
        return f"+{added}/-{removed}"
    first, seen, out = {p: fmt(c) for p, c in a}, set(), []
    for path, counts in b:
        seen.add(path)
        if path not in first:
            out.append(f"{path}\tnone\t{fmt(counts)}")
        elif first[path] != fmt(counts):
            out.append(f"{path}\t{first[path]}\t{fmt(counts)}")
    out += [f"{p}\t{first[p]}\tnone" for p in first if p not in seen]
    return sorted(out)


def numstat_totals(entries):
    """'+added -removed' over a numstat (binary '-' entries count 0)."""
    def num(s):
        return int(s) if s.isdigit() else 0
    added = sum(num(c.split("\t")[0]) for _, c in entries)
    removed = sum(num(c.split("\t")[1]) for _, c in entries)
    return f"+{added} -{removed}"


def ls_tree(repo, rev):
    entries = {}
    for rec in common.git("-C", repo, "ls-tree", "-r", "-z", rev).split(b"\0"):
        if rec:
            meta, path = rec.split(b"\t", 1)
            mode, _, sha = meta.split()
            entries[path] = (mode, sha)
    return entries


def cat_blobs(repo, shas):
    """sha -> bytes, through one git cat-file --batch."""
    shas = sorted(set(shas))
    data = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input=b"".join(s + b"\n" for s in shas),
                          check=True, capture_output=True).stdout
    got, i = {}, 0
    for s in shas:
        nl = data.index(b"\n", i)
        size = int(data[i:nl].split()[2])
        got[s] = data[nl + 1:nl + 1 + size]
        i = nl + 1 + size + 1
    return got


def rebuild_check(repo, old, new, patch, numstat, scratch):
    """Does PATCH turn OLD into NEW? For every text file in NUMSTAT (bytes of `git diff --numstat OLD NEW`),
    without a full checkout: the changed files' old blobs are written to SCRATCH (binary '-' entries are left
    out: neither patch carries their data), the patch is applied there with git apply, and each file is
    compared with the new side: content, symlink target, executable bit. -> (files checked, files wrong,
    [why, for the first few]); when git apply fails, every file counts as wrong."""
    paths, binary = [], []
    for line in numstat.splitlines():
        a, _, p = line.split(b"\t", 2)
        (paths if a != b"-" else binary).append(p)
    old_tree, new_tree = ls_tree(repo, old), ls_tree(repo, new)
    gitlink = b"160000"
    old_data = cat_blobs(repo, (old_tree[p][1] for p in paths if p in old_tree and old_tree[p][0] != gitlink))
    root = os.fsencode(scratch)
    for p in paths:
        if p in old_tree and old_tree[p][0] != gitlink:
            mode, sha = old_tree[p]
            full = os.path.join(root, p)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            if mode == b"120000":
                os.symlink(old_data[sha], full)
            else:
                with open(full, "wb") as f:
                    f.write(old_data[sha])
                if mode == b"100755":
                    os.chmod(full, 0o755)
    del old_data
    # --exclude for the few binary files, not --include for the many others: git apply matches every file
    # against every pattern.
    args = ["git", "apply"] + [b"--exclude=" + p for p in binary] + [os.path.abspath(patch)]
    res = subprocess.run(args, cwd=scratch, capture_output=True)
    if res.returncode != 0:
        return len(paths), len(paths), ["(all): git apply failed: "
                                        + (res.stderr.decode(errors="replace").splitlines() or [""])[0]]
    new_data = cat_blobs(repo, (new_tree[p][1] for p in paths if p in new_tree and new_tree[p][0] != gitlink))
    wrong = []
    for p in paths:
        full = os.path.join(root, p)
        name = p.decode(errors="replace")
        if p not in new_tree:
            if os.path.lexists(full):
                wrong.append(f"{name}: should be deleted")
            continue
        mode, sha = new_tree[p]
        if mode == gitlink:
            continue
        if not os.path.lexists(full):
            wrong.append(f"{name}: missing")
        elif mode == b"120000":
            if not os.path.islink(full) or os.readlink(full) != new_data[sha]:
                wrong.append(f"{name}: wrong symlink")
        elif os.path.islink(full):
            wrong.append(f"{name}: a symlink, should be a file")
        else:
            with open(full, "rb") as f:
                if f.read() != new_data[sha]:
                    wrong.append(f"{name}: wrong content")
                    continue
            if (mode == b"100755") != bool(os.stat(full).st_mode & 0o100):
                wrong.append(f"{name}: wrong executable bit")
    return len(paths), len(wrong), wrong[:5]


# ---- the run --------------------------------------------------------------------------------------------

class Report:
    """The check lines, and how many failed."""

    def __init__(self):
        self.failed = 0

    @staticmethod
    def line(name, tandem, git, verdict, why=""):
        print(f"check: {name:<32} tandem {str(tandem):<11} git {str(git):<11} {verdict}"
              + (f"  ({why})" if why else ""))

    def check(self, name, tandem, git, why=""):
        ok = str(tandem) == str(git)
        self.failed += not ok
        self.line(name, tandem, git, "ok" if ok else "DIFFERENT", why)


def ratio2(a, b):
    """A / B as the two-decimal string the goal line compares."""
    return f"{common.ratio(a, b):.2f}"


def history_walk(s, work, tandem, log_state, report, first_parent):
    """One table and its checks; -> the --read-blobs ratio (str), or None."""
    repo = s.history_repo
    fp = ["--first-parent"] if first_parent else []
    tag = " --first-parent" if first_parent else ""
    git_log = ["log", "--raw", "--no-renames", "--no-abbrev", "--format=%H"] + fp
    # Pipelines run under `bash -o pipefail -c`, with the repository as $1.
    walk = 'git -C "$1" ' + " ".join(git_log) + " HEAD"
    blobs = "awk '/^:/ && $4 !~ /^0+$/ { print $4 }'"
    labels = {"raw": f"git log{tag} --raw", "check": f"git log{tag} --raw | cat-file --batch-check",
              "batch": f"git log{tag} --raw | cat-file --batch", "paths": f"tandem log{tag} --paths",
              "blobs": f"tandem log{tag} --paths --read-blobs"}
    commands = [
        Command(labels["raw"], ["git", "-C", repo, *git_log, "HEAD"], s.runs),
        Command(labels["check"], ["bash", "-o", "pipefail", "-c",
                                  f'{walk} | {blobs} | git -C "$1" cat-file --batch-check', "_", repo], s.runs),
        Command(labels["batch"], ["bash", "-o", "pipefail", "-c",
                                  f'{walk} | {blobs} | git -C "$1" cat-file --batch', "_", repo], s.runs)]
    if log_state == "yes":
        commands += [Command(labels["paths"], [tandem, "log", "--repo", repo, *fp, "--paths"], s.runs),
                     Command(labels["blobs"], [tandem, "log", "--repo", repo, *fp, "--paths", "--read-blobs"], s.runs)]
    t = common.time_commands(commands)
    for key in ("raw", "check", "batch"):
        if t[labels[key]].error:
            raise BenchError(t[labels[key]].error)

    # What git saw, once more, for the checks.
    raw = common.git("-C", repo, *git_log, "HEAD").decode("utf-8", "surrogateescape")
    g_entries = git_entries(raw)
    g_commits = count_commit_lines(raw)
    ids = raw_blob_ids(raw)
    sizes = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch-check"], input="".join(i + "\n" for i in ids),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    g_blobs, g_bytes = len(sizes), sum(int(line.split()[2]) for line in sizes)

    print()
    print(f"history{tag}: {repo} ({(repo / STAMP).read_text().rstrip()})")
    print(f"  {g_commits} commits, {len(g_entries)} changed paths, {g_blobs} blobs read ({common.mib(g_bytes)} MiB); "
          f"best of {s.runs} runs")
    rows = [(f"git log{tag} --raw (walk + tree diffs)", t[labels["raw"]], ""),
            (f"git log{tag} --raw | cat-file --batch-check", t[labels["check"]], ""),
            (f"git log{tag} --raw | cat-file --batch  (reference)", t[labels["batch"]], "")]
    if log_state != "yes":
        print(common.format_rows(rows + [(labels["blobs"], None, log_state)], 62))
        return None
    paths, with_blobs = t[labels["paths"]], t[labels["blobs"]]
    if paths.error:
        note(paths.error)
        rows.append((labels["paths"], None, "failed (see above)"))
    else:
        rows.append((labels["paths"], paths, ""))
    if with_blobs.error:
        note(with_blobs.error)
        print(common.format_rows(rows + [(labels["blobs"], None, "FAILED (see above)")], 62))
        report.failed += 1
        return None
    print(common.format_rows(rows + [(labels["blobs"], with_blobs, "")], 62))

    log = subprocess.run([str(tandem), "log", "--repo", str(repo), *fp, "--paths", "--read-blobs"],
                         capture_output=True).stdout.decode("utf-8", "surrogateescape")
    t_entries = tandem_entries(log)
    blob_lines = [line.split() for line in log.splitlines() if line.startswith("blobs: ")]
    t_blobs = blob_lines[-1][1] if blob_lines and len(blob_lines[-1]) > 1 else "none"
    t_bytes = blob_lines[-1][3] if blob_lines and len(blob_lines[-1]) > 3 else "none"
    differ = only_in_one(t_entries, g_entries)
    print()
    report.check("commits", count_commit_lines(log), g_commits)
    report.check("changed paths", len(t_entries), len(g_entries), "tandem's status lines, git's raw lines")
    report.check("entries in only one", len(differ), 0, "(commit, status, path)")
    for entry, side in differ[:5]:
        print(f"  only in {'git:    ' + chr(9) if side == 'git' else 'tandem: '}{entry}")
    report.check("blobs read", t_blobs, g_blobs, "tandem's 'blobs:' line")
    report.check("blob bytes read", t_bytes, g_bytes)
    print()
    print(f"tandem log{tag} --paths --read-blobs / git log{tag} --raw | cat-file --batch: "
          f"{ratio2(with_blobs.best, t[labels['batch']].best)}x time")
    if not paths.error:
        print(f"tandem log{tag} --paths / git log{tag} --raw: {ratio2(paths.best, t[labels['raw']].best)}x time")
    return ratio2(with_blobs.best, t[labels["batch"]].best)


def tree_diff(s, work, tandem, diff_state, report):
    """The kernel tree diff table and its checks; -> the ratio (str), or None."""
    repo = s.kernel_repo
    git_label = "git diff --no-renames k-old k-new > git.patch"
    tandem_label = "tandem diff R@k-old R@k-new > tandem.patch"
    commands = [Command("git diff", ["git", "-C", repo, "diff", "--no-renames", "k-old", "k-new"], s.runs,
                        stdout=work / "git.patch")]
    if diff_state == "yes":
        commands.append(Command("tandem diff", [tandem, "diff", f"{repo}@k-old", f"{repo}@k-new"], s.runs,
                                stdout=work / "tandem.patch"))
    t = common.time_commands(commands)
    if t["git diff"].error:
        raise BenchError(t["git diff"].error)

    ref_bytes = common.git("-C", repo, "diff", "--numstat", "--no-renames", "k-old", "k-new")
    ref = read_numstat(ref_bytes.decode("utf-8", "surrogateescape"))
    print()
    print(f"diff: {repo} k-old..k-new ({(repo / STAMP).read_text().rstrip()})")
    print(f"  {len(ref)} files changed, git.patch {common.mib((work / 'git.patch').stat().st_size)} MiB; "
          f"best of {s.runs} runs")
    rows = [(git_label, t["git diff"], "")]
    if diff_state != "yes":
        print(common.format_rows(rows + [(tandem_label, None, diff_state)], 62))
        return None
    if t["tandem diff"].error:
        note(t["tandem diff"].error)
        print(common.format_rows(rows + [(tandem_label, None, "FAILED (see above)")], 62))
        report.failed += 1
        return None
    print(common.format_rows(rows + [(tandem_label, t["tandem diff"], "")], 62))

    # Does git read tandem's patch as the same change? (git apply --numstat only reads; an empty repository
    # keeps it from picking up any enclosing repo.)
    def apply_numstat(patch):
        p = subprocess.run(["git", "-C", str(work / "empty"), "apply", "--numstat", str(patch)], capture_output=True)
        return p.returncode, read_numstat(p.stdout.decode("utf-8", "surrogateescape")), \
            (p.stderr.decode("utf-8", "replace").splitlines() or [""])[0]

    rc, git_apply, _ = apply_numstat(work / "git.patch")
    if rc != 0:
        raise BenchError("git apply --numstat cannot read git's own patch")
    print()
    print(f"reference: git diff --numstat --no-renames k-old k-new: {len(ref)} files, {numstat_totals(ref)} lines "
          f"(git apply --numstat git.patch differs in {numstat_differ(git_apply, ref)})")
    rc, mine, err = apply_numstat(work / "tandem.patch")
    if rc != 0:
        report.check("git apply --numstat tandem.patch", "failed", "ok", err)
        return None
    counts = numstat_differ(mine, ref)
    print(f"{'tandem.patch (git apply --numstat):':<51} {len(mine)} files, {numstat_totals(mine)} lines")
    report.check("files in only one", numstat_only_in_one(mine, ref), 0,
                 "git apply --numstat tandem.patch vs git diff --numstat")
    # Counts may differ and both patches still be right: a diff can line up changed lines more than one way.
    # What must hold is that tandem.patch, applied to the changed files of k-old, gives those of k-new.
    (work / "rebuild").mkdir()
    try:
        checked, n_wrong, wrong = rebuild_check(repo, "k-old", "k-new", work / "tandem.patch", ref_bytes,
                                                work / "rebuild")
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError) as e:
        note(f"rebuild check failed: {e}")
        checked, wrong, n_wrong = 0, [], "failed"
    shutil.rmtree(work / "rebuild", ignore_errors=True)
    if counts == 0:
        Report.line("entries differing", 0, 0, "ok", "files and +/- counts")
    elif n_wrong == 0:
        Report.line("entries differing", counts, 0, "differ, VALID", "same change, lined up differently: see the "
                    "rebuild check")
    else:
        report.check("entries differing", counts, 0, "files and +/- counts")
    for line in numstat_differing(mine, ref)[:5] if counts else []:
        path, a, b = line.split("\t")
        print(f"  {path}: tandem {a}, git {b}")
    report.check("rebuild: wrong files", n_wrong, 0,
                 f"tandem.patch applied to k-old's {checked} changed text files, vs k-new's")
    for why in wrong:
        print(f"  wrong: {why}")
    p = subprocess.run([str(tandem), "stat", "--format", "numstat", str(work / "tandem.patch")], capture_output=True)
    if p.returncode == 0:
        stat = read_numstat(p.stdout.decode("utf-8", "surrogateescape"))
        report.check("tandem stat = git apply", numstat_differ(stat, mine), 0, "--numstat of tandem.patch, entries "
                     "differing")
        print(f"tandem stat --format numstat tandem.patch vs git diff --numstat: {numstat_differ(stat, ref)} entries "
              "differ")
    else:
        report.check("tandem stat tandem.patch", "failed", "ok", (p.stderr.decode(errors="replace").splitlines()
                                                                 or [""])[0])
    a, b = (work / "tandem.patch").read_bytes(), (work / "git.patch").read_bytes()
    if a == b:
        print("tandem.patch is byte-identical to git.patch")
    else:
        print(f"tandem.patch {len(a)} bytes, git.patch {len(b)} bytes: not byte-identical "
              "(only the checks above count)")
    same, both = same_hunks(a, b)
    print(f"files whose hunks equal git's (index lines aside): {same} of {both} "
          "(the rest line up equal lines another way: the same change)")
    result = ratio2(t["tandem diff"].best, t["git diff"].best)
    print()
    print(f"tandem diff / git diff: {result}x time")
    return result


def file_hunks(patch):
    """path -> the file's hunk lines (from its first @@ on), read from a git-style patch's bytes; the `diff --git`,
    `index` and ---/+++ lines are left out, so two patches of the same change compare by their hunks alone."""
    out, path, hunks = {}, None, None
    for line in patch.split(b"\n"):
        if line.startswith(b"diff --git "):
            path = line.rsplit(b" b/", 1)[-1]
            hunks = out.setdefault(path, [])
        elif hunks is not None and (line.startswith(b"@@") or (hunks and line[:1] in (b" ", b"+", b"-", b"\\"))):
            hunks.append(line)
    return out


def same_hunks(a, b):
    """(files whose hunks are identical in both patches, files in both)."""
    ha, hb = file_hunks(a), file_hunks(b)
    both = ha.keys() & hb.keys()
    return sum(ha[p] == hb[p] for p in both), len(both)


def goal_line(history_ratio, diff_ratio):
    if history_ratio is None or diff_ratio is None:
        h = f"{history_ratio}x" if history_ratio is not None else "no result"
        d = f"{diff_ratio}x" if diff_ratio is not None else "no result"
        return (f"goal: both at most 1.0x git's time: NOT MEASURED (history {h}, diff {d}; see 'tandem log:' and "
                "'tandem diff:' above)")
    h, d = float(history_ratio), float(diff_ratio)

    def mark(ok):
        return "PASS" if ok else "MISS"
    return (f"goal: both at most 1.0x git's time: {mark(h <= 1.0 and d <= 1.0)} (history {h:.2f}x {mark(h <= 1.0)}, "
            f"diff {d:.2f}x {mark(d <= 1.0)})")


def run(s, option, git_only):
    common.need_tool("git", "git")
    prepare_history(s)
    prepare_kernel_repo(s)
    tandem, log_state, diff_state = tandem_state(option, git_only)
    # tmpfs scratch for outputs (the patches) and TMPDIR; the repositories stay where they are and are read
    # through the page cache, warmed by the first run.
    with common.scratch("tandem-bench-history", what="outputs go to disk") as work:
        common.git("init", "-q", work / "empty")
        print()
        print(f"tandem: {tandem or 'none'}")
        print(f"tandem log:  {log_state}")
        print(f"tandem diff: {diff_state}", flush=True)
        note(f"timing, best of {s.runs}")
        report = Report()
        history_ratio = history_walk(s, work, tandem, log_state, report, first_parent=False)
        history_walk(s, work, tandem, log_state, report, first_parent=True)
        diff_ratio = tree_diff(s, work, tandem, diff_state, report)
        print()
        print(goal_line(history_ratio, diff_ratio))
        if report.failed:
            print(f"checks: {report.failed} FAILED")
            return 1
    return 0 if git_only or (history_ratio is not None and diff_ratio is not None) else 1


USAGE = """usage: scripts/bench history [run] [--git-only] [--tandem PATH]
       scripts/bench history prepare

  run       make the data if needed, then time tandem log vs git log | cat-file on
            $TANDEM_BENCH_DATA/history-repo and tandem diff vs git diff on
            $TANDEM_BENCH_DATA/kernel-repo; --git-only skips building and timing tandem
  prepare   only make history-repo and kernel-repo"""


def parse_args(argv):
    return common.run_or_prepare_args(argv, USAGE, "history")


def main(argv):
    args = parse_args(argv)
    git_env()
    s = Settings()
    if args.command == "prepare":
        prepare_history(s)
        prepare_kernel_repo(s)
        return 0
    return run(s, args.tandem, args.git_only)
