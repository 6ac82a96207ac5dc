"""bench/patches.py -- the unified diffs of `apply` and `port`: file sections and hunks, the sparse tree, and the
file a set of hunks gives when each goes in at its true place.

Works on bytes throughout (kernel sources have lines that are not UTF-8); paths are str, decoded with
surrogateescape.
"""
import os
import re
import shutil
import sys

HUNK_RE = re.compile(rb'^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@')
EPOCH = re.compile(rb'\t1970-01-01 00:00:00(\.0+)? \+0000$')
KEEP = '.tandem-bench-keep'
MARK = b' /* tandem-bench drift */'


class Hunk:
    def __init__(self, number, old_start, old_len, lines):
        self.number = number          # 1-based within its file section
        self.old_start = old_start    # stated old line (1-based; for an empty pre-image, the line before)
        self.old_len = old_len
        self.lines = lines            # body lines with their ' ', '-', '+', '\\' prefix

    def first_index(self):
        """0-based index in the old file of the pre-image's first line."""
        return self.old_start - 1 if self.old_len else self.old_start


class FileEntry:
    def __init__(self, path, action):
        self.path = path
        self.action = action          # modify, new, delete
        self.hunks = []


def strip_name(header, strip):
    name = header.split(b'\t', 1)[0]
    if name.startswith(b'"') and name.endswith(b'"'):
        name = name[1:-1]
    return b'/'.join(name.split(b'/')[strip:]).decode('utf-8', 'surrogateescape')


