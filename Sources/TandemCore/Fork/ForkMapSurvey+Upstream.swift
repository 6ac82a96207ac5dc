/// `tandem map --discover` with an upstream tree: a proposed map pairing the fork's files with upstream's,
/// where the plain `propose` can only look for copies inside one tree.
///
/// 1. *Overlay.* A top folder of the fork with two or more files (and at least 10% of its files) that sit at the same
///    path upstream once the folder's name is taken off (`linux-2.6-xen-sparse/mm/memory.c` and
///    `mm/memory.c`) is a sparse fork laid over the upstream root: `./` → `FOLDER/`. The rest of the search
///    looks at the fork's paths with that folder taken off.
/// 2. *Directory layouts.* A fork file that is not at the same path upstream votes for each upstream file
///    with the same file name and parent folder name (`arch/xen/i386/kernel/setup.c` for
///    `arch/i386/kernel/setup.c`) that shares at least 60% of its lines: the vote goes to the two folders
///    where their shared tail starts, its first folder included (`arch/i386/` → `arch/xen/i386/`). Two votes make a mapping; the
///    strongest, outermost pairs are kept, as in `propose`.
/// 3. *Suffix copies.* `X-SUFFIX.ext` in the fork where upstream has `X.ext` at the same place, two or
///    more in one top folder, propose `DIR/**/*.ext` → `DIR/**/*-SUFFIX.ext` (with the overlay folder in
///    front).
/// The overlay comes first in the proposal, so the more specific layout mappings after it claim their
/// files (`ForkMap+Claims`).
///
/// Complexity: one listing of each tree; a fork file is compared with the upstream files of its name and
/// folder (at most 16 candidates), each comparison reading two files.
extension ForkMapSurvey {
    public static func propose(fork: FileTree, upstream: FileTree) throws -> [ForkMapping] {
        let forkPaths = try fork.paths(under: [])
        let upstreamPaths = try upstream.paths(under: [])
        let upstreamSet = Set(upstreamPaths)
        var proposals: [ForkMapping] = []

        // 1. Overlay.
        var byTop: [[UInt8]: (files: Int, overrides: Int)] = [:]
        for path in forkPaths {
            guard let slash = path.firstIndex(of: ASCII.slash) else { continue }
            let top = Array(path[..<slash]), rest = Array(path[(slash + 1)...])
            byTop[top, default: (0, 0)].files += 1
            if upstreamSet.contains(rest) { byTop[top, default: (0, 0)].overrides += 1 }
        }
        let overlay = byTop.filter { $0.value.overrides >= 2 && 10 * $0.value.overrides >= $0.value.files }
            .max { ($0.value.overrides, $1.key.count) < ($1.value.overrides, $0.key.count) }?.key
        var prefix: [UInt8] = []
        if let overlay {
            prefix = overlay + [ASCII.slash]
            proposals.append(ForkMapping(upstream: "./", fork: String(decoding: prefix, as: UTF8.self)))
        }
        let relative: [[UInt8]] = forkPaths.compactMap { path in
            guard path.starts(with: prefix) else { return nil }
            return Array(path[prefix.count...])
        }

        // 2. Directory layouts.
        func tail(_ parts: [[UInt8]]) -> [UInt8] { Array(parts.suffix(2).joined(separator: [ASCII.slash])) }
        var upstreamByTail: [[UInt8]: [[[UInt8]]]] = [:]
        for path in upstreamPaths {
            let parts = path.split(separator: ASCII.slash).map(Array.init)
            guard parts.count >= 2 else { continue }
            upstreamByTail[tail(parts), default: []].append(parts)
        }
        var votes: [[[UInt8]]: Int] = [:]
        for path in relative where !upstreamSet.contains(path) {
            let parts = path.split(separator: ASCII.slash).map(Array.init)
            guard parts.count >= 2, let candidates = upstreamByTail[tail(parts)], candidates.count <= 16,
                let copied = try fork.file(at: prefix + path)
            else { continue }
            for original in candidates {
                var common = 0
                while common < min(parts.count, original.count) - 1,
                    parts[parts.count - 1 - common] == original[original.count - 1 - common]
                {
                    common += 1
                }
                guard common >= 2 else { continue }
                // The folders where the shared tail starts, its first folder included (`arch/xen/i386`).
                let forkDirectory = Array(parts[..<(parts.count - common + 1)].joined(separator: [ASCII.slash]))
                let upstreamDirectory = Array(
                    original[..<(original.count - common + 1)].joined(separator: [ASCII.slash]))
                guard !forkDirectory.isEmpty, !upstreamDirectory.isEmpty, forkDirectory != upstreamDirectory,
                    let source = try upstream.file(at: Array(original.joined(separator: [ASCII.slash]))),
                    similarity(source.bytes, copied.bytes) >= 0.6
                else { continue }
                votes[[upstreamDirectory, forkDirectory], default: 0] += 1
            }
        }
        var layouts: [ForkMapping] = []
        for (pair, count) in votes.sorted(by: {
            $0.value != $1.value ? $0.value > $1.value : $0.key[1].count < $1.key[1].count
        }) where count >= 2 {
            let up = String(decoding: pair[0] + [ASCII.slash], as: UTF8.self)
            let fk = String(decoding: prefix + pair[1] + [ASCII.slash], as: UTF8.self)
            // A fork folder belongs to one proposal: drop a weaker pair inside a kept one's fork side.
            if layouts.contains(where: { fk.hasPrefix($0.fork.description) || $0.fork.description.hasPrefix(fk) }) {
                continue
            }
            layouts.append(ForkMapping(upstream: up, fork: fk))
        }
        proposals += layouts

        // 3. Suffix copies.
        var suffixes: [String: [[UInt8]]] = [:]
        for path in relative {
            guard let slash = path.lastIndex(of: ASCII.slash).map({ $0 + 1 }) ?? Optional(0),
                let dot = path[slash...].lastIndex(of: UInt8(ascii: ".")),
                let dash = path[slash..<dot].lastIndex(of: ASCII.minus),
                upstreamSet.contains(Array(path[..<dash]) + Array(path[dot...]))
            else { continue }
            let top = path.firstIndex(of: ASCII.slash).map { Array(path[...$0]) } ?? []
            let key =
                String(decoding: path[(dash + 1)..<dot], as: UTF8.self) + "|"
                + String(decoding: path[dot...], as: UTF8.self)
                + "|" + String(decoding: top, as: UTF8.self)
            suffixes[key, default: []].append(path)
        }
        for (key, paths) in suffixes.sorted(by: { $0.key < $1.key }) where paths.count >= 2 {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { continue }
            proposals.append(
                ForkMapping(
                    upstream: parts[2] + "**/*" + parts[1],
                    fork: String(decoding: prefix, as: UTF8.self) + parts[2] + "**/*-" + parts[0] + parts[1]))
        }
        return proposals
    }
}
