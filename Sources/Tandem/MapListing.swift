import TandemCore
import TandemIO
import TandemReport

/// `tandem map` as a use case: every pair of the fork map with its state, as a listing, and the warnings
/// for mappings that look like typos (`MappingCheck`).
public enum MapListing {
    /// The listing (`STATE  UPSTREAM -> COPY  (line N: MAPPING)` lines, naming the mapping that claimed
    /// each file, and a `pairs:` total) and the warnings.
    public static func run(map: ForkMap, upstream: FileTree, fork: FileTree) throws -> (
        text: String, warnings: [Diagnostic]
    ) {
        let pairs = try ForkMapSurvey.pairs(map: map, upstream: upstream, fork: fork)
        var out = ""
        let width = pairs.map { $0.state.rawValue.count }.max() ?? 0
        for pair in pairs {
            out += pair.state.rawValue + String(repeating: " ", count: width - pair.state.rawValue.count + 2)
            out +=
                (pair.upstream.map(JSONText.quotedPath) ?? "-") + " -> " + (pair.fork.map(JSONText.quotedPath) ?? "-")
            // The mapping that claimed the file (the most specific one that matches it).
            if let mapping = map.mappings.first(where: { $0.line == pair.line }) {
                out += "  (line \(pair.line): \(mapping.upstream) -> \(mapping.fork))"
            }
            out += "\n"
        }
        var counts: [String: Int] = [:]
        for pair in pairs { counts[pair.state.rawValue, default: 0] += 1 }
        out +=
            "pairs: "
            + ForkMapSurvey.Pair.State.allCases.compactMap { state in
                counts[state.rawValue].map { "\($0) \(state.rawValue)" }
            }
            .joined(separator: ", ") + "\n"
        return (out, MappingCheck.warnings(map, tallies: tallies(pairs, map: map)))
    }

    /// What each mapping matched, for `MappingCheck`.
    static func tallies(_ pairs: [ForkMapSurvey.Pair], map: ForkMap) -> [MappingCheck.Tally] {
        var tallies = Array(repeating: MappingCheck.Tally(), count: map.mappings.count)
        for pair in pairs {
            guard let index = map.mappings.firstIndex(where: { $0.line == pair.line }) else { continue }
            switch pair.state {
            case .identical, .modified: tallies[index].copies += 1
            case .forkOnly, .upstreamMissing: tallies[index].forkOnly += 1
            case .notCopied: tallies[index].uncopied += 1
            case .sharedUnmodified: tallies[index].shared += 1
            }
        }
        return tallies
    }
}
