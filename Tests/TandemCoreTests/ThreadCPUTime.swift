#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU seconds used so far by the calling thread. Work timed with it (a synchronous test stays on one
/// thread) costs the same on a loaded machine, so the scale tests' bounds do not depend on what else runs.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
