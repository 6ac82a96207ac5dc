import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import TandemIO

/// Splits sorted paths into contiguous chunks, diffs the chunks on all cores, and joins the results in
/// path order, so the output is the same whatever the number of workers.
public enum ParallelDiff {
    public static func run(_ paths: [[UInt8]], _ work: @Sendable ([[UInt8]]) throws -> [UInt8]) throws -> [UInt8] {
        let workers = min(ProcessInfoCores.count, 8)
        guard workers > 1, paths.count > 64 else { return try work(paths) }
        let chunks = workers * 4
        let size = (paths.count + chunks - 1) / chunks
        let pieces = stride(from: 0, to: paths.count, by: size).map { Array(paths[$0..<min($0 + size, paths.count)]) }
        return try runChunks(pieces, work)
    }

    /// Runs `work` on each piece on all cores and joins the results in piece order.
    public static func runChunks<T: Sendable>(_ pieces: [[T]], _ work: @Sendable ([T]) throws -> [UInt8]) throws
        -> [UInt8]
    {
        let workers = min(ProcessInfoCores.count, 8, max(pieces.count, 1))
        guard workers > 1 else { return try pieces.flatMap { try work($0) } }
        let results = Locked<[Int: [UInt8]]>([:])
        let failure = Locked<(any Error)?>(nil)
        eachIndex(pieces.count, workers: workers, while: { failure.withLock { $0 == nil } }) { index in
            do {
                let bytes = try work(pieces[index])
                results.withLock { $0[index] = bytes }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { dictionary in pieces.indices.flatMap { dictionary[$0] ?? [] } }
    }
}

/// Runs `body` once for every index below `count` on `workers` threads, each taking the next index until
/// none is left (or `proceed` says stop).
public func eachIndex(
    _ count: Int, workers: Int, while proceed: @Sendable () -> Bool = { true }, _ body: @Sendable (Int) -> Void
) {
    let next = Locked<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            guard index < count, proceed() else { return }
            body(index)
        }
    }
}

/// The number of cores to use.
public enum ProcessInfoCores {
    public static var count: Int {
        #if canImport(Glibc)
        return max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
        #else
        return 1
        #endif
    }
}

/// Runs `work` on every item on all cores and returns the results in item order.
public enum ParallelMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ work: @Sendable (T) -> R) -> [R] {
        let workers = min(ProcessInfoCores.count, 8, items.count)
        guard workers > 1 else { return items.map(work) }
        let results = Locked<[R?]>(Array(repeating: nil, count: items.count))
        eachIndex(items.count, workers: workers) { index in
            let result = work(items[index])
            results.withLock { $0[index] = result }
        }
        // Every index below items.count was filled by eachIndex before it returned.
        return results.withLock { $0.compactMap { $0 } }
    }
}

extension ParallelMap {
    /// Work started in the background; `wait` returns its results in item order.
    public final class Running<R: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var results: [R] = []  // written once before `done` is signalled, read after

        fileprivate func finish(_ results: [R]) {
            self.results = results
            done.signal()
        }

        public func wait() -> [R] {
            done.wait()
            return results
        }
    }

    /// Starts `map(items, work)` on a background thread and returns at once.
    public static func start<T: Sendable, R: Sendable>(_ items: [T], _ work: @escaping @Sendable (T) -> R) -> Running<R>
    {
        let running = Running<R>()
        DispatchQueue.global().async { running.finish(map(items, work)) }
        return running
    }
}
