#!/usr/bin/env python3
"""bench/tools_port.py -- `scripts/bench tools-port`: porting accuracy on a third real corpus, from today's kernel:
the headers the kernel keeps by hand under tools/, carried from Linux 6.1 to 6.12 by the tools' maintainers.

What it measures
  The kernel's tools (perf, bpf, the selftests) build against copies of kernel headers kept under tools/
  (tools/include/uapi/linux/kvm.h is a copy of include/uapi/linux/kvm.h, tools/arch/x86/include/asm/
  cpufeatures.h of arch/x86/include/asm/cpufeatures.h). The copies are trimmed and lag their originals; the
  perf maintainers sync them by hand, file by file, and `check-headers.sh` warns when they drift. That is a
  fork map with real drift and a real answer key: what the maintainers carried into each copy by 6.12.
  From the two Debian releases `scripts/bench prepare-kernel` unpacks (new/ = linux-source-6.1, new-6.12/ =
  linux-source-6.12, under TANDEM_BENCH_DATA), one case in port-dev's layout per group of copies
  (uapi, linux, arch-x86, other):
    upstream-before / upstream-after   the originals in 6.1 and 6.12
    upstream.patch                     their diff (`diff -u`, git's a/ b/ names)
    fork-before / fork-after           the tools/ copies in 6.1 and 6.12 (the answer key)
    forkmap.tsv                        original -> copy: tools/P -> P, for every text file tools/P of 6.1
                                       whose P exists in both releases and changed, whose copy exists in
                                       both and was changed by the maintainers (a copy nobody touched says
                                       nothing about what they wanted), and which is a copy (60% of its
                                       lines that say something stand in the original, as for `tandem map
                                       --discover`: tools/include/linux/ also holds the tools' own
                                       implementations under kernel names, which are left out)
    truth.csv                          per hunk and copy, port-dev's own test (`score_port.hunk_truth`) of
                                       fork-after against fork-before
  Then `scripts/bench real --corpus` runs tandem, GNU patch, git merge-file and wiggle on the cases and
  scores them with port-dev's scorer, as for the other two corpora.

  Unlike the Xen corpus, a copy here is synced whole or not at all, at a time of its maintainers' choosing:
  a copy last synced at 6.9 holds 6.9's text, so upstream's hunks from 6.9 to 6.12 read "not ported", and
  a hunk the copy took at 6.9 that upstream changed again reads "partial". Every tool is scored on the
  same rows. No rule of tandem's was measured on these cases before the corpus was built (December 2026).

Usage
  scripts/bench tools-port [--tandem PATH] [--json FILE] [--misses FILE] [--case NAME]...
  (the options are bench real's)

Environment
  TANDEM_BENCH_DATA   where `scripts/bench prepare-kernel` put the Debian sources (default /var/tmp/tandem-bench;
                      run it first: it downloads about 600 MB once)
  TANDEM_REALDATA     the realdata root, holding port-dev/ (its scorer and anchor script); default
                      ../shared/realdata from the repository root
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-tools-port): cases/ (rebuilt on every
                      run, a few seconds), real/ (bench real's work)
"""
import collections
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench import kernel, real

DEFAULT_WORK = "/dev/shm/tandem-bench-tools-port"
PREFIX = "tools/"
# The groups, one case each, by the copy's folder (first match).
GROUPS = (("uapi", ("tools/include/uapi/", "tools/arch/x86/include/uapi/")),
          ("linux", ("tools/include/linux/",)),
          ("arch-x86", ("tools/arch/x86/",)),
          ("other", ("tools/",)))
# The share of a copy's lines that say something that must stand in the original for it to count as a copy
# (`tandem map --discover`'s rule for copies by shared lines).
MIN_SHARED = 0.6


def work_root(env=os.environ):
    return Path(env.get("TANDEM_BENCH_WORK") or DEFAULT_WORK).resolve()


def group_of(copy_path):
    """The case a copy's path belongs to (`uapi`, `linux`, `arch-x86`, `other`)."""
    return next(name for name, prefixes in GROUPS if copy_path.startswith(prefixes))


