/// Why a hunk's lines are gone from a copy, when neither the copy nor the base places it
/// (`context-not-found` with a base): did the fork remove the code the hunk changes, or rewrite it?
///
/// A maintainer reads the two very differently. Code the fork removed (a trimmed copy of a header that keeps
/// a few helpers, a feature the fork cut out) most often needs nothing; code the fork rewrote needs the
/// change carried by hand. On the Xen history, of the 53 hunks it calls removed the developers ported none
/// (3 had the change already); of the 10 it calls rewritten they ported 1, into the fork's own idle loop.
///
/// The test:
///
/// 1. *The hunk's lines are gone.* Of the lines the hunk reads (context and removed lines), those that say
///    something (`FilePatcher.isDistinctive`: not blank lines, braces or `#endif`) number two or more, and
///    none of them is anywhere in the copy, blanks aside. One line left anywhere (the code moved, or was
///    partly rewritten) and there is nothing to say beyond "port it by hand".
/// 2. *What they sat in.* In a C or assembler file, the units of the original (`CUnits`: functions, macros,
///    types, declarations, labels) that hold the lines the hunk changes are looked up in the copy by name
///    (a function the fork made a macro is still there). One the copy still has means the fork *rewrote*
///    it (`rewritten`); otherwise the fork *removed* the code (`removed`, naming the unit when there is
///    one). Elsewhere (a Makefile, Kconfig) there are no units: the lines are gone, and that is what is
///    said.
///
/// The verdict stays `context-not-found`, a hunk a person must look at; only its reason changes. `tandem
/// apply --base` says the same of a file in a tree (not when applying in reverse).
///
/// Cost: for a file with a hunk not placed, a set of the copy's lines and, in C, a segmentation of the
/// base and of the copy, each once per file (`Reader`).
public enum ForkRemoval: Sendable, Equatable {
    /// The fork removed the code: none of the hunk's `lines` telling lines is in the copy, nor the unit they
    /// sat in (`unit`; nil when they sat in none, or the file has no units).
    case removed(unit: String?, lines: Int)
    /// The copy still has `unit`, but none of the hunk's `lines` telling lines: the fork rewrote it.
    case rewritten(unit: String, lines: Int)

    /// The machine name of `removed` (`removal` in `tandem.port/1`).
    public static let removedLabel = "removed"

    /// True for `removed`: most likely nothing to port.
    public var isRemoved: Bool { if case .removed = self { return true } else { return false } }

    /// The machine name (`removal` in `tandem.port/1`): `removed` or `rewritten`.
    public var label: String {
        switch self {
        case .removed: return Self.removedLabel
        case .rewritten: return "rewritten"
        }
    }

    /// The reason's words after "context not found: ", in `tandem port`'s words.
    public var message: String { message(applying: false) }

    /// The reason's words; `applying`: in `tandem apply --base`'s words (a tree, not a fork's copy).
    public func message(applying: Bool) -> String {
        let verb = applying ? "apply" : "port"
        func none(_ lines: Int) -> String { "none of the hunk's \(lines) lines that say something" }
        switch self {
        case .removed(let unit?, let lines):
            return (applying ? "the file no longer has \(unit)" : "the fork removed \(unit)")
                + ", which this hunk changes (\(none(lines)) is in \(applying ? "it" : "the copy"));"
                + " most likely nothing to \(verb)"
        case .removed(nil, let lines):
            return
                (applying
                ? "\(none(lines)) is in the file (they were removed)"
                : "the fork removed the lines this hunk changes (\(none(lines)) is in the copy)")
                + "; most likely nothing to \(verb)"
        case .rewritten(let unit, let lines):
            return "the \(applying ? "file" : "copy")'s \(unit) holds \(none(lines))"
                + " (\(applying ? "it was rewritten" : "the fork rewrote it")); \(verb) it by hand"
        }
    }

    /// The diagnoses of one file's hunks: the base (the original before the patch) and the copy are split,
    /// and the copy's lines and both files' units read, once for all the file's hunks, and only when a hunk
    /// asks. `path` says whether the file has C units (`Porter.isCLike`) or assembler ones.
    public struct Reader {
        let baseBytes: [UInt8], copyBytes: [UInt8]
        let units: Bool, assembly: Bool
        private var base: [Bytes]?
        private var copy: [Bytes]?
        private var copyLines: Set<[UInt8]>?
        private var baseUnits: [CUnits.Unit]?
        private var copyNames: Set<String>?

        public init(base: [UInt8], copy: [UInt8], path: [UInt8]) {
            baseBytes = base
            copyBytes = copy
            assembly = CUnits.isAssembly(path)
            units = assembly || Porter.isCLike(path)
        }

        /// The diagnosis for `hunk`, which placed neither on the copy nor through the base; nil when some of
        /// its lines are still in the copy, or too few say anything.
        public mutating func diagnose(_ hunk: Hunk) -> ForkRemoval? {
            let read = hunk.body.filter {
                let kind = HunkLineKind(line: $0)
                return kind == .context || kind == .deletion
            }
            let telling = read.map { $0.dropFirst().withoutBlanks }.filter { FilePatcher.isDistinctive(trimmed: $0) }
            guard telling.count >= 2 else { return nil }
            let copy = self.copy ?? TextFile(bytes: copyBytes).lines
            self.copy = copy
            let inCopy = copyLines ?? Set(copy.map(\.withoutBlanks))
            copyLines = inCopy
            guard !telling.contains(where: inCopy.contains) else { return nil }
            let base = self.base ?? TextFile(bytes: baseBytes).lines
            self.base = base
            guard units, let changed = ForkRemoval.changedLines(hunk, base: base) else {
                return .removed(unit: nil, lines: telling.count)
            }
            let baseUnits = self.baseUnits ?? CUnits.segment(base, assembly: assembly).units
            self.baseUnits = baseUnits
            let held = baseUnits.filter {
                $0.kind != .directive && $0.kind != .other && $0.lines.overlaps(changed)
            }
            guard !held.isEmpty else { return .removed(unit: nil, lines: telling.count) }
            // By name alone: a function the fork turned into a macro (or the reverse) is still there.
            let kept = copyNames ?? Set(CUnits.segment(copy, assembly: assembly).units.map(\.name))
            copyNames = kept
            if let rewritten = held.first(where: { kept.contains($0.name) }) {
                return .rewritten(unit: rewritten.name, lines: telling.count)
            }
            return .removed(unit: held.count == 1 ? held[0].name : nil, lines: telling.count)
        }
    }

    /// The base lines the hunk changes (0-based): the lines it removes, or for a pure insertion the lines
    /// on either side of the point. Nil when the hunk's old side is not at its stated place in the base.
    static func changedLines(_ hunk: Hunk, base: [Bytes]) -> Range<Int>? {
        let start = max(hunk.header.oldStart - 1, 0)
        var old = start
        var first: Int?, last: Int?
        for line in hunk.body {
            switch HunkLineKind(line: line) {
            case .context:
                guard old < base.count, base[old].withoutBlanks == line.dropFirst().withoutBlanks else { return nil }
                old += 1
            case .deletion:
                guard old < base.count, base[old].withoutBlanks == line.dropFirst().withoutBlanks else { return nil }
                first = first ?? old
                last = old
                old += 1
            case .addition:
                first = first ?? max(old - 1, start)
                last = max(last ?? old, min(old, base.count - 1))
            default: break
            }
        }
        guard let first, let last, first <= last else { return nil }
        return first..<(last + 1)
    }
}
