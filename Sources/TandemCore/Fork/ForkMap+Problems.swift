/// The problems that make a fork map unusable, each with its mapping's line, in this order:
/// 1. a mapping whose two patterns do not have the same wildcards, in map order;
/// 2. chains: a mapping whose original is another mapping's copy (`a/ → b/`, then `b/ → c/`), ordered by
///    the mapping whose copy it is, then by map order. A mapping onto itself (`mm/x.c → mm/x.c`, the same
///    path in another tree) takes no part in a chain;
/// 3. ties: two mappings with the same fork pattern and different originals, which claim every copy there
///    equally (`ForkMap+Claims`). Ordered by the earlier mapping, then the later; the message is on the
///    later one's line. Nested or overlapping fork patterns are not problems: the most specific mapping
///    claims each file.
/// Patterns are compared as text, as Swift compares strings: equal when canonically equivalent, a prefix
/// character by character. The loader reports the first problem only, so the order is part of the result.
///
/// Complexity. Comparing every pair of mappings took 51 s for 8,000 of them. Instead, a chain is found by
/// looking each copy up in a table of originals, and a tie by looking each fork pattern up in a table of
/// the fork patterns seen before: linear in the patterns' total length, plus the problems reported.
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

    /// Mappings with the same fork pattern as an earlier one and another original.
    func overlapProblems() -> [Diagnostic] {
        var byFork: [String: [Int]] = [:]
        var out: [Diagnostic] = []
        for (index, mapping) in mappings.enumerated() {
            let earlier = byFork[mapping.fork.description] ?? []
            for i in earlier where mappings[i].upstream.description != mapping.upstream.description {
                let a = mappings[i]
                out.append(
                    Diagnostic(
                        line: mapping.line,
                        "'\(mapping.fork)' is also the fork side of the mapping on line \(a.line), from another original "
                            + "('\(a.upstream)'): the two claim every copy there equally; make one more specific"))
            }
            byFork[mapping.fork.description, default: []].append(index)
        }
        return out
    }
}
