#!/usr/bin/env python3
"""bench/drift_gen.py -- the history repository of `scripts/bench drift` (bench/drift.py), as one git fast-import stream.

Usage:
  python3 bench/drift_gen.py --kernel TREE [--pairs N] [--commits N] [--seed N] [--stats FILE] > stream
  (pipe into `git fast-import --quiet --done`; bench/drift.py calls generate() and does that)

What it writes (stdlib only, the same bytes for the same arguments and kernel tree):
  commit 1   N original files taken from the kernel tree (a seeded choice among arch/x86/kernel/*.c,
             arch/x86/mm/*.c and arch/x86/include/asm/*.h of 50..3000 lines), an identical copy of each
             under arch/xen-x86/ (same relative path), tandem.yml at the root (one directory mapping,
             guards [CONFIG_XEN]) and Documentation/xen-x86.txt (the one file outside both trees).
  commits 2… --commits more, on refs/heads/master, a linear history (one parent each):
             upstream   62%  1-3 originals get 1-3 upstream-style edits each (insert, delete or rewrite a
                             few lines)
             fork       15%  1-2 copies get a fork edit: a block wrapped in #ifdef CONFIG_XEN … #endif
                             (60%), or free lines/rewrites marked with a xenfork_ identifier
             mixed       8%  1-2 originals and 1 copy, as above, in one commit
             port        6%  one drifted pair's copy takes over its original's changes (all of them, or
                             the first half of the change blocks), keeping the fork's own lines; half of
                             the time the commit also makes a fresh upstream edit to that original first
             doc-only    5%  only Documentation/xen-x86.txt changes: no pair changes at all
             drift-mostly   the originals are picked by a seeded, mildly skewed weight, so drift grows
                             over time, some pairs much more than others
  Edge cases on purpose (both are plain LF text): after 35% of the commits one original loses its final
  newline (an upstream edit that dropped it); after 65% one copy loses its final newline. Lines are kept
  with their exact bytes (latin-1 round trip); every file stays LF-only text. No file is added, deleted or
  renamed after commit 1, so the pairs are the same in every snapshot.
  Dates are fixed (2015-01-01 00:00 UTC + 1 hour per commit), author and committer are fixed.

--stats FILE gets "key=value" lines: commits, pairs, lines (both sides at HEAD), originals, the kinds of
commits, and the edit-count upper bound of the largest pair's edit distance at HEAD.
"""
import argparse
import difflib
import os
import random
import sys

UP, FORK = "arch/x86/", "arch/xen-x86/"
GLOBS = [("arch/x86/kernel", ".c"), ("arch/x86/mm", ".c"), ("arch/x86/include/asm", ".h")]
MIN_LINES, MAX_LINES = 50, 3000
BASE_TIME = 1420070400  # 2015-01-01 00:00:00 UTC; +1 hour per commit
AUTHOR = b"tandem bench <bench@tandem.invalid>"
MAP = b"forks:\n  - {upstream: arch/x86/, fork: arch/xen-x86/}\nguards: [CONFIG_XEN]\n"
DOC = "Documentation/xen-x86.txt"

WORDS = ("irq apic timer smp cpu mem page alloc vm fault tlb init boot setup sched core dev pci acpi io dma "
         "map nmi trap entry ptrace kprobes ftrace time clock hpet tsc mtrr msr cache numa mmap percpu bitmap "
         "notifier module params printk panic pid mutex spinlock kthread softirq hrtimer tick power suspend "
         "topology e820 efi microcode ldt tls vdso fpu xsave cpuid alternative paravirt pgtable ioremap pat "
         "memblock vmalloc gup migrate").split()
ERRS = "EINVAL ENOMEM EBUSY EAGAIN ENODEV EFAULT EPERM ENOENT EIO".split()
XEN_WORDS = ("p2m grant evtchn pvh hypercall balloon mmu_update shared_info vcpu xenbus pte_update "
             "multicall").split()


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True, help="an unpacked kernel source tree (linux-source-6.1)")
    ap.add_argument("--pairs", type=int, default=250, help="originals, each with a copy (default 250)")
    ap.add_argument("--commits", type=int, default=2000, help="commits after the first (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", help="write key=value facts about the history here")
    return ap.parse_args(argv)


