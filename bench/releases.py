"""bench/releases.py -- `scripts/bench releases`: one stable series' fixes applied to the next long-term
release, file by file (does this 6.1 fix apply to 6.12?), tandem beside git merge-file, GNU patch and git
apply.

What it measures
  The data of `scripts/bench prepare-kernel`: Debian's 6.1 sources at two versions (old/, new/) and the
  6.12 sources at its older version (old-6.12/). For every file the 6.1 diff modifies that the 6.12 tree
  holds with other content, the file's own diff (6.1 old -> new) is applied to the 6.12 file, and judged
  against `git merge-file 6.12 6.1-old 6.1-new`, with the verdicts of `scripts/bench backports` (same,
  DIFFERS, CLAIMED, CRASH, lands, partial, failed) for tandem with and without --base (the 6.1 old tree),
  GNU patch (fuzz 2) and `git apply --reject`.

  Most of a stable series' fixes are backports of fixes the newer release holds already, often with other
  context, where git's clean merge adds them a second time. So each alarm is read further:
    CLAIMED is explained when every line the fix adds stands in the 6.12 file and no line it removes does
      (the fix is there: tandem is right to claim it, git's merge duplicates it);
    DIFFERS is explained when tandem's file is git's merge less lines the 6.12 file already holds (git's
      merge added them again), and unexplained otherwise.

  twice counts, whatever the verdict, the files a tool changed that now hold a block the fix adds (three
  lines or more, blank lines aside) twice, word for word or but a fifth of its lines, where the fix's own
  file holds it once: the fix written again beside the tree's own copy of it (the same count is given for
  git merge-file's clean merges).

  goal: tandem, with and without --base, has no unexplained DIFFERS or CLAIMED, and no CRASH (exit 1
        otherwise). Each alarm is listed, kept under WORK/cases/ with the three versions and each result.

Usage
  scripts/bench releases [--tandem PATH]

Environment
  TANDEM_BENCH_DATA   the kernel data (default /var/tmp/tandem-bench; made by prepare-kernel when missing)
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-releases)
"""
import argparse
import collections
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):          # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common, kernel  # noqa: E402
from bench.backports import TOOLS, merge_file, run_tool, verdict, write_tree  # noqa: E402

DEFAULT_WORK = "/dev/shm/tandem-bench-releases"
ALARMS = ("DIFFERS", "CLAIMED", "CRASH")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="scripts/bench releases", description=__doc__.splitlines()[0])
    common.add_tandem_option(parser)
    return parser.parse_args(argv)


def lines_of(data):
    return [line.strip() for line in data.decode("latin-1").splitlines()]


def changed_lines(pre, post):
    """The lines POST adds and PRE loses (stripped, longer than 3 characters, none the other side keeps)."""
    old, new = lines_of(pre), lines_of(post)
    added, removed = [], []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
        elif line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
    keep_new, keep_old = set(old), set(new)
    return ([line for line in added if len(line) > 3 and line not in keep_new],
            [line for line in removed if len(line) > 3 and line not in keep_old])


def fix_is_there(target, pre, post):
    """True when every line the fix adds stands in TARGET and none it removes does (CLAIMED explained)."""
    added, removed = changed_lines(pre, post)
    held = set(lines_of(target))
    return all(line in held for line in added) and not any(line in held for line in removed)


