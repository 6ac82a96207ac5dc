/// Mappings of a fork map that look like mistakes, found from what each one matched in the trees: the
/// warnings `tandem map` and `tandem drift` give (with exit status 1) instead of a listing or a series that
/// looks fine. A typo on one side of a mapping does not make the map invalid, it makes the mapping match the
/// wrong files:
/// - a typo on the upstream side (`arch/i368/`) leaves every copy without its original: all *fork-only*,
///   similarity 0, and nothing would ever be ported;
/// - a typo on the fork side (`arch/xen/i368/`) leaves the mapping with no copy at all.
/// A mapping onto itself (`mm/ → mm/`, the same path in another tree) and a mapping some of whose originals
/// the build shares unmodified are never flagged. One pass over the tallies: O(mappings).
public enum MappingCheck {
    /// What one mapping matched.
    public struct Tally: Sendable, Equatable {
        /// Copies whose original exists (identical or modified).
        public var copies = 0
        /// Copies whose original does not exist (and single-file mappings whose upstream file is missing).
        public var forkOnly = 0
        /// Originals without a copy.
        public var uncopied = 0
        /// Originals without a copy that the shared list names.
        public var shared = 0

        public init(copies: Int = 0, forkOnly: Int = 0, uncopied: Int = 0, shared: Int = 0) {
            self.copies = copies
            self.forkOnly = forkOnly
            self.uncopied = uncopied
            self.shared = shared
        }
    }

    /// One warning per suspicious mapping, on its line; `tallies[i]` is what `map.mappings[i]` matched.
    public static func warnings(_ map: ForkMap, tallies: [Tally]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (mapping, tally) in zip(map.mappings, tallies) where tally.copies == 0 && tally.shared == 0 {
            let upstream = mapping.upstream.description, fork = mapping.fork.description
            guard upstream != fork else { continue }
            if tally.forkOnly > 0 {
                out.append(
                    Diagnostic(
                        line: mapping.line, severity: .warning,
                        mapping.upstream.isSingleFile
                            ? "'\(upstream)' is not in the upstream tree, so the copy '\(fork)' has no original (a typo, or the wrong upstream tree?)"
                            : "every copy under '\(fork)' is fork-only (\(tally.forkOnly) file\(tally.forkOnly == 1 ? "" : "s")): none has its original under '\(upstream)' (a typo in '\(upstream)', or the wrong upstream tree?)"
                    ))
            } else if tally.uncopied > 0 {
                out.append(
                    Diagnostic(
                        line: mapping.line, severity: .warning,
                        "no copy under '\(fork)' of the \(tally.uncopied) original\(tally.uncopied == 1 ? "" : "s") under '\(upstream)' (a typo in '\(fork)'?)"
                    ))
            } else {
                out.append(
                    Diagnostic(
                        line: mapping.line, severity: .warning, "'\(fork)' matches no copy in the fork (a typo?)"))
            }
        }
        return out
    }
}
