"""bench/apply.py -- `scripts/bench apply`: tandem apply against git apply and GNU patch, on a clean and a drifted tree.

Input: the kernel trees prepare-kernel unpacks ($TANDEM_BENCH_DATA/old/linux-source-*, new/linux-source-*)
and big.patch, their `diff -urN` (names old/linux-source-6.1/PATH: -p2 from inside a copy of the old tree);
made by prepare-kernel when missing.

The tree: the old tree is 1.5 GB, but the three tools only open the files the patch names, so a sparse copy
on tmpfs is enough (patches.make_sparse): the files the patch modifies or deletes, at their paths. Each run
gets a fresh `cp -a` of that pristine copy, untimed; only the apply is timed. The three tools' runs are
interleaved (bench/common.py), best of TANDEM_BENCH_RUNS (default 3).

Scenario clean: the patch on its own old tree.
  tandem apply -pN PATCH  |  git apply -pN PATCH  |  patch -pN -s --batch -N < PATCH
All three results must be the same tree (diff -r), and equal to the new tree on every touched path.

Scenario drifted: the patch on a copy of the old tree edited near some hunks, deterministically (seed
$TANDEM_BENCH_SEED, default 1): 30% of the modified files, 1-3 hunks each, one edit per hunk (see drift_tree):
  offset     1-3 comment lines inserted 5-15 lines above the hunk       -> found at an offset
  fuzz       the context line 2 lines away from the change edited        -> needs fuzz 2
  conflict   a line the hunk removes or replaces edited                  -> must not apply
  duplicate  the hunk's pre-image copied 5-15 lines above it             -> fits at two places
  tandem apply -pN --reject --format json PATCH      (the JSON says what became of every hunk)
  git apply -pN --reject PATCH                       (verbose with --reject: offsets, rejected hunks)
  patch -pN --batch -N --fuzz=2 --no-backup-if-mismatch < PATCH    (Hunk #N succeeded/FAILED lines)
Hunks applied and rejected per tool come from those reports (and are checked against the hunks in the .rej
files). The drift log says where each hunk truly belongs, so every file is also judged: right (all hunks at
their true places, a duplicated pre-image at either copy, conflicting hunks left out), partial (exactly the
hunks the tool says it applied, each at its true place), or WRONG (a hunk went in at the wrong place, or a
conflicting hunk went in). Then the hunks where tandem and GNU patch disagree are tabled by what each did,
with the drift that explains them.

  goal: tandem >= 1.0x the faster peer's hunks/s (clean); on the drifted tree at least as many hunks applied
        as GNU patch and every disagreement explained

Environment:
  TANDEM_BENCH_DATA     the data folder (default /var/tmp/tandem-bench)
  TANDEM_BENCH_RUNS     runs per command, best kept (default 3)
  TANDEM_BENCH_SEED     drift seed (default 1)
  TANDEM_BENCH_MKDIRS   1: make every parent directory of every new file in the sparse tree, so no tool has
                        to create a directory
  TANDEM_BENCH_RESULTS  where the drift log, the reports and the disagreement list are kept
                        (default $TANDEM_BENCH_DATA/apply)
  TANDEM_BIN            the tandem binary, when --tandem is not given (else a release build)
Exit status: 1 when the clean results differ from git apply's (or something fails), 2 for bad arguments.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

from bench import common, kernel
from bench.common import Command
from bench.patches import edited, expected_results, make_sparse, parse_patch, read_or_none, \
    sections_summary, split_lines

APPLIED = ('exact', 'offset', 'fuzz', 'matching', '3-way', 'already-applied')
REFUSALS = ('ambiguous', 'conflict', 'context-not-found', 'beyond-end')
KINDS = ('offset', 'fuzz', 'conflict', 'duplicate')
TOOLS = ('tandem', 'git', 'patch')
DRIFT_HEADER = 'path\thunk\twanted\tkind\tline\tinserted\twhat\n'


# ---- drift: seeded edits near hunks ---------------------------------------------------------------------

def drift_tree(entries, tree, seed, fraction):
    """Edit FRACTION of the modified files under TREE (seeded), at 1-3 of their hunks each, one edit per hunk:

    offset     insert 1-3 comment lines 5-15 lines above the hunk          -> found at an offset
    fuzz       edit the context line 2 lines away from the hunk's change    -> needs fuzz 2
    conflict   edit a line the hunk removes or replaces                     -> should not apply
    duplicate  insert a copy of the hunk's pre-image 5-15 lines above it    -> two places fit
    Edits never reach into the previous hunk. A kind that does not fit the hunk (no context to edit, no
    removed line) gives way to the next kind in that order.
    -> (rows (path, hunk, wanted, kind, line, inserted, what), summary line)."""
    rng = random.Random(int(seed))
    candidates = sorted((e for e in entries
                         if e.action == 'modify' and e.hunks and os.path.isfile(os.path.join(tree, e.path))),
                        key=lambda e: e.path)
    chosen = sorted(rng.sample(candidates, round(float(fraction) * len(candidates))), key=lambda e: e.path)
    rows = []
    for e in chosen:
        path = os.path.join(tree, e.path)
        with open(path, 'rb') as f:
            text = split_lines(f.read())
        picks = sorted(rng.sample(range(len(e.hunks)), min(rng.randint(1, 3), len(e.hunks))))
        ops = []   # (index, order, payload): order 0 edits line index, 1 inserts payload before it
        for h_index in picks:
            h = e.hunks[h_index]
            body = [line for line in h.lines if line[:1] != b'\\']
            prev_end = 0
            if h_index > 0:
                p = e.hunks[h_index - 1]
                prev_end = p.first_index() + p.old_len
            start = h.first_index()
            wanted = rng.choice(KINDS)
            done = None
            for kind in KINDS[KINDS.index(wanted):] + KINDS[:KINDS.index(wanted)]:
                if kind == 'offset':
                    at = max(start - rng.randint(5, 15), prev_end, 0)
                    count = rng.randint(1, 3)
                    ops.append((at, 1, [b'/* tandem-bench drift: inserted line %d of %d */\n' % (j + 1, count)
                                        for j in range(count)]))
                    done = (kind, at + 1, count, '%d line(s) inserted %d lines above the hunk' % (count, start - at))
                elif kind == 'fuzz':
                    changes = [j for j, line in enumerate(body) if line[:1] in (b'-', b'+')]
                    if not changes:
                        continue
                    if changes[0] >= 2:
                        j, side = changes[0] - 2, 'above'
                    elif len(body) - 1 - changes[-1] >= 2:
                        j, side = changes[-1] + 2, 'below'
                    else:
                        continue
                    at = start + sum(1 for line in body[:j] if line[:1] != b'+')
                    ops.append((at, 0, None))
                    done = (kind, at + 1, 0, 'context line 2 %s the change edited' % side)
                elif kind == 'conflict':
                    removed = [j for j, line in enumerate(body) if line[:1] == b'-']
                    if not removed:
                        continue
                    j = rng.choice(removed)
                    at = start + sum(1 for line in body[:j] if line[:1] != b'+')
                    ops.append((at, 0, None))
                    done = (kind, at + 1, 0, 'a line the hunk removes edited')
                elif kind == 'duplicate':
                    block = text[start:start + h.old_len]
                    if not block or not block[-1].endswith(b'\n'):
                        continue
                    at = max(start - rng.randint(5, 15), prev_end, 0)
                    ops.append((at, 1, block))
                    done = (kind, at + 1, len(block),
                            'pre-image (%d lines) copied %d lines above the hunk' % (len(block), start - at))
                break
            if done is not None:
                rows.append((e.path, h.number, wanted) + done)
        for at, order, payload in sorted(ops, key=lambda o: (-o[0], o[1])):
            if order == 0:
                text[at] = edited(text[at])
            else:
                text[at:at] = payload
        with open(path, 'wb') as f:
            f.write(b''.join(text))
    by_kind = {}
    for r in rows:
        by_kind[r[3]] = by_kind.get(r[3], 0) + 1
    summary = 'drift (seed %s): %d of %d modified files, %d hunks edited: %s' % (
        seed, len(chosen), len(candidates), len(rows), ', '.join('%s %d' % (k, by_kind.get(k, 0)) for k in KINDS))
    return rows, summary


def write_drift_log(rows, path):
    with open(path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write(DRIFT_HEADER)
        for r in rows:
            f.write('%s\t%d\t%s\t%s\t%d\t%d\t%s\n' % r)


# ---- the tools' reports ---------------------------------------------------------------------------------

def parse_patch_stdout(data):
    """GNU patch's report (bytes) -> ({(file, hunk): (how, line)} for the hunks it mentions (the others went
    in exactly), the files it skipped whole)."""
    out, skipped, current = {}, set(), None
    for raw in data.split(b'\n'):
        line = raw.decode('utf-8', 'surrogateescape')
        if line.startswith('patching file '):
            current = line[len('patching file '):]
            if len(current) >= 2 and current[0] == current[-1] == "'":
                current = current[1:-1]
            continue
        # "...the file NAME,\nwhich already exists!" (GNU patch breaks the line there; older ones did not).
        m = re.match(r'The next patch would (?:create|delete) the file (.*),(?: which|$)', line)
        if m:
            skipped.add(m.group(1).strip("'"))
            continue
        if line.startswith('Reversed (or previously applied) patch detected!') and current is not None:
            skipped.add(current)
            continue
        m = re.match(r'Hunk #(\d+) (succeeded|FAILED|ignored) at (\d+)(.*)\.$', line)
        if m and current is not None:
            verb, rest = m.group(2), m.group(4)
            how = ('fuzz' if 'with fuzz' in rest else 'offset') if verb == 'succeeded' else \
                  ('failed' if verb == 'FAILED' else 'ignored')
            out[(current, int(m.group(1)))] = (how, int(m.group(3)))
    return out, skipped


def parse_git_stderr(data):
    """git apply --reject's report (bytes; it is verbose with --reject) -> ({(file, hunk): (how, line)} for
    the hunks found at an offset or rejected, the files it wrote, cleanly or with rejects)."""
    out, wrote, current = {}, set(), None
    for raw in data.split(b'\n'):
        line = raw.decode('utf-8', 'surrogateescape')
        m = (re.match(r'Checking patch (.*)\.\.\.$', line) or re.match(r'Applied patch (.*) cleanly\.$', line)
             or re.match(r'Applying patch (.*) with \d+ rejects?\.\.\.$', line))
        if m:
            current = m.group(1)
            if not line.startswith('Checking'):
                wrote.add(current)
            continue
        m = re.match(r'Hunk #(\d+) succeeded at (\d+) \(offset', line)
        if m and current is not None:
            out[(current, int(m.group(1)))] = ('offset', int(m.group(2)))
            continue
        m = re.match(r'Rejected hunk #(\d+)\.$', line)
        if m and current is not None:
            out[(current, int(m.group(1)))] = ('failed', None)
    return out, wrote


def parse_tandem_json(data):
    """tandem apply --format json (bytes) -> {(file, hunk): how}: the step of an applied hunk (or
    already-applied), else its outcome."""
    report = json.loads(data.decode('utf-8', 'surrogateescape'))
    out = {}
    for fr in report['files']:
        for h in fr['hunks']:
            how = (h['step'] or 'already-applied') if h['outcome'] in ('applied', 'already-applied') else h['outcome']
            out[(fr['path'], h['number'])] = how
    return out


def count_rej_hunks(root):
    total = 0
    for d, _, names in os.walk(root):
        for name in names:
            if name.endswith('.rej'):
                with open(os.path.join(d, name), 'rb') as f:
                    total += sum(1 for line in f if line.startswith(b'@@ '))
    return total


def by_count(counts, sep):
    """'name n' for each of COUNTS, the largest first (ties in first-seen order), joined by SEP."""
    return sep.join('%s %d' % kv for kv in sorted(counts.items(), key=lambda kv: -kv[1]))


# ---- comparing results ----------------------------------------------------------------------------------

def clean_report(files, new_tree, named):
    """For each (NAME, DIR): touched paths equal to the new tree, and (after the first) to the first DIR."""
    ref_name, ref_dir = named[0]
    lines = []
    for name, d in named:
        to_new, to_ref, differ = 0, 0, []
        for p, _, _ in files:
            got = read_or_none(os.path.join(d, p))
            if got == read_or_none(os.path.join(new_tree, p)):
                to_new += 1
            else:
                differ.append(p)
            if name != ref_name and got == read_or_none(os.path.join(ref_dir, p)):
                to_ref += 1
        lines.append('  %-7s touched paths equal to the new tree: %d/%d%s%s' % (
            name, to_new, len(files),
            '' if name == ref_name else '; to %s\'s: %d/%d' % (ref_name, to_ref, len(files)),
            '' if not differ else ' (differ: %s%s)' % (', '.join(differ[:4]), ', ...' if len(differ) > 4 else '')))
    return '\n'.join(lines)


def outcomes(entries, tandem, git_map, git_wrote, patch_map, patch_skipped):
    """{(path, hunk): {'tandem': how, 'git': how, 'patch': how}} for every hunk of the patch."""
    outcome = {}
    for e in entries.values():
        for h in e.hunks:
            key = (e.path, h.number)
            outcome[key] = {
                'tandem': tandem.get(key, 'no-report'),
                'git': git_map.get(key, ('exact', None))[0] if e.path in git_wrote else 'not-written',
                'patch': 'skipped' if e.path in patch_skipped else patch_map.get(key, ('exact', None))[0],
            }
    return outcome


def explain(key, tandem_how, patch_how, drift, drift_files):
    """Why tandem and GNU patch disagree on a hunk, from the drift; None when nothing explains it (a refusal
    must also carry one of tandem's reasons)."""
    path = key[0]
    if key in drift:
        why = 'drift on the hunk (%s)' % drift[key]
    elif path in drift_files:
        why = 'drift elsewhere in the file'
    elif patch_how == 'skipped':
        why = 'patch took the file for reversed'
    else:
        why = None
    if tandem_how not in APPLIED and tandem_how not in REFUSALS:
        why = None
    return why


def drifted_report(entries_list, files, rows, drifted_tree, new_tree, prefix, dirs, reports):
    """The drifted scenario's accounting, truth check and disagreements (printed); -> summary dict.
    DIRS and REPORTS: {tool: result tree}, {tool: report file} (tandem's JSON, git's stderr, patch's stdout)."""
    entries = {e.path: e for e in entries_list}
    drift, drift_files, inserts, copies = {}, {}, {}, {}
    for p, h, _, kind, at, inserted, _ in rows:
        drift[(p, h)] = kind
        drift_files.setdefault(p, set()).add(kind)
        if inserted:
            inserts.setdefault(p, []).append((at - 1, inserted))
        if kind == 'duplicate':
            copies[(p, h)] = at - 1

    # What each tool says it did with each hunk.
    tandem_ok = True
    try:
        with open(reports['tandem'], 'rb') as f:
            tandem = parse_tandem_json(f.read())
    except (OSError, ValueError, KeyError, TypeError) as err:
        tandem, tandem_ok = {}, False
        print('  tandem JSON unreadable (%s): its hunks count as not applied' % err)
    with open(reports['patch'], 'rb') as f:
        patch_map, patch_skipped = parse_patch_stdout(f.read())
    with open(reports['git'], 'rb') as f:
        git_map, git_wrote = parse_git_stderr(f.read())
    outcome = outcomes(entries, tandem, git_map, git_wrote, patch_map, patch_skipped)
    applied = {t: sum(1 for o in outcome.values() if o[t] in APPLIED) for t in TOOLS}
    rej = {t: count_rej_hunks(dirs[t]) for t in TOOLS}
    print('  %-7s %8s %9s %14s   %s' % ('tool', 'applied', 'rejected', 'hunks in .rej', 'outcomes'))
    for t in TOOLS:
        kinds = {}
        for o in outcome.values():
            kinds[o[t]] = kinds.get(o[t], 0) + 1
        print('  %-7s %8d %9d %14d   %s' % (t, applied[t], len(outcome) - applied[t], rej[t], by_count(kinds, ', ')))

    # Every touched file, judged against the truth. The drift log says where each hunk really belongs, so
    # the right result is known: every hunk at its true place except the conflicting ones, which must stay
    # out. A tool's file is
    #   right       that result (a hunk whose pre-image the drift duplicated may go in at either copy);
    #   partial     the hunks the tool says it applied, each at its true place, and nothing else (it left
    #               out a hunk it could have applied, and said so);
    #   WRONG       anything else: a hunk went in at the wrong place, or a conflicting hunk went in.
    verdict = {t: {} for t in TOOLS}
    differ = {'git': 0, 'patch': 0}
    for p, action, _ in files:
        got = {t: read_or_none(os.path.join(dirs[t], p)) for t in TOOLS}
        for t in ('git', 'patch'):
            differ[t] += got[t] != got['tandem']
        e = entries[p]
        if p not in drift_files:
            right = read_or_none(os.path.join(new_tree, p))
            for t in TOOLS:
                verdict[t][p] = 'right' if got[t] == right else 'WRONG'
            continue
        with open(os.path.join(drifted_tree, p), 'rb') as f:
            text = split_lines(f.read())
        ins = inserts.get(p, [])
        places = {}
        for h in e.hunks:
            at = h.first_index() + sum(n for a, n in ins if a <= h.first_index())
            copy = copies.get((p, h.number))
            places[h.number] = at if copy is None else [at, copy + sum(n for a, n in ins if a < copy)]
        conflicts = {h.number for h in e.hunks if drift.get((p, h.number)) == 'conflict'}
        right = expected_results(text, e.hunks, places, {h.number for h in e.hunks} - conflicts)
        for t in TOOLS:
            if got[t] in right:
                verdict[t][p] = 'right'
                continue
            mine = {h.number for h in e.hunks if outcome[(p, h.number)][t] in APPLIED}
            if not mine & conflicts and got[t] in expected_results(text, e.hunks, places, mine):
                verdict[t][p] = 'partial'
            else:
                verdict[t][p] = 'WRONG'
    print('  files whose result differs from tandem\'s: git apply %d, GNU patch %d (of %d; %d drifted)' % (
        differ['git'], differ['patch'], len(files), len(drift_files)))
    print('  results against the truth (every hunk where it belongs - a duplicated pre-image at either copy -')
    print('  and the conflicting hunks left out):')
    print('    %-7s %7s %8s %7s   %s' % ('tool', 'right', 'partial', 'WRONG', 'WRONG files (first few)'))
    for t in TOOLS:
        c = {'right': 0, 'partial': 0, 'WRONG': 0}
        for v in verdict[t].values():
            c[v] += 1
        bad = sorted(p for p, v in verdict[t].items() if v == 'WRONG')
        print('    %-7s %7d %8d %7d   %s' % (t, c['right'], c['partial'], c['WRONG'],
                                            ', '.join(bad[:3]) + (', ...' if len(bad) > 3 else '')))

    # Disagreements with GNU patch: hunks one of the two applied and the other did not, then files where
    # both applied the same hunks yet the results differ.
    cats, details, unexplained, dis_files = {}, [], 0, set()

    def count(cat, path, why):
        row = cats.setdefault(cat, {'n': 0, 'patch right': 0, 'patch WRONG': 0, 'why': {}})
        row['n'] += 1
        row['patch WRONG' if verdict['patch'].get(path) == 'WRONG' else 'patch right'] += 1
        label = why or 'UNEXPLAINED'
        row['why'][label] = row['why'].get(label, 0) + 1
        return label

    for key, o in sorted(outcome.items()):
        t, p = o['tandem'], o['patch']
        if (t in APPLIED) == (p in APPLIED):
            continue
        path = key[0]
        dis_files.add(path)
        cat = 'patch applied (%s), tandem: %s' % (p, t) if p in APPLIED else 'patch %s, tandem applied (%s)' % (p, t)
        why = explain(key, t, p, drift, drift_files)
        unexplained += why is None
        label = count(cat, path, why)
        details.append((path, str(key[1]), drift.get(key, '-'), t, o['git'], p, verdict['tandem'].get(path, '-'),
                        verdict['patch'].get(path, '-'), label))
    for path in sorted(entries):
        if path in dis_files:
            continue
        if read_or_none(os.path.join(dirs['tandem'], path)) == read_or_none(os.path.join(dirs['patch'], path)):
            continue
        kinds = drift_files.get(path)
        why = 'drift in the file (%s)' % '+'.join(sorted(kinds)) if kinds else None
        unexplained += why is None
        label = count('same hunks applied, results differ', path, why)
        details.append((path, '-', '-', '-', '-', '-', verdict['tandem'].get(path, '-'),
                        verdict['patch'].get(path, '-'), label))
    print('  disagreements with GNU patch (hunks; files for the last row), and whether patch\'s file came out')
    print('  right (or partial) or WRONG against the truth:')
    if not cats:
        print('    none')
    for cat in sorted(cats, key=lambda c: -cats[c]['n']):
        row = cats[cat]
        print('    %-52s -> %5d   patch right %d, WRONG %d' % (cat, row['n'], row['patch right'], row['patch WRONG']))
        print('    %-52s    %s' % ('', by_count(row['why'], '; ')))
    print('  explained: %d of %d (by a drift in the file, or by patch taking the file for reversed; a refusal '
          'must also carry one of tandem\'s reasons)' % (len(details) - unexplained, len(details)))
    with open(prefix + 'disagreements.tsv', 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write('path\thunk\tdrift\ttandem\tgit\tpatch\ttandem_file\tpatch_file\texplanation\n')
        for d in details:
            f.write('\t'.join(d) + '\n')
    wrong = {t: sum(1 for v in verdict[t].values() if v == 'WRONG') for t in TOOLS}
    return {'tandem_applied': applied['tandem'], 'patch_applied': applied['patch'], 'git_applied': applied['git'],
            'unexplained': unexplained, 'disagreements': len(details), 'tandem_wrong': wrong['tandem'],
            'patch_wrong': wrong['patch'], 'git_wrong': wrong['git'], 'tandem_json': tandem_ok}


# ---- the run --------------------------------------------------------------------------------------------

def apply_table(hunks, rows):
    """ROWS: (tool, command, Timing) -> the timing table."""
    lines = ['  %-7s %-58s %8s %8s %10s %5s' % ('tool', 'command', 'wall s', 'RSS MiB', 'hunks/s', 'exit')]
    for name, command, t in rows:
        lines.append('  %-7s %-58s %8.3f %8.1f %10.0f %5s' % (name, command, t.best, t.peak_kb / 1024,
                                                              hunks / t.best if t.best > 0 else 0, t.rc))
    tandem, git, patch = (r[2].best for r in rows)
    lines.append('  tandem / git apply: %.2fx time   tandem / patch: %.2fx time' % (tandem / git, tandem / patch))
    return '\n'.join(lines)


def fresh_copy(pristine, target):
    """A setup step: TARGET becomes a fresh `cp -a` of PRISTINE."""
    def setup():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(['cp', '-a', str(pristine), str(target)], check=True)
    return setup


def tool_commands(work, scenario, runs, specs):
    """SPECS: (tool, argv, stdin) -> Commands run inside WORK/SCENARIO.TOOL, a fresh copy of
    WORK/SCENARIO.pristine each run; stdout and stderr in WORK/SCENARIO.TOOL.out and .err; any exit status
    is a result."""
    out = []
    for tool, argv, stdin in specs:
        d = work / f'{scenario}.{tool}'
        out.append(Command(tool, argv, runs, cwd=d, stdin=stdin, stdout=work / f'{scenario}.{tool}.out',
                           stderr=work / f'{scenario}.{tool}.err', ok=None,
                           setup=fresh_copy(work / f'{scenario}.pristine', d)))
    return out


def time_scenario(work, scenario, runs, specs):
    common.note(f'{scenario}: timing, best of {runs}')
    t = common.time_commands(tool_commands(work, scenario, runs, specs))
    for tool, _, _ in specs:
        common.note(f'{scenario}/{tool}: best {t[tool].best:.6f}s, exit {t[tool].rc}')
    return t


def diff_rq(work, a, b):
    out = subprocess.run(['diff', '-rq', a, b], cwd=work, capture_output=True).stdout.decode('utf-8', 'replace')
    return out.splitlines()


def tail_lines(path, n=5):
    return [f'    {line}' for line in common.tail(path, n).splitlines()]


def goal_lines(clean, hunks, clean_ok, summary):
    t, g, p = clean['tandem'].best, clean['git'].best, clean['patch'].best
    peer, name = (g, 'git apply') if g < p else (p, 'patch')
    speed = peer / t
    speed_ok, applied_ok = speed >= 1.0, summary['tandem_applied'] >= summary['patch_applied']
    explained_ok = summary['unexplained'] == 0
    ok = speed_ok and applied_ok and explained_ok and clean_ok

    def mark(flag):
        return 'PASS' if flag else 'MISS'
    dis = summary['disagreements']
    return [
        "goal: tandem >= 1.0x the faster peer's hunks/s; on the drifted tree at least as many hunks applied as "
        f"GNU patch and every disagreement explained: {mark(ok)}",
        f"  speed:     tandem {hunks / t:.0f} hunks/s = {speed:.2f}x {name}'s {hunks / peer:.0f}  {mark(speed_ok)}",
        f"  applied:   tandem {summary['tandem_applied']}, GNU patch {summary['patch_applied']}  {mark(applied_ok)}",
        f"  explained: {dis - summary['unexplained']} of {dis} disagreements  {mark(explained_ok)}",
        f"  clean result identical to git apply: {mark(clean_ok)}",
        f"  (for the record: WRONG files on the drifted tree, tandem {summary['tandem_wrong']}, git apply "
        f"{summary['git_wrong']}, GNU patch {summary['patch_wrong']})"]


def parse_args(argv):
    p = argparse.ArgumentParser(prog='scripts/bench apply', description='tandem apply vs git apply vs GNU patch '
                                'on the kernel patch, on its own old tree and on a seeded drift of it')
    common.add_tandem_option(p)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    runs = common.env_int('TANDEM_BENCH_RUNS', 3, minimum=1)
    seed = common.env_int('TANDEM_BENCH_SEED', 1)
    results = Path(os.environ.get('TANDEM_BENCH_RESULTS') or common.data_dir() / 'apply')
    for cmd, pkg in (('lsdiff', 'patchutils'), ('git', 'git'), ('patch', 'patch'), ('diff', 'diffutils')):
        common.need_tool(cmd, pkg)
    kd = kernel.find_kernel_data()
    tandem = common.find_tandem(args.tandem)
    strip = kd.strip()

    with common.scratch('tandem-bench-apply', what='timings will include disk writes') as work:
        # git apply must not find a repository above the work folders (it would apply relative to its root).
        os.environ['GIT_CEILING_DIRECTORIES'] = str(work)
        for name in ('GIT_DIR', 'GIT_WORK_TREE'):
            os.environ.pop(name, None)
        patch = work / 'big.patch'
        shutil.copyfile(kd.patch, patch)
        hunks = kernel.patch_hunks(patch)
        files_lsdiff = kernel.patch_files(patch)
        entries = parse_patch(patch, strip)
        files = [(e.path, e.action, len(e.hunks)) for e in entries]
        if len(files) != files_lsdiff:
            common.note(f'warning: lsdiff lists {files_lsdiff} files, the parser {len(files)}')

        common.note(f'making the sparse tree in {work}')
        sparse_note = make_sparse(entries, kd.old, work / 'clean.pristine',
                                  mkdirs=os.environ.get('TANDEM_BENCH_MKDIRS') == '1')
        subprocess.run(['cp', '-a', str(work / 'clean.pristine'), str(work / 'drifted.pristine')], check=True)
        rows, drift_note = drift_tree(entries, work / 'drifted.pristine', seed, 0.3)
        write_drift_log(rows, work / 'drift.tsv')

        p = f'-p{strip}'
        clean = time_scenario(work, 'clean', runs, [
            ('tandem', [tandem, 'apply', p, patch], None),
            ('git', ['git', 'apply', p, patch], None),
            ('patch', ['patch', p, '-s', '--batch', '-N', '--no-backup-if-mismatch'], patch)])
        diff_tg = diff_rq(work, 'clean.tandem', 'clean.git')
        diff_gp = diff_rq(work, 'clean.git', 'clean.patch')
        clean_ok = not diff_tg and clean['tandem'].rc == 0

        drifted = time_scenario(work, 'drifted', runs, [
            ('tandem', [tandem, 'apply', p, '--reject', '--format', 'json', patch], None),
            ('git', ['git', 'apply', p, '--reject', patch], None),
            ('patch', ['patch', p, '--batch', '-N', '--fuzz=2', '--no-backup-if-mismatch'], patch)])

        print()
        print(f'patch: {kd.patch} (-p{strip})')
        print(f'trees: {kd.old} -> {kd.new}')
        print(f'size:  {patch.stat().st_size} bytes, {hunks} hunks; {sections_summary(entries)}')
        print(sparse_note)
        print(f'best of {runs} runs, on {common.fstype(work)}; tandem {tandem}')
        print()
        print('clean: the patch on its own old tree')
        print(apply_table(hunks, [
            ('tandem', f'tandem apply -p{strip} PATCH', clean['tandem']),
            ('git', f'git apply -p{strip} PATCH', clean['git']),
            ('patch', f'patch -p{strip} -s --batch -N < PATCH', clean['patch'])]))
        if clean['tandem'].rc != 0:
            print(f"  tandem exited {clean['tandem'].rc}:")
            print('\n'.join(tail_lines(work / 'clean.tandem.err')))
        for label, lines in (('tandem = git apply', diff_tg), ('git apply = patch', diff_gp)):
            if not lines:
                print(f'  {label}: identical trees (diff -r)')
            else:
                print(f'  {label}: DIFFERENT, {len(lines)} entries (diff -rq, first ones):')
                print('\n'.join(f'    {line}' for line in lines[:8]))
        print(clean_report(files, kd.new, [('git', work / 'clean.git'), ('tandem', work / 'clean.tandem'),
                                           ('patch', work / 'clean.patch')]))

        print()
        print('drifted: the patch on a drifted copy of the old tree')
        print(f'  {drift_note}')
        print(apply_table(hunks, [
            ('tandem', f'tandem apply -p{strip} --reject --format json PATCH', drifted['tandem']),
            ('git', f'git apply -p{strip} --reject PATCH', drifted['git']),
            ('patch', f'patch -p{strip} --batch -N --fuzz=2 < PATCH', drifted['patch'])]))
        if drifted['tandem'].rc > 1:
            print(f"  tandem exited {drifted['tandem'].rc}:")
            print('\n'.join(tail_lines(work / 'drifted.tandem.err')))
        summary = drifted_report(
            entries, files, rows, work / 'drifted.pristine', kd.new, str(work / 'drifted.'),
            {t: work / f'drifted.{t}' for t in TOOLS},
            {'tandem': work / 'drifted.tandem.out', 'git': work / 'drifted.git.err',
             'patch': work / 'drifted.patch.out'})

        results.mkdir(parents=True, exist_ok=True)
        for src, name in (('drift.tsv', 'drift.tsv'), ('drifted.disagreements.tsv', 'drifted.disagreements.tsv'),
                          ('drifted.tandem.out', 'drifted.tandem.json'), ('drifted.git.err', 'drifted.git-apply.txt'),
                          ('drifted.patch.out', 'drifted.patch.txt'), ('clean.tandem.err', 'clean.tandem.stderr')):
            shutil.copyfile(work / src, results / name)
        print(f'  drift log, disagreements, tool reports: {results}/')
        print()
        print('\n'.join(goal_lines(clean, hunks, clean_ok, summary)))
    return 0 if clean_ok else 1
