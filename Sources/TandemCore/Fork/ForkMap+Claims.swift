/// Which mapping claims a path of the fork, when several patterns match it: the **most specific mapping
/// wins** — a file pattern beats a glob beats a folder beats the overlay (`./`), and within a kind the
/// pattern with more literal text wins (`PathPattern.specificity`). So a maintainer writes the overlay of
/// a sparse fork folder in one line, a layout inside it in another (`arch/i386/` →
/// `sparse/arch/xen/i386/`), and an exception inside that in a third (`…/mach-default/` →
/// `…/mach-xen/`), and every file is counted once, by the mapping meant for it.
///
/// Two mappings of the same specificity that both match a path and pair it with different originals are
/// a *tie*: no rule settles it, and it is an error naming both map lines (`ClaimTie`). Two mappings with
/// the same fork pattern and different originals tie on every path, so the loader refuses them
/// (`ForkMap.problems`).
///
/// Complexity: one pattern match per mapping for each path asked about.
extension ForkMap {
    /// Who claims a fork path.
    public enum Claim: Sendable, Equatable {
        /// No mapping's fork side matches the path.
        case none
        /// The index of the mapping that claims it.
        case mapping(Int)
        /// Two mappings, equally specific, pair it with different originals.
        case tie(Int, Int)
    }

    /// Who claims the fork path `path` (see the type's prose).
    public func claim(ofCopy path: [UInt8]) -> Claim {
        var best: Int?
        var tie: Int?
        for (index, mapping) in mappings.enumerated() where mapping.fork.captures(path) != nil {
            guard let current = best else {
                best = index
                continue
            }
            let mine = mapping.fork.specificity, theirs = mappings[current].fork.specificity
            if mine > theirs {
                best = index
                tie = nil
            } else if mine == theirs, tie == nil,
                mapping.upstreamPath(for: path) != mappings[current].upstreamPath(for: path)
            {
                tie = index
            }
        }
        guard let best else { return .none }
        if let tie { return .tie(best, tie) }
        return .mapping(best)
    }

    /// The index of the mapping that claims `path`, nil when none does; a tie throws.
    public func claimingMapping(ofCopy path: [UInt8]) throws(ClaimTie) -> Int? {
        switch claim(ofCopy: path) {
        case .none: return nil
        case .mapping(let index): return index
        case .tie(let a, let b): throw ClaimTie(path: path, first: mappings[a], second: mappings[b])
        }
    }
}

/// Two mappings that claim one fork path equally (`ForkMap.claim`): an error naming the path and both map
/// lines.
public struct ClaimTie: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: [UInt8]
    public var first: ForkMapping
    public var second: ForkMapping

    public var message: String {
        "'\(displayText(path))' is claimed equally by the mappings on lines \(first.line) ('\(first.upstream)' → '\(first.fork)') "
            + "and \(second.line) ('\(second.upstream)' → '\(second.fork)'): make one more specific"
    }

    public var description: String { message }
}
