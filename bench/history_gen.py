#!/usr/bin/env python3
"""bench/history_gen.py -- the history repository of `scripts/bench history` (bench/history.py), as one git
fast-import stream: the same bytes for the same arguments (Python's random.Random is stable across versions for
random(), randrange(), choice(), choices() and the variate functions used).

Usage:
  python3 bench/history_gen.py SEED COMMITS > stream    (pipe into `git fast-import --quiet --done`;
                                                         bench/history.py calls generate() and does that)

What it writes: COMMITS commits (the root holds the whole tree), ~650 C-like files in a kernel-like layout
(arch/x86, include, mm, kernel, ..., plus copies of some arch/x86 files under arch/xen, as a fork has), each
commit editing 1-5 files by a few lines, now and then adding or deleting a file; every 250 commits a 3-commit
topic branch (refs/heads/topic, and one more commit on master) merged with --no-ff; annotated tags v1.0,
v1.1, ... every 500 commits. Dates are fixed (2010-01-01 + 1 hour per commit): same seed, same commit ids.
"""
import random
import sys

MERGE_EVERY = 250     # a side branch of 3 commits (+1 on main) merged --no-ff
TAG_EVERY = 500       # annotated tags v1.0, v1.1, ...
BASE_TIME = 1262304000  # 2010-01-01 00:00:00 UTC; +1 hour per commit

WORDS = ("irq apic timer smp cpu mem page alloc slab vm fault tlb init boot setup signal sched fair "
         "rt core dev pci acpi io dma map nmi trap entry ptrace kprobes ftrace sys time clock hpet tsc "
         "mtrr msr cache numa swap vmscan mmap rmap filemap readahead shmem hugetlb percpu bitmap "
         "string sort crc idr radix xarray list rbtree hash notifier module params printk panic fork "
         "exit cred pid wait mutex spinlock rwsem futex workqueue kthread softirq hrtimer tick cpufreq "
         "power suspend reboot topology e820 efi microcode ldt tls vdso vsyscall fpu xsave cpuid "
         "alternative paravirt pgtable ioremap pat memblock highmem vmalloc gup migrate compaction "
         "oom writeback backing inode dentry namei super file buffer bio blk elevator queue genhd "
         "socket skbuff sock dst route tcp udp ip icmp arp neigh netdev ethtool selinux audit").split()
TYPES = "int long unsigned u8 u16 u32 u64 size_t bool void".split()
PTYPES = ["struct page *", "struct task_struct *", "struct mm_struct *", "struct inode *",
          "struct sk_buff *", "struct device *", "void *", "const char *", "struct list_head *",
          "unsigned long", "int", "u64", "gfp_t", "struct vm_area_struct *", "struct file *"]
ERRS = "EINVAL ENOMEM EBUSY EAGAIN ENODEV EFAULT EPERM ENOENT EIO ENOSPC".split()

# --- layout --------------------------------------------------------------
SRC_DIRS = [("arch/x86/kernel", 45), ("arch/x86/kernel/cpu", 18), ("arch/x86/kernel/apic", 10),
            ("arch/x86/mm", 22), ("arch/x86/boot", 10), ("arch/x86/lib", 14), ("arch/x86/entry", 5),
            ("arch/x86/pci", 9), ("mm", 40), ("kernel", 40), ("kernel/sched", 10), ("kernel/irq", 9),
            ("kernel/time", 9), ("lib", 28), ("fs", 18), ("fs/ext4", 18), ("fs/proc", 10),
            ("drivers/char", 14), ("drivers/block", 10), ("drivers/net/ethernet/intel", 10),
            ("init", 4), ("ipc", 6), ("net/core", 14), ("net/ipv4", 18), ("security", 5), ("block", 12)]
HDR_DIRS = [("arch/x86/include/asm", 45), ("include/linux", 70), ("include/asm-generic", 18),
            ("include/uapi/linux", 14), ("include/net", 12)]
XEN_SHARE = 0.35  # fraction of arch/x86 files also carried under arch/xen (a fork's copy)

AUTHORS = ["Linus Torvalds <torvalds@example.org>", "Ingo Molnar <mingo@example.org>",
           "Thomas Gleixner <tglx@example.org>", "Andrew Morton <akpm@example.org>",
           "Borislav Petkov <bp@example.org>", "Juergen Gross <jgross@example.com>",
           "Peter Zijlstra <peterz@example.org>", "Greg Kroah-Hartman <gregkh@example.org>"]