class File:
    """A file as lines without terminators (latin-1 str, byte exact) and whether the last one has '\\n'."""
    __slots__ = ("lines", "final_newline")

    def __init__(self, lines, final_newline=True):
        self.lines = lines
        self.final_newline = final_newline

    @classmethod
    def parse(cls, data):
        text = data.decode("latin-1")
        if text == "":
            return cls([], True)
        final = text.endswith("\n")
        lines = text.split("\n")
        if final:
            lines.pop()
        return cls(lines, final)

    def copy(self):
        return File(list(self.lines), self.final_newline)

    def bytes(self):
        if not self.lines:
            return b""
        return ("\n".join(self.lines) + ("\n" if self.final_newline else "")).encode("latin-1")


def choose_originals(kernel, n, rng):
    cands = []
    for d, ext in GLOBS:
        full = os.path.join(kernel, d)
        if not os.path.isdir(full):
            sys.exit(f"drift_gen: {full} is missing (not a kernel tree?)")
        for name in sorted(os.listdir(full)):
            p = os.path.join(full, name)
            if not name.endswith(ext) or not os.path.isfile(p) or os.path.islink(p):
                continue
            with open(p, "rb") as f:
                data = f.read()
            if b"\r" in data or b"\0" in data or not data.endswith(b"\n"):
                continue
            if MIN_LINES <= data.count(b"\n") <= MAX_LINES:
                cands.append((f"{d}/{name}", data))
    if len(cands) < n:
        sys.exit(f"drift_gen: only {len(cands)} candidate files of {MIN_LINES}..{MAX_LINES} lines, {n} wanted")
    return sorted(rng.sample(cands, n))


def main(argv=None):
    generate(parse_args(argv), sys.stdout.buffer)


