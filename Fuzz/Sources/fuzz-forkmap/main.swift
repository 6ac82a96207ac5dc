import FuzzSupport
import TandemCore
import TandemIO

/// The tandem.yml loader: any bytes load or fail with one "tandem.yml:LINE: what" (or "tandem.yml: what")
/// message, never a trap; a loaded map has no problems.
runFuzzer { data, size in
    do {
        let map = try ForkMapLoader.load(bytes(data, size))
        if !map.problems.isEmpty { failure("a loaded map has problems: \(map.problems)") }
        for mapping in map.mappings { _ = mapping.forkPath(for: Array("arch/i386/kernel/setup.c".utf8)) }
    } catch let error as ForkMapLoader.Problem {
        if !error.message.hasPrefix("tandem.yml") || error.message.contains("\n") { failure("unclear message: \(error.message)") }
    } catch {
        failure("an error that is not a ForkMapLoader.Problem: \(error)")
    }
    return 0
}
