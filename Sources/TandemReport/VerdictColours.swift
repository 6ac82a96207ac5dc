import TandemCore

/// One colour per port verdict for the dashboard's bars, legend and table: greens and blues where nothing
/// is left to do, reds, oranges and purples where a person must act, greys and olive where the verdict is
/// only information. The switch over `VerdictKind` makes a new verdict without a colour a compile error;
/// `DashboardHTMLRendererTests` requires the colours to be distinct.
enum VerdictColours {
    /// The colour of one verdict.
    static func colour(of kind: VerdictKind) -> String {
        switch kind {
        case .ported: return "#2da44e"
        case .alreadyApplied: return "#54aeff"
        case .forkConflict: return "#cf222e"
        case .upstreamDrift: return "#fb8500"
        case .ambiguous: return "#bf3989"
        case .contextNotFound: return "#8c564b"
        case .missingForkFile: return "#6639ba"
        case .shared: return "#afb8c1"
        case .binary: return "#57606a"
        case .upstreamDeleted: return "#1b1f24"
        case .upstreamRenamed: return "#8250df"
        case .newUpstreamFile: return "#1b7c83"
        case .flagged: return "#bcbd22"
        case .review: return "#d4a72c"
        }
    }

    /// Every verdict label with its colour, in `VerdictKind` order.
    static let all: [(label: String, colour: String)] = VerdictKind.allCases.map { ($0.rawValue, colour(of: $0)) }

    /// The colour of `label` (a label that is no verdict, which report input refuses, is black).
    static func colour(_ label: String) -> String {
        VerdictKind(rawValue: label).map(colour(of:)) ?? "#000000"
    }
}
