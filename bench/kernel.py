"""bench/kernel.py -- the kernel data of parse, apply, port, drift and history, and `scripts/bench prepare-kernel`.

prepare-kernel, in $TANDEM_BENCH_DATA (default /var/tmp/tandem-bench), idempotently:
  big.patch            `diff -urN` of two releases of Debian's linux-source-6.1 (TANDEM_BENCH_KPKG, versions
                       TANDEM_BENCH_OLD and TANDEM_BENCH_NEW, default 6.1.170-3 and 6.1.192-2; the oldest or
                       newest apt has when one is gone), unpacked into old/ and new/
  big-6.12.patch       the same for linux-source-6.12 (TANDEM_BENCH_KPKG2; TANDEM_BENCH_OLD2 and _NEW2, default
                       the oldest and newest apt has), unpacked into old-6.12/ and new-6.12/
  big-combined.patch   the two, one after the other (about 30 MiB and 40,000 hunks: parse's input)
Every step already done for the same versions is skipped: the download (deb/VERSION/PKG_*.deb), the
unpacking (DIR/.version), the diff (PATCH.versions). Both diffs name old/<top>/PATH and new/<top>/PATH, so the
whole applies with -p2. apply, port and history need only the 6.1 part, and make it when it is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import common
from bench.common import BenchError, note
from bench.patches import first_old_name, strip_level

COMBINED = "big-combined.patch"
# The size rule for the parse benchmark's patch (20 MB read as MiB, the stricter).
MIN_PARSE_BYTES = 20 * 1048576
MIN_PARSE_HUNKS = 15000


@dataclass
class Settings:
    data: Path
    kpkg: str
    old: str
    new: str
    kpkg2: str
    old2: str      # empty: the oldest apt has
    new2: str      # empty: the newest apt has

    @property
    def ktag2(self):
        return self.kpkg2[len("linux-source-"):] if self.kpkg2.startswith("linux-source-") else self.kpkg2

    @property
    def patch2(self):
        return f"big-{self.ktag2}.patch"


def settings(env=None):
    env = os.environ if env is None else env
    return Settings(data=common.data_dir(env),
                    kpkg=env.get("TANDEM_BENCH_KPKG") or "linux-source-6.1",
                    old=env.get("TANDEM_BENCH_OLD") or "6.1.170-3",
                    new=env.get("TANDEM_BENCH_NEW") or "6.1.192-2",
                    kpkg2=env.get("TANDEM_BENCH_KPKG2") or "linux-source-6.12",
                    old2=env.get("TANDEM_BENCH_OLD2", ""),
                    new2=env.get("TANDEM_BENCH_NEW2", ""))


# ---- patch facts ----------------------------------------------------------------------------------------

def patch_hunks(path):
    """Hunk headers are the only lines starting with '@@ ': body lines start with ' ', '+' or '-'."""
    return common.count_lines_matching(path, b"@@ ")


def patch_files(path):
    return len(subprocess.run(["lsdiff", str(path)], capture_output=True, check=True).stdout.splitlines())


def patch_stats(path):
    size = os.path.getsize(path)
    lines = [f"patch: {path}", f"  size:  {size} bytes ({size / 1048576:.1f} MiB)", f"  hunks: {patch_hunks(path)}"]
    if shutil.which("lsdiff"):
        lines.append(f"  files: {patch_files(path)}")
    return "\n".join(lines)


def size_rule(path, n_bytes, hunks, data):
    """(met, text): whether the patch meets the issue's size rule for parse, and if not how to make one."""
    head = f"size rule (issue: >= 20 MiB and >= {MIN_PARSE_HUNKS} hunks): "
    if n_bytes >= MIN_PARSE_BYTES and hunks >= MIN_PARSE_HUNKS:
        return True, head + f"met ({n_bytes / 1048576:.1f} MiB, {hunks} hunks)"
    return False, "\n".join([
        head + f"NOT MET by {path} ({n_bytes / 1048576:.1f} MiB, {hunks} hunks)",
        "  make the combined patch (big.patch, then big-6.12.patch, about 30 MiB and 40,000 hunks) with",
        f"    scripts/bench prepare-kernel     # -> {data / COMBINED}",
        "  and run scripts/bench parse with no argument (or with that path)"])


def how_to_make_patch(s):
    return f"""bench: no patch to benchmark. Make one with

    scripts/bench prepare-kernel        # into $TANDEM_BENCH_DATA ({s.data})

which does, by hand (on Debian, as root for apt-get update):

    mkdir -p {s.data} && cd {s.data}
    apt-get update
    apt-get download {s.kpkg}={s.old} {s.kpkg}={s.new}
    #   (if gone: apt-cache madison {s.kpkg}, take the oldest and newest)
    dpkg -x {s.kpkg}_{s.old}_all.deb deb-old
    dpkg -x {s.kpkg}_{s.new}_all.deb deb-new
    mkdir -p old new
    tar -xJf deb-old/usr/src/{s.kpkg}.tar.xz -C old
    tar -xJf deb-new/usr/src/{s.kpkg}.tar.xz -C new
    LC_ALL=C TZ=UTC diff -urN old/{s.kpkg} new/{s.kpkg} > big.patch   # exit 1 is normal

and the same for {s.kpkg2} (apt-cache madison {s.kpkg2}: the oldest and newest),
into old-{s.ktag2}/ and new-{s.ktag2}/ and from there into {s.patch2}, then

    cat big.patch {s.patch2} > {COMBINED}

then run: scripts/bench parse {s.data / COMBINED}
(or set TANDEM_BENCH_PATCH)."""


