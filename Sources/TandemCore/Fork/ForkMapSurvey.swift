/// `tandem map`: every (original, copy) pair a fork map describes, with its state; and a proposal of a map for
/// a tree that has none.
public enum ForkMapSurvey {
    /// One pair and how the copy stands.
    public struct Pair: Sendable, Equatable {
        public enum State: String, Sendable, CaseIterable {
            /// Copy and original are byte-identical: the copy could be dropped and the original shared.
            case identical
            /// The copy differs from its original.
            case modified
            /// A copy whose original is not in the upstream tree.
            case forkOnly = "fork-only"
            /// A single-file mapping whose upstream file does not exist.
            case upstreamMissing = "upstream-missing"
            /// No copy, and the fork's shared list names the original: the build shares it.
            case sharedUnmodified = "shared-unmodified"
            /// No copy and not shared (the fork neither changed nor uses it, or a copy is missing).
            case notCopied = "not-copied"
        }

        public var upstream: [UInt8]?
        public var fork: [UInt8]?
        public var state: State
        /// The map line of the mapping.
        public var line: Int
    }

    /// The literal directory before a pattern's first wildcard (`arch/i386/**/*.c` → `arch/i386`).
    static func literalDirectory(_ pattern: PathPattern) -> [UInt8] {
        if pattern.isRoot { return [] }
        let text = Array(pattern.description.utf8)
        let wildcard = text.firstIndex(of: UInt8(ascii: "*")) ?? text.count
        if wildcard == text.count && text.last != ASCII.slash { return text }  // a single file
        let head = text[..<wildcard]
        guard let slash = head.lastIndex(of: ASCII.slash) else { return [] }
        return Array(head[..<slash])
    }

    /// The pairs of every mapping, upstream side first, then copies without originals. Each copy belongs
    /// to the mapping that claims it (the most specific, `ForkMap+Claims`); a tie throws `ClaimTie`. An
    /// overlay (`./` → `sparse/`) lists only the files its folder holds: an upstream file it does not
    /// override is not a pair, and the upstream tree is not walked for it.
    public static func pairs(map: ForkMap, upstream: FileTree, fork: FileTree) throws -> [Pair] {
        let shared = try map.sharedList.flatMap { try fork.file(at: Array($0.utf8)) }?.bytes
        var out: [Pair] = []
        for (index, mapping) in map.mappings.enumerated() {
            func claimed(_ copy: [UInt8]) throws -> Bool { try map.claimingMapping(ofCopy: copy) == index }
            var seenCopies = Set<[UInt8]>()
            let copiesHere = try fork.paths(under: [literalDirectory(mapping.fork)]).filter {
                mapping.fork.captures($0) != nil
            }
            let originals = try Self.originals(of: mapping, map: map, upstream: upstream, copies: copiesHere)
            if mapping.upstream.isSingleFile && originals.isEmpty {
                out.append(
                    Pair(
                        upstream: Array(mapping.upstream.description.utf8), fork: Array(mapping.fork.description.utf8),
                        state: .upstreamMissing, line: mapping.line))
            }
            for original in originals {
                guard let copy = mapping.forkPath(for: original) else { continue }
                if copy == original && !mapping.upstream.isSingleFile { continue }
                guard try claimed(copy) else { continue }
                seenCopies.insert(copy)
                let state: Pair.State
                if let copied = try fork.file(at: copy) {
                    let source = try upstream.file(at: original)
                    state = source?.bytes == copied.bytes ? .identical : .modified
                } else {
                    state = Porter.isShared(original, in: shared) ? .sharedUnmodified : .notCopied
                }
                out.append(Pair(upstream: original, fork: copy, state: state, line: mapping.line))
            }
            for copy in copiesHere where !seenCopies.contains(copy) {
                guard let original = mapping.upstreamPath(for: copy), original != copy, try claimed(copy) else {
                    continue
                }
                if try upstream.file(at: original) == nil {
                    out.append(Pair(upstream: original, fork: copy, state: .forkOnly, line: mapping.line))
                }
            }
        }
        // An original with a copy under one mapping is not also "not copied" under another that covers it
        // (a folder layout beside a file pattern for one of its files): each file is counted once.
        let copied = Set(out.filter { $0.state == .identical || $0.state == .modified }.compactMap(\.upstream))
        return out.filter { pair in
            !(pair.state == .notCopied || pair.state == .sharedUnmodified) || !copied.contains(pair.upstream ?? [])
        }
    }

