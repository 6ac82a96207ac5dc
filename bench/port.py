"""bench/port.py -- `scripts/bench port`: tandem port against git apply of the upstream patch alone, on a generated
fork.

Input: the kernel data of `apply` (old/linux-source-*, new/linux-source-*, big.patch, -p2 from inside a tree).

The base: a sparse copy of the old tree (the files the patch touches, patches.make_sparse): `--base` only
reads the upstream pre-images of the files the patch touches.
The fork (on tmpfs): the same sparse copy, plus arch/xen-x86/, a copy of the old tree's whole arch/x86/ (about
1,400 files), plus tandem.yml at its root: forks: [{upstream: arch/x86/, fork: arch/xen-x86/}]. 30% of the
copies the patch's arch/x86 hunks hit are drifted, deterministically (seed $TANDEM_BENCH_SEED, default 1), at
1-3 of their hunks each (see make_fork):
  ifdef     an #ifdef CONFIG_XEN ... #endif block (2-4 lines) 5-20 lines above the hunk  -> ported, offset
  context   a context line 2 or more lines from any change edited                       -> ported (fuzz/3-way)
  conflict  a line the hunk removes or replaces edited                                   -> fork-conflict, or a
                                                                                            word merge keeping the edit
  delfunc   a C function no hunk touches deleted (at most one per file)                  -> ported

Timed in the same run, interleaved, best of N (TANDEM_BENCH_RUNS, default 3), with TMPDIR on tmpfs:
  git apply -p2 --check PATCH                      in the fork: the upstream patch alone
  git apply -p2 PATCH                              on a fresh `cp -a` of the fork each run (copy untimed)
  tandem port -p2 PATCH --fork FORK --base BASE -o OUT --report R.json    (run from another folder)
Then: the verdict counts of R.json's totals, sorted by label; the verdicts by the drift at each hunk, against
what the drift predicts; OUT's duplicates, picked out with `tandem filter -pN --include arch/xen-x86/ OUT` (N
read off their names: a/ b/ is -p1, the originals' old/<top>/ new/<top>/ is -p2), must pass `git apply -pN
--check` in the fork, and so must the whole of OUT when one -p fits all; applied to a copy of the fork, every
copy is judged against the truth (the drifted copy with each hunk at its true place, less the conflicting ones)
as right, partial (tandem refused a hunk it could have ported) or WRONG, and every undrifted copy must equal
the new tree's original.

  goal: tandem port <= 1.5x the time of git apply --check of the upstream patch
        (and, checked: the duplicates apply, no copy WRONG; exit 1 when either fails)

The kernel's own copies (untimed): the base plus the old tree's tools/arch/x86/, tools/include/uapi/ and
tools/include/linux/ (headers the kernel keeps by hand beside their originals, and which its release patches
change too), with the three folders mapped `sparse: true` onto arch/x86/, include/uapi/, include/linux/.
`tandem port -o OUT` must give a patch that passes git apply --check there, and `--apply --merge` must leave
every file the patch changes as the new tree has it: upstream's own change of a copy lands once, the
original's hunks never on top of it (checked; exit 1 when it fails).

Environment:
  TANDEM_BENCH_DATA     the data folder (default /var/tmp/tandem-bench)
  TANDEM_BENCH_RUNS     runs per command, best kept (default 3)
  TANDEM_BENCH_SEED     drift seed (default 1)
  TANDEM_BENCH_RESULTS  where the drift log, R.json, the rejects and the verdict mismatches are kept
                        (default $TANDEM_BENCH_DATA/port)
  TANDEM_BENCH_KEEP     1: keep the scratch folder on /dev/shm (base, fork, OUT, ...) instead of removing it
  TANDEM_BIN            the tandem binary, when --tandem is not given (else a release build)
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
from bench.apply import fresh_copy
from bench.common import Command
from bench.patches import edited, expected_results, make_sparse, parse_patch, read_or_none, split_lines

KINDS = ('ifdef', 'context', 'conflict', 'delfunc')
EXPECTED = {'ifdef': 'ported', 'context': 'ported', 'conflict': 'fork-conflict', 'delfunc': 'ported'}
C_LIKE = ('.c', '.h')
UP_DIR, FORK_DIR = 'arch/x86/', 'arch/xen-x86/'


def mapped(entries, up_dir):
    """Modify sections with hunks under UP_DIR, one per path (the first), sorted by path."""
    seen, out = set(), []
    for e in entries:
        if e.action == 'modify' and e.hunks and e.path.startswith(up_dir) and e.path not in seen:
            seen.add(e.path)
            out.append(e)
    return sorted(out, key=lambda e: e.path)


def find_function(text, avoid):
    """(start, count) of a C function definition, '{' and '}' alone at column 0, whose lines (and one
    line either side) touch no index in AVOID; a blank line after it goes too. Candidates in file order."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i] != b'{\n':
            i += 1
            continue
        end = i + 1
        while end < n and text[end] != b'}\n' and text[end] != b'{\n':
            end += 1
        if end >= n or text[end] != b'}\n':
            i = end
            continue
        start = i
        while start > 0 and i - start < 5:
            prev = text[start - 1].rstrip()
            if not prev or prev.startswith((b'}', b'#', b'/*', b' *', b'*/')) or \
                    prev.endswith((b';', b'*/', b'{', b'}')):
                break
            start -= 1
        stop = end + 1
        if stop < n and text[stop] == b'\n':
            stop += 1
        if start < i and not any(j in avoid for j in range(start - 1, stop + 1)):
            out.append((start, stop - start))
        i = end + 1
    return out