def generate(args, out):
    """Writes the fast-import stream for ARGS (kernel, pairs, commits, seed, stats) to the binary stream OUT."""
    rng = random.Random(args.seed)
    w = out.write

    chosen = choose_originals(args.kernel, args.pairs, rng)
    orig = {}     # original path -> File
    copy = {}     # original path -> File (its copy under arch/xen-x86/)
    weight = {}   # original path -> how likely an upstream edit picks it
    for p, data in chosen:
        orig[p] = File.parse(data)
        copy[p] = orig[p].copy()
        weight[p] = min(rng.paretovariate(1.6), 12.0)
    paths = sorted(orig)
    fork_path = {p: FORK + p[len(UP):] for p in paths}
    doc = ["Xen on x86: notes of the fork", "=============================", ""]

    def ident(n=None):
        return "_".join(rng.choice(WORDS) for _ in range(n or rng.choice((1, 2, 2, 3))))

    def stmt(ind):
        r = rng.random()
        a, b = ident(), ident()
        if r < 0.2:
            return [f"{ind}{a} = {b}({ident(1)}, {rng.randint(0, 64)});"]
        if r < 0.35:
            return [f"{ind}if (!{a})", f"{ind}\treturn -{rng.choice(ERRS)};"]
        if r < 0.5:
            return [f"{ind}{a}->{ident(1)} |= {ident(1).upper()}_{ident(1).upper()};"]
        if r < 0.6:
            return [f"{ind}pr_debug(\"{ident(1)}: %d\\n\", {b});"]
        if r < 0.7:
            return [f"{ind}/* {' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))} */"]
        if r < 0.8:
            return [f"{ind}WARN_ON_ONCE({a} > {b});"]
        if r < 0.9:
            return [f"{ind}#define {ident().upper()}\t{rng.randint(0, 4096)}"]
        return [f"{ind}{a}({b});"]

    def xen_stmt(ind):
        x = rng.choice(XEN_WORDS)
        r = rng.random()
        if r < 0.4:
            return f"{ind}xenfork_{x}({ident(1)});"
        if r < 0.7:
            return f"{ind}if (xenfork_{x}_enabled())"
        return f"{ind}ret = xenfork_{x}_{ident(1)}({ident(1)}, {rng.randint(0, 16)});"

    def indent_at(lines, i):
        if 0 <= i < len(lines):
            s = lines[i]
            return s[:len(s) - len(s.lstrip("\t"))] or ("\t" if s.startswith(" ") else "")
        return ""

    def body_index(lines):
        """A random line index, preferring lines inside function bodies (tab-indented)."""
        i = 0
        for _ in range(8):
            i = rng.randrange(len(lines))
            if lines[i].startswith("\t"):
                return i
        return i

    def upstream_edit(f):
        """1-3 upstream-style operations on File f; returns the line operations (upper bound on distance)."""
        ops = 0
        for _ in range(rng.choice((1, 1, 2, 3))):
            lines = f.lines
            i = body_index(lines)
            r = rng.random()
            if r < 0.4 or len(lines) < 60:
                new = stmt(indent_at(lines, i))
                if rng.random() < 0.3:
                    new += stmt(indent_at(lines, i))
                lines[i:i] = new
                ops += len(new)
            elif r < 0.65:
                n = rng.choice((1, 1, 2, 3))
                del lines[i:i + n]
                ops += n
            else:
                for j in range(i, min(len(lines), i + rng.choice((1, 1, 2)))):
                    if lines[j].startswith("\t"):
                        lines[j] = stmt(indent_at(lines, j))[0]
                    elif lines[j].strip():
                        lines[j] = lines[j] + " /* " + rng.choice(WORDS) + " */"
                    else:
                        lines[j] = "/* " + ident() + " */"
                    ops += 2
        return ops

    def fork_edit(f):
        """One fork edit on File f: a guarded block (60%), free lines or a free rewrite."""
        lines = f.lines
        i = body_index(lines)
        ind = indent_at(lines, i)
        r = rng.random()
        if r < 0.6:
            block = ["#ifdef CONFIG_XEN"] + [xen_stmt(ind or "\t") for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.3:
                block += ["#else"] + stmt(ind or "\t")
            block.append("#endif /* CONFIG_XEN */")
            lines[i:i] = block
            return len(block)
        if r < 0.85:
            new = [xen_stmt(ind) for _ in range(rng.randint(1, 2))]
            lines[i:i] = new
            return len(new)
        lines[i] = lines[i] + " /* xenfork */" if lines[i].strip() else xen_stmt(ind)
        return 2

    def is_fork_line(s):
        return "xenfork" in s or "CONFIG_XEN" in s

    def port(p, partial):
        """The copy takes over the original's changes, keeping its own fork lines (a resync)."""
        a, b = copy[p].lines, orig[p].lines
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        blocks = [op for op in sm.get_opcodes() if op[0] != "equal"]
        take = set(range(len(blocks) // 2 if partial and len(blocks) > 1 else len(blocks)))
        result, k = [], 0
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                result += a[i1:i2]
                continue
            ours = a[i1:i2]
            if k in take and not any(is_fork_line(s) for s in ours):
                result += b[j1:j2]
            else:
                result += ours
            k += 1
        copy[p].lines = result
        if not partial:
            copy[p].final_newline = orig[p].final_newline if not copy_lost_newline[0] == p else False

    def data(b):
        w(b"data %d\n" % len(b))
        w(b)
        w(b"\n")

    n_commit = 0

    def commit(changes, msg):
        nonlocal n_commit
        n_commit += 1
        t = BASE_TIME + n_commit * 3600
        w(b"commit refs/heads/master\nmark :%d\n" % n_commit)
        w(b"author %s %d +0000\ncommitter %s %d +0000\n" % (AUTHOR, t, AUTHOR, t))
        data(msg.encode())
        if n_commit > 1:
            w(b"from :%d\n" % (n_commit - 1))
        for path, content in changes:
            w(b"M 100644 inline %s\n" % path.encode())
            data(content)
        w(b"\n")

    def subsystem(p):
        parts = p.split("/")
        if len(parts) < 4:
            return "Documentation"
        return "x86/" + ("asm" if parts[2] == "include" else parts[2])

    def title(kind, p):
        verb = rng.choice(("fix", "clean up", "rework", "simplify", "annotate", "tighten", "document"))
        what = rng.choice(("handling", "locking", "accounting", "checks", "helpers", "comments"))
        base = os.path.basename(p)
        if kind == "fork":
            return f"xen-x86: {base}: {verb} {ident()} {what} for Xen"
        if kind == "port":
            return f"xen-x86: port upstream changes to {base}"
        return f"{subsystem(p)}: {verb} {ident()} {what}"

    def message(kind, p):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24)))
        return f"{title(kind, p)}\n\n{body}\n\nSigned-off-by: {AUTHOR.decode()}\n"

    def pick_originals(k):
        chosen = []
        while len(chosen) < k:
            p = rng.choices(paths, [weight[q] for q in paths])[0]
            if p not in chosen:
                chosen.append(p)
        return chosen

    # --- commit 1 -----------------------------------------------------------------------------------------
    changes = [("tandem.yml", MAP), (DOC, ("\n".join(doc) + "\n").encode())]
    for p in paths:
        changes.append((p, orig[p].bytes()))
        changes.append((fork_path[p], copy[p].bytes()))
    commit(sorted(changes), "Import arch/x86 and the Xen fork's copy of it\n\n"
           f"Signed-off-by: {AUTHOR.decode()}\n")

    kinds = {"upstream": 0, "fork": 0, "mixed": 0, "port": 0, "doc-only": 0}
    lose_orig_at = 1 + int(args.commits * 0.35)
    lose_copy_at = 1 + int(args.commits * 0.65)
    copy_lost_newline = [None]
    for _ in range(args.commits):
        r = rng.random()
        touched_o, touched_c = [], []
        if r < 0.62:
            kind = "upstream"
            for p in pick_originals(rng.choice((1, 1, 1, 2, 2, 3))):
                upstream_edit(orig[p])
                touched_o.append(p)
        elif r < 0.77:
            kind = "fork"
            for p in rng.sample(paths, rng.choice((1, 1, 2))):
                fork_edit(copy[p])
                touched_c.append(p)
        elif r < 0.85:
            kind = "mixed"
            for p in pick_originals(rng.choice((1, 2))):
                upstream_edit(orig[p])
                touched_o.append(p)
            p = rng.choice(paths)
            fork_edit(copy[p])
            touched_c.append(p)
        elif r < 0.91:
            kind = "port"
            p = pick_originals(1)[0]
            if rng.random() < 0.5:
                upstream_edit(orig[p])
                touched_o.append(p)
            port(p, partial=rng.random() < 0.3)
            touched_c.append(p)
        else:
            kind = "doc-only"
            doc.append(f"- {ident()}: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))}")
        kinds[kind] += 1
        # The two edge cases: a final newline lost upstream, then one lost in the fork.
        if n_commit + 1 == lose_orig_at and kind in ("upstream", "mixed"):
            orig[touched_o[0]].final_newline = False
        elif n_commit + 1 > lose_orig_at and kind in ("upstream", "mixed") and \
                all(f.final_newline for f in orig.values()):
            orig[touched_o[0]].final_newline = False
        if n_commit + 1 >= lose_copy_at and copy_lost_newline[0] is None and touched_c:
            copy[touched_c[0]].final_newline = False
            copy_lost_newline[0] = touched_c[0]
        changes = [(p, orig[p].bytes()) for p in touched_o] + [(fork_path[p], copy[p].bytes()) for p in touched_c]
        if kind == "doc-only":
            changes.append((DOC, ("\n".join(doc) + "\n").encode()))
        first = (touched_o + touched_c + [DOC])[0]
        commit(sorted(dict(changes).items()), message(kind, first))
    w(b"done\n")
    out.flush()

    total = sum(len(orig[p].lines) + len(copy[p].lines) for p in paths)
    # Edit distance at HEAD, from difflib's (not always minimal) matching: an upper bound on the minimal one.
    worst, worst_p = 0, ""
    for p in paths:
        sm = difflib.SequenceMatcher(None, orig[p].lines, copy[p].lines, autojunk=False)
        shared = sum(m.size for m in sm.get_matching_blocks())
        d = len(orig[p].lines) + len(copy[p].lines) - 2 * shared
        if d > worst:
            worst, worst_p = d, p
    facts = {
        "commits": n_commit, "pairs": len(paths), "lines_at_head": total,
        "lines_at_root": sum(2 * len(File.parse(dt).lines) for _, dt in chosen),
        "max_edit_distance_at_head_upper_bound": f"{worst} ({worst_p})",
        "no_final_newline_original": ",".join(p for p in paths if not orig[p].final_newline) or "-",
        "no_final_newline_copy": ",".join(fork_path[p] for p in paths if not copy[p].final_newline) or "-",
    }
    facts.update({f"kind_{k}": v for k, v in kinds.items()})
    if args.stats:
        with open(args.stats, "w") as f:
            for k, v in facts.items():
                f.write(f"{k}={v}\n")
    sys.stderr.write("drift_gen: %d commits, %d pairs, %d lines at HEAD (both sides); %s\n" % (
        n_commit, len(paths), total, ", ".join(f"{k} {v}" for k, v in kinds.items())))


if __name__ == "__main__":
    main()
