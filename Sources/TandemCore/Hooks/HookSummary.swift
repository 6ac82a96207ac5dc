/// The hooks `tandem hooks` proposes, gathered by operation group and ranked: a copy that becomes
/// shareable through k hooks saves all its lines, credited 1/k to each hook's group; groups rank by lines
/// saved per hook, then by porting pain (verdicts over the history that failed or needed merging in
/// their units), then by name.
public struct HookSummary: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var group: HookCatalog.Group
        public var hooks: [String]
        public var copies: Int
        public var linesSaved: Double
        public var pain: Int
        public var operations: [String]

        public var linesSavedPerHook: Double { linesSaved / Double(max(hooks.count, 1)) }
    }

    public var groups: [Group]
    /// Copies by verdict.
    public var counts: [HookAnalysis.Verdict: Int]
    /// Lines of all share-now, cosmetic-sync and hook-points copies: what sharing them would remove.
    public var removableLines: Int

    public init(_ results: [HookAnalysis.CopyResult]) {
        var byGroup: [HookCatalog.Group: Group] = [:]
        var counts: [HookAnalysis.Verdict: Int] = [:]
        var removable = 0
        for result in results {
            counts[result.verdict, default: 0] += 1
            if result.verdict != .keepCopy { removable += result.copyLines }
            guard result.verdict == .hookPoints else { continue }
            let hooks = result.hooks
            var touched = Set<HookCatalog.Group>()
            for hook in hooks {
                var row = byGroup[hook.group] ?? Group(group: hook.group, hooks: [], copies: 0, linesSaved: 0, pain: 0, operations: [])
                row.hooks.append(hook.hook ?? hook.name)
                row.linesSaved += Double(result.copyLines) / Double(hooks.count)
                row.pain += hook.pain
                for operation in hook.operations where !row.operations.contains(operation) { row.operations.append(operation) }
                if touched.insert(hook.group).inserted { row.copies += 1 }
                byGroup[hook.group] = row
            }
        }
        groups = byGroup.values.sorted {
            ($0.linesSavedPerHook, $0.pain) != ($1.linesSavedPerHook, $1.pain)
                ? ($0.linesSavedPerHook, $0.pain) > ($1.linesSavedPerHook, $1.pain) : $0.group < $1.group
        }
        self.counts = counts
        removableLines = removable
    }
}
