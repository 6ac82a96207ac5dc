"""python3 -m bench COMMAND [ARGS] (or python3 bench COMMAND, as scripts/bench runs it): one benchmark of tandem.

Every benchmark runs tandem and its peers in the same run, on tmpfs, and prints their ratios; see
bench/README.md and each module's docstring (`scripts/bench help COMMAND`).
"""
import importlib
import os
import sys
from pathlib import Path

if __package__ in (None, ""):          # run as `python3 bench`: import the package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import common  # noqa: E402

# name -> (module, entry point, one-line summary)
COMMANDS = {
    "parse": ("bench.parse", "main", "tandem stat vs git apply --numstat vs lsdiff on one big patch, and the "
              "tandem filter round trip"),
    "apply": ("bench.apply", "main", "tandem apply vs git apply vs GNU patch on the kernel patch, on its own old "
              "tree and on a seeded drift of it"),
    "port": ("bench.port", "main", "tandem port vs git apply of the kernel patch alone, on a generated, drifted "
             "fork"),
    "drift": ("bench.drift", "main", "tandem drift vs a git-CLI pipeline over a generated 2,000-commit fork "
              "history"),
    "history": ("bench.history", "main", "tandem log vs git log | cat-file, tandem diff vs git diff"),
    "real": ("bench.real", "main", "porting accuracy of tandem port on real Xen sparse-tree history, beside GNU "
             "patch and git merge-file"),
    "siblings-port": ("bench.siblings_port", "main", "porting accuracy of tandem port on fixes carried by hand "
                      "between i386 and x86_64, a corpus no rule was tuned on, beside the same peers"),
    "tools-port": ("bench.tools_port", "main", "porting accuracy of tandem port on the kernel's hand-kept header "
                   "copies under tools/, 6.1 to 6.12, beside the same peers"),
    "vendor-port": ("bench.vendor_port", "main", "porting accuracy of tandem port on the packages pip vendors, "
                    "re-vendored from pip 21.1 to 24.1, beside the same peers"),
    "series": ("bench.series", "main", "tandem port --per-commit over 1,100 commits of real history: the series "
               "applies step by step and leaves the tree --apply leaves; beside git log -p"),
    "commits": ("bench.commits", "main", "tandem apply vs git apply of every commit of a real history (renames, "
                "modes, binary patches), forward and -R, each checked against git's trees"),
    "backports": ("bench.backports", "main", "commits of real history applied to trees K commits older (or "
                  "reverted on newer ones): tandem beside git merge-file, GNU patch and git apply, file by file"),
    "releases": ("bench.releases", "main", "a 6.1 stable series' fixes applied to the 6.12 tree file by file: "
                 "tandem beside git merge-file, GNU patch and git apply, each alarm read further"),
    "stress": ("bench.stress", "main", "generated worst cases (one 100,000-line file, a change every 30 lines): "
               "tandem diff and apply beside git diff, git apply, GNU patch and git merge-file"),
    "siblings-real": ("bench.siblings_real", "main", "recall and flag volume of tandem siblings on real "
                      "i386/x86_64 history, beside the corpus's stand-in"),
    "prepare-kernel": ("bench.kernel", "prepare_kernel", "download two releases each of two Debian kernel "
                       "source packages and make the kernel patches"),
}

USAGE = """usage: scripts/bench parse [PATCH] [--tandem PATH]
       scripts/bench apply [--tandem PATH]
       scripts/bench port [--tandem PATH]
       scripts/bench drift [run] [--git-only] [--tandem PATH] | prepare
       scripts/bench history [run] [--git-only] [--tandem PATH] | prepare
       scripts/bench real [--case NAME]... [--tandem PATH] [--json FILE] [--misses FILE]
       scripts/bench siblings-port [--case NAME]... [--tandem PATH] [--json FILE] [--misses FILE]
       scripts/bench tools-port [--case NAME]... [--tandem PATH] [--json FILE] [--misses FILE]
       scripts/bench vendor-port [--case NAME]... [--tandem PATH] [--json FILE] [--misses FILE]
       scripts/bench series [--tandem PATH] [--from REV] [--to REV]
       scripts/bench commits [--repo DIR] [--rev REV] [--limit N] [--tandem PATH]
       scripts/bench backports [--repo DIR] [--distance K,K,...] [--reverse] [--limit N] [--tandem PATH]
       scripts/bench releases [--tandem PATH]
       scripts/bench stress [--tandem PATH]
       scripts/bench siblings-real [--tandem PATH] [--json FILE] [--misses FILE] [--jobs N] [--limit N] [--later]
       scripts/bench prepare-kernel
       scripts/bench help [COMMAND]
"""


def usage():
    width = max(map(len, COMMANDS))
    lines = [USAGE]
    for name, (_, _, summary) in COMMANDS.items():
        lines.append(f"  {name:<{width}}  {summary}")
    lines += ["", "Data: $TANDEM_BENCH_DATA (default " + common.DEFAULT_DATA + "), real corpora: $TANDEM_REALDATA "
              "(default ../shared/realdata from the repository root).",
              "The tandem binary: --tandem PATH, else $TANDEM_BIN, else a release build (swift build -c release).",
              "More: scripts/bench help COMMAND, and bench/README.md."]
    return "\n".join(lines)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name == "help":
        if rest and rest[0] in COMMANDS:
            print(importlib.import_module(COMMANDS[rest[0]][0]).__doc__.strip())
        else:
            print(usage())
        return 0
    if name not in COMMANDS:
        print(usage(), file=sys.stderr)
        return 2
    module, entry, _ = COMMANDS[name]
    # Deterministic `diff` output (file order, timestamps) and messages wherever it runs.
    os.environ.update(LC_ALL="C", TZ="UTC")
    try:
        return getattr(importlib.import_module(module), entry)(rest) or 0
    except common.UsageError as e:
        common.note(str(e))
        return 2
    except common.BenchError as e:
        common.note(str(e))
        return 1
    except KeyboardInterrupt:
        return 130


def run(argv):
    """main, with a reader that stops early (| head) ending the output quietly."""
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
