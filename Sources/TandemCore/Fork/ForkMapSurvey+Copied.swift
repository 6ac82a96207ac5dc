extension ForkMapSurvey {
    /// The (original, copy) pairs of `map` where both files exist, found without reading them: what a
    /// ledger over the fork's copies walks (`ForkSpellings`). `pairs(map:upstream:fork:)` reads every pair
    /// to tell its state, and walks the fork's folders for copies without an original; this lists the
    /// upstream side where a mapping names a folder of it (the fork's side for a root mapping, an overlay),
    /// and each copy once, under the mapping that claims it.
    static func copied(map: ForkMap, upstream: FileTree, fork: FileTree) throws -> [(original: [UInt8], copy: [UInt8])]
    {
        var out: [(original: [UInt8], copy: [UInt8])] = []
        var seen = Set<[UInt8]>()
        for (index, mapping) in map.mappings.enumerated() {
            let originals = try Self.originals(
                of: mapping, map: map, upstream: upstream,
                copies: try fork.paths(under: [literalDirectory(mapping.fork)]).filter {
                    mapping.fork.captures($0) != nil
                })
            for original in originals {
                guard let copy = mapping.forkPath(for: original), copy != original || mapping.upstream.isSingleFile,
                    (try? map.claimingMapping(ofCopy: copy)) == index, try fork.contains(copy),
                    seen.insert(copy).inserted
                else { continue }
                out.append((original, copy))
            }
        }
        return out
    }
}
