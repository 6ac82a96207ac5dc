import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemIO

/// Plans a patch on all cores: the file patches are split into groups that touch disjoint paths
/// (`PatchApplier.independentGroups`), the groups are dealt to workers balanced by hunk count, and each
/// worker plans its files in patch order. Results come back in patch order, so output and writes do not
/// depend on the thread count. Small patches are planned on the calling thread.
public enum ParallelPlanner {
    public static func plan(
        _ patch: Patch, tree: TreeRoot, base: TreeRoot?,
        options: PatchApplier.Options
    ) throws -> [PatchApplier.FilePlan] {
        let workers = min(ProcessInfoCores.count, 8)
        let hunks = patch.files.reduce(0) { $0 + $1.hunks.count }
        guard workers > 1, patch.files.count > 16, hunks > 256 else {
            return try PatchApplier.plan(patch, tree: tree, base: base, options: options)
        }
        let groups = PatchApplier.independentGroups(patch.files, strip: options.strip)
        // Deal the groups, largest first, to the least loaded worker.
        var loads = [Int](repeating: 0, count: workers)
        var assignment = [[Int]](repeating: [], count: workers)
        let weighted = groups.map { group in (group, group.reduce(0) { $0 + patch.files[$1].hunks.count + 1 }) }
        for (group, weight) in weighted.sorted(by: { $0.1 > $1.1 }) {
            let worker = loads.indices.min { loads[$0] < loads[$1] } ?? 0
            assignment[worker] += group
            loads[worker] += weight
        }
        let assigned = assignment
        let results = Locked<[Int: PatchApplier.FilePlan]>([:])
        let failure = Locked<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let indices = assigned[worker].sorted()
            do {
                let plans = try PatchApplier.plan(
                    indices.map { patch.files[$0] }, tree: tree, base: base, options: options)
                results.withLock { dictionary in
                    for (index, plan) in zip(indices, plans) { dictionary[index] = plan }
                }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { dictionary in patch.files.indices.compactMap { dictionary[$0] } }
    }
}

extension ParallelPlanner {
    /// Carries out the planned changes, file patch by file patch (`changes[i]` belongs to file patch i).
    /// Groups of file patches that touch disjoint paths and only write are written by several workers at
    /// once (each file is still written whole, atomically); groups that remove files run afterwards, in
    /// order, so removing a now-empty directory can never race with a write into it. The first failure stops
    /// the run and is thrown. `written` collects the indices of the file patches whose changes were all made.
    public static func perform(
        _ changes: [[PatchApplier.TreeChange]], patch: Patch, strip: Int, tree: TreeRoot,
        written: Locked<Set<Int>> = Locked([])
    ) throws(IOError) {
        @Sendable func carryOut(_ index: Int) throws(IOError) {
            for change in changes[index] { try tree.perform(change) }
            _ = written.withLock { $0.insert(index) }
        }
        let groups = PatchApplier.independentGroups(patch.files, strip: strip)
        let removes: (PatchApplier.TreeChange) -> Bool = { if case .remove = $0 { return true } else { return false } }
        let parallel = groups.filter { group in !group.contains { changes[$0].contains(where: removes) } }
        let sequential = groups.filter { group in group.contains { changes[$0].contains(where: removes) } }
        let workers = min(ProcessInfoCores.count, 8)
        let failure = Locked<IOError?>(nil)
        if workers > 1 && parallel.count > 16 {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for (k, group) in parallel.enumerated() where k % workers == worker {
                    if failure.withLock({ $0 != nil }) { return }
                    do throws(IOError) {
                        for index in group { try carryOut(index) }
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                        return
                    }
                }
            }
        } else {
            for group in parallel { for index in group { try carryOut(index) } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        for group in sequential { for index in group { try carryOut(index) } }
    }
}
