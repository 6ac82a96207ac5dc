"""bench/common.py -- what every benchmark of the package shares.

  locations   data_dir(): TANDEM_BENCH_DATA, default /var/tmp/tandem-bench (DEFAULT_DATA); relative values are
              taken from the current directory. Nothing else in the package names a machine's folder.
  scratch     scratch(): a fresh folder on tmpfs (/dev/shm, or the system's temporary folder when /dev/shm is
              not writable), TMPDIR pointing there while it lives, removed afterwards (unless keep=True).
  timing      Command and time_commands(): several commands timed in the same run, their runs interleaved
              (round 1 runs every command once, round 2 again, ...), so that a burst of load from another
              process hits all of them alike. Best wall time and largest peak RSS per command; the peak
              RSS is /usr/bin/time's %M (for a pipeline, its largest single process).
  tandem      find_tandem(): --tandem PATH, else TANDEM_BIN (or the older TANDEM_BENCH_TANDEM and TANDEM),
              else `swift build -c release --product tandem` in the repository.
  tools       need_tool(): a missing command is installed with apt-get when we are root, else named.
  formatting  ratio(), mib(), format_rows() (the tables of drift and history).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = "/var/tmp/tandem-bench"
TMPFS = "/dev/shm"
TIME = "/usr/bin/time"     # GNU time (Debian package time): each command's peak RSS


class BenchError(Exception):
    """A problem that stops a benchmark (bad setup, missing data or tool, failed build or command)."""


class UsageError(BenchError):
    """Bad arguments: the benchmark exits 2."""


def note(message, prefix="bench"):
    print(f"{prefix}: {message}", file=sys.stderr, flush=True)


# ---- locations ------------------------------------------------------------------------------------------

def data_dir(env=None):
    """Where the benchmark data live: TANDEM_BENCH_DATA, else DEFAULT_DATA; absolute."""
    env = os.environ if env is None else env
    return Path(os.path.abspath(env.get("TANDEM_BENCH_DATA") or DEFAULT_DATA))


def env_int(name, default, env=None, minimum=0):
    """An integer setting from the environment (empty or unset: DEFAULT)."""
    env = os.environ if env is None else env
    value = env.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise UsageError(f"{name} must be a number, not {value!r}") from None
    if number < minimum:
        raise UsageError(f"{name} must be at least {minimum}, not {number}")
    return number


@contextmanager
def scratch(prefix, keep=False, what="timings will include disk reads and writes"):
    """A fresh folder on tmpfs, TMPDIR pointing there; removed on the way out unless KEEP."""
    if os.path.isdir(TMPFS) and os.access(TMPFS, os.W_OK):
        path = tempfile.mkdtemp(prefix=prefix + ".", dir=TMPFS)
    else:
        note(f"no writable {TMPFS}: {what}")
        path = tempfile.mkdtemp(prefix=prefix + ".")
    old_tmpdir = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = path
    try:
        yield Path(path)
    finally:
        if old_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_tmpdir
        if keep:
            note(f"scratch kept: {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def fstype(path):
    """The file system type of PATH (tmpfs, ext4, ...), as df says it."""
    out = subprocess.run(["df", "--output=fstype", str(path)], capture_output=True, text=True).stdout.split()
    return out[-1] if out else "?"


# ---- tools ----------------------------------------------------------------------------------------------

def need_tool(command, package):
    """Installs Debian's PACKAGE with apt-get when COMMAND is missing and we are root; else says what to do."""
    if shutil.which(command):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        note(f"{command} missing; installing Debian package {package}")
        install = ["apt-get", "install", "-y", "-q", package]
        if subprocess.run(install, stdout=sys.stderr).returncode != 0:
            if subprocess.run(["apt-get", "update", "-q"], stdout=sys.stderr).returncode != 0 or \
                    subprocess.run(install, stdout=sys.stderr).returncode != 0:
                raise BenchError(f"could not install {package}")
        return
    raise BenchError(f"{command} is missing: install the {package} package")


