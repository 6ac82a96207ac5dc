#!/usr/bin/env python3
"""bench/drift_pipeline.py -- the git-CLI peer of `tandem drift`, and the checks of `scripts/bench drift`.

Standalone (stdlib only, imports nothing of the package), so that the timed peer is this one script:
`python3 bench/drift_pipeline.py run ...`.

Usage:
  drift_pipeline.py run --repo R [--revs REVS] [--map FILE] [--batch] -o PEER.csv [--stats FILE]
      The peer: for every commit of `git rev-list --first-parent --reverse REVS` (default HEAD), oldest
      first, `git ls-tree -r` lists the tree; every file under a fork directory of the map whose original
      exists is a pair. A pair whose (original blob id, copy blob id) was seen before reuses its counts;
      otherwise both blobs are read with `git cat-file blob ID` (one process each; --batch: through one
      `git cat-file --batch` instead) into files and compared with `diff -a --minimal` (GNU): the lines
      marked '<' are upstream-only, those marked '>' fork-only, shared = original lines - upstream-only.
      Identical blob ids are counted without running diff. Lines count like `wc -l`, plus one for a last
      line without a newline (diff compares lines with their terminators, as tandem does).
      The map is tandem.yml of the newest revision (or --map FILE); directory and single-file mappings
      of the flow ({upstream: X, fork: Y}) or block form are understood, nothing else of YAML.
      PEER.csv columns: revision,tree,upstream,fork,upstream_blob,fork_blob,identical,shared,fork_only,
      upstream_only,reused (reused: same blob ids as the previous commit), recomputed (diff or count run).
  drift_pipeline.py compare TANDEM.csv PEER.csv [--repo R] [--examples N]
      Checks `tandem drift --format csv` output against PEER.csv: the exact header, the same commits in
      the same order, the same (commit, pair) rows, and the same shared/fork_only/upstream_only in each;
      state and identical agree with the blob ids. For the first N disagreements (default 5), with --repo,
      an exact LCS (Myers, in Python) says which side is right. Prints "check:" lines and a few facts;
      exit 1 when a check fails.
  drift_pipeline.py fake PEER.csv -o FAKE.csv [--corrupt N] [--seed S]
      A tandem-shaped CSV from PEER.csv (for testing `compare` before `tandem drift` exists); --corrupt
      changes the counts of N seeded rows, so compare must find exactly those.
  drift_pipeline.py verify --repo R PEER.csv [--sample N] [--seed S]
      Recomputes N (default all) distinct recomputed blob pairs of PEER.csv with the exact LCS and says
      whether GNU diff --minimal agreed on every one.
"""
import argparse
import csv
import gc
import os
import random
import re
import subprocess
import sys
import tempfile
import time

TANDEM_HEADER = ["snapshot", "revision", "time", "tree", "upstream", "fork", "state", "identical",
                 "identical_ignoring_whitespace", "similarity", "shared", "fork_only", "upstream_only",
                 "regions", "guarded_fork_lines", "free_fork_lines", "functions", "predicted_failures",
                 "next_hunks", "reused", "upstream_version", "upstream_revision", "approximate"]
PEER_HEADER = ["revision", "tree", "upstream", "fork", "upstream_blob", "fork_blob", "identical", "shared",
               "fork_only", "upstream_only", "reused", "recomputed"]
csv.field_size_limit(1 << 30)


def git(repo, *args, input=None):
    return subprocess.run(["git", "-C", repo, *args], input=input, check=True, capture_output=True).stdout