def copy_tree(src_root, dst_root):
    """Copies every regular file under SRC_ROOT (links followed) to DST_ROOT; -> (files, bytes, links)."""
    copied = size = links = 0
    for d, dirs, names in os.walk(src_root):
        dirs.sort()
        rel = os.path.relpath(d, src_root)
        os.makedirs(os.path.join(dst_root, rel), exist_ok=True)
        for name in sorted(names):
            src = os.path.join(d, name)
            if not os.path.isfile(src):
                continue
            links += os.path.islink(src)
            dst = os.path.join(dst_root, rel, name)
            shutil.copy2(src, dst)
            copied += 1
            size += os.path.getsize(dst)
    return copied, size, links


def drift_copy(e, text, copy, rng):
    """Seeded drift of one copy's lines TEXT (a list, edited in place) near 1-3 of the hunks of E (see
    make_fork). -> rows (hunk, wanted, kind, line, lines, what)."""
    picks = sorted(rng.sample(range(len(e.hunks)), min(rng.randint(1, 3), len(e.hunks))))
    ops = []         # (index, order, payload): order 0 edits line index, 1 inserts payload before it,
    #                  2 deletes payload lines
    touched = set()  # indices no function deletion may reach: every hunk's pre-image, every edit
    for h in e.hunks:
        touched.update(range(h.first_index() - 1, h.first_index() + h.old_len + 1))
    wants = [(h_index, rng.choice(KINDS)) for h_index in picks]

    def place(h_index, wanted, allow_delfunc):
        h = e.hunks[h_index]
        body = [line for line in h.lines if line[:1] != b'\\']
        prev_end = 0
        if h_index > 0:
            p = e.hunks[h_index - 1]
            prev_end = p.first_index() + p.old_len
        start = h.first_index()
        for kind in KINDS[KINDS.index(wanted):] + KINDS[:KINDS.index(wanted)]:
            if kind == 'ifdef':
                at = max(start - rng.randint(5, 20), prev_end, 0)
                inner = rng.randint(0, 2)
                block = [b'#ifdef CONFIG_XEN\n'] + [b'#define TANDEM_BENCH_XEN_%d_%d 1\n' % (h.number, j + 1)
                                                     for j in range(inner)] + [b'#endif\n']
                ops.append((at, 1, block))
                touched.update((at - 1, at))
                return (kind, at + 1, len(block), '%d-line #ifdef CONFIG_XEN block inserted %d lines above the hunk'
                        % (len(block), start - at))
            if kind == 'context':
                changes = [j for j, line in enumerate(body) if line[:1] in (b'-', b'+')]
                far = [j for j, line in enumerate(body) if line[:1] in (b' ', b'\n')
                       and changes and min(abs(j - c) for c in changes) >= 2]
                if not far:
                    continue
                j = rng.choice(far)
                at = start + sum(1 for line in body[:j] if line[:1] != b'+')
                ops.append((at, 0, None))
                return (kind, at + 1, 0, 'context line %d of the hunk (%d from the nearest change) edited'
                        % (j + 1, min(abs(j - c) for c in changes)))
            if kind == 'conflict':
                removed = [j for j, line in enumerate(body) if line[:1] == b'-']
                if not removed:
                    continue
                j = rng.choice(removed)
                at = start + sum(1 for line in body[:j] if line[:1] != b'+')
                ops.append((at, 0, None))
                return (kind, at + 1, 0, 'a line the hunk removes edited')
            if kind == 'delfunc':
                if not allow_delfunc or not copy.endswith(C_LIKE):
                    continue
                found = find_function(text, touched)
                if not found:
                    continue
                at, count = rng.choice(found)
                ops.append((at, 2, count))
                touched.update(range(at - 1, at + count + 1))
                name = text[at].rstrip()[:60].decode('utf-8', 'replace')
                return (kind, at + 1, -count, 'function deleted (%d lines, from "%s")' % (count, name))
        return None

    # Edits near hunks first, then the one function deletion (so that it avoids them all).
    rows, delfunc = [], None   # delfunc: the one hunk that asked for a function deletion
    for h_index, wanted in wants:
        if wanted == 'delfunc' and delfunc is None:
            delfunc = h_index
            continue
        if wanted == 'delfunc':
            wanted = 'ifdef'
        done = place(h_index, wanted, False)
        if done is not None:
            rows.append((e.hunks[h_index].number, wanted) + done)
    if delfunc is not None:
        done = place(delfunc, 'delfunc', True)
        if done is not None:
            rows.append((e.hunks[delfunc].number, 'delfunc') + done)
    for at, order, payload in sorted(ops, key=lambda o: (-o[0], o[1])):
        if order == 0:
            text[at] = edited(text[at])
        elif order == 1:
            text[at:at] = payload
        else:
            del text[at:at + payload]
    return rows


