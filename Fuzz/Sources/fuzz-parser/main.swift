import FuzzSupport
import TandemCore

/// The diff parser: any bytes parse without a trap, and printing the parse gives the bytes back.
runFuzzer { data, size in
    let input = bytes(data, size)
    let parsed = PatchParser.parse(input)
    let printed = parsed.patch.bytes
    if printed != input { failure("round trip changed \(input.count) bytes into \(printed.count)") }
    _ = PatchStatistics(parsed.patch)
    return 0
}