    /// The originals `mapping` pairs with copies, in path order, originals that are copies themselves left
    /// out: listed on the upstream side, or, for a root mapping (an overlay), from `copies`, the files the
    /// fork holds under it, which is asked for only then.
    static func originals(
        of mapping: ForkMapping, map: ForkMap, upstream: FileTree, copies: @autoclosure () throws -> [[UInt8]]
    ) throws -> [[UInt8]] {
        guard mapping.isSparse else {
            return try upstream.paths(under: [literalDirectory(mapping.upstream)])
                .filter { mapping.upstream.captures($0) != nil && !map.isCopy($0) }
        }
        return try copies().compactMap { copy in
            guard let original = mapping.upstreamPath(for: copy), try upstream.contains(original) else { return nil }
            return original
        }.filter { !map.isCopy($0) }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A proposed map for `tree`, from its layout:
    /// - *directory copies*: files with the same name and the same last directories under two different
    ///   prefixes (`arch/i386/kernel/process.c` and `arch/xen/i386/kernel/process.c`), sharing at least 60%
    ///   of their lines (siblings such as i386 and x86_64 share far less), vote for a mapping of the two
    ///   directories; the side with fewer files is the fork (forks copy only what they change). A mapping
    ///   needs at least two votes.
    /// - *suffix copies*: `X-SUFFIX.ext` beside `X.ext` (`process-xen.c` beside `process.c`), two or more in
    ///   the same top directory, propose `DIR/**/*.ext` → `DIR/**/*-SUFFIX.ext`.
    /// - *renamed copies*: a file in a proposed copy directory whose name has no original is matched by
    ///   content to the most similar not-yet-copied file of the upstream directory (≥ 60% shared lines), and
    ///   proposed as a single-file mapping.
    public static func propose(_ tree: FileTree) throws -> [ForkMapping] {
        let paths = try tree.paths(under: [])
        var directoryFiles: [[UInt8]: Int] = [:]
        var byTail: [[UInt8]: [[[UInt8]]]] = [:]
        for path in paths {
            let parts = path.split(separator: ASCII.slash).map(Array.init)
            for k in 1..<max(parts.count, 1) {
                directoryFiles[Array(parts[..<k].joined(separator: [ASCII.slash])), default: 0] += 1
            }
            guard parts.count >= 2 else { continue }
            byTail[parts.suffix(2).joined(separator: [ASCII.slash]).map { $0 }, default: []].append(parts)
        }
        var votes: [[[UInt8]]: Int] = [:]
        for (_, group) in byTail where group.count >= 2 && group.count <= 16 {
            for i in group.indices {
                for j in group.indices where j > i {
                    let a = group[i], b = group[j]
                    var common = 0
                    while common < min(a.count, b.count) - 1, a[a.count - 1 - common] == b[b.count - 1 - common] {
                        common += 1
                    }
                    guard common >= 2 else { continue }
                    // The directories where the shared subtree starts.
                    let da = Array(a[..<(a.count - common + 1)].joined(separator: [ASCII.slash]))
                    let db = Array(b[..<(b.count - common + 1)].joined(separator: [ASCII.slash]))
                    guard da != db else { continue }
                    // A copy shares most of its lines with its original; siblings (i386 and x86_64) much less.
                    let fa = try tree.file(at: Array(a.joined(separator: [ASCII.slash]))),
                        fb = try tree.file(at: Array(b.joined(separator: [ASCII.slash])))
                    guard let fa, let fb, similarity(fa.bytes, fb.bytes) >= 0.6 else { continue }
                    votes[[da, db].sorted { $0.lexicographicallyPrecedes($1) }, default: 0] += 1
                }
            }
        }
        var proposals: [ForkMapping] = []
        let names = Set(paths)
        // Keep the strongest, outermost pairs: drop a pair nested inside an already kept one.
        for (pair, count) in votes.sorted(by: {
            $0.value != $1.value ? $0.value > $1.value : $0.key[0].count < $1.key[0].count
        }) where count >= 2 {
            let (a, b) = (pair[0], pair[1])
            let filesA = directoryFiles[a] ?? 0, filesB = directoryFiles[b] ?? 0
            let (upstream, fork) = filesA > filesB || (filesA == filesB && a.count < b.count) ? (a, b) : (b, a)
            let up = String(decoding: upstream + [ASCII.slash], as: UTF8.self),
                fk = String(decoding: fork + [ASCII.slash], as: UTF8.self)
            // A copy directory belongs to one mapping, and is never itself an original (no chains): drop a
            // weaker pair whose fork side lies inside a kept pair's upstream or fork side, or whose upstream
            // side lies inside a kept fork side.
            if proposals.contains(where: { kept in
                let keptUp = kept.upstream.description, keptFork = kept.fork.description
                return fk.hasPrefix(keptUp) || fk.hasPrefix(keptFork) || up.hasPrefix(keptFork)
            }) {
                continue
            }
            proposals.append(ForkMapping(upstream: up, fork: fk))
        }
        // Renamed copies: a file in a copy directory with no original of its name is matched by content to
        // the most similar file of the upstream directory that has no copy (at least 60% shared lines).
        for mapping in proposals where !mapping.upstream.isSingleFile {
            let upDir = ForkMapSurvey.literalDirectory(mapping.upstream),
                forkDir = ForkMapSurvey.literalDirectory(mapping.fork)
            let copies = paths.filter { pathIsSelected($0, by: [forkDir]) }
            let originals = paths.filter { pathIsSelected($0, by: [upDir]) }
            let unmatchedCopies = copies.filter { copy in
                mapping.upstreamPath(for: copy).map { !names.contains($0) } ?? false
            }
            let uncopied = originals.filter { original in
                mapping.forkPath(for: original).map { !names.contains($0) } ?? false
            }
            guard !unmatchedCopies.isEmpty, unmatchedCopies.count * uncopied.count <= 200_000 else { continue }
            for copy in unmatchedCopies {
                guard let copied = try tree.file(at: copy) else { continue }
                var best: (path: [UInt8], score: Double)?
                for original in uncopied {
                    guard let source = try tree.file(at: original) else { continue }
                    let score = similarity(source.bytes, copied.bytes)
                    if score >= 0.6, score > (best?.score ?? 0) { best = (original, score) }
                }
                if let best {
                    proposals.append(
                        ForkMapping(
                            upstream: String(decoding: best.path, as: UTF8.self),
                            fork: String(decoding: copy, as: UTF8.self)))
                }
            }
        }
        // Suffix copies.
        var suffixes: [String: [[UInt8]]] = [:]
        for path in paths {
            guard let slash = path.lastIndex(of: ASCII.slash).map({ $0 + 1 }) ?? Optional(0),
                let dot = path[slash...].lastIndex(of: UInt8(ascii: ".")),
                let dash = path[slash..<dot].lastIndex(of: ASCII.minus)
            else { continue }
            let original = Array(path[..<dash]) + Array(path[dot...])
            guard names.contains(original) else { continue }
            let key =
                String(decoding: path[(dash + 1)..<dot], as: UTF8.self) + "|"
                + String(decoding: path[dot...], as: UTF8.self)
            suffixes[key, default: []].append(Array(path[..<slash]))
        }
        for (key, directories) in suffixes.sorted(by: { $0.key < $1.key }) where directories.count >= 2 {
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 2 else { continue }
            var top = directories[0]
            for directory in directories.dropFirst() {
                var k = 0
                while k < min(top.count, directory.count), top[k] == directory[k] { k += 1 }
                top = Array(top[..<k])
            }
            if let slash = top.lastIndex(of: ASCII.slash) { top = Array(top[...slash]) } else { top = [] }
            let base = String(decoding: top, as: UTF8.self)
            proposals.append(
                ForkMapping(
                    upstream: base + "**/*" + parts[1], fork: base + "**/*-" + parts[0] + parts[1], policy: .flag))
        }
        return proposals
    }

    /// 2 × shared lines / (lines of a + lines of b), over line multisets: 1 for identical files.
    static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let la = TextFile(bytes: a).lines, lb = TextFile(bytes: b).lines
        guard !la.isEmpty || !lb.isEmpty else { return 1 }
        var counts: [Bytes: Int] = [:]
        for line in la { counts[line, default: 0] += 1 }
        var shared = 0
        for line in lb where (counts[line] ?? 0) > 0 {
            counts[line, default: 0] -= 1
            shared += 1
        }
        return 2 * Double(shared) / Double(la.count + lb.count)
    }