WORD_PAIR = re.compile(rb"[A-Za-z0-9_]{2}")


def says_something(line):
    """A line with a word of two characters or more (not a brace, a blank line or a lone `*`)."""
    return WORD_PAIR.search(line) is not None and line not in (b"#endif", b"#else")


def shared_share(copy, original):
    """The share of `copy`'s lines that say something (compared without surrounding blanks) that stand in
    `original`."""
    lines = [line.strip() for line in copy.split(b"\n") if says_something(line.strip())]
    if not lines:
        return 0.0
    have = {line.strip() for line in original.split(b"\n")}
    return sum(line in have for line in lines) / len(lines)


def is_text(data):
    return b"\0" not in data[:8192]


def fork_map(old_root, new_root):
    """[(original, copy)] for the copies under tools/ of `old_root` (6.1) whose original changed by
    `new_root` (6.12): see the module's description."""
    out = []
    tools = old_root / "tools"
    for dirpath, dirnames, filenames in os.walk(tools):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            copy = str(path.relative_to(old_root))
            original = copy[len(PREFIX):]
            files = (old_root / original, new_root / original, new_root / copy)
            if not all(f.is_file() and not f.is_symlink() for f in files):
                continue
            before, after = files[0].read_bytes(), files[1].read_bytes()
            mine, theirs = path.read_bytes(), files[2].read_bytes()
            if before == after or mine == theirs or not all(map(is_text, (before, after, mine))):
                continue
            if shared_share(mine, before) < MIN_SHARED:
                continue
            out.append((original, copy))
    return out


def file_diff(original, before, after):
    """`diff -u` of one original as git names it (a/PATH, b/PATH, with a `diff --git` line): bytes."""
    r = subprocess.run(["diff", "-u", "--label", f"a/{original}", "--label", f"b/{original}", before, after],
                       capture_output=True)
    if r.returncode not in (0, 1):
        raise real.BenchError(f"diff {before} {after}: {r.stderr.decode('utf-8', 'replace').strip()}")
    return f"diff --git a/{original} b/{original}\n".encode() + r.stdout if r.stdout else b""


def build_cases(old_root, new_root, scorer, out_dir):
    """One case folder per group with copies. -> {case name: {truth verdict: rows}}."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    by_group = collections.defaultdict(list)
    for original, copy in fork_map(old_root, new_root):
        by_group[group_of(copy)].append((original, copy))
    made = {}
    for name, _ in GROUPS:
        pairs = by_group.get(name)
        if not pairs:
            continue
        case = out_dir / name
        patch = b""
        for original, copy in pairs:
            for folder, root, path in (("upstream-before", old_root, original), ("upstream-after", new_root, original),
                                       ("fork-before", old_root, copy), ("fork-after", new_root, copy)):
                target = case / folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / path, target)
            patch += file_diff(original, case / "upstream-before" / original, case / "upstream-after" / original)
        (case / "upstream.patch").write_bytes(patch)
        (case / "forkmap.tsv").write_text("".join(f"{up}\t{copy}\n" for up, copy in pairs))
        counts = real.write_truth(case, pairs, patch, scorer)
        made[name] = dict(counts)
    return made


def sources(env=os.environ):
    """(6.1 tree, 6.12 tree) as `scripts/bench prepare-kernel` unpacked them, or a BenchError saying how."""
    s = kernel.settings(env)
    old = kernel.linux_source_in(s.data / "new")
    new = kernel.linux_source_in(s.data / "new-6.12")
    if old is None or new is None:
        raise real.BenchError(f"no Debian kernel sources under {s.data} (new/ and new-6.12/): "
                              "run `scripts/bench prepare-kernel` first (or set TANDEM_BENCH_DATA)")
    return old, new


def main(argv):
    def build(_realdata, scorer, cases):
        old, new = sources()
        return build_cases(old, new, scorer, cases), f"{old.name} and {new.name}'s tools/ copies"
    return real.built_corpus_main(argv, __doc__, "tools-port", work_root(), build)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