def find_tandem(option=None, env=None, repo_root=REPO_ROOT, build=True):
    """The tandem binary: OPTION (--tandem), else $TANDEM_BIN, $TANDEM_BENCH_TANDEM or $TANDEM, else the
    release build, which `swift build -c release --product tandem` brings up to date first (BUILD False:
    raise instead of building)."""
    env = os.environ if env is None else env
    given = option or env.get("TANDEM_BIN") or env.get("TANDEM_BENCH_TANDEM") or env.get("TANDEM")
    if given:
        path = Path(given).resolve()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise BenchError(f"no tandem binary at {path}")
        return path
    if not build:
        raise BenchError("no tandem binary given (--tandem PATH or TANDEM_BIN)")
    if not shutil.which("swift"):
        raise BenchError("swift is not on PATH (or give a binary: --tandem PATH or TANDEM_BIN)")
    note("building tandem (release)")
    if subprocess.run(["swift", "build", "-c", "release", "--product", "tandem"], cwd=repo_root,
                      stdout=sys.stderr).returncode != 0:
        raise BenchError("swift build failed")
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=repo_root,
                              capture_output=True, text=True).stdout.strip()
    path = Path(bin_path) / "tandem"
    if not os.access(path, os.X_OK):
        raise BenchError(f"no tandem binary at {path}")
    return path


# ---- timing ---------------------------------------------------------------------------------------------

@dataclass
class Command:
    """One command to time. Its stdout goes to STDOUT (a path; default /dev/null), its stderr to STDERR
    (default: a file beside the scratch's others), its stdin comes from STDIN (default /dev/null). An exit
    status in OK is a result, anything else a failure (OK None: every status is a result). SETUP runs before
    every run, untimed."""
    label: str
    argv: list
    runs: int = 1
    cwd: object = None
    stdin: object = None
    stdout: object = None
    stderr: object = None
    ok: tuple = (0,)
    setup: object = None
    env: object = None


@dataclass
class Timing:
    best: float = None          # best wall seconds
    peak_kb: int = 0            # largest peak RSS over the runs, KiB
    rc: int = None              # the last run's exit status
    runs: int = 0
    error: str = None           # why the command failed (then no more runs)
    times: list = field(default_factory=list)

    @property
    def ok(self):
        return self.error is None and self.best is not None

    def record(self, seconds, peak_kb, rc):
        self.runs += 1
        self.times.append(seconds)
        self.rc = rc
        self.peak_kb = max(self.peak_kb, peak_kb)
        if self.best is None or seconds < self.best:
            self.best = seconds


def run_once(command, stderr_path, rss_path):
    """Runs COMMAND once under /usr/bin/time: -> (wall seconds, peak RSS in KiB, exit status).

    Why /usr/bin/time and not os.wait4's own ru_maxrss: a child of this process starts as a copy of it, and
    the kernel carries that copy's resident size over the exec into the child's ru_maxrss, so every command
    would seem to need at least as much memory as the benchmark's Python process. time(1) forks the command
    from its own small process. The wall time is taken here, around the whole run, as it always was."""
    with open(command.stdin or os.devnull, "rb") as stdin, open(command.stdout or os.devnull, "wb") as stdout, \
            open(stderr_path, "wb") as stderr:
        start = time.perf_counter()
        rc = subprocess.run([TIME, "-f", "%M", "-o", str(rss_path), *map(str, command.argv)], cwd=command.cwd,
                            stdin=stdin, stdout=stdout, stderr=stderr, env=command.env).returncode
        seconds = time.perf_counter() - start
    return seconds, read_peak_kb(rss_path), rc


def read_peak_kb(path):
    """The peak RSS /usr/bin/time -f %M wrote in its -o file (its last line; before it, a line saying the
    command exited with non-zero status, when it did); 0 when there is none."""
    try:
        with open(path) as f:
            lines = f.read().split()
    except OSError:
        return 0
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def tail(path, lines=20):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
    except OSError:
        return ""


