#!/usr/bin/env python3
"""bench/siblings_real.py -- `scripts/bench siblings-real`: does `tandem siblings` find the fixes that really
went missing between i386 and x86_64, at the right line, with few false alarms? (issue #17)

What it measures
  The siblings-dev corpus (TANDEM_REALDATA/siblings-dev, see its README.md) is Linux history 2005-2006
  restricted to arch/i386, arch/x86_64, include/asm-i386 and include/asm-x86_64 (a bare repository), with
  two truth files over 128 commits C1:
    pairs.csv      130 hunks C1 made in one architecture whose equivalent change reached the other one
                   only later (in C2): the recall set. `sib_line_start..sib_line_end` are the sibling's
                   lines, in the file at C1, that still held the old code (tier A) or where C2 changed it
                   although the sibling had drifted (tier B).
    negatives.csv  151 hunks whose old code was in the sibling while the sibling never got a similar
                   change: the flag-volume set (a few are genuine missed fixes; flagging some is expected).
  Each tool runs once per C1 on the single-commit range C1^..C1, and the corpus's own scorer
  (score_siblings.py) reads its JSON:
    line recall      a finding names the pair's sibling file and a line within 10 of its range
    file recall      a finding names the sibling file, any line
    negatives        the same two tests on negatives.csv (lower is quieter)
    volume           findings per commit, and findings that match no row of either file (unexplained)
    failed runs      exit status other than 0/1 (1 = findings, normal), outputs missing or unreadable
  In the same run the corpus's stand-in (standin.py: flag every sibling file holding a hunk's exact
  pre-image) is run and scored the same way, as the baseline.

How
  1. linux-siblings-dev.git.tar.xz is extracted once into WORK/repo (cached; re-extracted when the
     tarball changes), and WORK/tandem.yml declares the siblings
     [arch/i386/, arch/x86_64/] and [include/asm-i386/, include/asm-x86_64/];
  2. the corpus runner run_siblings.sh runs, per tool, with --repo WORK/repo/linux-siblings-dev.git:
       tandem    TANDEM siblings --upstream {repo} --range {range} --map WORK/tandem.yml --format json
       stand-in  python3 CORPUS/standin.py --map WORK/tandem.yml {repo} {range}
     ({range} is C1^..C1 with full ids; the runner writes RUN/<tool>/out/<C1>.json, the exit status and
     stderr in RUN/<tool>/logs/) and then scores it into RUN/<tool>/score.json;
  3. both scores are printed side by side, with breakdowns by tier, timing, kind and direction, and each
     tool's wall time (the runner's whole run: every commit, plus the scorer, a fraction of a second).

Usage
  scripts/bench siblings-real [--tandem PATH] [--json FILE] [--misses FILE] [--jobs N] [--limit N] [--later]

  --tandem PATH   the tandem binary (default $TANDEM_BIN, else REPO/.build/release/tandem, which is
                  built with `swift build -c release --product tandem` when missing)
  --json FILE     write every number as JSON (schema tandem.bench-siblings-real/1): both scores as the
                  scorer gives them, the headline numbers, wall times, failed runs
  --misses FILE   write what tandem got wrong, one tab-separated line per row (see MISS_COLUMNS):
                    pair      a pairs.csv row tandem did not find at line level
                    negative  a negatives.csv row tandem flagged (file or line level, in `found`)
                  with the row's commit, direction, sibling path, expected lines, tier, kind, timing,
                  sibling state at C1, hand judgement, the C1 hunk and function, how close tandem's
                  nearest line in that file came (`gap`, lines outside the expected range; 0 = inside,
                  - = no finding in the file), a
                  `diagnosis` (pairs: no finding in the commit / hunk not flagged / hunk flagged in another
                  file / hunk flagged in the file, N lines off; negatives: flagged by this hunk or by
                  another hunk's finding), the findings that come from the row's own C1 hunk (`own`, by
                  changed path and hunk number), and every finding tandem reported for the commit
                  (sibling path:line, confidence, function, the hunk it came from, and its reason), or
                  "no finding"
  --later         also check "reached later" (issue #17 item 5): per pair, tandem siblings --all on C1^..C2
                  (C2 in the repository: the finding must be settled in C2) or C1^..HEAD (C2 is not: it must
                  stay missed); counts, and every settlement other than in C2 (see later_check)
  --jobs N        commits run in parallel by the runner (default 2)
  --limit N       only the first N commits of c1_commits.txt (a quick check of the harness: the scorer
                  still reads every row, so the others count as missing outputs)

Environment
  TANDEM_REALDATA     the realdata root, holding siblings-dev/ (default ../shared/realdata, relative to the
                      repository root; a relative value is also taken relative to the repository root)
  TANDEM_BENCH_WORK   work directory, on tmpfs (default /dev/shm/tandem-bench-siblings); TMPDIR points
                      there while the tools run. RUN is WORK/run, replaced on every run.
  TANDEM_BIN          the tandem binary, when --tandem is not given

Exit status: 0 when every run of both tools exited 0 or 1 and was scored, 1 when some run failed (or the
runner or scorer did), 2 for bad arguments or a missing corpus.
"""
import argparse
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):          # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import real  # noqa: E402  (realdata_root, find_tandem, BenchError, tool_env)

