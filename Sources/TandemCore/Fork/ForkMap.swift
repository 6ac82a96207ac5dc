/// A fork map (`tandem.yml`): which upstream files have forked copies, the sibling architectures, the macros
/// that guard fork-only code, and where the build lists files shared unmodified.
public struct ForkMap: Sendable, Equatable {
    /// Where upstream lives (`../linux`, `linux@v2.6.12`); nil: the fork tree itself holds the originals.
    public var upstream: String?
    public var mappings: [ForkMapping]
    /// Groups of sibling directories (`[arch/i386/, arch/x86_64/]`).
    public var siblings: [[String]]
    /// Macros that mark fork-only code (`CONFIG_XEN`).
    public var guards: [String]
    /// A build file in the fork tree listing files shared unmodified (a Makefile with `c-obj-y`).
    public var sharedList: String?
    /// How `tandem drift` finds the upstream release of each fork revision (forks in their own repository).
    public var versions: VersionRule?

    public init(
        upstream: String? = nil, mappings: [ForkMapping] = [], siblings: [[String]] = [],
        guards: [String] = [], sharedList: String? = nil, versions: VersionRule? = nil
    ) {
        self.versions = versions
        self.upstream = upstream
        self.mappings = mappings
        self.siblings = siblings
        self.guards = guards
        self.sharedList = sharedList
    }

    /// The copies of upstream file `path`: one per mapping that covers it and claims the copy it names
    /// (the most specific mapping wins, `ForkMap+Claims`), except that a path which is itself a copy
    /// (`process-xen.c` under a suffix mapping) is not an original, and a copy that is the path itself is
    /// left out unless the mapping names a single file (`mm/memory.c` → `mm/memory.c`, the same path in
    /// another tree). A copy two mappings claim equally is left out here; `checkedCopies` throws for it.
    public func copies(of path: [UInt8]) -> [(mapping: ForkMapping, path: [UInt8])] {
        (try? checkedCopies(of: path, tiesThrow: false)) ?? []
    }

    /// `copies(of:)`, throwing `ClaimTie` for a copy two mappings claim equally.
    public func checkedCopies(of path: [UInt8]) throws(ClaimTie) -> [(mapping: ForkMapping, path: [UInt8])] {
        try checkedCopies(of: path, tiesThrow: true)
    }

    private func checkedCopies(of path: [UInt8], tiesThrow: Bool) throws(ClaimTie) -> [(
        mapping: ForkMapping, path: [UInt8]
    )] {
        if isCopy(path) { return [] }
        var out: [(ForkMapping, [UInt8])] = []
        for (index, mapping) in mappings.enumerated() {
            guard let copy = mapping.forkPath(for: path) else { continue }
            if copy == path && !mapping.upstream.isSingleFile { continue }
            switch claim(ofCopy: copy) {
            case .mapping(let claimer) where claimer == index: break
            case .tie(let a, let b) where tiesThrow && (a == index || b == index):
                throw ClaimTie(path: copy, first: mappings[a], second: mappings[b])
            default: continue
            }
            if !out.contains(where: { $0.1 == copy }) { out.append((mapping, copy)) }
        }
        return out
    }

    /// True when `path` is the forked copy of another path: the mapping that claims it pairs it with
    /// another path (a tie counts as a copy).
    public func isCopy(_ path: [UInt8]) -> Bool {
        switch claim(ofCopy: path) {
        case .none: return false
        case .mapping(let index): return mappings[index].upstreamPath(for: path).map { $0 != path } ?? false
        case .tie: return true
        }
    }
}
