import FuzzSupport
import TandemCore

/// The placement engine: a random file and a random patch (the input split in two) never trap, and every
/// hunk reported applied (and every part of a conflicting hunk reported landed) has its replacement in the
/// result at the reported place (shifted by the hunks applied above it); and a target whose `#if…`/`#endif`
/// lines matched still has them matched (`FilePatcher+Conditionals`); and the reject of a conflict some of
/// whose changes stand in the result is what is left of it (`Hunk+Remaining`), with the hunk's post-image.
runFuzzer { data, size in
    let (file, patchText) = split(bytes(data, size))
    let patch = PatchParser.parse(patchText).patch
    // A fork of the file: some lines edited, some re-spaced inside, some dropped, some added, some
    // re-indented, so the base steps (change blocks, word merge, anchored insertions, partial landings,
    // re-indented code) run against a target that differs from the base.
    var forked: [UInt8] = []
    for (index, line) in TextFile(bytes: file).lines.enumerated() {
        switch index % 13 {
        case 3: forked += Array(line.withoutTerminator) + Array(" /* fork */".utf8) + Array(line[line.withoutTerminator.endIndex...])
        case 5:  // re-spaced inside (each blank after the indentation doubled): the word merge's blank-only edit
            let indentation = line.leadingBlanks
            forked += Array(indentation)
            for byte in line[indentation.endIndex...] {
                forked += byte == ASCII.space || byte == ASCII.tab ? [ASCII.space, ASCII.space] : [byte]
            }
        case 7: continue
        case 9: forked += Array("#ifdef CONFIG_FORK\n".utf8) + Array(line) + Array("#endif\n".utf8)
        case 10, 11: forked += Array("\t".utf8) + Array(line)  // re-indented (the blank-insensitive step)
        default: forked += Array(line)
        }
    }
    for filePatch in patch.files.prefix(4) {
        for (target, base) in [(file, nil), (file, file), (forked, file)] as [([UInt8], [UInt8]?)] {
            // On the fork, every clash the word merge meets is taken as carried by a fork macro (`ForkMacros`).
            let carried: TokenMerge.Carried? = target == forked ? { _, _, _, _ in true } : nil
            let result = FilePatcher.apply(filePatch.hunks, toBytes: target, baseBytes: base, carried: carried)
            let output = TextFile(bytes: result.bytes).lines
            if ConditionalShape(TextFile(bytes: target).lines) == .balanced, ConditionalShape(output) != .balanced {
                failure("the target's #if/#endif lines matched and the result's do not")
            }
            var placements: [Placement] = []
            for (index, outcome) in result.outcomes.enumerated() {
                switch outcome {
                case .applied(let p): placements.append(p)
                case .conflict(let c):
                    if let p = c.partial { placements.append(p) }  // the changes that landed
                    // What is left of it for the reject: the hunk's own post-image, some change now context.
                    if let open = c.openChanges, index < filePatch.hunks.count {
                        let hunk = filePatch.hunks[index]
                        let rest = hunk.remaining(refusing: open)
                        if rest == hunk || rest.images.new != hunk.images.new {
                            failure("the reject of a partly landed hunk is not what is left of it")
                        }
                    }
                default: break
                }
            }
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