CORPUS = "siblings-dev"
TARBALL = "linux-siblings-dev.git.tar.xz"
REPO_NAME = "linux-siblings-dev.git"
DEFAULT_WORK = "/dev/shm/tandem-bench-siblings"
SCHEMA = "tandem.bench-siblings-real/1"
TOOLS = ("tandem", "stand-in")
SIBLINGS = (("arch/i386/", "arch/x86_64/"), ("include/asm-i386/", "include/asm-x86_64/"))
TOLERANCE = 10          # the scorer's default --tol: lines either side of the expected range


class BenchError(real.BenchError):
    """A problem that stops the benchmark (bad setup, missing corpus, failed build, runner failing)."""


def note(message):
    print(f"bench siblings-real: {message}", file=sys.stderr, flush=True)


# ---- locations and setup --------------------------------------------------------------------------------

def work_root(env=os.environ):
    return Path(env.get("TANDEM_BENCH_WORK") or DEFAULT_WORK).resolve()


def siblings_yaml(groups=SIBLINGS):
    """The tandem.yml the corpus README asks for: one `siblings` group per line."""
    return "siblings:\n" + "".join(f"  - [{', '.join(group)}]\n" for group in groups)


def extract_repo(tarball, work):
    """The bare repository, extracted into WORK/repo once (`real.extract_once`). -> the repository's path."""
    return real.extract_once(tarball, work, "repo", REPO_NAME)


def load_module(path, name):
    """A corpus script as a module (no __pycache__ written into the read-only corpus)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = keep
    return module


def tool_commands(tandem, corpus, map_file):
    """The command each tool runs per commit, with the runner's placeholders {repo} and {range}."""
    return {
        "tandem": [str(tandem), "siblings", "--upstream", "{repo}", "--range", "{range}",
                   "--map", str(map_file), "--format", "json"],
        "stand-in": [sys.executable, str(corpus / "standin.py"), "--map", str(map_file), "{repo}", "{range}"],
    }


# ---- running --------------------------------------------------------------------------------------------

def run_tool(corpus, repo, out, command, jobs, limit, env):
    """run_siblings.sh OUT --repo REPO --jobs N [--limit N] -- COMMAND; -> facts (exit, seconds)."""
    cmd = ["bash", str(corpus / "run_siblings.sh"), str(out), "--repo", str(repo), "--jobs", str(jobs)]
    if limit:
        cmd += ["--limit", str(limit)]
    cmd += ["--", *command]
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=out.parent, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    (out / "runner.stdout").write_bytes(p.stdout)
    (out / "runner.stderr").write_bytes(p.stderr)
    facts = {"exit": p.returncode, "seconds": round(seconds, 3)}
    if p.returncode != 0 or not (out / "score.json").is_file():
        raise BenchError(f"run_siblings.sh for {out.name} exited {p.returncode}: "
                         f"{p.stderr.decode('utf-8', 'replace').strip()[-2000:]}")
    return facts