def merge_added_again(got, merged, target):
    """True when GOT is MERGED less lines TARGET already holds (DIFFERS explained: git's merge added them
    again)."""
    mine, theirs = got.decode("latin-1").splitlines(), merged.decode("latin-1").splitlines()
    held = set(lines_of(target))
    for line in difflib.unified_diff(theirs, mine, lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        if line.startswith("+"):
            return False
        if line.startswith("-") and line[1:].strip() and line[1:].strip() not in held:
            return False
    return True


def added_runs(pre, post):
    """Each run of lines POST adds (one stretch of `+` lines of the diff, stripped, blank lines left out) holding
    three lines or more of over three characters."""
    runs, current = [], []
    for line in difflib.unified_diff([x for x in lines_of(pre) if x], [x for x in lines_of(post) if x],
                                     lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            current.append(line[1:])
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return [run for run in runs if sum(len(x) > 3 for x in run) >= 3]


def copies(run, lines):
    """How many times RUN stands in LINES (stripped, no blank lines), line for line, but for at most a fifth
    of its lines (a call renamed, a member changed); copies do not overlap."""
    allowed, n, found, at = len(run) // 5, len(run), 0, 0
    where = collections.defaultdict(list)
    for k, line in enumerate(lines):
        where[line].append(k)
    starts = sorted({k - j for j in range(min(n, allowed + 1)) for k in where.get(run[j], ())})
    for s in starts:
        if s < at or s < 0 or s + n > len(lines):
            continue
        if sum(a != b for a, b in zip(lines[s:s + n], run)) <= allowed:
            found, at = found + 1, s + n
    return found


def doubled_block(pre, post, got):
    """True when GOT holds a run of lines the fix adds (`added_runs`) twice or more, exactly or nearly
    (`copies`), where POST holds it once: the fix written again beside the tree's own copy of it."""
    got_lines, post_lines = [x for x in lines_of(got) if x], [x for x in lines_of(post) if x]
    return any(copies(run, got_lines) >= 2 and copies(run, post_lines) == 1 for run in added_runs(pre, post))


def drifted_files(patch, old, new, target):
    """Paths the patch modifies (diff -urN headers) that OLD, NEW and TARGET hold, TARGET with other content
    than OLD."""
    paths = []
    with open(patch, "rb") as f:
        for line in f:
            if not line.startswith(b"diff -urN "):
                continue
            path = line.split()[2].decode("latin-1").split("/", 2)[2]
            if all((tree / path).is_file() for tree in (old, new, target)) and \
                    (target / path).read_bytes() != (old / path).read_bytes():
                paths.append(path)
    return paths


def main(argv):
    args = parse_args(argv)
    for command, package in (("git", "git"), ("patch", "patch"), ("diff", "diffutils")):
        common.need_tool(command, package)
    tandem = common.find_tandem(args.tandem)
    data = kernel.find_kernel_data()
    newer = kernel.linux_source_in(data.patch.parent / f"old-{kernel.settings().ktag2}")
    if newer is None:
        raise common.BenchError(f"no old-{kernel.settings().ktag2}/linux-source-* in {data.patch.parent}: "
                                "run scripts/bench prepare-kernel")
    work = Path(os.environ.get("TANDEM_BENCH_WORK") or DEFAULT_WORK).resolve()
    shutil.rmtree(work, ignore_errors=True)
    (work / "cases").mkdir(parents=True)
    paths = drifted_files(data.patch, data.old, data.new, newer)
    pre = {p: (data.old / p).read_bytes() for p in paths}
    post = {p: (data.new / p).read_bytes() for p in paths}
    target = {p: (newer / p).read_bytes() for p in paths}
    with open(work / "fixes.patch", "wb") as out:
        for p in paths:
            out.write(subprocess.run(["diff", "-u", "--label", f"a/{p}", "--label", f"b/{p}", data.old / p,
                                      data.new / p], capture_output=True).stdout)
    write_tree(work / "base", pre)
    merged = {p: merge_file(work, target[p], pre[p], post[p]) for p in paths}
    counts = {tool: collections.Counter() for tool in TOOLS}
    seconds, alarms = {}, []
    for tool in TOOLS:
        tree = work / f"run-{tool}"
        write_tree(tree, target)
        if tool == "git-apply":
            common.git("init", "-q", tree)
        seconds[tool], rejected, _ = run_tool(tool, tandem, work / "fixes.patch", tree, work / "base", False, paths)
        for p in paths:
            got = (tree / p).read_bytes()
            said = "CRASH" if rejected is None else verdict(p in rejected, got, target[p], pre[p], post[p], merged[p])
            if said == "CLAIMED" and fix_is_there(target[p], pre[p], post[p]):
                said = "CLAIMED (fix there)"
            elif said == "DIFFERS" and merge_added_again(got, merged[p][1], target[p]):
                said = "DIFFERS (git adds again)"
            counts[tool][said] += 1
            if got != target[p] and doubled_block(pre[p], post[p], got):
                counts[tool]["twice"] += 1
            if tool.startswith("tandem") and said in ALARMS:
                alarms.append((tool, said, p))
                kept = work / "cases" / f"{len(alarms):04d}-{tool}"
                kept.mkdir()
                for name, content in (("target", target[p]), ("pre", pre[p]), ("post", post[p]),
                                      ("merge-file", merged[p][1]), ("got", got)):
                    (kept / name).write_bytes(content)
                (kept / "info").write_text(f"{tool} {said} {p}\n")
    clean = sum(1 for p in paths if merged[p][0])
    print()
    print(f"{len(paths)} files the {data.old.name} diff modifies that {newer.parent.name}/{newer.name} holds "
          f"otherwise; {clean} of which git merge-file merges cleanly")
    print()
    columns = ("same", "DIFFERS", "DIFFERS (git adds again)", "CLAIMED", "CLAIMED (fix there)", "CRASH", "lands",
               "partial", "failed", "twice")
    short = ("same", "DIFFERS", "D-again", "CLAIMED", "C-there", "CRASH", "lands", "partial", "failed", "twice")
    print(f"  {'tool':<12} " + " ".join(f"{name:>8}" for name in short) + "  seconds")
    for tool in TOOLS:
        print(f"  {tool:<12} " + " ".join(f"{counts[tool][name]:>8}" for name in columns)
              + f"  {seconds[tool]:7.1f}")
    print("  D-again: every line git's merge has beyond the tool's file stands in the tree already (git adds it"
          " again); C-there: every line the fix adds stands in the tree, none it removes")
    print("  twice (any verdict): the tool changed the file, which now holds a block the fix adds (3 lines or more)"
          " twice, word for word or but a fifth of its lines, where the fix's own file holds it once")
    again = sum(1 for p in paths if merged[p][0] and doubled_block(pre[p], post[p], merged[p][1]))
    print(f"  git merge-file's clean merges: {again} files twice")
    for tool, said, p in alarms:
        print(f"  {said}: {tool} {p}")
    ok = not alarms
    print()
    print("goal: tandem has no unexplained DIFFERS or CLAIMED, and no CRASH: " + ("PASS" if ok else "MISS"))
    return 0 if ok else 1