def make_fork(entries, old, fork, up_dir, fork_dir, seed, fraction):
    """Copy OLD/UP_DIR whole to FORK/FORK_DIR (links followed), write FORK/tandem.yml, then edit FRACTION of the
    copies the patch's hunks hit (seeded), at 1-3 of their hunks each, one edit per hunk:

    ifdef     an #ifdef CONFIG_XEN block (#ifdef, 0-2 lines, #endif: 2-4 lines) 5-20 lines above the hunk
                                                                          -> ported at an offset
    context   a context line at least 2 lines from any change edited     -> ported (fuzz or 3-way)
    conflict  a line the hunk removes or replaces edited                  -> fork-conflict, or a word merge
    delfunc   a C function that no hunk touches (nor the line either side of a hunk, nor another edit)
              deleted, at most one per file                               -> ported at an offset
    Edits never reach into the previous hunk. A kind that does not fit (no such context line, no removed
    line, no such function) gives way to the next kind in that order.
    -> (rows (path, hunk, wanted, kind, line, lines, what), the two summary lines)."""
    rng = random.Random(int(seed))
    dst_root = os.path.join(fork, fork_dir)
    copied, size, links = copy_tree(os.path.join(old, up_dir), dst_root)
    with open(os.path.join(fork, 'tandem.yml'), 'w') as f:
        f.write('# Generated by scripts/bench port: %s is a copy of %s, drifted.\n' % (fork_dir, up_dir))
        f.write('forks:\n  - {upstream: %s, fork: %s}\n' % (up_dir, fork_dir))

    hit = [e for e in mapped(entries, up_dir) if os.path.isfile(os.path.join(dst_root, e.path[len(up_dir):]))]
    chosen = sorted(rng.sample(hit, round(float(fraction) * len(hit))), key=lambda e: e.path)
    rows = []
    for e in chosen:
        copy = fork_dir + e.path[len(up_dir):]
        path = os.path.join(fork, copy)
        with open(path, 'rb') as f:
            text = split_lines(f.read())
        rows += [(e.path,) + r for r in drift_copy(e, text, copy, rng)]
        with open(path, 'wb') as f:
            f.write(b''.join(text))
    by_kind = {}
    for r in rows:
        by_kind[r[3]] = by_kind.get(r[3], 0) + 1
    return rows, '\n'.join([
        'fork: %s = %d files of %s (%.1f MiB%s), tandem.yml {upstream: %s, fork: %s}' % (
            fork_dir, copied, up_dir, size / 1048576, ', %d links copied as files' % links if links else '',
            up_dir, fork_dir),
        'drift (seed %s): %d of the %d copies the patch hits, %d hunks edited: %s' % (
            seed, len(chosen), len(hit), len(rows), ', '.join('%s %d' % (k, by_kind.get(k, 0)) for k in KINDS))])