def failed_runs(logs):
    """Runs whose exit status is not 0 or 1: [{commit, exit, stderr (last lines)}], from the runner's logs."""
    failed = []
    for rc_file in sorted(logs.glob("*.rc")):
        rc = rc_file.read_text().strip()
        if rc in ("0", "1"):
            continue
        err = rc_file.with_suffix(".stderr")
        tail = err.read_text(errors="replace").strip().splitlines()[-3:] if err.is_file() else []
        failed.append({"commit": rc_file.stem, "exit": rc, "stderr": " / ".join(tail)})
    return failed


# ---- numbers --------------------------------------------------------------------------------------------

def rate(n, d):
    """'38.5% (50/130)'."""
    return f"{100 * n / d:.1f}% ({n}/{d})" if d else f"- ({n}/{d})"


def headline(score):
    """The numbers of the issue's table (and a few more) out of the scorer's JSON."""
    pairs, negs, vol, runs = score["pairs"], score["negatives"], score["volume"], score["runs"]
    tiers, timing = pairs["by_tier"], pairs["by_timing"]
    every = tiers["all"]
    neg = negs["by_direction"].get("all", {"rows": 0, "line": 0, "file": 0})
    judged = negs["by_judgement"]
    empty = {"rows": 0, "line": 0, "file": 0}
    return {
        "pairs": every["rows"], "line": every["line"], "file": every["file"],
        "tier_a": [tiers.get("tier A", empty)["line"], tiers.get("tier A", empty)["rows"]],
        "tier_b": [tiers.get("tier B", empty)["line"], tiers.get("tier B", empty)["rows"]],
        "delayed": [timing.get("delayed", empty)["line"], timing.get("delayed", empty)["rows"]],
        "series": [timing.get("series", empty)["line"], timing.get("series", empty)["rows"]],
        "commit_pairs": [pairs["commit_pairs"]["line"], pairs["commit_pairs"]["n"]],
        "negatives": neg["rows"], "negatives_line": neg["line"], "negatives_file": neg["file"],
        "judged_missed": [judged.get("missed", empty)["line"], judged.get("missed", empty)["rows"]],
        "judged_deliberate": [judged.get("deliberate", empty)["line"], judged.get("deliberate", empty)["rows"]],
        "findings": vol["findings_total"], "commits": runs.get("commits", 0),
        "findings_per_commit": vol["findings_per_commit"], "unexplained": vol["findings_matching_no_row"],
        "failed_runs": runs.get("bad_exit", 0) + runs.get("unreadable", 0) + runs.get("missing", 0),
        "bad_exit": runs.get("bad_exit", 0), "unreadable": runs.get("unreadable", 0),
        "missing": runs.get("missing", 0),
    }


def headline_rows(h, wall):
    """[(label, cell)] for one tool, in the table's order."""
    def frac(pair):
        return rate(*pair)
    fpc = h["findings_per_commit"]
    return [
        ("line recall", rate(h["line"], h["pairs"])),
        ("  tier A (pre-image in the sibling)", frac(h["tier_a"])),
        ("  tier B (sibling drifted)", frac(h["tier_b"])),
        ("  delayed", frac(h["delayed"])),
        ("  series", frac(h["series"])),
        ("  commit pairs (any hunk)", frac(h["commit_pairs"])),
        ("file recall", rate(h["file"], h["pairs"])),
        ("negatives flagged, line level", rate(h["negatives_line"], h["negatives"])),
        ("negatives flagged, file level", rate(h["negatives_file"], h["negatives"])),
        ("  judged missed / deliberate (line)", f"{h['judged_missed'][0]}/{h['judged_missed'][1]}, "
                                                f"{h['judged_deliberate'][0]}/{h['judged_deliberate'][1]}"),
        ("findings (per commit)", f"{h['findings']} ({fpc:.2f})" if fpc is not None else str(h["findings"])),
        ("findings matching no row", str(h["unexplained"])),
        ("failed runs (exit, unreadable, missing)",
         f"{h['failed_runs']} ({h['bad_exit']}, {h['unreadable']}, {h['missing']})"),
        ("wall time (all commits)", f"{wall:.1f} s"),
    ]


