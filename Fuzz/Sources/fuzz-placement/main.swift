import FuzzSupport
import TandemCore

/// The placement engine: a random file and a random patch (the input split in two) never trap, and every
/// hunk reported applied has its post-image in the result at the reported place (shifted by the hunks
/// applied above it).
runFuzzer { data, size in
    let (file, patchText) = split(bytes(data, size))
    let patch = PatchParser.parse(patchText).patch
    for filePatch in patch.files.prefix(4) {
        for base in [nil, file] {
            let result = FilePatcher.apply(filePatch.hunks, toBytes: file, baseBytes: base)
            let output = TextFile(bytes: result.bytes).lines
            var placements: [Placement] = []
            for outcome in result.outcomes { if case .applied(let p) = outcome { placements.append(p) } }
            placements.sort { $0.targetIndex < $1.targetIndex }
            var shift = 0
            for p in placements {
                let at = p.targetIndex + shift
                guard at >= 0, at + p.replacement.count <= output.count else {
                    failure("applied hunk at \(p.targetIndex) (+\(shift)) runs past the result's \(output.count) lines")
                }
                for (k, line) in p.replacement.enumerated() where Array(line.withoutTerminator) != Array(output[at + k].withoutTerminator) {
                    failure("applied hunk's line \(k) is not at line \(at + k + 1) of the result")
                }
                shift += p.replacement.count - p.targetCount
            }
        }
    }
    return 0
}