def write_drift_log(rows, path):
    with open(path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write('path\thunk\twanted\tkind\tline\tlines\twhat\n')
        for r in rows:
            f.write('%s\t%d\t%s\t%s\t%d\t%d\t%s\n' % r)


def copies(entries, up_dir):
    """(copies the patch's hunks hit, their hunks, the other sections under UP_DIR as 'N action, ...')."""
    hit = mapped(entries, up_dir)
    others = {}
    for e in entries:
        if e.path.startswith(up_dir) and not (e.action == 'modify' and e.hunks):
            others[e.action] = others.get(e.action, 0) + 1
    return (len(hit), sum(len(e.hunks) for e in hit),
            ', '.join('%d %s' % (v, k) for k, v in sorted(others.items())) or 'none')


def true_places(e, deltas):
    """{hunk number: its 0-based index in the drifted copy}, from the drift's inserted (+) and deleted (-)
    line counts DELTAS [(index, count)]."""
    places = {}
    for h in e.hunks:
        idx = h.first_index()
        shift = 0
        for at, count in deltas:
            if count > 0 and at <= idx:
                shift += count
            elif count < 0 and at - count <= idx:
                shift += count
        places[h.number] = idx + shift
    return places


def judge(entries_list, up_dir, fork_dir, rows, fork, report, ported_tree, new_tree, prefix):
    """Verdicts by drift kind, and each copy the patch hits judged after the duplicates were applied:
    right    the copy is the drifted copy with every hunk at its true place, less the conflicting ones,
             and tandem ported exactly those; a conflicting hunk may instead be merged word by word (the
             seeded comment kept on upstream's new line), or left with its other changes applied
    partial  the copy is the drifted copy with exactly the hunks tandem says it ported, each at its true
             place, and none of them conflicting (tandem refused one it could have ported)
    WRONG    anything else: a hunk at the wrong place, a conflicting hunk ported, a copy changed that
             tandem says it left alone
    An undrifted copy's truth is also the new tree's file (checked as well). Prints the findings and writes
    PREFIX + mismatches.tsv; -> {'right', 'partial', 'wrong', 'mismatches', 'new_diff'}."""
    entries = mapped(entries_list, up_dir)
    drift, deltas = {}, {}
    for p, h, _, kind, at, count, _ in rows:
        drift[(p, h)] = kind
        if count:
            deltas.setdefault(p, []).append((at - 1, count))
    verdicts = {(r['copyPath'], r['hunk']): (r['verdict'], r.get('step')) for r in report['entries']}

    table = {}   # drift kind or '(none)' -> {verdict(step): n}
    mismatch = []
    judged = {'right': 0, 'partial': 0, 'WRONG': 0}
    wrong, partial, new_diff = [], [], []
    for e in entries:
        copy = fork_dir + e.path[len(up_dir):]
        drifted_file = any(p == e.path for p, _ in drift)
        for h in e.hunks:
            kind = drift.get((e.path, h.number))
            v, step = verdicts.get((copy, h.number), ('(no entry)', None))
            label = v + ('/' + step if step and v == 'ported' else '')
            row_key = kind or ('(none, drifted file)' if drifted_file else '(none)')
            table.setdefault(row_key, {}).setdefault(label, 0)
            table[row_key][label] += 1
            want = EXPECTED.get(kind, 'ported')
            # The seeded edit of a changed line is a comment at its end: a word-level merge keeps it beside
            # upstream's change, which is as right as leaving the hunk to a person.
            if v != want and not (kind == 'conflict' and label == 'ported/word-merge'):
                mismatch.append((e.path, h.number, kind or '-', want, v))
        # The truth for the copy.
        with open(os.path.join(fork, copy), 'rb') as f:
            text = split_lines(f.read())
        places = true_places(e, deltas.get(e.path, []))
        conflicts = {h.number for h in e.hunks if drift.get((e.path, h.number)) == 'conflict'}
        should = {h.number for h in e.hunks} - conflicts
        did = {h.number for h in e.hunks if verdicts.get((copy, h.number), ('',))[0] in ('ported', 'already-applied')}
        got = read_or_none(os.path.join(ported_tree, copy))
        # A conflicting hunk may come out merged word by word (the fork's comment kept beside upstream's
        # edit: verdict ported), or with its other changes applied (verdict fork-conflict, partial).
        merged = conflicts & did
        refused = conflicts - did
        accepted = set()
        for partial_set in [set(), refused]:
            modes = {n: 'merged' for n in merged}
            modes.update({n: 'partial' for n in partial_set})
            accepted |= expected_results(text, e.hunks, places, should | merged | partial_set, modes)
        if did - conflicts == should and got in accepted:
            judged['right'] += 1
        elif not (did & conflicts - merged) and got in expected_results(text, e.hunks, places, did):
            judged['partial'] += 1
            partial.append(copy)
        else:
            judged['WRONG'] += 1
            wrong.append(copy)
        if not drifted_file and got != read_or_none(os.path.join(new_tree, e.path)):
            new_diff.append(copy)

    n_hunks = sum(len(e.hunks) for e in entries)
    print('  verdicts on the %d copies the patch hits (%d hunks), by the drift at the hunk (verdict/step: count):' % (
        len(entries), n_hunks))
    for key in list(KINDS) + ['(none, drifted file)', '(none)']:
        if key in table:
            print('    %-22s %s' % (key, ', '.join('%s %d' % kv for kv in sorted(table[key].items()))))
    print('  verdicts as the drift predicts: %d of %d hunks' % (n_hunks - len(mismatch), n_hunks))
    for m in mismatch[:12]:
        print('    %s hunk %d (drift %s): expected %s, got %s' % m)
    if len(mismatch) > 12:
        print('    ... %d more in %smismatches.tsv' % (len(mismatch) - 12, prefix))
    print('  copies after the duplicates were applied: right %d, partial %d, WRONG %d%s' % (
        judged['right'], judged['partial'], judged['WRONG'],
        (' (WRONG: %s%s)' % (', '.join(wrong[:4]), ', ...' if len(wrong) > 4 else '')) if wrong else ''))
    if partial:
        print('    partial: %s%s' % (', '.join(partial[:4]), ', ...' if len(partial) > 4 else ''))
    undrifted = sum(1 for e in entries if not any(p == e.path for p, _ in drift))
    print('  undrifted copies equal to the new tree\'s original: %d/%d%s' % (
        undrifted - len(new_diff), undrifted,
        (' (differ: %s%s)' % (', '.join(new_diff[:4]), ', ...' if len(new_diff) > 4 else '')) if new_diff else ''))
    with open(prefix + 'mismatches.tsv', 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write('path\thunk\tdrift\texpected\tgot\n')
        for m in mismatch:
            f.write('%s\t%d\t%s\t%s\t%s\n' % m)
    return {'right': judged['right'], 'partial': judged['partial'], 'wrong': judged['WRONG'],
            'mismatches': len(mismatch), 'new_diff': len(new_diff)}


def verdict_totals(report):
    """R.json's totals: the labels, sorted, and the entries and failures."""
    totals = report['totals']
    labels = sorted((k, v) for k, v in totals.items() if k not in ('entries', 'failures'))
    return ('  ' + ', '.join('%s %d' % kv for kv in labels) + '\n'
            + '  entries %d, failures %d' % (totals.get('entries', 0), totals.get('failures', 0)))


def duplicate_strip(out_bytes, fork_dir):
    """(name, -p level) of the first duplicate in OUT (a '+++ ' name holding FORK_DIR): the level is how many
    '/' come before FORK_DIR; (None, 1) when there is none."""
    m = re.search(rb'^\+\+\+ ([^\s]*/)?' + re.escape(fork_dir.encode()) + rb'.*$', out_bytes, re.M)
    if not m:
        return None, 1
    name = m.group(0)[4:].split(b'\t', 1)[0].decode('utf-8', 'surrogateescape')
    return name, name[:name.index(fork_dir)].count('/')


def git_check(fork, strip, patch, err):
    """git apply -pN --check PATCH in FORK, stderr to ERR: 'pass' or 'fail'."""
    with open(err, 'wb') as f:
        rc = subprocess.run(['git', '-C', str(fork), 'apply', f'-p{strip}', '--check', str(patch)], stderr=f).returncode
    return 'pass' if rc == 0 else 'fail'


def first_lines(path, n=8):
    return '\n'.join(f'    {line}' for line in common.tail(path, 10 ** 6).splitlines()[:n])


TOOLS_MAP = (('arch/x86/', 'tools/arch/x86/'), ('include/uapi/', 'tools/include/uapi/'),
             ('include/linux/', 'tools/include/linux/'))


def tools_check(tandem, entries, kd, strip, patch, base, work):
    """The kernel's own tools/ copies (see the module's notes) -> (summary lines, ok)."""
    tree = work / 'tools-fork'
    subprocess.run(['cp', '-a', str(base), str(tree)], check=True)
    for _, copy in TOOLS_MAP:
        if (kd.old / copy).is_dir():
            (tree / copy).mkdir(parents=True, exist_ok=True)
            subprocess.run(['cp', '-a', f'{kd.old / copy}/.', str(tree / copy)], check=True)
    (tree / 'tandem.yml').write_text('forks:\n' + ''.join(
        f'  - {{upstream: {up}, fork: {copy}, sparse: true}}\n' for up, copy in TOOLS_MAP))
    out, report_file = work / 'tools.patch', work / 'tools.json'
    p = f'-p{strip}'
    ran = subprocess.run([str(tandem), 'port', p, str(patch), '--fork', str(tree), '-o', str(out), '--report',
                          str(report_file)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if ran.returncode not in (0, 1) or not report_file.is_file():
        why = ran.stderr.decode('utf-8', 'replace').strip().splitlines()
        return [f"the kernel's tools/ copies: tandem port exited {ran.returncode}: {why[0] if why else ''}"], False
    check = git_check(tree, strip, out, work / 'tools.check.err')
    with open(report_file, encoding='utf-8', errors='surrogateescape') as f:
        report = json.load(f)
    copied = [e for e in report.get('entries', []) if e.get('copyPath', '').startswith('tools/')]
    counts = {}
    for e in copied:
        counts[e['verdict']] = counts.get(e['verdict'], 0) + 1
    applied = subprocess.run([str(tandem), 'port', p, str(patch), '--fork', str(tree), '--apply', '--merge'],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    # Every file the patch changes, as the new tree has it (a deleted one gone).
    differ = [e.path for e in entries
              if read_or_none(os.path.join(str(tree), e.path)) != read_or_none(os.path.join(str(kd.new), e.path))]
    own = sum(1 for e in entries if e.path.startswith('tools/'))
    lines = [f"the kernel's tools/ copies: {own} of the patch's file patches change files under tools/; "
             f"verdicts on the copies: "
             + (', '.join(f'{v} {k}' for k, v in sorted(counts.items())) or 'none'),
             f'  git apply -p{strip} --check OUT (in the tree with tools/): {check}',
             f'  --apply --merge (exit {applied}): files the patch changes that differ from the new tree: '
             f'{len(differ)}' + (f" ({', '.join(differ[:4])}{', ...' if len(differ) > 4 else ''})" if differ else '')]
    if check == 'fail':
        lines.append(first_lines(work / 'tools.check.err'))
    return lines, check == 'pass' and applied in (0, 1) and not differ


def parse_args(argv):
    p = argparse.ArgumentParser(prog='scripts/bench port', description='tandem port vs git apply of the kernel '
                                'patch alone, on a generated, drifted fork')
    common.add_tandem_option(p)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    runs = common.env_int('TANDEM_BENCH_RUNS', 3, minimum=1)
    seed = common.env_int('TANDEM_BENCH_SEED', 1)
    results = Path(os.environ.get('TANDEM_BENCH_RESULTS') or common.data_dir() / 'port')
    common.need_tool('git', 'git')
    kd = kernel.find_kernel_data()
    tandem = common.find_tandem(args.tandem)
    strip = kd.strip()

    with common.scratch('tandem-bench-port', keep=os.environ.get('TANDEM_BENCH_KEEP') == '1') as work:
        # git apply must not find a repository above the work folders (it would apply relative to its root).
        os.environ['GIT_CEILING_DIRECTORIES'] = str(work)
        for name in ('GIT_DIR', 'GIT_WORK_TREE'):
            os.environ.pop(name, None)
        patch = work / 'big.patch'
        shutil.copyfile(kd.patch, patch)
        hunks = kernel.patch_hunks(patch)
        entries = parse_patch(patch, strip)
        n_copies, copy_hunks, copy_others = copies(entries, UP_DIR)

        # The base: the files the patch touches, from the old tree. The fork: the same, plus the whole of the
        # old tree's arch/x86 copied to arch/xen-x86 and drifted, plus tandem.yml.
        common.note(f'making the base and the fork in {work}')
        sparse_note = make_sparse(entries, kd.old, work / 'base')
        fork = work / 'fork.pristine'
        subprocess.run(['cp', '-a', str(work / 'base'), str(fork)], check=True)
        rows, fork_note = make_fork(entries, kd.old, fork, UP_DIR, FORK_DIR, seed, 0.3)
        write_drift_log(rows, work / 'drift.tsv')
        out, report_file = work / 'port.patch', work / 'port.json'

        # --- timing: from a folder of its own for tandem (every path is absolute). Exit 1 is a result for
        # tandem port (some verdict needs a person); 2 and up is trouble.
        common.note(f'timing, best of {runs}')
        (work / 'elsewhere').mkdir()
        p = f'-p{strip}'
        t = common.time_commands([
            Command('git-apply-check', ['git', '-C', fork, 'apply', p, '--check', patch], runs,
                    stdout=work / 'git-apply-check.out'),
            Command('git-apply', ['git', 'apply', p, patch], runs, cwd=work / 'fork.git', stdout=work / 'fork.git.out',
                    stderr=work / 'fork.git.err', ok=None, setup=fresh_copy(fork, work / 'fork.git')),
            Command('tandem-port', [tandem, 'port', p, patch, '--fork', fork, '--base', work / 'base', '-o', out,
                                   '--report', report_file], runs, cwd=work / 'elsewhere',
                    stdout=work / 'tandem-port.out', ok=(0, 1))])
        for label in ('git-apply-check', 'tandem-port'):
            if t[label].error:
                raise common.BenchError(t[label].error)
        for label in t:
            common.note(f'{label}: best {t[label].best:.6f}s, exit {t[label].rc}')
        shutil.rmtree(work / 'fork.git')

        # --- the duplicates alone must apply to the fork. OUT holds the upstream file patches, with the
        # patch's own names (-pN), and the duplicates, whose names have been a/ b/ (-p1) and, since, the
        # originals' leading components (old/<top>/, new/<top>/: one -p fits all): read their -p off OUT.
        dup_name, dup_strip = duplicate_strip(out.read_bytes(), FORK_DIR)
        if dup_name is None:
            common.note(f'no duplicate in OUT (no +++ name with {FORK_DIR})')
        dups = work / 'dups.patch'
        with open(dups, 'wb') as f:
            dup_rc = subprocess.run([str(tandem), 'filter', f'-p{dup_strip}', '--include', FORK_DIR, str(out)],
                                    stdout=f).returncode
        if dup_rc != 0:
            common.note(f'tandem filter exited {dup_rc}')
        dup_files = common.count_lines_matching(dups, b'+++ ')
        dup_check = git_check(fork, dup_strip, dups, work / 'dups.check.err')
        if dup_rc != 0:
            dup_check = 'fail'
        # With one -p for all, the whole of OUT (upstream and duplicates together) must apply too.
        whole_check = git_check(fork, strip, out, work / 'whole.check.err') if dup_strip == strip else '-'
        # Then the duplicates for real, on a copy, to judge every copy against the truth.
        ported = work / 'fork.ported'
        subprocess.run(['cp', '-a', str(fork), str(ported)], check=True)
        with open(work / 'dups.apply.err', 'wb') as f:
            subprocess.run(['git', '-C', str(ported), 'apply', f'-p{dup_strip}', str(dups)], stderr=f)

        # --- report
        g, a, tp = t['git-apply-check'], t['git-apply'], t['tandem-port']
        print()
        print(f'patch: {kd.patch} (-p{strip})')
        print(f'trees: {kd.old} -> {kd.new}')
        print(f'size:  {patch.stat().st_size} bytes, {hunks} hunks')
        print(f'base:  {sparse_note}')
        print(fork_note)
        print(f"copies: {n_copies} files under {FORK_DIR} hit by the patch's {UP_DIR} hunks ({copy_hunks} hunks); "
              f"other {UP_DIR} sections: {copy_others}")
        print(f'best of {runs} runs, on {common.fstype(work)}; tandem {tandem}')
        print()
        print('  %-7s %-72s %8s %8s %5s' % ('tool', 'command', 'wall s', 'RSS MiB', 'exit'))
        for tool, command, r in (
                ('git', f'git apply -p{strip} --check PATCH  (in the fork)', g),
                ('git', f'git apply -p{strip} PATCH  (on a fresh copy of the fork)', a),
                ('tandem', f'tandem port -p{strip} PATCH --fork FORK --base BASE -o OUT --report R.json', tp)):
            print('  %-7s %-72s %8.3f %8.1f %5s' % (tool, command, r.best, r.peak_kb / 1024, r.rc))
        print('  tandem port / git apply --check: %.2fx time   tandem port / git apply: %.2fx time' % (
            tp.best / g.best, tp.best / a.best))
        if a.rc != 0:
            print(f'  git apply exited {a.rc}:')
            print('\n'.join(f'    {line}' for line in common.tail(work / 'fork.git.err', 5).splitlines()))
        print()
        print("tandem port's verdicts (R.json totals, by label):")
        with open(report_file, encoding='utf-8', errors='surrogateescape') as f:
            report = json.load(f)
        print(verdict_totals(report))
        summary_line = (work / 'tandem-port.out').read_bytes().decode('utf-8', 'replace').splitlines()
        if summary_line:
            print(f'  summary line: {summary_line[-1]}')
        judged = judge(entries, UP_DIR, FORK_DIR, rows, fork, report, ported, kd.new, str(work / 'judge.'))
        print()
        tools_lines, tools_ok = tools_check(tandem, entries, kd, strip, patch, work / 'base', work)
        print('\n'.join(tools_lines))
        print()
        print(f"duplicates: named like '{dup_name or '(none)'}' (-p{dup_strip}); "
              f"tandem filter -p{dup_strip} --include '{FORK_DIR}' OUT -> {dup_files} file patches")
        print(f'  git apply -p{dup_strip} --check DUPLICATES (in the fork): {dup_check}')
        if dup_check == 'fail':
            print(first_lines(work / 'dups.check.err'))
        if whole_check == '-':
            print(f'  whole OUT: not checked (duplicates -p{dup_strip}, upstream file patches -p{strip})')
        else:
            print(f'  git apply -p{strip} --check OUT (upstream and duplicates together, in the fork): {whole_check}')
            if whole_check != 'pass':
                print(first_lines(work / 'whole.check.err'))

        results.mkdir(parents=True, exist_ok=True)
        for name in ('drift.tsv', 'port.json', 'judge.mismatches.tsv'):
            shutil.copyfile(work / name, results / name)
        if Path(f'{out}.rej').is_file():
            shutil.copyfile(f'{out}.rej', results / 'port.patch.rej')
        print(f'  drift log, R.json, rejects, verdict mismatches: {results}/')

        # --- goal
        ok = tp.best <= 1.5 * g.best
        print()
        print('goal: tandem port <= 1.5x git apply --check time: %s (%.2fx)' % (
            'PASS' if ok else 'MISS', tp.best / g.best))
        print('  duplicates apply to the fork (git apply --check): %s' % ('PASS' if dup_check == 'pass' else 'FAIL'))
        print('  copies WRONG after the duplicates were applied: %d  %s' % (
            judged['wrong'], 'PASS' if judged['wrong'] == 0 else 'FAIL'))
        print("  the kernel's tools/ copies: upstream's changes carried once: %s" % ('PASS' if tools_ok else 'FAIL'))
    return 0 if dup_check == 'pass' and judged['wrong'] == 0 and tools_ok else 1