def format_headline(tools):
    """tools: [(name, headline, wall seconds)] -> the side-by-side table."""
    columns = [dict(headline_rows(h, wall)) for _, h, wall in tools]
    labels = [label for label, _ in headline_rows(tools[0][1], tools[0][2])]
    width = max(len(label) for label in labels) + 2
    cell = max(22, *(len(v) + 2 for c in columns for v in c.values()))
    head = f"{'':<{width}}" + "".join(f"{name:<{cell}}" for name, _, _ in tools)
    lines = [head.rstrip(), "-" * (width + cell * len(tools))]
    for label in labels:
        lines.append((f"{label:<{width}}" + "".join(f"{c[label]:<{cell}}" for c in columns)).rstrip())
    return "\n".join(lines)


def format_breakdown(title, blocks):
    """blocks: [(tool name, {group: {rows, line, file}})] -> rows per group, line and file per tool."""
    groups = []
    for _, block in blocks:
        groups += [g for g in block if g != "all" and g not in groups]
    head = f"{title:<14} {'rows':>5}" + "".join(f"  {name + ' line':<18} {name + ' file':<18}" for name, _ in blocks)
    lines = [head.rstrip(), "-" * len(head)]
    for g in groups + ["all"]:
        rows = next(b[g]["rows"] for _, b in blocks if g in b)
        cells = ""
        for _, block in blocks:
            s = block.get(g, {"rows": rows, "line": 0, "file": 0})
            cells += f"  {rate(s['line'], s['rows']):<18} {rate(s['file'], s['rows']):<18}"
        lines.append((f"{g:<14} {rows:>5}" + cells).rstrip())
    return "\n".join(lines)


BREAKDOWNS = (("tier", "pairs", "by_tier"), ("timing", "pairs", "by_timing"), ("kind", "pairs", "by_kind"),
              ("direction", "pairs", "by_direction"), ("negatives", "negatives", "by_direction"),
              ("judgement", "negatives", "by_judgement"))


# ---- the misses dump ------------------------------------------------------------------------------------

MISS_COLUMNS = ["set", "commit", "direction", "sibling_path", "expected", "tier", "kind", "timing", "state",
                "judgement", "source", "function", "found", "gap", "diagnosis", "own", "tandem"]


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_findings(out_dir, commits, scorer):
    """{commit: [(finding, locations)]} parsed by the scorer's own functions; no output -> []."""
    docs = {}
    for c in commits:
        path = out_dir / f"{c}.json"
        try:
            docs[c] = [(f, scorer.locations(f)) for f in scorer.findings_of(scorer.load(path))]
        except (OSError, ValueError):
            docs[c] = []
    return docs


def gap(locs, path, start, end):
    """Lines between the nearest location in `path` and [start, end] (0 = overlapping); None when no location
    in `path` has a line."""
    best = None
    for p, x, y in locs:
        if p != path or x is None:
            continue
        y = y if y and y >= x else x
        d = 0 if x <= end and y >= start else (start - y if y < start else x - end)
        best = d if best is None else min(best, d)
    return best


