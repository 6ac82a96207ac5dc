/// Keeps a copy paired with its original across upstream renames, in a drift series.
///
/// A copy whose original disappears reads as `fork-only` (similarity 0). When the original was only renamed
/// (`lib/io.c` → `lib/stream.c`, with the copy kept at `xen/lib/io.c`), the copy should stay paired with it.
/// Each time a snapshot's pairs are laid out afresh (its listed paths changed), every copy left without an
/// original is looked at:
/// - a copy that already follows a renamed original keeps it while that path is listed;
/// - a copy that had an original in the previous layout asks the snapshot for the upstream renames since the
///   previous snapshot (`DriftSnapshot.upstreamRenames`, asked at most once per snapshot, and only then),
///   and follows its original's new name.
/// The new name must be listed under the same mapping and have no copy of its own (a fork that renamed its
/// copy too is paired by the map). Renames from folder snapshots are not known: only ids tell them.
/// Cost: O(pairs) per fresh layout (each lookup is a binary search of the sorted listing), plus the rename
/// detection when a copy lost its original.
struct DriftRenames {
    private struct Key: Hashable {
        var tree: Int
        var fork: [UInt8]
    }

    /// Copies paired through a rename → the original they follow.
    private var follows: [Key: [UInt8]] = [:]
    /// The last layout's pairing: copy → its original (nil: fork-only).
    private var previous: [Key: [UInt8]?] = [:]

    /// `slots` with each copy that lost its original paired with its original's new name, where known.
    mutating func follow(
        _ slots: [DriftPair.Slot], listings: [DriftPair.Listing],
        renames: (() throws -> [[UInt8]: [UInt8]])?
    ) throws -> [DriftPair.Slot] {
        var slots = slots
        var renamed: [[UInt8]: [UInt8]]?
        var paired = Set<[Int]>()
        for slot in slots { if let upstream = slot.upstream { paired.insert([slot.tree, upstream]) } }
        for index in slots.indices where slots[index].upstream == nil {
            let slot = slots[index], listing = listings[slot.tree]
            let key = Key(tree: slot.tree, fork: listing.fork[slot.fork].path)
            var target = follows[key].flatMap { Self.position(of: $0, in: listing.upstream) }
            if target == nil, case .some(.some(let before)) = previous[key], let renames {
                if renamed == nil { renamed = try renames() }
                target = renamed?[before].flatMap { Self.position(of: $0, in: listing.upstream) }
            }
            guard let target, !paired.contains([slot.tree, target]) else { continue }
            slots[index].upstream = target
            paired.insert([slot.tree, target])
            follows[key] = listing.upstream[target].path
        }
        previous = [:]
        for slot in slots {
            let listing = listings[slot.tree]
            previous[Key(tree: slot.tree, fork: listing.fork[slot.fork].path)] = slot.upstream.map {
                listing.upstream[$0].path
            }
        }
        return slots
    }

    /// Where `path` is in a listing sorted bytewise, nil when it is not listed.
    static func position(of path: [UInt8], in entries: [TreeEntry]) -> Int? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].path.lexicographicallyPrecedes(path) { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].path == path ? low : nil
    }
}
