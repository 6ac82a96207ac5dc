"""bench/stress.py -- `scripts/bench stress`: generated worst cases, each beside the peer doing the same job.

The other benchmarks time tandem on real patches, where a file has a few dozen hunks. A cost that grows
with (lines of the file) x (hunks, or changes of the fork) stays hidden there and shows on the one long file
with thousands of changes: a generated register header, a file a fork rewrote throughout. Each case here is
one such file, LINES long (default 100,000; $TANDEM_BENCH_STRESS_LINES) with a change every 30 lines:

  diff       two versions of the file, the second changed every 30 lines:
             tandem diff  vs  git diff --no-index (Myers, as tandem's)  and  git diff --histogram
  offset     a patch changing every 30th line, on a copy with one more line every 30 (every hunk moved):
             tandem apply --check  vs  git apply --check  and  GNU patch --dry-run
  failed     the same patch on a file holding none of its context (every hunk fails):
             tandem apply --check  vs  GNU patch --dry-run (git apply stops at the first failure)
  base       upstream changed every 30th line, the fork the line before each (every hunk goes through the
             base, change by change):  tandem apply --check --base  vs  git merge-file -p of the same three

Times are the best of $TANDEM_BENCH_RUNS runs (default 3), interleaved, on tmpfs when there is one. Each
case also checks the answer: tandem diff's patch turns the first version into the second (git apply), and
the apply cases say what every hunk did (offset: all moved; failed: all failed; base: all merged).

  goal: tandem <= 3x its peer's time in every case (the first peer named)

Exit status: 1 when a check fails or a command fails, else 0 (a MISS is printed, not an exit status).
"""
import argparse
import subprocess
from pathlib import Path

from bench import common
from bench.common import BenchError, Command

EVERY = 30          # a change every EVERY lines
GOAL = 3.0          # tandem's time against its peer's, at most


def numbered(lines, word="line"):
    return [f"{word} {i}\n" for i in range(lines)]


def write(path, lines):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("".join(lines))


def changed_every(lines, shift, word):
    """LINES with line k*EVERY + SHIFT replaced, for every k: -> (new lines, count changed)."""
    out, count = list(lines), 0
    for i in range(shift, len(lines), EVERY):
        out[i] = f"{word} {i}\n"
        count += 1
    return out, count


def unified(old_path, new_path, label):
    """diff -u of two files, headed as the patch of LABEL (a/LABEL, b/LABEL)."""
    done = subprocess.run(["diff", "-u", str(old_path), str(new_path)], capture_output=True)
    if done.returncode not in (0, 1):
        raise BenchError(f"diff -u failed: {done.stderr.decode(errors='replace')}")
    body = done.stdout.split(b"\n", 2)[2]
    return f"--- a/{label}\n+++ b/{label}\n".encode() + body


def make_cases(work, lines):
    """Writes every case's files under WORK: -> {case: facts} (hunk counts, paths)."""
    base = numbered(lines)
    facts = {}
    # diff: the file and a version with every 30th line changed.
    changed, count = changed_every(base, 10, "changed")
    write(work / "diff/a/f.c", base)
    write(work / "diff/b/f.c", changed)
    facts["diff"] = {"changes": count}
    # The patch of every case below: upstream changed every 30th line (at 11 mod 30).
    upstream, hunks = changed_every(base, 11, "upstream")
    write(work / "orig/base.c", base)
    write(work / "orig/new.c", upstream)
    patch = unified(work / "orig/base.c", work / "orig/new.c", "f.c")
    # offset: one line more every 30 lines, so hunk k sits k lines lower than it says.
    moved = []
    for i, line in enumerate(base):
        if i % EVERY == 0:
            moved.append(f"fork {i}\n")
        moved.append(line)
    write(work / "offset/f.c", moved)
    (work / "offset/p.patch").write_bytes(patch)
    # failed: none of the patch's lines stand in the file.
    write(work / "failed/f.c", numbered(lines, "other"))
    (work / "failed/p.patch").write_bytes(patch)
    # base: the fork changed the line before each of upstream's.
    fork, _ = changed_every(base, 10, "fork")
    write(work / "base/f.c", fork)
    write(work / "base/base/f.c", base)
    (work / "base/p.patch").write_bytes(patch)
    facts["offset"] = facts["failed"] = facts["base"] = {"hunks": hunks}
    return facts