def describe(finding):
    """One finding as `sibling:line[-end] conf C fn F from SOURCE#HUNK@LINE: reason` (tandem.siblings/1 keys,
    with a generic fallback for other shapes)."""
    if not isinstance(finding, dict):
        return str(finding)
    sib = finding.get("siblingPath") or (finding.get("sibling") or {}).get("path") or "?"
    line = finding.get("siblingLine") or (finding.get("sibling") or {}).get("line")
    end = finding.get("siblingEndLine") or (finding.get("sibling") or {}).get("endLine")
    where = f"{sib}:{line}" + (f"-{end}" if end and end != line else "") if line else sib
    parts = [where]
    if finding.get("confidence") is not None:
        parts.append(f"conf {finding['confidence']}")
    if finding.get("function"):
        parts.append(f"fn {finding['function']}")
    src = finding.get("source") if isinstance(finding.get("source"), dict) else finding
    if src.get("path"):
        parts.append(f"from {src['path']}#{src.get('hunk', '?')}@{src.get('line', '?')}")
    reason = finding.get("why") or finding.get("reason") or ""
    return " ".join(parts) + (f": {reason}" if reason else "")


def describe_all(findings, path=None):
    """Every finding of a commit, those in `path` first; "no finding" when there is none."""
    if not findings:
        return "no finding"
    ordered = sorted(findings, key=lambda fl: 0 if any(p == path for p, _, _ in fl[1]) else 1)
    return " || ".join(describe(f) for f, _ in ordered)


def source_of(finding):
    """(changed path, hunk number) a finding comes from: tandem.siblings/1's top-level `path` and `hunk`, or
    the stand-in's `source` object; (None, None) when it does not say."""
    if not isinstance(finding, dict):
        return None, None
    src = finding.get("source") if isinstance(finding.get("source"), dict) else finding
    hunk = src.get("hunk")
    return src.get("path"), hunk if isinstance(hunk, int) else None


def diagnose(kind, findings, own, path, start, end, tol=TOLERANCE):
    """Why a pair was missed, or how a negative came to be flagged, in a few words.
    findings: the commit's [(finding, locations)]; own: those that come from the row's C1 hunk."""
    if kind == "negative":
        own_gap = gap([loc for _, ls in own for loc in ls], path, start, end) if start and end else None
        if own_gap is not None and own_gap <= tol:
            return "flagged by this hunk"
        if own_gap is not None:
            return f"flagged by another hunk's finding (this hunk's is {own_gap} lines off)"
        return "flagged by another hunk's finding" + ("" if own else " (this hunk has none)")
    if not findings:
        return "no finding in the commit"
    if not own:
        return "hunk not flagged (the commit's findings come from other hunks)"
    own_locs = [loc for _, ls in own for loc in ls]
    if not any(p == path for p, _, _ in own_locs):
        return "hunk flagged in another file"
    own_gap = gap(own_locs, path, start, end) if start and end else None
    return f"hunk flagged in the file, {own_gap} lines off" if own_gap is not None else "hunk flagged in the file"


