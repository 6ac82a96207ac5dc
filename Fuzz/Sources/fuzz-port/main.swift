import FuzzSupport
import TandemCore

/// The porter end to end: a random original and a random patch (the input split in two), ported onto a fork
/// of the original (lines edited, dropped, wrapped in a conditional, re-indented, a name respelled the same
/// way in every copy) with the original as base, so every step and every risk rule runs, and the fork's
/// spelling (`ForkSpellings`) too. Errors are fine (a path no mapping can hold); a trap is not. For every
/// copy, the rewritten patch's duplicate, applied exactly to the copy, gives the ported text that `--apply`
/// writes (the patch a maintainer applies says what tandem did), each hunk gets one verdict per copy (or the
/// file one), a copy the C preprocessor reads whose `#if…`/`#endif` lines matched still has them matched
/// (every other copy's name ends in `.c`, so both kinds of file are ported), and a second run over the
/// ported copies ports none of the hunks the first run ported again.
runFuzzer { data, size in
    let (file, patchText) = split(bytes(data, size))
    let parsed = PatchParser.parse(patchText).patch
    let files = Array(parsed.files.prefix(4))
    guard !files.isEmpty else { return 0 }
    var forked: [UInt8] = []
    for (index, line) in TextFile(bytes: file).lines.enumerated() {
        switch index % 11 {
        case 2: forked += Array(line.withoutTerminator) + Array(" /* fork */".utf8) + Array(line[line.withoutTerminator.endIndex...])
        case 3:
            // The fork's own spelling of the line's first name (`fork_ns.name`), the same in every copy.
            if let start = line.firstIndex(where: { $0 == UInt8(ascii: "_") || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
                start == line.startIndex || line[start - 1] != UInt8(ascii: ".")
            {
                forked += Array(line[..<start]) + Array("fork_ns.".utf8) + Array(line[start...])
            } else {
                forked += Array(line)
            }
        case 5: continue
        case 7: forked += Array("#ifdef CONFIG_FORK\n".utf8) + Array(line) + Array("#endif\n".utf8)
        case 9: forked += Array("\t".utf8) + Array(line)
        default: forked += Array(line)
        }
    }
    // Each file patch's original is the input's file; its copy, the fork of it, under `fork/`.
    var mappings: [ForkMapping] = [], base = MemoryTree(), fork = MemoryTree()
    var hunkCounts: [[UInt8]: Int] = [:]
    var kept: [FilePatch] = [], seen = Set<[UInt8]>()
    for filePatch in files {
        let identity = filePatch.identity(strip: 1)
        guard let path = identity.oldName ?? identity.newName, !path.isEmpty, seen.insert(path).inserted else { continue }
        kept.append(filePatch)
        let copyPath = Array("fork/".utf8) + path + (path.count % 2 == 0 ? Array(".c".utf8) : [])
        mappings.append(ForkMapping(upstream: displayText(path), fork: displayText(copyPath)))
        base.files[path] = TreeFile(bytes: file)
        fork.files[copyPath] = TreeFile(bytes: forked)
        hunkCounts[copyPath] = filePatch.hunks.count
    }
    guard !mappings.isEmpty,
        let result = try? Porter.port(
            Patch(files: kept), map: ForkMap(mappings: mappings), fork: fork, base: base)
    else { return 0 }
    let rewritten = PatchParser.parse(result.patch).patch
    for copy in result.copies {
        let duplicates = rewritten.files.filter { $0.identity(strip: 1).newName == copy.path }
        if copy.ported == copy.original.bytes {
            if !duplicates.isEmpty { failure("the copy is unchanged, yet the rewritten patch changes it") }
        } else {
            guard duplicates.count == 1 else { failure("\(duplicates.count) duplicates for one changed copy") }
            let applied = FilePatcher.apply(
                duplicates[0].hunks, toBytes: copy.original.bytes,
                options: .init(maxFuzz: 0, directives: SourceKind.readsDirectives(copy.path)))
            if !applied.appliedAll || applied.bytes != copy.ported {
                failure("the rewritten patch does not take the copy to the ported text")
            }
        }
        // (Only where the C preprocessor reads the file: elsewhere `# if` lines are comments, `SourceKind`.)
        if SourceKind.readsDirectives(copy.path),
            ConditionalShape(TextFile(bytes: copy.original.bytes).lines) == .balanced,
            ConditionalShape(TextFile(bytes: copy.ported).lines) != .balanced
        {
            failure("the copy's #if/#endif lines matched and the ported copy's do not")
        }
    }
    for (copyPath, count) in hunkCounts {
        // One verdict per hunk, or one for the whole file (hunk 0: a creation onto an existing copy, …).
        let entries = result.report.entries.filter { $0.copyPath == copyPath }
        let fileLevel = entries.contains { $0.hunk == 0 }
        if !entries.isEmpty, fileLevel ? entries.count != 1 : entries.map(\.hunk) != Array(1...max(count, 1)) {
            failure("\(count) hunks, verdicts for hunks \(entries.map(\.hunk)) of one copy")
        }
    }
    // A second run over the ported copies ports nothing the first run ported (it is made).
    var again = MemoryTree()
    for copy in result.copies { again.files[copy.path] = TreeFile(bytes: copy.ported) }
    guard let second = try? Porter.port(Patch(files: kept), map: ForkMap(mappings: mappings), fork: again, base: base)
    else { failure("the second run over the ported copies failed") }
    var firstPorted = Set<[UInt8]>()
    for entry in result.report.entries {
        if case .ported = entry.verdict { firstPorted.insert(entry.copyPath + Array("#\(entry.hunk)".utf8)) }
    }
    for entry in second.report.entries where firstPorted.contains(entry.copyPath + Array("#\(entry.hunk)".utf8)) {
        if case .ported(let placement) = entry.verdict {
            failure("hunk \(entry.hunk) ported again onto its own result (\(placement.step.rawValue))")
        }
    }
    return 0
}
