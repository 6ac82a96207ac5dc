#!/usr/bin/env python3
"""bench/vendor_port.py -- `scripts/bench vendor-port`: porting accuracy on a fourth real corpus, from Python
packaging: the third-party packages pip vendors under src/pip/_vendor/, re-vendored release after release.

What it measures
  pip carries copies of the packages it needs (requests, urllib3, rich, packaging, ...) under
  src/pip/_vendor/, their versions pinned in src/pip/_vendor/vendor.txt. The `vendoring` tool copies each
  package in, rewrites its imports (`import urllib3` -> `from pip._vendor import urllib3`) and applies pip's
  few patches; each pip release re-vendors the packages it upgraded. That is a fork map with a mechanical
  drift and a real answer key: the copy pip shipped in its next release.
  For each pair of pip releases A -> B in RELEASES (pip's sdists), and each vendored package X whose
  vendor.txt version changed a -> b, one case per release pair (`pip-22.3-to-23.0`) in port-dev's layout,
  every upgraded package inside it:
    upstream-before / upstream-after   X at a and at b, the files as installed: from X's pure-Python wheel
                                       on PyPI, else from its sdist (msgpack: pip vendors only its pure-Python
                                       files, which the sdist has); X/... or, for a single module, X.py
                                       (setuptools is vendored as pkg_resources, CacheControl as cachecontrol)
    upstream.patch                     their diff (`diff -u`, git's a/ b/ names, the upstream paths)
    fork-before / fork-after           pip A's and pip B's src/pip/_vendor/X... (the answer key)
    forkmap.tsv                        X/P -> src/pip/_vendor/X/P, for every text file of X at a that stands
                                       at b and changed, whose copy stands in A and B and changed, and which
                                       is a copy (60% of its lines that say something stand in the original,
                                       tools-port's rule: `tandem map --discover`'s)
    truth.csv                          per hunk and copy, port-dev's own test (`score_port.hunk_truth`) of
                                       fork-after against fork-before
  Then `scripts/bench real --corpus` runs tandem, GNU patch, git merge-file and wiggle on the cases and
  scores them with port-dev's scorer, as for the other corpora.

  A package is re-vendored whole, so nearly every upstream hunk reads "ported"; what stays out is what the
  vendoring changed: a hunk whose new lines import the package by its own name is in the answer key in
  its rewritten form (`from pip._vendor.rich.text import Text`), which the text test reads as "partial" or
  "not-ported", and a tool that lands upstream's own import is scored as making a hunk the humans did
  not port (when the corpus was built, 20 of its 28 not-ported rows and 41 of its 59 partial ones were
  such hunks: their wrong_made is mostly "landed the import unrewritten", a real fault, but not a hunk
  the humans refused). pip's own patches (a few lines in a few files) do the same on a smaller scale. Between two
  pip releases pip may also move a package backwards (pip 22.1 went back to distlib 0.3.3): the upstream
  patch is then the reverse diff. A package that changed its layout (distro.py -> distro/, pyparsing.py
  -> pyparsing/) has no file at the same path on both sides and leaves no row. Every tool is scored on
  the same rows. No rule of tandem's was measured on these cases before the corpus was built.

Usage
  scripts/bench vendor-port [--releases later|A,B,...] [--tandem PATH] [--json FILE] [--misses FILE]
                            [--case NAME]...
  (the other options are bench real's)
  --releases          another chain of pip releases, each ported to the next (pairs of RELEASES left out):
                      `later` is pip 23.2 to 26.3 (LATER), history added after the rules of the dev set
                      were set, a check of its numbers (work directory: the default with
                      `-releases` after it)

Environment
  TANDEM_BENCH_DATA   the downloads live in its vendor/ folder (default /var/tmp/tandem-bench/vendor): pip's
                      sdists and each package version's wheel or sdist, one folder per name and version
                      (pip-22.3/, urllib3-1.26.12/), fetched once with `python3 -m pip download` from PyPI
                      (about 45 MB, two minutes the first time); a version that cannot be fetched leaves a
                      NAME-VERSION.unavailable note there, and is skipped until the note is removed
  TANDEM_REALDATA     the realdata root, holding port-dev/ (its scorer and anchor script); default
                      ../shared/realdata from the repository root
  TANDEM_BENCH_WORK   work directory (default /dev/shm/tandem-bench-vendor-port): cases/ (rebuilt on every
                      run, a few seconds), real/ (bench real's work)
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from bench import common, real, tools_port

DEFAULT_WORK = "/dev/shm/tandem-bench-vendor-port"
VENDOR = "src/pip/_vendor/"
# Consecutive pip releases that re-vendored several packages (vendor.txt's diff), one case each.
RELEASES = (("21.1", "21.2"), ("21.2", "21.3"), ("21.3", "22.0"), ("22.0", "22.1"), ("22.1", "22.2"),
            ("22.2", "22.3"), ("22.3", "23.0"), ("23.0", "23.1"), ("23.1", "23.2"), ("24.0", "24.1"))
# Later releases, added in December 2026 (`--releases later`): held out for the rules set before; the rules
# for the fork's spelling in the merge and for repeated lines were found on them (docs/benchmarks.md).
LATER = ("23.2", "23.3", "24.0", "24.1", "24.2", "24.3", "25.0", "25.1", "25.2", "25.3", "26.0", "26.1", "26.2",
         "26.3")
# Packages vendored under another name than their distribution's.
MODULES = {"setuptools": "pkg_resources"}
MIN_SHARED = tools_port.MIN_SHARED
# How many downloads run at once.
DOWNLOADS = 4
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#;]+)")


def work_root(env=os.environ, releases=None):
    """TANDEM_BENCH_WORK, else the default (with `-releases` after it for a --releases chain, so the dev
    set's results stay)."""
    return Path(env.get("TANDEM_BENCH_WORK") or DEFAULT_WORK + ("" if releases is None else "-releases")).resolve()


def data_root(env=os.environ):
    """TANDEM_BENCH_DATA/vendor: the downloads."""
    return common.data_dir(env) / "vendor"


def canonical(name):
    """A distribution name as PyPI compares them (PEP 503): `CacheControl` -> `cachecontrol`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def module_of(name):
    """The top-level module a distribution is vendored as: `pyproject-hooks` -> `pyproject_hooks`."""
    name = canonical(name)
    return MODULES.get(name, name.replace("-", "_"))


def pins(vendor_txt):
    """vendor.txt -> {canonical name: (name as written, version)}; indented lines (a package's own
    dependencies) count alike, comments are dropped."""
    out = {}
    for line in vendor_txt.splitlines():
        m = PIN.match(line)
        if m:
            out[canonical(m.group(1))] = (m.group(1), m.group(2))
    return out


def upgrades(old_pins, new_pins):
    """[(canonical name, name, version a, version b)] for the packages both releases vendor at different
    versions, by name."""
    return [(key, old_pins[key][0], old_pins[key][1], new_pins[key][1]) for key in sorted(old_pins)
            if key in new_pins and old_pins[key][1] != new_pins[key][1]]


# ---- archives -------------------------------------------------------------------------------------------

def read_archive(path):
    """{member path: bytes} of every regular file of a wheel (zip) or an sdist (.tar.gz, .zip)."""
    out = {}
    if path.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.is_dir():
                    out[info.filename] = z.read(info)
        return out
    with tarfile.open(path) as t:
        for member in t.getmembers():
            if member.isfile():
                out[member.name] = t.extractfile(member).read()
    return out


def package_files(members, module, wheel):
    """The files of `module` as installed, {X/P or X.py: bytes}, from an archive's members: at the top of
    a wheel; in an sdist under its root folder, at its top or under src/ or lib/ (the shallowest that
    holds X/__init__.py or X.py)."""
    roots = [""] if wheel else sorted({m.split("/", 1)[0] + "/" for m in members if "/" in m})
    for root in roots:
        for inner in ("", "src/", "lib/"):
            base = root + inner
            if base + module + "/__init__.py" in members or base + module + ".py" in members:
                return {m[len(base):]: data for m, data in members.items()
                        if m.startswith(base + module + "/") or m == base + module + ".py"}
    return {}


def vendor_files(members):
    """pip's sdist members -> {path under src/pip/_vendor/: bytes}."""
    out = {}
    for m, data in members.items():
        parts = m.split("/", 1)
        if len(parts) == 2 and parts[1].startswith(VENDOR):
            out[parts[1][len(VENDOR):]] = data
    return out


# ---- downloads ------------------------------------------------------------------------------------------

def pip_download(spec, folder, wheel, name):
    """`python3 -m pip download` of one version into FOLDER: a pure-Python wheel, or the sdist. -> the error
    text, or None."""
    how = (["--only-binary", ":all:", "--platform", "any", "--python-version", "3", "--implementation", "py",
            "--abi", "none"] if wheel else ["--no-binary", name])
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
           "--ignore-requires-python", *how, spec, "-d", str(folder)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode == 0 and any(folder.iterdir()):
        return None
    lines = (r.stderr or r.stdout).strip().splitlines()
    return lines[-1] if lines else f"pip download exited {r.returncode}"


def fetch(name, version, data, sdist_only=False):
    """The archive of NAME==VERSION in DATA/NAME-VERSION/, downloaded once (through a .partial folder, so a
    broken download is never taken for a finished one): its pure-Python wheel when there is one, else its
    sdist. -> the archive's path, or None when neither can be had (said once, and remembered in
    DATA/NAME-VERSION.unavailable)."""
    key = f"{canonical(name)}-{version}"
    folder, unavailable = data / key, data / f"{key}.unavailable"
    if folder.is_dir():
        return next(iter(sorted(folder.iterdir())), None)
    if unavailable.is_file():
        return None
    partial = data / f"{key}.partial"
    errors = []
    for wheel in ((False,) if sdist_only else (True, False)):
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        error = pip_download(f"{name}=={version}", partial, wheel, name)
        if error is None:
            partial.rename(folder)
            return next(iter(sorted(folder.iterdir())))
        errors.append(("wheel: " if wheel else "sdist: ") + error)
    shutil.rmtree(partial, ignore_errors=True)
    unavailable.write_text("\n".join(errors) + "\n")
    real.note(f"vendor-port: skipping {name} {version}: {'; '.join(errors)}")
    return None


def fetch_all(wanted, data):
    """{(name, version): archive or None} for every (name, version, sdist_only) in WANTED, DOWNLOADS at once."""
    data.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(DOWNLOADS) as pool:
        futures = {(n, v): pool.submit(fetch, n, v, data, s) for n, v, s in wanted}
        return {key: f.result() for key, f in futures.items()}


class Source:
    """pip's vendored trees and the packages' own files, read from the downloads (each archive read once)."""

    def __init__(self, data):
        self.data = data
        self.archives = {}      # (name, version) -> archive path or None
        self.read = {}          # archive path -> members

    def members(self, name, version):
        path = self.archives.get((name, version))
        if path is None:
            return None
        if path not in self.read:
            self.read[path] = read_archive(path)
        return self.read[path]

    def pip(self, version):
        """{path under src/pip/_vendor/: bytes} of pip VERSION's sdist."""
        members = self.members("pip", version)
        if members is None:
            raise real.BenchError(f"no pip {version} sdist in {self.data} (see the .unavailable note there)")
        return vendor_files(members)

    def package(self, name, version, module):
        """{X/P or X.py: bytes} of NAME at VERSION, or None when it could not be downloaded."""
        path = self.archives.get((name, version))
        members = self.members(name, version)
        return None if members is None else package_files(members, module, path.suffix == ".whl")

    def prepare(self, releases):
        """Downloads pip's sdists, then every package version the release pairs upgraded."""
        versions = sorted({v for pair in releases for v in pair})
        self.archives.update(fetch_all([("pip", v, True) for v in versions], self.data))
        wanted = set()
        for old, new in releases:
            fork_a, fork_b = self.pip(old), self.pip(new)
            for _, name, a, b in vendored_upgrades(fork_a, fork_b):
                wanted |= {(name, a, False), (name, b, False)}
        self.archives.update(fetch_all(sorted(wanted), self.data))


def vendored_upgrades(fork_a, fork_b):
    """The upgrades of two pip releases' vendor.txt whose module both vendor trees hold."""
    texts = [f.get("vendor.txt", b"").decode("utf-8", "replace") for f in (fork_a, fork_b)]
    out = []
    for key, name, a, b in upgrades(pins(texts[0]), pins(texts[1])):
        module = module_of(name)
        if all(any(p == module + ".py" or p.startswith(module + "/") for p in f) for f in (fork_a, fork_b)):
            out.append((key, name, a, b))
    return out


# ---- the fork map and the cases -------------------------------------------------------------------------

def fork_map(up_a, up_b, fork_a, fork_b):
    """[(original, copy)] for one upgraded package: original X/P of UP_A ({path: bytes}) standing in UP_B and
    changed, its copy VENDOR + X/P standing in FORK_A and FORK_B ({path under VENDOR: bytes}) and changed,
    all text, and the copy a copy (`tools_port.shared_share` of at least MIN_SHARED)."""
    out = []
    for path in sorted(up_a):
        if path not in up_b or path not in fork_a or path not in fork_b:
            continue
        before, after, mine, theirs = up_a[path], up_b[path], fork_a[path], fork_b[path]
        if before == after or mine == theirs or not all(map(tools_port.is_text, (before, after, mine, theirs))):
            continue
        if tools_port.shared_share(mine, before) < MIN_SHARED:
            continue
        out.append((path, VENDOR + path))
    return out


def case_name(old, new):
    return f"pip-{old}-to-{new}"


def write_file(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_case(case, pairs, scorer):
    """One case folder from PAIRS [(original, copy, {folder: bytes})]. -> Counter of the truth verdicts."""
    patch = b""
    for original, copy, texts in pairs:
        for folder, data in texts.items():
            write_file(case / folder / (original if folder.startswith("upstream") else copy), data)
        patch += tools_port.file_diff(original, case / "upstream-before" / original,
                                      case / "upstream-after" / original)
    (case / "upstream.patch").write_bytes(patch)
    (case / "forkmap.tsv").write_text("".join(f"{up}\t{copy}\n" for up, copy, _ in pairs))
    return real.write_truth(case, [(up, copy) for up, copy, _ in pairs], patch, scorer)


def case_pairs(source, old, new):
    """[(original, copy, {folder: bytes})] of the release pair OLD -> NEW, every upgraded package's."""
    fork_a, fork_b = source.pip(old), source.pip(new)
    out = []
    for _, name, a, b in vendored_upgrades(fork_a, fork_b):
        module = module_of(name)
        up_a, up_b = source.package(name, a, module), source.package(name, b, module)
        if not up_a or not up_b:
            real.note(f"vendor-port: {case_name(old, new)}: no files of {module} for {name} {a} -> {b}; "
                      "left out")
            continue
        for original, copy in fork_map(up_a, up_b, fork_a, fork_b):
            texts = {"upstream-before": up_a[original], "upstream-after": up_b[original],
                     "fork-before": fork_a[original], "fork-after": fork_b[original]}
            out.append((original, copy, texts))
    return out


def build_cases(source, releases, scorer, out_dir):
    """One case folder per release pair with copies. -> {case name: {truth verdict: rows}}."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    made = {}
    for old, new in releases:
        pairs = case_pairs(source, old, new)
        if pairs:
            made[case_name(old, new)] = dict(write_case(out_dir / case_name(old, new), pairs, scorer))
    return made


def release_pairs(spec):
    """The release pairs of `--releases SPEC`: `later` (LATER's chain) or a comma-separated chain of pip
    versions (`24.1,24.2,24.3`: each with the next), its pairs in RELEASES left out (already measured)."""
    chain = LATER if spec == "later" else tuple(v.strip() for v in spec.split(",") if v.strip())
    if len(chain) < 2:
        raise real.BenchError(f"--releases {spec}: name two pip versions or more (A,B,...), or 'later'")
    return tuple(p for p in zip(chain, chain[1:]) if p not in RELEASES)


def split_releases(argv):
    """(the value of --releases or None, the other arguments)."""
    rest, spec, i = [], None, 0
    while i < len(argv):
        if argv[i] == "--releases" and i + 1 < len(argv):
            spec, i = argv[i + 1], i + 2
        elif argv[i].startswith("--releases="):
            spec, i = argv[i].split("=", 1)[1], i + 1
        else:
            rest, i = rest + [argv[i]], i + 1
    return spec, rest


def main(argv):
    spec, argv = split_releases(argv)

    def build(_realdata, scorer, cases):
        releases = RELEASES if spec is None else release_pairs(spec)
        if not releases:
            raise real.BenchError(f"--releases {spec}: every pair is in the dev set already")
        source = Source(data_root())
        source.prepare(releases)
        made = build_cases(source, releases, scorer, cases)
        return made, f"pip {releases[0][0]} to {releases[-1][1]}'s re-vendored packages"
    return real.built_corpus_main(argv, __doc__, "vendor-port", work_root(releases=spec), build)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