def miss_rows(pairs, negatives, docs, tol=TOLERANCE):
    """Pairs tandem did not find at line level, and negatives it flagged, as dicts keyed by MISS_COLUMNS.
    docs: {commit: [(finding, locations)]}. The tests mirror the scorer's: same path, and a line range
    overlapping [start - tol, end + tol]. `own` lists the findings that come from the row's own C1 hunk
    (same changed path and hunk number); `tandem` every finding of the commit."""
    out = []
    for kind, rows, pathkey in (("pair", pairs, "c2_sibling_path"), ("negative", negatives, "sibling_path")):
        for r in rows:
            findings = docs.get(r["c1"], [])
            path, start, end = r[pathkey], r.get("sib_line_start"), r.get("sib_line_end")
            start, end = (int(start), int(end)) if start and end else (None, None)
            locs = [loc for _, ls in findings for loc in ls]
            in_file = any(p == path for p, _, _ in locs)
            d = gap(locs, path, start, end) if start is not None else None
            at_line = d is not None and d <= tol
            if kind == "pair" and at_line:
                continue
            if kind == "negative" and not in_file:
                continue
            hunk = (r["c1_file"], int(r["c1_hunk"]))
            own = [(f, ls) for f, ls in findings if source_of(f) == hunk]
            out.append({
                "set": kind, "commit": r["c1"], "direction": r["direction"], "sibling_path": path,
                "expected": f"{start}-{end}" if start is not None else "-", "tier": r.get("tier") or "-",
                "kind": r.get("kind") or "-", "timing": r.get("timing") or "-",
                "state": r.get("sibling_state_at_c1") or "-", "judgement": r.get("judgement") or "-",
                "source": f"{r['c1_file']}#{r['c1_hunk']}@{r['c1_old_start']}",
                "function": r.get("c1_func") or "-",
                "found": "line" if at_line else ("file" if in_file else "none"),
                "gap": "-" if d is None else d,
                "diagnosis": diagnose(kind, findings, own, path, start, end, tol),
                "own": " || ".join(describe(f) for f, _ in own) or "-",
                "tandem": describe_all(findings, path),
            })
    return out


def misses_tsv(rows):
    def clean(v):
        return " ".join(str(v).split())
    return "#" + "\t".join(MISS_COLUMNS) + "\n" + "".join(
        "\t".join(clean(r[c]) for c in MISS_COLUMNS) + "\n" for r in rows)


def miss_summary(rows):
    """Counter of (set, found) -> rows, for the closing lines of the report."""
    return Counter((r["set"], r["found"]) for r in rows)


def diagnosis_counts(rows):
    """[((set, diagnosis with its numbers blanked), rows)], largest first."""
    return Counter((r["set"], re.sub(r"-?\d+ lines off", "N lines off", r["diagnosis"])) for r in rows).most_common()


# ---- reached later (--later) -----------------------------------------------------------------------------

def later_check(tandem, repo, map_file, pairs, tolerance, env):
    """Issue #17 item 5: over a range, a fix carried to the sibling later is `reachedLater`, not missed.
    Per pair, tandem runs once (with --all, so the threshold does not hide the finding) on C1^..C2 when C2 is
    in the repository, else on C1^..HEAD (the fix never arrived in the repository's history). A pair counts
    when its finding (made at C1, naming the sibling file within `tolerance` lines) is in the output:
      with C2     settled in C2 (right), settled in another commit, or still missed at C2 (wrong);
      without C2  still missed at the end (right), or settled by some commit (the corpus says it was not, but
                  a fix reworded beyond its text search may have been: read them)."""
    runs, counts, rows = {}, Counter(), []
    for p in pairs:
        end = p["c2"] or "HEAD"
        key = (p["c1"], end)
        if key not in runs:
            r = subprocess.run([str(tandem), "siblings", "--upstream", str(repo), "--range", f"{p['c1']}^..{end}",
                                "--map", str(map_file), "--format", "json", "--all"],
                               capture_output=True, text=True, env=env)
            try:
                runs[key] = json.loads(r.stdout)
            except ValueError:
                runs[key] = None
                counts[("failed", "runs")] += 1
        doc = runs[key]
        if doc is None:
            continue
        lo, hi = int(p["sib_line_start"]) - tolerance, int(p["sib_line_end"]) + tolerance

        def own(f):
            return (f.get("commit") == p["c1"] and f["siblingPath"] == p["c2_sibling_path"]
                    and lo <= f["siblingLine"] <= hi)
        later = [f for f in doc.get("reachedLater", []) if own(f)]
        missed = [f for f in doc.get("missed", []) if own(f)]
        side = "with C2" if p["c2"] else "without C2"
        if later:
            what = ("settled in C2" if later[0]["reachedIn"] == p["c2"] else "settled in another commit") \
                if p["c2"] else "settled by some commit"
            if what != "settled in C2":
                rows.append(f"{what}: {p['c1'][:12]} {p['c1_file']} -> {p['c2_sibling_path']}: {later[0]['how']} in "
                            f"{later[0]['reachedIn'][:12]} ({later[0]['summary']})")
        elif missed:
            what = "still missed at C2" if p["c2"] else "still missed at the end"
        else:
            what = "not found at C1"
        counts[(side, what)] += 1
    return counts, rows