def split_lines(data):
    lines = data.split(b'\n')
    return [line + b'\n' for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def parse_patch_bytes(data, strip):
    """The file sections of a `diff -urN`-style patch (git's a/ b/ names work too), with their hunks."""
    lines = split_lines(data)
    files, current, i, n = [], None, 0, len(lines)
    while i < n:
        line = lines[i]
        if line.startswith(b'--- ') and i + 1 < n and lines[i + 1].startswith(b'+++ '):
            old_h, new_h = line[4:].rstrip(b'\n'), lines[i + 1][4:].rstrip(b'\n')
            if old_h.startswith(b'/dev/null') or EPOCH.search(old_h):
                current = FileEntry(strip_name(new_h, strip), 'new')
            elif new_h.startswith(b'/dev/null') or EPOCH.search(new_h):
                current = FileEntry(strip_name(old_h, strip), 'delete')
            else:
                current = FileEntry(strip_name(new_h, strip), 'modify')
            files.append(current)
            i += 2
            continue
        m = HUNK_RE.match(line)
        if m and current is not None:
            old_len = int(m.group(2)) if m.group(2) is not None else 1
            new_len = int(m.group(4)) if m.group(4) is not None else 1
            body, o, nn = [], 0, 0
            i += 1
            while i < n and (o < old_len or nn < new_len):
                c = lines[i][:1]
                if c in (b' ', b'\n'):
                    o += 1
                    nn += 1
                elif c == b'-':
                    o += 1
                elif c == b'+':
                    nn += 1
                elif c != b'\\':
                    break
                body.append(lines[i])
                i += 1
            while i < n and lines[i].startswith(b'\\'):
                body.append(lines[i])
                i += 1
            current.hunks.append(Hunk(len(current.hunks) + 1, int(m.group(1)), old_len, body))
            continue
        i += 1
    return files


def parse_patch(path, strip):
    with open(path, 'rb') as f:
        return parse_patch_bytes(f.read(), strip)


def sections_summary(entries):
    """'N file sections (D delete, M modify, W new), H hunks'."""
    counts = {}
    for e in entries:
        counts[e.action] = counts.get(e.action, 0) + 1
    return '%d file sections (%s), %d hunks' % (
        len(entries), ', '.join('%d %s' % (v, k) for k, v in sorted(counts.items())),
        sum(len(e.hunks) for e in entries))


def strip_level(first_old_name, top):
    """The -p level that applies a patch from inside a copy of the tree TOP, from the patch's first '--- ' name:
    old/<top>/PATH is -p2, <top>/PATH is -p1; None when neither."""
    if first_old_name.startswith(f'old/{top}/'):
        return 2
    if first_old_name.startswith(f'{top}/'):
        return 1
    return None


def first_old_name(path):
    """The first '--- ' name of the patch at PATH (up to its tab), or ''."""
    with open(path, 'rb') as f:
        for line in f:
            if line.startswith(b'--- '):
                return line[4:].rstrip(b'\n').split(b'\t', 1)[0].decode('utf-8', 'surrogateescape')
    return ''


def edited(line):
    """LINE with the drift mark at its end (before its newline)."""
    return line[:-1] + MARK + b'\n' if line.endswith(b'\n') else line + MARK


def read_or_none(path):
    try:
        with open(path, 'rb') as f:
            return f.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


# ---- the sparse tree ------------------------------------------------------------------------------------

def make_sparse(entries, old, dest, mkdirs=False):
    """Copy into DEST every file the patch modifies or deletes, at its path relative to the tree OLD.

    - A symbolic link is copied as the file it points to: `diff -urN` followed links, so the patch has a
      section for the link's path *and* one for its target, and in the real tree the second would hit an
      already patched file. Here each path is its own regular file and each section applies once.
    - A new file's parent directories are made as far as they exist in the old tree (directories the patch
      brings are the tools' to make), or all of them with MKDIRS.
    - Each directory above a deleted file that holds more in the real tree gets an empty placeholder
      (.tandem-bench-keep), so that deleting the file does not empty, and remove, a directory that stays
      in the real tree.
    -> the one-line summary. Raises SystemExit when files the patch changes are missing from OLD.
    """
    old, dest = str(old), str(dest)
    os.makedirs(dest, exist_ok=True)
    copied = links = missing = keeps = size = 0
    for e in entries:
        src, dst = os.path.join(old, e.path), os.path.join(dest, e.path)
        if e.action == 'new':
            parent = os.path.dirname(e.path)
            while parent and not mkdirs and not os.path.isdir(os.path.join(old, parent)):
                parent = os.path.dirname(parent)
            if parent:
                os.makedirs(os.path.join(dest, parent), exist_ok=True)
            continue
        if not os.path.isfile(src):
            missing += 1
            print('sparse: not in the old tree: %s' % e.path, file=sys.stderr)
            continue
        links += os.path.islink(src)
        os.makedirs(os.path.dirname(dst) or dest, exist_ok=True)
        shutil.copy2(src, dst)   # follows links
        copied += 1
        size += os.path.getsize(dst)
    if missing:
        sys.exit('sparse: %d files the patch changes are not in %s' % (missing, old))
    for e in entries:
        if e.action != 'delete':
            continue
        parent = os.path.dirname(e.path)
        while parent:
            real, here = os.path.join(old, parent), os.path.join(dest, parent)
            if set(os.listdir(real)) - set(os.listdir(here)):
                if not os.path.exists(os.path.join(here, KEEP)):
                    open(os.path.join(here, KEEP), 'wb').close()
                    keeps += 1
                break
            parent = os.path.dirname(parent)
    return 'sparse tree: %d files (%.1f MiB; %d were symbolic links, copied as files), %d placeholders%s' % (
        copied, size / 1048576, links, keeps, '; every parent of a new file made (--mkdirs)' if mkdirs else '')


# ---- the truth ------------------------------------------------------------------------------------------

def change_blocks(body):
    """(start, end) index ranges of the runs of -/+ lines in BODY."""
    out, j = [], 0
    while j < len(body):
        if body[j][:1] in (b'-', b'+'):
            k = j
            while k < len(body) and body[k][:1] in (b'-', b'+', b'\\'):
                k += 1
            out.append((j, k))
            j = k
        else:
            j += 1
    return out


def apply_hunk(h, region, mode=None):
    """The lines REGION (the file's lines where H's pre-image sits) become with H applied. MODE (see
    expected_results) says what becomes of a change block holding a line the drift edited."""
    body, k, new = h.lines, 0, []
    marked_blocks = set()
    if mode:
        for b0, b1 in change_blocks(body):
            kk = sum(1 for line in body[:b0] if line[:1] in (b' ', b'\n', b'-'))
            removed = [line for line in body[b0:b1] if line[:1] == b'-']
            if any(kk + n < len(region) and region[kk + n].endswith(MARK + b'\n') for n in range(len(removed))):
                marked_blocks.add(b0)
    spans = dict(change_blocks(body))
    j = 0
    while j < len(body):
        line = body[j]
        c = line[:1]
        if j in spans and j in marked_blocks:
            b1 = spans[j]
            removed = [x for x in body[j:b1] if x[:1] == b'-']
            added = [x for x in body[j:b1] if x[:1] == b'+']
            if mode == 'partial':
                new.extend(region[k:k + len(removed)])
            else:  # merged
                for n, a in enumerate(added):
                    out = a[1:]
                    if n < len(removed) and k + n < len(region) and region[k + n].endswith(MARK + b'\n') \
                            and len(removed) == len(added):
                        out = out[:-1] + MARK + b'\n' if out.endswith(b'\n') else out + MARK
                    new.append(out)
            k += len(removed)
            j = b1
            continue
        if c in (b' ', b'\n'):
            new.append(region[k] if k < len(region) else line[1:])
            k += 1
        elif c == b'-':
            k += 1
        elif c == b'+':
            out = line[1:]
            if j + 1 < len(body) and body[j + 1][:1] == b'\\' and out.endswith(b'\n'):
                out = out[:-1]
            new.append(out)
        j += 1
    return new


def expected_results(text, hunks, places, numbers, modes=None):
    """The drifted file TEXT (a list of lines) with the hunks NUMBERS applied where they belong: context
    lines kept as the file has them, removed lines dropped, added lines put in. PLACES maps a hunk number to
    its true 0-based index in the drifted file, or to a list of them (a duplicated pre-image fits at the copy
    as well as at the original); one result per combination, as a set of bytes.
    MODES maps a hunk whose removed line the drift edited (it ends with MARK) to how it may come out:
    'merged' -- applied, with MARK carried onto the added line that replaces the edited one (a word-level
    merge: the fork's comment kept beside upstream's edit; only for a change of as many lines as it
    removes); 'partial' -- every change of the hunk applied except the one holding the edited line."""
    modes = modes or {}
    chosen = sorted((h for h in hunks if h.number in numbers), key=lambda h: h.first_index())
    options = [places[h.number] if isinstance(places[h.number], list) else [places[h.number]] for h in chosen]
    results = set()

    def build(picks):
        out = list(text)
        for h, at in sorted(zip(chosen, picks), key=lambda hp: -hp[1]):
            out[at:at + h.old_len] = apply_hunk(h, out[at:at + h.old_len], modes.get(h.number))
        return b''.join(out)

    def walk(i, picks):
        if i == len(options):
            results.add(build(picks))
            return
        for at in options[i]:
            walk(i + 1, picks + [at])
    walk(0, [])
    return results