    /// A map as `tandem.yml` text; `notes[i]`, when there is one, ends the line of `mappings[i]` as a comment.
    public static func yaml(_ mappings: [ForkMapping], notes: [String?] = []) -> String {
        var out = "# Proposed by tandem map --discover; check every line before relying on it.\nforks:\n"
        for (index, mapping) in mappings.enumerated() {
            out +=
                "  - {upstream: \"\(mapping.upstream)\", fork: \"\(mapping.fork)\""
                + (mapping.policy == .port ? "" : ", policy: \(mapping.policy.rawValue)")
                + (mapping.sparse ? ", sparse: true" : "") + "}"
                + ((index < notes.count ? notes[index] : nil).map { "   # " + $0 } ?? "") + "\n"
        }
        return out
    }

    /// For a folder mapping, how many of the upstream folder's files the fork folder holds a copy of, as a
    /// comment for the proposal: a folder that copies few of them may be one that needs no others (the
    /// kernel's `tools/` headers: `sparse: true`), or one whose build takes the rest from upstream (a Xen
    /// tree); the layout does not tell which. Nil for other mappings.
    public static func copiedShare(of mapping: ForkMapping, upstream: FileTree, fork: FileTree) throws -> String? {
        let text = mapping.upstream.description
        guard text.hasSuffix("/"), !mapping.upstream.isRoot, !text.contains("*") else { return nil }
        let originals = try upstream.paths(under: [literalDirectory(mapping.upstream)])
        let copied = try originals.filter { original in
            try mapping.forkPath(for: original).map { try fork.contains($0) } ?? false
        }.count
        guard copied < originals.count else { return nil }
        return "copies \(copied) of the \(originals.count) files under \(text) (sparse: true if the fork needs no "
            + "copy of the others)"
    }
}