def format_later(counts, rows):
    out = ["reached later (--later): each pair's range C1^..C2 (C2 in the repository) or C1^..HEAD (it is not)"]
    for side in ("with C2", "without C2", "failed"):
        total = sum(n for (s, _), n in counts.items() if s == side)
        if side == "failed" and not total:
            continue
        parts = [f"{what} {n}" for (s, what), n in sorted(counts.items(), key=lambda kv: -kv[1]) if s == side]
        out.append(f"  {side:<11} {total:>4} pairs: " + ", ".join(parts))
    out += [f"  {r}" for r in rows]
    return "\n".join(out)


# ---- main -----------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(prog="scripts/bench siblings-real", description="Recall and flag volume of "
                                "tandem siblings on real i386/x86_64 history (siblings-dev), beside the corpus's "
                                "stand-in.")
    p.add_argument("--tandem", metavar="PATH", help="tandem binary (default $TANDEM_BIN, else .build/release/tandem)")
    p.add_argument("--json", metavar="FILE", help="write every number as JSON")
    p.add_argument("--misses", metavar="FILE", help="write tandem's missed pairs and flagged negatives, one line each")
    p.add_argument("--jobs", type=int, default=2, metavar="N", help="commits run in parallel (default 2)")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N commits (harness check)")
    p.add_argument("--later", action="store_true", help="also run each pair's range C1^..C2 and count the fixes "
                   "reported as reached later (about six minutes more: the ranges without C2 run to HEAD)")
    args = p.parse_args(argv)
    if args.jobs < 1 or args.limit < 0:
        p.error("--jobs must be at least 1 and --limit at least 0")
    return args


