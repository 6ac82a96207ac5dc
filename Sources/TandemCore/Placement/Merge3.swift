/// Three-way merge of line sequences (diff3 semantics): `base` is the common ancestor, `ours` and `theirs`
/// are two descendants.
///
/// Algorithm (Khanna, Kuber and Pierce, "A formal investigation of diff3"): match base↔ours and base↔theirs
/// with `LineMatching`, sliders compacted (`LineMatching+Sliders`: an insertion next to a blank line is drawn
/// where git draws it, so whether two insertions meet does not depend on where the matcher anchored). A base
/// line matched on both sides is *stable*. Between consecutive stable lines lies an unstable chunk (base,
/// ours and theirs slices). If ours equals base there, theirs is taken; if theirs equals base, ours; if ours
/// equals theirs (both made the same change), ours; otherwise it is a conflict. Changes that touch
/// (adjacent, with no stable base line between them) conflict too, as in GNU diff3 and `git merge-file`.
///
/// Conflicts are written in diff3 style, as `git merge-file --diff3` writes them:
/// `<<<<<<< ours`, ours, `||||||| base`, base, `=======`, theirs, `>>>>>>> theirs`; markers end in CRLF when
/// ours' lines do, and a side whose last line lacks a newline gets one before the next marker.
///
/// Cost: two line matchings plus one linear walk.
public struct Merge3: Sendable {
    /// One chunk of the result.
    public enum Chunk: Sendable, Equatable {
        /// Lines everyone agrees on (or that only one side changed).
        case resolved([Bytes])
        /// Both sides changed the same base lines differently.
        case conflict(base: [Bytes], ours: [Bytes], theirs: [Bytes], baseStart: Int, oursStart: Int)
    }

    public private(set) var chunks: [Chunk] = []

    /// Number of conflict chunks.
    public var conflictCount: Int {
        chunks.reduce(0) { if case .conflict = $1 { return $0 + 1 } else { return $0 } }
    }

    /// Merges the three versions.
    public init(base: [Bytes], ours: [Bytes], theirs: [Bytes]) {
        var interner = LineInterner()
        let b = interner.ids(base), o = interner.ids(ours), t = interner.ids(theirs)
        let toOurs = LineMatching(b, o, blank: interner.isBlank).mapAtoB(countA: b.count)
        let toTheirs = LineMatching(b, t, blank: interner.isBlank).mapAtoB(countA: b.count)
        var lo = 0, ao = 0, bo = 0
        var resolved: [Bytes] = []
        func flush() {
            if !resolved.isEmpty { chunks.append(.resolved(resolved)); resolved = [] }
        }
        while true {
            // Next base line matched on both sides.
            var l = lo
            var stable: (ours: Int, theirs: Int)?
            while l < base.count {
                if let x = toOurs[l], let y = toTheirs[l] {
                    stable = (x, y)
                    break
                }
                l += 1
            }
            let (oEnd, tEnd) = stable ?? (ours.count, theirs.count)
            let baseChunk = Array(base[lo..<l]), oursChunk = Array(ours[ao..<oEnd]),
                theirsChunk = Array(theirs[bo..<tEnd])
            if o[ao..<oEnd].elementsEqual(b[lo..<l]) {
                resolved += theirsChunk
            } else if t[bo..<tEnd].elementsEqual(b[lo..<l]) || o[ao..<oEnd].elementsEqual(t[bo..<tEnd]) {
                resolved += oursChunk
            } else {
                flush()
                chunks.append(
                    .conflict(base: baseChunk, ours: oursChunk, theirs: theirsChunk, baseStart: lo, oursStart: ao))
            }
            guard stable != nil else { break }
            resolved.append(ours[oEnd])
            lo = l + 1
            ao = oEnd + 1
            bo = tEnd + 1
        }
        flush()
    }

    /// The merged file: resolved lines, and conflicts with diff3-style markers labelled as given.
    public func render(
        ours oursLabel: String = "ours", base baseLabel: String = "base",
        theirs theirsLabel: String = "theirs"
    ) -> [UInt8] {
        var out: [UInt8] = []
        for chunk in chunks {
            switch chunk {
            case .resolved(let lines):
                for line in lines { out += line }
            case .conflict(let base, let ours, let theirs, _, _):
                out += Self.markers(
                    ours: ours, base: base, theirs: theirs, labels: (oursLabel, baseLabel, theirsLabel))
            }
        }
        return out
    }

    /// The line start that opens a conflict region (`<<<<<<< ours`).
    public static let openMarker = Array("<<<<<<<".utf8)

    /// One conflict written in diff3 style: ours, base and theirs between the labelled markers.
    public static func markers(
        ours: [Bytes], base: [Bytes], theirs: [Bytes],
        labels: (ours: String, base: String, theirs: String) = ("ours", "base", "theirs")
    ) -> [UInt8] {
        var out: [UInt8] = []
        let eol: [UInt8] = (ours.first ?? base.first ?? theirs.first)?.terminator.count == 2 ? [0x0D, 0x0A] : [0x0A]
        func side(_ lines: [Bytes]) {
            for line in lines { out += line }
            if let last = lines.last, last.last != ASCII.newline { out += eol }
        }
        out += openMarker + Array(" \(labels.ours)".utf8) + eol
        side(ours)
        out += Array("||||||| \(labels.base)".utf8) + eol
        side(base)
        out += Array("=======".utf8) + eol
        side(theirs)
        out += Array(">>>>>>> \(labels.theirs)".utf8) + eol
        return out
    }
}