def count_lines(data):
    """Lines as `wc -l` counts them, plus a last line without a newline."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


# ----------------------------------------------------------------------------------------------------------
# The fork map
# ----------------------------------------------------------------------------------------------------------

def parse_map(text):
    """[(upstream, fork)] from a tandem.yml's forks: list (flow or block entries); only what we need."""
    pairs, cur, in_forks = [], None, False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if not line.startswith((" ", "\t", "-")):
            in_forks = line.startswith("forks:")
            continue
        if not in_forks:
            continue
        s = line.strip()
        if s.startswith("-"):
            if cur:
                pairs.append(cur)
            cur = {}
            s = s[1:].strip()
        if cur is None:
            continue
        if s.startswith("{") and s.endswith("}"):
            s = s[1:-1]
        for part in s.split(","):
            if ":" in part:
                k, v = part.split(":", 1)
                cur[k.strip()] = v.strip().strip("'\"")
    if cur:
        pairs.append(cur)
    out = [(p["upstream"], p["fork"]) for p in pairs if "upstream" in p and "fork" in p]
    if not out:
        sys.exit("drift_pipeline: no forks: entries in the map")
    return out


# ----------------------------------------------------------------------------------------------------------
# run: the peer
# ----------------------------------------------------------------------------------------------------------

class Blobs:
    """Blob bytes by id: one `git cat-file blob` per blob, or one `git cat-file --batch` for all."""

    def __init__(self, repo, batch):
        self.repo, self.batch, self.proc = repo, batch, None
        if batch:
            self.proc = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE)

    def get(self, oid):
        if not self.batch:
            return git(self.repo, "cat-file", "blob", oid)
        self.proc.stdin.write(oid.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            sys.exit(f"drift_pipeline: cat-file --batch: {b' '.join(header).decode()}")
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data

    def close(self):
        if self.proc:
            self.proc.stdin.close()
            self.proc.wait()


def cmd_run(args):
    t_start = time.monotonic()
    repo = args.repo
    log = git(repo, "log", "--first-parent", "--reverse", "--format=%H %T", args.revs, "--").decode().split("\n")
    commits = [tuple(l.split()) for l in log if l]
    if not commits:
        sys.exit(f"drift_pipeline: no commits in {args.revs}")
    if args.map:
        with open(args.map, encoding="utf-8") as f:
            fmap = parse_map(f.read())
    else:
        fmap = parse_map(git(repo, "show", f"{commits[-1][0]}:tandem.yml").decode())
    scratch = tempfile.mkdtemp(prefix="drift-peer.")
    fa, fb = os.path.join(scratch, "a"), os.path.join(scratch, "b")
    blobs = Blobs(repo, args.batch)
    memo = {}              # (original id, copy id) -> (shared, fork_only, upstream_only)
    prev = {}              # fork path -> its (original id, copy id) in the previous commit
    n_rows = n_recomputed = n_diffs = n_counts = n_reused = 0
    t_ls = t_blobs = t_diff = 0.0
    pathspecs = sorted({u.rstrip("/") for u, _ in fmap} | {f.rstrip("/") for _, f in fmap})
    with open(args.output, "w", newline="") as out:
        wr = csv.writer(out, lineterminator="\n")
        wr.writerow(PEER_HEADER)
        for rev, tree in commits:
            t0 = time.monotonic()
            raw = git(repo, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *pathspecs)
            t_ls += time.monotonic() - t0
            files = {}
            for rec in raw.split(b"\0"):
                if rec:
                    meta, path = rec.split(b"\t", 1)
                    mode, kind, oid = meta.split()
                    if kind == b"blob":
                        files[path.decode("utf-8", "surrogateescape")] = oid.decode()
            pairs = []
            for up, fk in fmap:
                if fk.endswith("/"):
                    for path in files:
                        if path.startswith(fk):
                            orig = up + path[len(fk):]
                            if orig in files:
                                pairs.append((orig, path))
                elif fk in files and up in files:
                    pairs.append((up, fk))
            pairs.sort(key=lambda p: p[1])
            now = {}
            for orig, cp in pairs:
                key = (files[orig], files[cp])
                now[cp] = key
                reused = prev.get(cp) == key
                n_reused += reused
                recomputed = key not in memo
                if recomputed:
                    n_recomputed += 1
                    t0 = time.monotonic()
                    a = blobs.get(key[0])
                    b = a if key[0] == key[1] else blobs.get(key[1])
                    t_blobs += time.monotonic() - t0
                    na, nb = count_lines(a), count_lines(b)
                    if key[0] == key[1]:
                        n_counts += 1
                        memo[key] = (na, 0, 0)
                    else:
                        t0 = time.monotonic()
                        with open(fa, "wb") as f:
                            f.write(a)
                        with open(fb, "wb") as f:
                            f.write(b)
                        res = subprocess.run(["diff", "-a", "--minimal", fa, fb], capture_output=True)
                        t_diff += time.monotonic() - t0
                        if res.returncode not in (0, 1):
                            sys.exit(f"drift_pipeline: diff failed on {orig} {cp} at {rev}: "
                                     f"{res.stderr.decode(errors='replace')}")
                        n_diffs += 1
                        minus = plus = 0
                        for line in res.stdout.split(b"\n"):
                            if line[:1] == b"<":
                                minus += 1
                            elif line[:1] == b">":
                                plus += 1
                        memo[key] = (na - minus, plus, minus)
                        if na - minus != nb - plus:
                            sys.exit(f"drift_pipeline: inconsistent diff of {orig} {cp} at {rev}: "
                                     f"{na} - {minus} != {nb} - {plus}")
                shared, fork_only, upstream_only = memo[key]
                wr.writerow([rev, tree, orig, cp, key[0], key[1], "true" if key[0] == key[1] else "false",
                             shared, fork_only, upstream_only, "true" if reused else "false",
                             "true" if recomputed else "false"])
                n_rows += 1
            prev = now
    blobs.close()
    for f in (fa, fb):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(scratch)
    facts = {"commits": len(commits), "rows": n_rows, "recomputed": n_recomputed, "diffs": n_diffs,
             "counted_identical": n_counts, "reused_rows": n_reused,
             "pairs_last": len(prev), "seconds": f"{time.monotonic() - t_start:.2f}",
             "seconds_ls_tree": f"{t_ls:.2f}", "seconds_blobs": f"{t_blobs:.2f}", "seconds_diff": f"{t_diff:.2f}"}
    if args.stats:
        with open(args.stats, "w") as f:
            for k, v in facts.items():
                f.write(f"{k}={v}\n")
    else:
        sys.stderr.write(" ".join(f"{k}={v}" for k, v in facts.items()) + "\n")


# ----------------------------------------------------------------------------------------------------------
# Exact LCS (Myers, forward only: the edit distance D, then LCS = (N + M - D) / 2)
# ----------------------------------------------------------------------------------------------------------

def split_lines(data):
    """Lines with their terminators, as tandem and diff compare them."""
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
        return [l + b"\n" for l in lines]
    return [l + b"\n" for l in lines[:-1]] + [lines[-1]] if data else []


def exact_lcs(a_bytes, b_bytes):
    a, b = split_lines(a_bytes), split_lines(b_bytes)
    ids = {}
    a = [ids.setdefault(l, len(ids)) for l in a]
    b = [ids.setdefault(l, len(ids)) for l in b]
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return 0
    v = {1: 0}
    for d in range(n + m + 1):
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[k - 1] < v[k + 1]):
                x = v[k + 1]
            else:
                x = v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            v[k] = x
            if x >= n and y >= m:
                return (n + m - d) // 2
    raise AssertionError("unreachable")