def time_commands(commands, stderr_dir=None):
    """Times COMMANDS in the same run, interleaved: in round i every command with more than i runs runs once,
    in the order given. -> {label: Timing}. A command whose exit status is not in its OK stops there, with
    Timing.error saying why (and the tail of its stderr); the others go on."""
    labels = [c.label for c in commands]
    if len(set(labels)) != len(labels):
        raise ValueError(f"labels must differ: {labels}")
    stderr_dir = Path(stderr_dir or os.environ.get("TMPDIR") or tempfile.gettempdir())
    need_tool(TIME, "time")
    results = {c.label: Timing() for c in commands}
    for i in range(max((c.runs for c in commands), default=0)):
        for c in commands:
            t = results[c.label]
            if i >= c.runs or t.error:
                continue
            if c.setup:
                c.setup()
            err = c.stderr or stderr_dir / "stderr.out"
            seconds, kb, rc = run_once(c, err, stderr_dir / "time.out")
            t.record(seconds, kb, rc)
            if c.ok is not None and rc not in c.ok:
                t.error = (f"'{c.label}' failed (exit {rc}): {' '.join(map(str, c.argv))}\n"
                           + tail(err)).rstrip("\n")
    return results


def time_or_die(commands):
    """time_commands, raising BenchError (with the tail of its stderr) on the first failure."""
    results = time_commands(commands)
    for c in commands:
        if results[c.label].error:
            raise BenchError(results[c.label].error)
    return results


# ---- formatting -----------------------------------------------------------------------------------------

def ratio(a, b):
    """A / B, or 0 when B is not positive."""
    return a / b if b and b > 0 else 0.0


def mib(n_bytes):
    return f"{n_bytes / 1048576:.1f}"


def format_rows(rows, width):
    """A table of (label, Timing or None, reason) rows: wall seconds and peak RSS, or '-' and the reason."""
    lines = [f"{'command':<{width}} {'wall s':>9} {'RSS MiB':>9}"]
    for label, timing, reason in rows:
        if timing is None:
            lines.append(f"{label:<{width}} {'-':>9} {'-':>9}  {reason}")
        else:
            lines.append(f"{label:<{width}} {timing.best:9.3f} {timing.peak_kb / 1024:9.1f}")
    return "\n".join(lines)


def count_lines_matching(path, prefix):
    """How many lines of the file at PATH start with the bytes PREFIX (grep -c '^PREFIX')."""
    n = 0
    with open(path, "rb") as f:
        for line in f:
            n += line.startswith(prefix)
    return n


def git(*args, check=True, **kw):
    """git ARGS -> stdout bytes."""
    return subprocess.run(["git", *map(str, args)], check=check, capture_output=True, **kw).stdout


def add_tandem_option(parser):
    """The `--tandem PATH` option every benchmark takes (a binary to time instead of a release build)."""
    parser.add_argument("--tandem", metavar="PATH", help="tandem binary (default $TANDEM_BIN, else a release build)")


def run_or_prepare_args(argv, usage, name):
    """`[run|prepare] [--git-only] [--tandem PATH]`: the command line of the drift and history benchmarks.

    `help` (or -h) prints `usage` and exits 0; the result has `command` ("run" or "prepare")."""
    import argparse

    if argv and argv[0] in ("-h", "--help", "help"):
        print(usage)
        sys.exit(0)
    command = "run"
    if argv and argv[0] in ("run", "prepare"):
        command, argv = argv[0], argv[1:]
    p = argparse.ArgumentParser(prog=f"scripts/bench {name} {command}", usage=usage[len("usage: "):])
    if command == "run":
        p.add_argument("--git-only", action="store_true", help="skip building and timing tandem")
        add_tandem_option(p)
    args = p.parse_args(argv)
    args.command = command
    return args


def fresh_bare_repository(path):
    """An empty bare repository at `path` (anything there removed first) for `git fast-import`: HEAD on
    master, automatic gc off."""
    shutil.rmtree(path, ignore_errors=True)
    git("init", "-q", "--bare", path)
    git("-C", path, "symbolic-ref", "HEAD", "refs/heads/master")
    git("-C", path, "config", "gc.auto", "0")
