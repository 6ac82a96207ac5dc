import TandemCore

/// One colour per port verdict for the dashboard's bars, legend and table, derived from
/// `PortVerdict.labels`: greens and blues where nothing is left to do, reds, oranges and purples where a
/// person must act, greys and olive where the verdict is only information. Every label has a colour of its
/// own (`DashboardHTMLRendererTests` requires `named` to cover the labels with distinct colours); a label
/// added to `PortVerdict` without one here still gets a colour no other verdict has, from `spare`, so two
/// verdicts never share a bar colour silently.
enum VerdictColours {
    /// The chosen colour of each verdict label.
    static let named: [String: String] = [
        "ported": "#2da44e",
        "already-applied": "#54aeff",
        "fork-conflict": "#cf222e",
        "upstream-drift": "#fb8500",
        "ambiguous": "#bf3989",
        "context-not-found": "#8c564b",
        "missing-fork-file": "#6639ba",
        "shared": "#afb8c1",
        "binary": "#57606a",
        "upstream-deleted": "#1b1f24",
        "upstream-renamed": "#8250df",
        "new-upstream-file": "#1b7c83",
        "flagged": "#bcbd22",
        "review": "#d4a72c",
    ]

    /// Colours for labels `named` lacks, none of them in `named`.
    static let spare = ["#0550ae", "#953800", "#e377c2", "#4b6b00", "#0a3069", "#6e7781"]

    /// Every verdict label with its colour, in `PortVerdict.labels` order.
    static let all: [(label: String, colour: String)] = {
        var spares = spare.makeIterator()
        return PortVerdict.labels.map { label in (label, named[label] ?? spares.next() ?? "#000000") }
    }()

    /// The colour of `label` (a label outside `PortVerdict.labels`, which report input refuses, is black).
    static func colour(_ label: String) -> String {
        all.first { $0.label == label }?.colour ?? "#000000"
    }
}
