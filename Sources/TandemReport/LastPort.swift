import TandemCore

/// What a drift series predicted for porting a copy (or a tree, or all copies): the newest step of the
/// series whose upstream change touched the original, with its failing and total hunks, or "no change" when
/// every predicted step left the original alone.
///
/// Drift predicts a snapshot's port cost from the next snapshot's upstream change (`nextPort` in
/// `tandem.drift/2`), so the newest snapshot never has one: reports that show only the newest snapshot
/// would show none. They show the last port instead, naming its step (`A → B`).
enum LastPort: Equatable {
    case noChange
    case port(hunks: Int, failed: Int, step: String)

    /// A copy of a tree (`DriftPair.tree`, `DriftPair.fork`).
    struct Copy: Hashable {
        var tree: Int
        var fork: [UInt8]
    }

    /// `F of H fail`, or `no change`.
    var text: String {
        switch self {
        case .noChange: return "no change"
        case .port(let hunks, let failed, _): return "\(failed) of \(hunks) fail"
        }
    }
}

extension Report.Drift {
    /// `A → B` for the step from snapshot `index` to the next.
    func step(_ index: Int) -> String {
        snapshots[index].info.label + (index + 1 < snapshots.count ? " → " + snapshots[index + 1].info.label : "")
    }

    /// Per copy of any snapshot, its `LastPort`; copies without any prediction are absent. One pass over the
    /// series, newest first.
    func lastPorts() -> [LastPort.Copy: LastPort] {
        var out: [LastPort.Copy: LastPort] = [:]
        for index in snapshots.indices.reversed() {
            for row in snapshots[index].rows {
                guard let cost = row.cost else { continue }
                let key = LastPort.Copy(tree: row.pair.tree, fork: row.pair.fork)
                if cost.hunks > 0 {
                    if out[key] == nil || out[key] == .noChange {
                        out[key] = .port(hunks: cost.hunks, failed: cost.failed, step: step(index))
                    }
                } else if out[key] == nil {
                    out[key] = .noChange
                }
            }
        }
        return out
    }

    /// The `LastPort` of the totals `totals` picks from each snapshot (a tree's, or all copies'), or nil when
    /// no snapshot has a prediction.
    func lastPort(_ totals: (DriftSnapshot.Result) -> DriftTotals) -> LastPort? {
        var seen = false
        for index in snapshots.indices.reversed() {
            let total = totals(snapshots[index])
            guard let hunks = total.portHunks else { continue }
            if hunks > 0 { return .port(hunks: hunks, failed: total.portFailed ?? 0, step: step(index)) }
            seen = true
        }
        return seen ? .noChange : nil
    }
}