def generate(SEED, TOTAL, out):
    """Writes the fast-import stream of TOTAL commits for SEED to the binary stream OUT; the summary to stderr."""
    rng = random.Random(SEED)
    w = out.write

    def ident(n=None):
        n = n or rng.choice((1, 2, 2, 3))
        return "_".join(rng.choice(WORDS) for _ in range(n))

    def stmt(depth):
        ind = "\t" * depth
        r = rng.random()
        a, b = ident(), ident()
        if r < 0.18: return [f"{ind}{a} = {b}({ident(1)}, {rng.randint(0, 64)});"]
        if r < 0.30: return [f"{ind}if (!{a})", f"{ind}\treturn -{rng.choice(ERRS)};"]
        if r < 0.40: return [f"{ind}{rng.choice(TYPES)} {a} = {rng.choice(('0', 'NULL', str(rng.randint(1, 4096)), b + '()'))};"]
        if r < 0.50: return [f"{ind}{a}->{ident(1)} |= {ident(1).upper()}_{ident(1).upper()};"]
        if r < 0.58: return [f"{ind}spin_lock(&{a}->lock);", f"{ind}list_add_tail(&{b}->list, &{a}->{ident(1)});", f"{ind}spin_unlock(&{a}->lock);"]
        if r < 0.66: return [f"{ind}pr_debug(\"{ident(1)}: %s %d\\n\", {a}->name, {b});"]
        if r < 0.74: return [f"{ind}for (i = 0; i < {ident(1).upper()}_MAX; i++)", f"{ind}\t{a}[i] = {b}(i);"]
        if r < 0.80: return [f"{ind}/* {' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))} */"]
        if r < 0.88: return [f"{ind}ret = {a}({b}, {ident(1)});", f"{ind}if (ret)", f"{ind}\tgoto out;"]
        if r < 0.94: return [f"{ind}WARN_ON_ONCE({a} > {b});"]
        return [f"{ind}{a}({b});"]

    def function(static=True):
        name = ident()
        ret = rng.choice(("int", "void", "static int", "static void", "unsigned long", "static bool", "long"))
        params = ", ".join(f"{rng.choice(PTYPES)}{'' if rng.choice(PTYPES).endswith('*') else ' '}{ident(1)}"
                           for _ in range(rng.randint(0, 3))) or "void"
        lines = []
        if rng.random() < 0.4:
            lines += ["/*", f" * {name}() - {' '.join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))}",
                      " *", " * Returns 0 on success or a negative errno.", " */"]
        lines += [f"{ret} {name}({params})", "{"]
        if rng.random() < 0.5:
            lines.append("\tint ret = 0;")
        if rng.random() < 0.4:
            lines.append("\tint i;")
        lines.append("")
        for _ in range(rng.randint(2, 14)):
            lines += stmt(1)
        if rng.random() < 0.5:
            lines += ["out:", "\treturn ret;"] if "int" in ret else []
        lines += ["}", ""]
        if rng.random() < 0.3 and not ret.startswith("static"):
            lines += [f"EXPORT_SYMBOL_GPL({name});", ""]
        return lines

    def c_file(path, target):
        lines = ["// SPDX-License-Identifier: GPL-2.0", "/*", f" * {path}", " *",
                 f" * {' '.join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))}", " */", ""]
        for _ in range(rng.randint(3, 12)):
            lines.append(f"#include <linux/{rng.choice(WORDS)}.h>")
        lines.append("")
        for _ in range(rng.randint(0, 6)):
            lines.append(f"#define {ident().upper()}\t{rng.choice(('0x%x' % rng.randint(1, 65535), str(rng.randint(0, 512))))}")
        lines.append("")
        if rng.random() < 0.6:
            lines += [f"static DEFINE_SPINLOCK({ident()}_lock);", f"static LIST_HEAD({ident()}_list);", ""]
        while len(lines) < target:
            lines += function()
        return lines

    def h_file(path, target):
        guard = "_" + path.replace("/", "_").replace(".", "_").upper()
        lines = ["/* SPDX-License-Identifier: GPL-2.0 */", f"#ifndef {guard}", f"#define {guard}", ""]
        for _ in range(rng.randint(1, 8)):
            lines.append(f"#include <linux/{rng.choice(WORDS)}.h>")
        lines.append("")
        while len(lines) < target - 3:
            r = rng.random()
            if r < 0.35:
                lines.append(f"struct {ident()} {{")
                for _ in range(rng.randint(2, 12)):
                    lines.append(f"\t{rng.choice(PTYPES).rstrip(' *')} {'*' if rng.random() < 0.3 else ''}{ident()};")
                lines += ["};", ""]
            elif r < 0.65:
                lines.append(f"#define {ident().upper()}\t{rng.choice(('(1UL << %d)' % rng.randint(0, 63), '0x%x' % rng.randint(1, 65535)))}")
            elif r < 0.85:
                lines.append(f"extern {rng.choice(TYPES)} {ident()}({rng.choice(PTYPES)}{ident(1)});")
            else:
                lines += [f"static inline {rng.choice(TYPES)} {ident()}({rng.choice(PTYPES)}{ident(1)})", "{"]
                for _ in range(rng.randint(1, 4)):
                    lines += stmt(1)
                lines += ["}", ""]
        lines += ["", f"#endif /* {guard} */"]
        return lines

    def size():
        # log-normal-ish sizes, 40..2500 lines, median ~250
        return max(40, min(2500, int(rng.lognormvariate(5.5, 0.8))))

    files = {}      # path -> list of lines (main line's current tree)
    hot = {}        # path -> weight for being edited
    used = set()

    def new_name(d, ext):
        for _ in range(100):
            n = f"{d}/{ident(rng.choice((1, 1, 2)))}{ext}"
            if n not in used:
                used.add(n)
                return n
        raise SystemExit("name space exhausted")

    def add_file(d, ext):
        p = new_name(d, ext)
        files[p] = (c_file if ext == ".c" else h_file)(p, size())
        hot[p] = rng.paretovariate(1.2)
        return p

    for d, n in SRC_DIRS:
        for _ in range(n):
            add_file(d, ".c")
        files[f"{d}/Makefile"] = ["# SPDX-License-Identifier: GPL-2.0", ""] + \
            [f"obj-$(CONFIG_{ident(1).upper()})\t+= {p.rsplit('/', 1)[1][:-2]}.o" for p in sorted(files) if p.rsplit("/", 1)[0] == d]
        hot[f"{d}/Makefile"] = 0.3
        used.add(f"{d}/Makefile")
    for d, n in HDR_DIRS:
        for _ in range(n):
            add_file(d, ".h")
    XEN = {}
    for p in sorted(files):
        if p.startswith("arch/x86/") and rng.random() < XEN_SHARE:
            q = "arch/xen/" + p[len("arch/x86/"):]
            lines = list(files[p])
            # the fork's copy drifted a little: a few local lines
            for _ in range(rng.randint(0, 4)):
                i = rng.randrange(len(lines))
                lines[i:i] = stmt(1)
            files[q] = lines
            hot[q] = hot[p] * 0.3
            used.add(q)
            XEN[p] = q

    def body_line(lines):
        """A random index of a line inside a function or struct body (tab-indented), if there is one soon."""
        for _ in range(12):
            i = rng.randrange(len(lines))
            if lines[i].startswith("\t"):
                return i
        return i

    def edit(path, lines):
        lines = list(lines)
        if path.endswith("Makefile"):
            if len(lines) > 4 and rng.random() < 0.3:
                del lines[rng.randrange(2, len(lines))]
            else:
                lines.insert(rng.randint(2, len(lines)), f"obj-$(CONFIG_{ident(1).upper()})\t+= {ident(1)}.o")
            return lines
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            op = rng.random()
            i = body_line(lines)
            if op < 0.4 or len(lines) < 40:     # insert a statement or two
                lines[i:i] = stmt(max(1, min(2, len(lines[i]) - len(lines[i].lstrip("\t")))))
            elif op < 0.7:                        # delete a few lines
                n = 1
                while n < 3 and i + n < len(lines) and lines[i + n].startswith("\t") and rng.random() < 0.5:
                    n += 1
                del lines[i:i + n]
            else:                                 # rewrite a few lines
                for j in range(i, min(len(lines), i + rng.randint(1, 3))):
                    if lines[j].startswith("\t"):
                        lines[j] = stmt(len(lines[j]) - len(lines[j].lstrip("\t")))[0]
                    elif lines[j]:
                        lines[j] = lines[j] + " /* " + rng.choice(WORDS) + " */"
        return lines


    n = 0            # commits written
    mark = 0
    main_tip = None  # mark of main's last commit
    tags = 0

    def data(b):
        w(b"data %d\n" % len(b))
        w(b)
        w(b"\n")

    def blob_lines(lines):
        return ("\n".join(lines) + "\n").encode()

    def commit(ref, parent, merge, changes, msg):
        """changes: list of (path, lines-or-None). Returns the new mark."""
        nonlocal n, mark
        n += 1
        mark += 1
        t = BASE_TIME + n * 3600
        who = AUTHORS[rng.randrange(len(AUTHORS))]
        w(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        w(b"author %s %d +0000\n" % (who.encode(), t))
        w(b"committer %s %d +0000\n" % (AUTHORS[0].encode(), t))
        data(msg.encode())
        if parent is not None:
            w(b"from :%d\n" % parent)
        if merge is not None:
            w(b"merge :%d\n" % merge)
        for p, lines in changes:
            if lines is None:
                w(b"D %s\n" % p.encode())
            else:
                w(b"M 100644 inline %s\n" % p.encode())
                data(blob_lines(lines))
        w(b"\n")
        return mark

    def message(paths):
        sub = paths[0].split("/")
        subsys = "/".join(sub[:2]) if sub[0] in ("arch", "drivers", "fs", "net", "include", "kernel") else sub[0]
        title = f"{subsys}: {rng.choice(('fix', 'clean up', 'rework', 'simplify', 'add', 'remove', 'annotate'))} " \
                f"{ident()} {rng.choice(('handling', 'locking', 'accounting', 'checks', 'helpers', 'comments'))}"
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        return f"{title}\n\n{body}\n\nSigned-off-by: {AUTHORS[rng.randrange(len(AUTHORS))]}\n"

    def pick(k, exclude=()):
        paths = [p for p in sorted(files) if p not in exclude]
        weights = [hot[p] for p in paths]
        chosen = []
        while len(chosen) < k:
            p = rng.choices(paths, weights)[0]
            if p not in chosen:
                chosen.append(p)
        return chosen

    def normal_change(state, exclude=(), allow_add_delete=True):
        """Changes for one commit against state (dict). Applies them to state."""
        k = rng.choices((1, 2, 3, 4, 5), (40, 25, 15, 12, 8))[0]
        paths = pick(k, exclude)
        for p in list(paths):
            if p in XEN and XEN[p] not in paths and XEN[p] not in exclude and len(paths) < 5 and rng.random() < 0.25:
                paths.append(XEN[p])
        changes = [(p, edit(p, state[p])) for p in paths]
        r = rng.random()
        if allow_add_delete and r < 0.015:
            d = rng.choice(SRC_DIRS)[0]
            p = new_name(d, ".c")
            hot[p] = rng.paretovariate(1.2)
            changes.append((p, c_file(p, size())))
        elif allow_add_delete and r < 0.025 and len(files) > 320:
            cands = [p for p in sorted(files) if p.endswith(".c") and p not in paths and p not in exclude
                     and p not in XEN and p not in XEN.values()]
            p = rng.choice(cands)
            changes.append((p, None))
        for p, lines in changes:
            if lines is None:
                del state[p]
                hot.pop(p, None)
            else:
                state[p] = lines
        return changes

    class Overlay(dict):
        def __missing__(self, path):
            return files[path]

    # root commit: the whole tree
    main_tip = commit("refs/heads/master", None, None, [(p, files[p]) for p in sorted(files)],
                      "Initial import\n\nSigned-off-by: %s\n" % AUTHORS[0])
    next_merge = MERGE_EVERY
    next_tag = TAG_EVERY
    topic = 0

    def maybe_tag():
        nonlocal next_tag, tags
        while n >= next_tag:
            name = f"v1.{tags}"
            tags += 1
            w(b"tag %s\nfrom :%d\n" % (name.encode(), main_tip))
            w(b"tagger %s %d +0000\n" % (AUTHORS[0].encode(), BASE_TIME + n * 3600))
            data(f"Linux-ish {name}\n".encode())
            next_tag += TAG_EVERY

    while n < TOTAL:
        if n >= next_merge and TOTAL - n >= 5:
            topic += 1
            next_merge += MERGE_EVERY
            fork = main_tip
            side = Overlay()  # the topic branch's changes over main's files
            side_tip = None
            for i in range(3):
                ch = normal_change(side, allow_add_delete=False)
                side_tip = commit("refs/heads/topic", fork if i == 0 else side_tip, None, ch, message([p for p, _ in ch]))
            ch = normal_change(files, exclude=set(side))
            main_tip = commit("refs/heads/master", main_tip, None, ch, message([p for p, _ in ch]))
            files.update(side)
            main_tip = commit("refs/heads/master", main_tip, side_tip, [(p, side[p]) for p in sorted(side)],
                              f"Merge branch 'topic-{topic}'\n\nSigned-off-by: {AUTHORS[0]}\n")
        else:
            ch = normal_change(files)
            main_tip = commit("refs/heads/master", main_tip, None, ch, message([p for p, _ in ch]))
        maybe_tag()

    w(b"done\n")
    sys.stderr.write(f"generated {n} commits, {tags} tags, {topic} merges, {len(files)} files at HEAD\n")

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        sys.exit("usage: history_gen.py SEED COMMITS > stream")
    generate(int(argv[0]), int(argv[1]), sys.stdout.buffer)


if __name__ == "__main__":
    main()
