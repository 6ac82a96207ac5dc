"""bench/parse.py -- `scripts/bench parse [PATCH]`: the patch parser against the tools people already use for it.

  tandem stat PATCH  |  tandem filter PATCH  |  git apply --numstat -p2 PATCH  |  lsdiff PATCH
each reading the whole patch (copied to tmpfs) and writing its small answer to /dev/null, timed in the same
run, interleaved, best wall time of TANDEM_BENCH_RUNS runs (default 5) and the largest peak RSS; then
`tandem filter` with no selection must give the patch back byte for byte.

  goal: tandem <= 0.5x git apply time, peak RSS <= 3x patch size

PATCH: the argument, else $TANDEM_BENCH_PATCH, else the first that exists of
$TANDEM_BENCH_DATA/big-combined.patch and $TANDEM_BENCH_DATA/big.patch (see bench/kernel.py). The issue asks
for at least 20 MB and 15,000 hunks; the result says when PATCH is smaller.
Exit status: 1 when the round trip differs or something fails, 2 for bad arguments.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench import common, kernel
from bench.common import BenchError, Command


def find_patch(arg, env=None):
    """The patch to time: ARG, else $TANDEM_BENCH_PATCH, else the combined patch or big.patch in the data
    folder (the first that exists; the combined one when neither does)."""
    env = os.environ if env is None else env
    chosen = arg or env.get("TANDEM_BENCH_PATCH")
    if chosen:
        return Path(chosen)
    data = common.data_dir(env)
    for candidate in (data / kernel.COMBINED, data / "big.patch"):
        if candidate.is_file():
            return candidate
    return data / kernel.COMBINED


def table(n_bytes, hunks, timings):
    """The result table and the two ratios; TIMINGS: [(name, Timing)] for stat, filter, git, lsdiff."""
    lines = [f"{'command':<34} {'wall s':>9} {'RSS MiB':>9} {'RSS/patch':>10} {'hunks/s':>12}"]
    for name, t in timings:
        lines.append(f"{name:<34} {t.best:9.3f} {t.peak_kb / 1024:9.1f} {t.peak_kb * 1024 / n_bytes:9.2f}x "
                     f"{(hunks / t.best if t.best > 0 else 0):12.0f}")
    stat, git, lsdiff = timings[0][1].best, timings[2][1].best, timings[3][1].best
    lines += ["", f"tandem stat / git apply: {common.ratio(stat, git):.2f}x time",
              f"tandem stat / lsdiff:    {common.ratio(stat, lsdiff):.2f}x time"]
    return "\n".join(lines)


def goal(stat, git, n_bytes):
    """The goal line from tandem stat's and git apply's Timing."""
    time_ratio, mem_ratio = common.ratio(stat.best, git.best), stat.peak_kb * 1024 / n_bytes
    time_ok, mem_ok = stat.best <= 0.5 * git.best, stat.peak_kb * 1024 <= 3 * n_bytes
    return (f"goal: tandem <= 0.5x git apply time, peak RSS <= 3x patch size: "
            f"{'PASS' if time_ok and mem_ok else 'MISS'} (time {time_ratio:.2f}x {'PASS' if time_ok else 'MISS'}, "
            f"memory {mem_ratio:.2f}x {'PASS' if mem_ok else 'MISS'})")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/bench parse", description="tandem stat vs git apply --numstat "
                                "vs lsdiff on one big patch, and the tandem filter round trip")
    p.add_argument("patch", nargs="?", help="the patch (default: see bench/parse.py)")
    common.add_tandem_option(p)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    runs = common.env_int("TANDEM_BENCH_RUNS", 5, minimum=1)
    source = find_patch(args.patch)
    if not source.is_file():
        common.note(f"no patch at {source}")
        print(kernel.how_to_make_patch(kernel.settings()), file=sys.stderr)
        return 1
    common.need_tool("lsdiff", "patchutils")
    common.need_tool("git", "git")
    tandem = common.find_tandem(args.tandem)

    with common.scratch("tandem-bench", what="timings will include disk reads") as work:
        patch = work / "big.patch"
        shutil.copyfile(source, patch)
        # git apply --numstat only reads, and works outside a repository too; an empty repository keeps it
        # from picking up whatever repo encloses the scratch folder.
        (work / "repo").mkdir()
        common.git("-C", work / "repo", "init", "-q")
        n_bytes, hunks, files = patch.stat().st_size, kernel.patch_hunks(patch), kernel.patch_files(patch)
        size_ok, size_text = kernel.size_rule(source, n_bytes, hunks, common.data_dir())
        if not size_ok:
            for line in size_text.splitlines():
                common.note(line)

        common.note(f"timing, best of {runs}")
        commands = [Command("tandem stat", [tandem, "stat", patch], runs),
                    Command("tandem filter", [tandem, "filter", patch], runs),
                    Command("git apply --numstat", ["git", "-C", work / "repo", "apply", "--numstat", "-p2", patch],
                            runs),
                    Command("lsdiff", ["lsdiff", patch], runs)]
        t = common.time_or_die(commands)

        # Byte-exact round trip: tandem filter with no selection must give the input back.
        with open(work / "roundtrip.out", "wb") as out:
            if subprocess.run([str(tandem), "filter", str(patch)], stdout=out).returncode != 0:
                raise BenchError("tandem filter failed")
        round_trip = filecmp.cmp(work / "roundtrip.out", patch, shallow=False)

        print()
        print(f"patch: {source}")
        print(f"size:  {n_bytes} bytes ({n_bytes / 1048576:.1f} MiB), {hunks} hunks, {files} files; "
              f"best of {runs} runs, from {work.parent}")
        print()
        print(table(n_bytes, hunks, [("tandem stat", t["tandem stat"]),
                                     ("tandem filter (> /dev/null)", t["tandem filter"]),
                                     ("git apply --numstat -p2", t["git apply --numstat"]),
                                     ("lsdiff", t["lsdiff"])]))
        print()
        if round_trip:
            print("round trip: byte-identical")
        else:
            print("round trip: DIFFERENT (tandem filter output != input)", flush=True)
            subprocess.run(["cmp", str(work / "roundtrip.out"), str(patch)])
        print(goal(t["tandem stat"], t["git apply --numstat"], n_bytes))
        print(size_text)
    return 0 if round_trip else 1