# ---- the 6.1 data of apply, port and history ------------------------------------------------------------

@dataclass
class KernelData:
    patch: Path    # big.patch
    old: Path      # old/linux-source-*
    new: Path      # new/linux-source-*

    def strip(self):
        """The -p level that applies the patch from inside a copy of the old tree."""
        first = first_old_name(self.patch)
        level = strip_level(first, self.old.name)
        if level is None:
            raise BenchError(f"cannot tell the -p level of {self.patch}: its first name is '{first}', "
                             f"the old tree is {self.old.name}")
        return level


def linux_source_in(folder):
    """The first folder linux-source-* in FOLDER (by name), or None."""
    try:
        found = sorted(d for d in os.listdir(folder)
                       if d.startswith("linux-source-") and os.path.isdir(os.path.join(folder, d)))
    except OSError:
        return None
    return Path(folder) / found[0] if found else None


def kernel_data_in(folder):
    """KernelData when FOLDER holds big.patch, old/linux-source-*/ and new/linux-source-*/, else None."""
    folder = Path(folder)
    if not ((folder / "big.patch").is_file() and (folder / "big.patch").stat().st_size > 0):
        return None
    old, new = linux_source_in(folder / "old"), linux_source_in(folder / "new")
    if old is None or new is None:
        return None
    return KernelData(folder / "big.patch", old, new)


def find_kernel_data(s=None):
    """The 6.1 trees and big.patch in $TANDEM_BENCH_DATA, made there by prepare-kernel when missing."""
    s = s or settings()
    found = kernel_data_in(s.data)
    if found:
        return found
    note(f"no kernel trees and patch in {s.data}: making them (prepare-kernel)")
    # Only the 6.1 part: apply and port need nothing of the second package.
    prepare_61(s)
    found = kernel_data_in(s.data)
    if not found:
        raise BenchError(f"prepare-kernel left no old/, new/ and big.patch in {s.data}")
    return found


# ---- prepare-kernel -------------------------------------------------------------------------------------

def available_versions(pkg):
    """Versions apt knows for PKG, newest first (apt-cache madison's order), without repeats."""
    out = subprocess.run(["apt-cache", "madison", pkg], capture_output=True, text=True).stdout
    return parse_madison(out)


def parse_madison(text):
    seen = []
    for line in text.splitlines():
        fields = line.split("|")
        if len(fields) >= 2:
            version = fields[1].replace(" ", "")
            if version not in seen:
                seen.append(version)
    return seen


def pick_versions(pkg, versions, old, new):
    """(old, new, notes): OLD and NEW where apt has them, else (or when empty) the oldest and the newest."""
    notes = []
    if not old:
        old = versions[-1]
        notes.append(f"{pkg}: using the oldest version apt has, {old}")
    elif old not in versions:
        notes.append(f"{pkg}={old} not available; using the oldest, {versions[-1]}")
        old = versions[-1]
    if not new:
        new = versions[0]
        notes.append(f"{pkg}: using the newest version apt has, {new}")
    elif new not in versions:
        notes.append(f"{pkg}={new} not available; using the newest, {versions[0]}")
        new = versions[0]
    if old == new:
        raise BenchError(f"only one version of {pkg} available ({old}): nothing to diff")
    return old, new, notes


def prepare_tools():
    for cmd, pkg in (("apt-get", "apt"), ("dpkg", "dpkg"), ("diff", "diffutils"), ("xz", "xz-utils"),
                     ("lsdiff", "patchutils")):
        common.need_tool(cmd, pkg)


