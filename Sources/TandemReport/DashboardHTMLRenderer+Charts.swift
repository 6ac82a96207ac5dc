import TandemCore

/// The dashboard's SVG charts: line charts of similarity over snapshots, and the port verdicts per release
/// as stacked bars with their table.
///
/// Labels are laid out from their length, not clipped: SVG text is not measured before it is drawn, so a
/// label is taken to be `charWidth` per character (0.62 em at 11 px, wider than system-ui's average
/// character, so the estimate errs on the roomy side). A snapshot label is drawn rotated by -30° and
/// ending at its point on the x axis; the left margin is the smallest that keeps every drawn label inside
/// the chart (solved per label, since a wider margin also moves the labels right), and the bottom margin
/// holds the longest label's drop. Labels longer than 24 characters are shortened with `…` and keep
/// their full text as a tooltip.
extension DashboardHTMLRenderer {
    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
    ]

    /// Estimated width in pixels of one character of 11 px chart text.
    static let charWidth = 11 * 0.62

    /// `label` as drawn: at most `limit` characters.
    static func shortened(_ label: String, _ limit: Int = 24) -> String {
        label.count > limit ? String(label.prefix(limit - 1)) + "…" : label
    }

    /// The `<text>` of a label, with its full text as a tooltip when it was shortened.
    static func labelText(_ label: String, limit: Int = 24, attributes: String) -> String {
        let shown = shortened(label, limit)
        let tip = shown == label ? "" : "<title>\(XMLText.escape(label))</title>"
        return "<text \(attributes)>\(XMLText.escape(shown))\(tip)</text>\n"
    }

    /// Port verdicts per release: stacked bars (one per release) and a table. Verdicts are in
    /// `PortVerdict.labels` order, each in its own colour (`VerdictColours`); the table's numeric headers
    /// are right-aligned, as their numbers are.
    static func portSection(_ report: Report) -> String {
        var out = "<h2>Port verdicts per upstream release</h2>\n"
        guard !report.ports.isEmpty else {
            return out
                + "<p class=\"none\">No port verdicts in this report (give --port FILE.json from tandem port --report).</p>\n"
        }
        let present = Set(report.ports.flatMap { $0.entries.map(\.verdict) })
        let verdicts =
            VerdictColours.all.map(\.label).filter(present.contains) + present.subtracting(PortVerdict.labels).sorted()
        let counts = report.ports.map { run in
            var counts: [String: Int] = [:]
            for entry in run.entries { counts[entry.verdict, default: 0] += 1 }
            return counts
        }
        let longest = report.ports.map { shortened($0.label, 40).count }.max() ?? 0
        let width = 900, rowHeight = 26, left = min(320, max(80, Int((Double(longest) * charWidth).rounded(.up)) + 16))
        let height = report.ports.count * rowHeight + 10
        out +=
            "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"port verdicts per release\">\n"
        for (index, run) in report.ports.enumerated() {
            let y = index * rowHeight + 4
            out += labelText(run.label, limit: 40, attributes: "x=\"\(left - 8)\" y=\"\(y + 15)\" text-anchor=\"end\"")
            let total = max(run.entries.count, 1)
            var x = Double(left)
            for verdict in verdicts {
                let count = counts[index][verdict] ?? 0
                guard count > 0 else { continue }
                let w = Double(width - left - 10) * Double(count) / Double(total)
                out +=
                    "<rect x=\"\(DriftFormat.fixed(x, 1))\" y=\"\(y)\" width=\"\(DriftFormat.fixed(w, 1))\" height=\"18\" fill=\"\(VerdictColours.colour(verdict))\"><title>\(XMLText.escape(verdict)): \(count)</title></rect>\n"
                x += w
            }
        }
        out += "</svg>\n<div class=\"legend\">"
        out += verdicts.map {
            "<span><i style=\"background:\(VerdictColours.colour($0));height:10px\"></i>\(XMLText.escape($0))</span>"
        }.joined()
        out +=
            "</div>\n<table><thead><tr><th>release</th>"
            + verdicts.map { "<th class=\"n\">\(XMLText.escape($0))</th>" }.joined()
        out += "<th class=\"n\">need a person</th></tr></thead><tbody>\n"
        for (index, run) in report.ports.enumerated() {
            out += "<tr><td><code>\(XMLText.escape(run.label))</code></td>"
            for verdict in verdicts { out += "<td class=\"n\">\(counts[index][verdict] ?? 0)</td>" }
            out += "<td class=\"n\">\(run.entries.filter(\.isFailure).count)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// A line chart of `series` (values in 0…1, nil where a series has no point) over `labels`.
    static func lineChart(_ series: [(String, [Double?])], labels: [String]) -> String {
        let width = 900, right = 16, topPad = 12
        let plotHeight = 194.0
        let every = max(1, (labels.count + 9) / 10)
        let drawn = labels.indices.filter { $0 % every == 0 || $0 == labels.count - 1 }
        // A label's reach left of and below its point, rotated by -30°.
        func reach(_ i: Int) -> (left: Double, down: Double) {
            let w = Double(shortened(labels[i]).count) * charWidth
            return (w * 0.866 + 4, w * 0.5)
        }
        // The label at fraction k of the plot sits at left + (width - right - left)·k; it fits when that is
        // at least its reach, so left ≥ (reach - (width - right)·k) / (1 - k).
        var leftEdge = 48.0
        for i in drawn {
            let k = labels.count <= 1 ? 0.5 : Double(i) / Double(labels.count - 1)
            guard k < 1 else { continue }
            leftEdge = max(leftEdge, (reach(i).left - Double(width - right) * k) / (1 - k))
        }
        let left = Int(leftEdge.rounded(.up))
        let bottom = max(54, Int((16 + (drawn.map { reach($0).down }.max() ?? 0) + 8).rounded(.up)))
        let height = topPad + Int(plotHeight) + bottom
        let values = series.flatMap { $0.1.compactMap { $0 } }
        let low = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10 - 0.05)
        let high = 1.0
        let plotWidth = Double(width - left - right)
        func x(_ i: Int) -> Double {
            Double(left) + (labels.count <= 1 ? plotWidth / 2 : plotWidth * Double(i) / Double(labels.count - 1))
        }
        func y(_ v: Double) -> Double { Double(topPad) + plotHeight * (1 - (v - low) / max(high - low, 1e-9)) }
        var out =
            "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"similarity over time\">\n"
        for step in 0...4 {
            let v = low + (high - low) * Double(step) / 4
            out +=
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(DriftFormat.fixed(y(v), 1))\" y2=\"\(DriftFormat.fixed(y(v), 1))\" stroke=\"#eaeef2\"/>"
            out +=
                "<text x=\"\(left - 6)\" y=\"\(DriftFormat.fixed(y(v) + 4, 1))\" text-anchor=\"end\">\(DriftFormat.fixed(v, 2))</text>\n"
        }
        let base = topPad + Int(plotHeight) + 16
        for i in drawn {
            let at = DriftFormat.fixed(x(i), 1)
            out += labelText(
                labels[i],
                attributes: "x=\"\(at)\" y=\"\(base)\" text-anchor=\"end\" transform=\"rotate(-30 \(at) \(base))\"")
        }
        for (index, (name, points)) in series.enumerated() {
            let color = palette[index % palette.count]
            var path = "", pen = false
            for (i, value) in points.enumerated() {
                guard let value else { pen = false; continue }
                path += (pen ? " L" : " M") + "\(DriftFormat.fixed(x(i), 1)) \(DriftFormat.fixed(y(value), 1))"
                pen = true
            }
            out +=
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(XMLText.escape(name))</title></path>\n"
            for (i, value) in points.enumerated() {
                guard let value else { continue }
                out +=
                    "<circle cx=\"\(DriftFormat.fixed(x(i), 1))\" cy=\"\(DriftFormat.fixed(y(value), 1))\" r=\"3\" fill=\"\(color)\"><title>\(XMLText.escape(name)) at \(XMLText.escape(labels[i])): \(DriftFormat.fixed(value))</title></circle>\n"
            }
        }
        out += "</svg>\n<div class=\"legend\">"
        out += series.enumerated().map { index, item in
            "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(XMLText.escape(item.0))</span>"
        }.joined()
        return out + "</div>\n"
    }
}