# ----------------------------------------------------------------------------------------------------------
# compare
# ----------------------------------------------------------------------------------------------------------

def truthy(s):
    s = s.strip().lower()
    if s in ("true", "1", "yes", "y", "t"):
        return True
    if s in ("false", "0", "no", "n", "f"):
        return False
    return None


def to_int(s):
    try:
        return int(s)
    except ValueError:
        return None


class PeerRow:
    """A row of the peer's CSV, its fields by name."""
    __slots__ = ("r",)
    index = {name: i for i, name in enumerate(PEER_HEADER)}

    def __init__(self, r):
        self.r = r

    def __getitem__(self, name):
        return self.r[self.index[name]]


def cmd_compare(args):
    gc.disable()  # half a million rows kept: the collector would rescan them again and again
    failed = 0

    def check(name, ok, detail=""):
        nonlocal failed
        if not ok:
            failed += 1
        print(f"check: {name:<44} {'ok' if ok else 'FAILED'}{'  (' + detail + ')' if detail else ''}")

    # The peer: the truth for counts, ids and order. Rows stay lists (half a million dicts are slow);
    # PeerRow gives them names where it matters.
    peer, peer_order = {}, []
    with open(args.peer, newline="") as f:
        rd = csv.reader(f)
        if next(rd) != PEER_HEADER:
            sys.exit("drift_pipeline: the peer CSV has an unexpected header")
        for r in rd:
            if not peer_order or peer_order[-1] != r[0]:
                peer_order.append(r[0])
            peer[(r[0], r[3])] = r

    with open(args.tandem, newline="") as f:
        rd = csv.reader(f, strict=True)
        try:
            header = next(rd)
        except StopIteration:
            header = []
        check("header", header == TANDEM_HEADER,
              "" if header == TANDEM_HEADER else f"got {','.join(header)[:200]}")
        if header != TANDEM_HEADER:
            col = {name: header.index(name) for name in TANDEM_HEADER if name in header}
            missing = [n for n in ("revision", "upstream", "fork", "state", "shared", "fork_only",
                                   "upstream_only") if n not in col]
            if missing:
                print(f"  cannot compare: no column {', '.join(missing)}")
                return 1
        else:
            col = {name: i for i, name in enumerate(TANDEM_HEADER)}
        rows, order, dup, bad_width, bad_rev, bad_state, bad_identical, bad_num = 0, [], 0, 0, 0, 0, 0, 0
        only_tandem, differ, compared, sim_bad, sim_checked = [], [], 0, 0, 0
        tree_bad = tree_checked = 0
        reused_t = reused_p = 0
        snapshots, states, trees = set(), {}, set()
        seen = set()
        hexre = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
        remap = None if header == TANDEM_HEADER else [col.get(n) for n in TANDEM_HEADER]
        have_identical = "identical" in col
        for r in rd:
            rows += 1
            if len(r) != len(header):
                bad_width += 1
                continue
            if remap:
                r = [r[i] if i is not None else "" for i in remap]
            (snap, rev, _, tree, up, fork, state, ident_s, _, sim_s, sh, fo, uo,
             _, _, _, _, _, _, reused_s, _, _, _) = r
            if not hexre.match(rev):
                bad_rev += 1
            if not order or order[-1] != rev:
                order.append(rev)
            snapshots.add(snap)
            key = (rev, fork)
            if key in seen:
                dup += 1
                continue
            seen.add(key)
            states[state] = states.get(state, 0) + 1
            p = peer.get(key)
            if p is None:
                only_tandem.append(key)
                continue
            _, p_tree, p_up, _, _, _, p_ident, p_sh, p_fo, p_uo, p_reused, _ = p
            compared += 1
            got = (to_int(sh), to_int(fo), to_int(uo))
            want = (int(p_sh), int(p_fo), int(p_uo))
            if None in got:
                bad_num += 1
            if got != want or up != p_up:
                differ.append((key, PeerRow(p), got, want, up))
            ident = p_ident == "true"
            if (state == "identical") != ident or state not in ("identical", "modified"):
                bad_state += 1
            if have_identical and truthy(ident_s) != ident:
                bad_identical += 1
            if truthy(reused_s):
                reused_t += 1
            if p_reused == "true":
                reused_p += 1
            if tree and hexre.match(tree):
                tree_checked += 1
                tree_bad += tree != p_tree
            elif len(trees) < 100:
                trees.add(tree)
            try:
                sim = float(sim_s[:-1]) / 100 if sim_s.endswith("%") else float(sim_s)
                total = want[0] * 2 + want[1] + want[2]
                exp = 1.0 if total == 0 else 2 * want[0] / total
                sim_checked += 1
                sim_bad += abs(sim - exp) > 0.006
            except ValueError:
                pass
    only_peer = [k for k in peer if k not in seen]

    print(f"tandem rows: {rows}; peer rows: {len(peer)}; compared: {compared}")
    print("tandem states: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    check("rows with the header's width", bad_width == 0, f"{bad_width} rows" if bad_width else "")
    check("revision is a full commit id", bad_rev == 0, f"{bad_rev} rows" if bad_rev else "")
    check("same commits, oldest first", order == peer_order,
          "" if order == peer_order else f"tandem {len(order)} (first {order[:1]}), peer {len(peer_order)} "
          f"(first {peer_order[:1]}); same set: {set(order) == set(peer_order)}")
    check("no (revision, fork) twice", dup == 0, f"{dup} rows" if dup else "")
    check("rows only in tandem", not only_tandem,
          f"{len(only_tandem)}, e.g. {only_tandem[:3]}" if only_tandem else "")
    check("rows only in the peer", not only_peer, f"{len(only_peer)}, e.g. {only_peer[:3]}" if only_peer else "")
    check("shared, fork_only, upstream_only agree", not differ, f"{len(differ)} rows differ" if differ else "")
    check("state agrees with the blob ids", bad_state == 0, f"{bad_state} rows" if bad_state else "")
    if "identical" in col:
        check("identical agrees with the blob ids", bad_identical == 0,
              f"{bad_identical} rows (value not true/false/1/0, or wrong)" if bad_identical else "")
    if bad_num:
        print(f"  {bad_num} rows have a count that is not an integer")
    # Facts, not checks: columns the contract leaves open.
    print(f"info: snapshot values: {len(snapshots)} distinct for {len(order)} commits")
    if tree_checked:
        print(f"info: tree = the commit's tree id in {tree_checked - tree_bad} of {tree_checked} rows")
    else:
        print(f"info: tree column: {len(trees)} distinct values, no object ids (e.g. {sorted(trees)[:2]})")
    if sim_checked:
        print(f"info: similarity = 2*shared/(original+copy lines), within 0.006, in {sim_checked - sim_bad} "
              f"of {sim_checked} rows")
    print(f"info: rows marked reused: tandem {reused_t}, peer {reused_p} (peer: same blob ids as the "
          f"previous commit)")

    if differ:
        by_ids = {}
        for d in differ:
            by_ids.setdefault((d[1]["upstream_blob"], d[1]["fork_blob"]), []).append(d)
        print(f"disagreements: {len(differ)} rows, {len(by_ids)} distinct (original blob, copy blob) pairs; "
              f"first {min(args.examples, len(differ))}:")
        for (rev, fork), p, got, want, up in differ[:args.examples]:
            line = (f"  {rev[:12]} {fork}: tandem shared/fork_only/upstream_only {got}, peer {want}"
                    + (f", tandem upstream {up!r} vs {p['upstream']!r}" if up != p["upstream"] else ""))
            if args.repo:
                a = git(args.repo, "cat-file", "blob", p["upstream_blob"])
                b = git(args.repo, "cat-file", "blob", p["fork_blob"])
                lcs = exact_lcs(a, b)
                ex = (lcs, count_lines(b) - lcs, count_lines(a) - lcs)
                line += f"; exact LCS {ex}: {'peer' if ex == want else 'tandem' if ex == got else 'neither'} right"
            print(line)
        print("  (to look: git -C REPO show REV:UPSTREAM > a; git -C REPO show REV:FORK > b; diff --minimal a b)")
    return 1 if failed else 0


# ----------------------------------------------------------------------------------------------------------
# fake, verify
# ----------------------------------------------------------------------------------------------------------

def cmd_fake(args):
    rng = random.Random(args.seed)
    with open(args.peer, newline="") as f:
        rd = csv.reader(f)
        next(rd)
        rows = [dict(zip(PEER_HEADER, r)) for r in rd]
    corrupt = set(rng.sample(range(len(rows)), args.corrupt)) if args.corrupt else set()
    snap, last = -1, None
    with open(args.output, "w", newline="") as out:
        wr = csv.writer(out, lineterminator="\n")
        wr.writerow(TANDEM_HEADER)
        for i, p in enumerate(rows):
            if p["revision"] != last:
                snap, last = snap + 1, p["revision"]
            s, fo, uo = int(p["shared"]), int(p["fork_only"]), int(p["upstream_only"])
            if i in corrupt:
                s, fo, uo = s - 1, fo + 1, uo + 1
            total = 2 * s + fo + uo
            ident = p["identical"] == "true"
            wr.writerow([snap, p["revision"], "2015-01-01T00:00:00Z", p["tree"], p["upstream"], p["fork"],
                         "identical" if ident else "modified", str(ident).lower(), str(ident).lower(),
                         f"{(1.0 if total == 0 else 2 * s / total):.4f}", s, fo, uo, 0 if ident else 1, 0, fo,
                         "", 0, 0, p["reused"], "", "", 0])
    print(f"fake: {len(rows)} rows, {len(corrupt)} corrupted")


def cmd_verify(args):
    rng = random.Random(args.seed)
    pairs = {}
    with open(args.peer, newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for r in rd:
            p = dict(zip(PEER_HEADER, r))
            if p["recomputed"] == "true" and p["identical"] == "false":
                pairs[(p["upstream_blob"], p["fork_blob"])] = (int(p["shared"]), p["revision"], p["fork"])
    keys = sorted(pairs)
    if args.sample and args.sample < len(keys):
        keys = rng.sample(keys, args.sample)
    blobs = Blobs(args.repo, True)
    bad, t0, worst = [], time.monotonic(), 0
    for k in keys:
        a, b = blobs.get(k[0]), blobs.get(k[1])
        lcs = exact_lcs(a, b)
        worst = max(worst, count_lines(a) + count_lines(b) - 2 * lcs)
        if lcs != pairs[k][0]:
            bad.append((k, lcs, pairs[k]))
    blobs.close()
    print(f"verify: {len(keys)} of {len(pairs)} distinct recomputed pairs checked with an exact LCS in "
          f"{time.monotonic() - t0:.1f} s; largest edit distance {worst}; diff --minimal wrong on {len(bad)}")
    for k, lcs, (shared, rev, fork) in bad[:5]:
        print(f"  {rev[:12]} {fork}: diff says shared {shared}, exact {lcs}")
    return 1 if bad else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--repo", required=True)
    r.add_argument("--revs", default="HEAD")
    r.add_argument("--map")
    r.add_argument("--batch", action="store_true")
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--stats")
    c = sub.add_parser("compare")
    c.add_argument("tandem")
    c.add_argument("peer")
    c.add_argument("--repo")
    c.add_argument("--examples", type=int, default=5)
    f = sub.add_parser("fake")
    f.add_argument("peer")
    f.add_argument("-o", "--output", required=True)
    f.add_argument("--corrupt", type=int, default=0)
    f.add_argument("--seed", type=int, default=1)
    v = sub.add_parser("verify")
    v.add_argument("peer")
    v.add_argument("--repo", required=True)
    v.add_argument("--sample", type=int, default=0)
    v.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    sys.exit({"run": cmd_run, "compare": cmd_compare, "fake": cmd_fake, "verify": cmd_verify}[args.cmd](args) or 0)


if __name__ == "__main__":
    main()
