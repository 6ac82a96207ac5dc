/// The problems that make a fork map unusable, each with its mapping's line, in this order:
/// 1. a mapping whose two patterns do not have the same wildcards, in map order;
/// 2. chains: a mapping whose original is another mapping's copy (`a/ → b/`, then `b/ → c/`), ordered by
///    the mapping whose copy it is, then by map order. A mapping onto itself (`mm/x.c → mm/x.c`, the same
///    path in another tree) takes no part in a chain;
/// 3. overlaps: two mappings with different originals whose copy folders (literal, ending in `/`) are the
///    same, or nested while their originals do not nest the same way (a copy there would have two
///    originals). Ordered by the earlier mapping, then the later; the message is on the later one's line.
/// Patterns are compared as text, as Swift compares strings: equal when canonically equivalent, a prefix
/// character by character. The loader reports the first problem only, so the order is part of the result.
///
/// Complexity. Comparing every pair of mappings took 51 s for 8,000 of them. Instead, a chain is found by
/// looking each copy up in a table of originals, and an overlap by looking each copy folder, and each
/// folder that encloses it (one look-up per `/` in its path), up in a table of copy folders grouped by
/// original. Only pairs with the same folder or nested folders are then checked, with the same test as
/// before, and the overlaps found are sorted into the old order. The work grows with the patterns' total
/// length times their depth, plus the nested pairs (a map whose every copy lies inside one big folder
/// mapping has one such pair per copy), plus the problems reported, plus a sort of the overlaps.
extension ForkMap {
    public var problems: [Diagnostic] {
        var out: [Diagnostic] = []
        for mapping in mappings {
            if let problem = mapping.problem { out.append(Diagnostic(line: mapping.line, problem)) }
        }
        return out + chainProblems() + overlapProblems()
    }

    /// Mappings whose original is another mapping's copy.
    func chainProblems() -> [Diagnostic] {
        func ontoItself(_ mapping: ForkMapping) -> Bool { mapping.upstream.description == mapping.fork.description }
        var byOriginal: [String: [Int]] = [:]
        for (index, mapping) in mappings.enumerated() where !ontoItself(mapping) {
            byOriginal[mapping.upstream.description, default: []].append(index)
        }
        var out: [Diagnostic] = []
        for a in mappings where !ontoItself(a) {
            for index in byOriginal[a.fork.description] ?? [] {
                let b = mappings[index]
                out.append(
                    Diagnostic(
                        line: b.line,
                        "'\(b.upstream)' is the fork side of the mapping on line \(a.line): mappings may not chain"))
            }
        }
        return out
    }

    /// Copy folders that are the same or nested while their originals are not.
    func overlapProblems() -> [Diagnostic] {
        // Mappings with a literal copy folder: folder → original → the mappings' indices, in map order.
        var folders: [String: [String: [Int]]] = [:]
        var directories: [Int] = []
        for (index, mapping) in mappings.enumerated() {
            let fork = mapping.fork.description
            guard fork.hasSuffix("/"), !fork.contains("*") else { continue }
            directories.append(index)
            folders[fork, default: [:]][mapping.upstream.description, default: []].append(index)
        }
        var pairs: [(earlier: Int, later: Int)] = []
        for j in directories {
            let fork = mappings[j].fork.description, original = mappings[j].upstream.description
            // The same folder, from an earlier mapping with another original.
            for (other, indices) in folders[fork] ?? [:] where other != original {
                for i in indices where i < j { pairs.append((i, j)) }
            }
            // A folder that encloses this one, from any mapping with another original.
            for enclosing in Self.enclosingFolders(fork) {
                for (other, indices) in folders[enclosing] ?? [:] where other != original {
                    for i in indices { pairs.append((min(i, j), max(i, j))) }
                }
            }
        }
        pairs.sort { ($0.earlier, $0.later) < ($1.earlier, $1.later) }
        var out: [Diagnostic] = []
        var last: (Int, Int)?
        for (i, j) in pairs where last.map({ $0 != (i, j) }) ?? true {
            last = (i, j)
            let a = mappings[i], b = mappings[j]
            let fa = a.fork.description, fb = b.fork.description, ua = a.upstream.description,
                ub = b.upstream.description
            // Nested copy folders are fine when the originals nest the same way (a more specific mapping
            // such as arch/i386/mach-default/ → arch/xen/i386/mach-xen/ inside arch/i386/ → arch/xen/i386/).
            let mirrored = (fa.hasPrefix(fb) && ua.hasPrefix(ub)) || (fb.hasPrefix(fa) && ub.hasPrefix(ua))
            if fa == fb || ((fa.hasPrefix(fb) || fb.hasPrefix(fa)) && !mirrored) {
                out.append(
                    Diagnostic(
                        line: b.line,
                        "'\(b.fork)' overlaps '\(a.fork)' of the mapping on line \(a.line): a copy there would have two originals"
                    ))
            }
        }
        return out
    }

    /// The folders that enclose `folder` (`a/b/c/` → `a/`, `a/b/`): its prefixes, by characters, that end
    /// in `/`, itself excluded.
    static func enclosingFolders(_ folder: String) -> [String] {
        var out: [String] = []
        var index = folder.startIndex
        while index < folder.endIndex {
            let next = folder.index(after: index)
            if folder[index] == "/", next < folder.endIndex { out.append(String(folder[..<next])) }
            index = next
        }
        return out
    }
}
