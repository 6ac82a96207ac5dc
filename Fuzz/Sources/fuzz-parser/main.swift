import FuzzSupport
import TandemCore

/// The diff parser: any bytes parse without a trap, and printing the parse gives the bytes back. Read in
/// pieces (`PatchStream`, at a chunk size drawn from the input), the same bytes give the same file patches,
/// trailer and diagnostics.
runFuzzer { data, size in
    let input = bytes(data, size)
    let parsed = PatchParser.parse(input)
    let printed = parsed.patch.bytes
    if printed != input { failure("round trip changed \(input.count) bytes into \(printed.count)") }
    _ = PatchStatistics(parsed.patch)

    let chunk = 1 + (input.first.map(Int.init) ?? 0) % 61
    var stream = PatchStream(input, chunkSize: chunk)
    var files: [FilePatch] = [], diagnostics: [Diagnostic] = [], streamed: [UInt8] = []
    var trailer: [UInt8] = []
    while let piece = try? stream.next() {
        files += piece.patch.files
        diagnostics += piece.diagnostics
        streamed += piece.patch.bytes
        trailer = Array(piece.patch.trailer.bytes)
    }
    if streamed != input { failure("streamed at chunk \(chunk): printed pieces differ from the input") }
    if files != parsed.patch.files || files.map(\.line) != parsed.patch.files.map(\.line) {
        failure("streamed at chunk \(chunk): file patches differ")
    }
    if diagnostics != parsed.diagnostics { failure("streamed at chunk \(chunk): diagnostics differ") }
    if trailer != Array(parsed.patch.trailer.bytes) { failure("streamed at chunk \(chunk): trailer differs") }
    return 0
}