def main(argv):
    args = parse_args(argv)
    realdata = real.realdata_root()
    corpus = realdata / CORPUS
    tarball = corpus / TARBALL
    needed = [tarball] + [corpus / n for n in ("run_siblings.sh", "score_siblings.py", "standin.py", "pairs.csv",
                                               "negatives.csv", "c1_commits.txt")]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        note(f"corpus incomplete: no {', '.join(missing)} (set TANDEM_REALDATA to the folder holding {CORPUS}/)")
        return 2
    for tool in ("git", "tar", "xz", "bash"):
        if not shutil.which(tool):
            note(f"{tool} is missing")
            return 2
    work = work_root()
    (work / "tmp").mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(work / "tmp")
    try:
        tandem = real.find_tandem(args.tandem)
        repo = extract_repo(tarball, work)
    except (real.BenchError, subprocess.CalledProcessError) as e:
        note(str(e))
        return 2
    map_file = work / "tandem.yml"
    map_file.write_text(siblings_yaml())
    run_dir = work / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    commands = tool_commands(tandem, corpus, map_file)
    env = real.tool_env(work)
    note(f"tandem {tandem}; repository {repo}; results in {run_dir}")

    facts, scores, failures = {}, {}, {}
    try:
        for tool in TOOLS:
            out = run_dir / tool
            out.mkdir()
            note(f"{tool}: {' '.join(commands[tool])}")
            facts[tool] = run_tool(corpus, repo, out, commands[tool], args.jobs, args.limit, env)
            scores[tool] = json.loads((out / "score.json").read_text())
            failures[tool] = failed_runs(out / "logs")
            note(f"{tool}: {facts[tool]['seconds']:.1f} s, {len(failures[tool])} failed run(s)")
    except BenchError as e:
        note(str(e))
        return 1
    heads = {tool: headline(scores[tool]) for tool in TOOLS}

    scorer = load_module(corpus / "score_siblings.py", "score_siblings")
    pairs, negatives = read_csv(corpus / "pairs.csv"), read_csv(corpus / "negatives.csv")
    commits = sorted({r["c1"] for r in pairs} | {r["c1"] for r in negatives})
    docs = read_findings(run_dir / "tandem" / "out", commits, scorer)
    misses = miss_rows(pairs, negatives, docs)

    print(f"scripts/bench siblings-real: {CORPUS}, {heads['tandem']['commits']} commits, "
          f"{heads['tandem']['pairs']} pair hunks, {heads['tandem']['negatives']} negative hunks"
          + (f" (--limit {args.limit}: only the first {args.limit} commits ran)" if args.limit else ""))
    print(f"tandem: {' '.join(commands['tandem'])}")
    print(f"        (per commit: {{repo}} = {repo}, {{range}} = C1^..C1; exit 1 = findings)")
    print(f"line: a finding names the sibling file and a line within {scores['tandem']['tolerance_lines']} "
          "of the expected lines; file: any line\n")
    print(format_headline([(tool, heads[tool], facts[tool]["seconds"]) for tool in TOOLS]))
    for title, part, key in BREAKDOWNS:
        print()
        print(format_breakdown(title, [(tool, scores[tool][part][key]) for tool in TOOLS]))
    summary = miss_summary(misses)
    print(f"\ntandem misses: {sum(v for (s, _), v in summary.items() if s == 'pair')} pair hunks not found at "
          f"line level ({summary[('pair', 'file')]} with a finding elsewhere in the sibling file, "
          f"{summary[('pair', 'none')]} with none in it); negatives flagged: {summary[('negative', 'line')]} at "
          f"line level, {summary[('negative', 'file')]} more at file level only"
          + (f"; dump in {args.misses}" if args.misses else "") + "; by diagnosis:")
    for (kind, why), n in diagnosis_counts(misses):
        print(f"  {n:>4}  {kind:<8}  {why}")
    later = None
    if args.later:
        counts, rows = later_check(tandem, repo, map_file, pairs, scores["tandem"]["tolerance_lines"], env)
        later = {f"{side}: {what}": n for (side, what), n in sorted(counts.items())}
        print()
        print(format_later(counts, rows))
    trouble = []
    for tool in TOOLS:
        for f in failures[tool]:
            trouble.append(f"{tool}: {f['commit']} exited {f['exit']}: {f['stderr']}")
        if heads[tool]["unreadable"] or (heads[tool]["missing"] and not args.limit):
            trouble.append(f"{tool}: {heads[tool]['missing']} output(s) missing, "
                           f"{heads[tool]['unreadable']} unreadable")
    found_line = sum(1 for r in pairs) - summary[("pair", "file")] - summary[("pair", "none")]
    if found_line != heads["tandem"]["line"]:
        trouble.append(f"the misses dump finds {found_line} pairs at line level, the scorer "
                       f"{heads['tandem']['line']}: the dump reads the output differently")
    for t in trouble:
        print(f"TROUBLE {t}")

    if args.misses:
        Path(args.misses).write_text(misses_tsv(misses))
    if args.json:
        report = {"schema": SCHEMA, "tandem": str(tandem), "realdata": str(realdata), "work": str(work),
                  "repository": str(repo), "limit": args.limit, "jobs": args.jobs, "trouble": trouble,
                  "commands": commands,
                  "tools": {tool: {"wall_seconds": facts[tool]["seconds"], "headline": heads[tool],
                                   "failed_runs": failures[tool], "score": scores[tool]} for tool in TOOLS},
                  "tandem_misses": {f"{s} {found}": n for (s, found), n in sorted(summary.items())},
                  "reached_later": later,
                  "tandem_miss_diagnoses": [{"set": s, "diagnosis": why, "rows": n}
                                            for (s, why), n in diagnosis_counts(misses)]}
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 1 if trouble else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