def commands(tandem, work, runs):
    """Every command timed, by case: -> [(case, [Command, ...])], tandem first."""
    git_repo = ["git", "-c", "core.quotepath=off"]
    return [
        ("diff", [
            Command("tandem diff", [tandem, "diff", "a", "b"], runs, cwd=work / "diff"),
            Command("git diff (Myers)", [*git_repo, "diff", "--no-index", "a", "b"], runs, cwd=work / "diff",
                    ok=(1,)),
            Command("git diff --histogram", [*git_repo, "diff", "--no-index", "--histogram", "a", "b"], runs,
                    cwd=work / "diff", ok=(1,)),
        ]),
        ("offset", [
            Command("tandem apply --check (offset)", [tandem, "apply", "--check", "p.patch"], runs,
                    cwd=work / "offset"),
            Command("git apply --check (offset)", ["git", "apply", "--check", "p.patch"], runs,
                    cwd=work / "offset"),
            Command("patch --dry-run (offset)", ["patch", "--dry-run", "-p1", "-s", "-i", "p.patch"], runs,
                    cwd=work / "offset"),
        ]),
        ("failed", [
            Command("tandem apply --check (failed)", [tandem, "apply", "--check", "p.patch"], runs,
                    cwd=work / "failed", ok=(1,)),
            Command("patch --dry-run (failed)", ["patch", "--dry-run", "-p1", "-s", "-i", "p.patch"], runs,
                    cwd=work / "failed", ok=(1,)),
        ]),
        ("base", [
            Command("tandem apply --check --base", [tandem, "apply", "--check", "--base", "base", "p.patch"],
                    runs, cwd=work / "base"),
            Command("git merge-file -p", ["git", "merge-file", "-p", "f.c", "../orig/base.c", "../orig/new.c"],
                    runs, cwd=work / "base", ok=None),
        ]),
    ]


def checks(tandem, work, facts):
    """The answers, checked once, untimed: -> list of (case, problem) for every check that fails."""
    problems = []
    # tandem diff's patch, applied by git to the first version, gives the second.
    made = subprocess.run([str(tandem), "diff", "a", "b"], cwd=work / "diff", capture_output=True)
    check = work / "check"
    common.git("init", "-q", check)
    (check / "f.c").write_bytes((work / "diff/a/f.c").read_bytes())
    applied = subprocess.run(["git", "apply", "-"], cwd=check, input=made.stdout, capture_output=True)
    if applied.returncode != 0 or (check / "f.c").read_bytes() != (work / "diff/b/f.c").read_bytes():
        problems.append(("diff", "tandem diff's patch does not turn a/f.c into b/f.c"))
    for case, args, word in (("offset", [], "succeeded"), ("failed", [], "FAILED"),
                             ("base", ["--base", "base"], "merged")):
        out = subprocess.run([str(tandem), "apply", "--check", *args, "p.patch"], cwd=work / case,
                             capture_output=True, text=True)
        said = [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("Hunk #")]
        # Every hunk is listed (none is where it says), each saying WORD.
        wrong = [line for line in said if word not in line]
        if wrong or len(said) != facts[case]["hunks"]:
            problems.append((case, f"{len(said)} hunks listed of {facts[case]['hunks']}, "
                                   f"{len(wrong)} not {word}: {wrong[:1]}"))
    return problems


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/bench stress", description="generated worst cases (one long file, "
                                "a change every 30 lines), tandem beside the peer doing the same job")
    common.add_tandem_option(p)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    runs = common.env_int("TANDEM_BENCH_RUNS", 3, minimum=1)
    lines = common.env_int("TANDEM_BENCH_STRESS_LINES", 100_000, minimum=EVERY * 2)
    common.need_tool("git", "git")
    common.need_tool("patch", "patch")
    tandem = common.find_tandem(args.tandem)
    with common.scratch("tandem-stress") as work:
        facts = make_cases(work, lines)
        problems = checks(tandem, work, facts)
        cases = commands(tandem, work, runs)
        common.note(f"timing, best of {runs}")
        timings = common.time_or_die([c for _, group in cases for c in group])
        print()
        print(f"one file of {lines:,} lines, a change every {EVERY} lines; best of {runs} runs, from {work.parent}")
        print()
        print(f"{'case':<8} {'command':<34} {'wall s':>9} {'RSS MiB':>9} {'tandem / this':>14}")
        misses = []
        for case, group in cases:
            mine = timings[group[0].label]
            for c in group:
                t = timings[c.label]
                r = "" if c is group[0] else f"{common.ratio(mine.best, t.best):13.2f}x"
                print(f"{case:<8} {c.label:<34} {t.best:9.3f} {t.peak_kb / 1024:9.1f} {r:>14}")
            peer = timings[group[1].label]
            if mine.best > GOAL * peer.best:
                misses.append(f"{case} {common.ratio(mine.best, peer.best):.1f}x")
        print()
        for case, problem in problems:
            print(f"CHECK FAILED {case}: {problem}")
        print(f"goal: tandem <= {GOAL:g}x its first peer in every case: "
              + ("PASS" if not misses else "MISS (" + ", ".join(misses) + ")"))
    return 1 if problems else 0