def read_text(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def kernel_pair_patch(data, pkg, old, new, old_dir, new_dir, patch):
    """In DATA: download PKG=OLD and PKG=NEW (see pick_versions), unpack their source tarballs into OLD_DIR/
    and NEW_DIR/, and `diff -urN` the two into PATCH, stamped by PATCH.versions ("PKG OLD NEW")."""
    versions = available_versions(pkg)
    if not versions:
        note(f"apt knows no {pkg} yet; running apt-get update")
        if subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL).returncode != 0:
            raise BenchError("apt-get update failed (run it as root)")
        versions = available_versions(pkg)
        if not versions:
            raise BenchError(f"no {pkg} in apt's sources")
    old, new, notes = pick_versions(pkg, versions, old, new)
    for n in notes:
        note(n)
    want = f"{pkg} {old} {new}"
    if (data / patch).is_file() and (data / patch).stat().st_size and \
            (read_text(data / f"{patch}.versions") or "").rstrip("\n") == want:
        note(f"{patch} for {want} is already there")
        print(patch_stats(data / patch))
        return
    for ver, folder in ((old, old_dir), (new, new_dir)):
        # One folder per version, so the .deb name (epoch, ~ escaping) never matters.
        debs = data / "deb" / ver
        debs.mkdir(parents=True, exist_ok=True)
        deb = next(iter(sorted(debs.glob(f"{pkg}_*.deb"))), None)
        if deb is None:
            note(f"downloading {pkg}={ver}")
            if subprocess.run(["apt-get", "download", f"{pkg}={ver}"], cwd=debs).returncode != 0:
                raise BenchError(f"apt-get download {pkg}={ver} failed")
            deb = next(iter(sorted(debs.glob(f"{pkg}_*.deb"))), None)
            if deb is None:
                raise BenchError(f"apt-get download {pkg}={ver} left no {pkg}_*.deb in {debs}")
        if (read_text(data / folder / ".version") or "").rstrip("\n") == f"{pkg} {ver}":
            note(f"{folder}/ already holds {pkg} {ver}")
            continue
        note(f"unpacking {pkg} {ver} into {data / folder}")
        tmp, unpacked = data / f"{folder}.tmp", data / f"x-{folder}"
        for d in (data / folder, tmp, unpacked):
            shutil.rmtree(d, ignore_errors=True)
        tmp.mkdir()
        subprocess.run(["dpkg", "-x", str(deb), str(unpacked)], check=True)
        tarballs = sorted((unpacked / "usr" / "src").glob("linux-source-*.tar.xz"))
        if not tarballs:
            raise BenchError(f"no usr/src/linux-source-*.tar.xz in {deb}")
        subprocess.run(["tar", "-xJf", str(tarballs[0]), "-C", str(tmp)], check=True)
        shutil.rmtree(unpacked)
        (tmp / ".version").write_text(f"{pkg} {ver}\n")
        tmp.rename(data / folder)

    top_old, top_new = linux_source_in(data / old_dir), linux_source_in(data / new_dir)
    if top_old is None or top_new is None:
        raise BenchError(f"no linux-source-* folder in {old_dir}/ or {new_dir}/")
    # The names read old/<top>/PATH and new/<top>/PATH (-p2) whatever the folders are called here, so
    # every patch prepare-kernel makes has the same layout and big-combined.patch applies with one -p.
    note(f"diffing {old_dir}/{top_old.name} {new_dir}/{top_new.name}")
    stage = Path(tempfile.mkdtemp())
    try:
        (stage / "old").symlink_to(data / old_dir)
        (stage / "new").symlink_to(data / new_dir)
        with open(data / f"{patch}.tmp", "wb") as out:
            rc = subprocess.run(["diff", "-urN", f"old/{top_old.name}", f"new/{top_new.name}"], cwd=stage,
                                stdout=out, env=dict(os.environ, LC_ALL="C", TZ="UTC")).returncode
    finally:
        shutil.rmtree(stage)
    # diff: 0 = same, 1 = differences (the normal case), 2 = trouble.
    if rc > 1:
        raise BenchError(f"diff failed (exit {rc})")
    (data / f"{patch}.tmp").rename(data / patch)
    (data / f"{patch}.versions").write_text(want + "\n")
    print(patch_stats(data / patch))


def prepare_61(s):
    """big.patch and its trees, old/ and new/ (all that apply, port and history need)."""
    prepare_tools()
    s.data.mkdir(parents=True, exist_ok=True)
    kernel_pair_patch(s.data, s.kpkg, s.old, s.new, "old", "new", "big.patch")


def prepare_kernel(argv):
    if argv and argv[0] in ("-h", "--help", "help"):
        print(__doc__.split("\n\n", 1)[1].rstrip())
        return 0
    if argv:
        raise common.UsageError("usage: scripts/bench prepare-kernel")
    s = settings()
    prepare_61(s)
    data = s.data
    kernel_pair_patch(data, s.kpkg2, s.old2, s.new2, f"old-{s.ktag2}", f"new-{s.ktag2}", s.patch2)
    # The combined patch, stamped by its parts' stamps.
    want = (data / "big.patch.versions").read_text() + (data / f"{s.patch2}.versions").read_text()
    if (data / COMBINED).is_file() and (data / COMBINED).stat().st_size and \
            read_text(data / f"{COMBINED}.versions") == want:
        note(f"{COMBINED} for big.patch + {s.patch2} is already there")
    else:
        note(f"making {COMBINED}: big.patch, then {s.patch2}")
        with open(data / f"{COMBINED}.tmp", "wb") as out:
            for part in ("big.patch", s.patch2):
                with open(data / part, "rb") as f:
                    shutil.copyfileobj(f, out)
        (data / f"{COMBINED}.tmp").rename(data / COMBINED)
        (data / f"{COMBINED}.versions").write_text(want)
    print(patch_stats(data / COMBINED))
    path = data / COMBINED
    met, text = size_rule(path, path.stat().st_size, patch_hunks(path), data)
    print(text, file=sys.stderr)
    return 0
