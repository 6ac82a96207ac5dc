/// Fixes that reached the sibling later in the same range (`tandem siblings --range A..B` over many commits).
///
/// A maintainer auditing a release wants the fixes that are *still* missing at its end, and, for the ones
/// that were carried over, by which commit and how long after. The range is walked commit by commit, oldest
/// first; each commit is checked against its parent, and every possible missed fix stays *open* until a
/// later commit settles it:
///
/// - `equivalent`: the later commit makes an equivalent change under the sibling (the same removed and added
///   lines as multisets with identifiers abstracted, at least 80% overlap, bringing in most of the names the
///   fix brings in: step 3 of `SiblingCheck`);
/// - `fixed-lines`: it changes the sibling file, and afterwards the fix's added lines stand at the place the
///   fix belongs (token by token, or abstracted for a fix of two lines or more that does more than rename);
/// - `lines-changed`: it changes the sibling file, and afterwards the code the fix changes is no longer there
///   in any form: the sibling was fixed some other way or the code rewritten, which a reader may want to
///   look at, but the finding is no longer a missing fix;
/// - `file-removed`: it removes the sibling file.
///
/// A later commit that touches the sibling file elsewhere leaves the finding open. Cost: one look-up of the
/// fix's old code per open finding whose sibling file a commit changes.
extension SiblingCheck {
    /// How a later commit settled a possible missed fix.
    public enum Settlement: String, Sendable, Equatable {
        case equivalent = "equivalent"
        case fixedLines = "fixed-lines"
        case linesChanged = "lines-changed"
        case fileRemoved = "file-removed"
    }

    /// A possible missed fix of one commit that a later commit of the range settled.
    public struct LaterFix: Sendable, Equatable {
        /// The finding as it was made at its own commit (`fix.commit`).
        public var fix: MissedFix
        /// The commit that settled it: its id and summary line.
        public var commit: String
        public var summary: String
        /// Whole days between the two commits (committer times; 0 for the same day or a clock running back).
        public var lagDays: Int
        public var how: Settlement

        public init(fix: MissedFix, commit: String, summary: String, lagDays: Int, how: Settlement) {
            self.fix = fix
            self.commit = commit
            self.summary = summary
            self.lagDays = lagDays
            self.how = how
        }
    }

    /// An open finding: the finding and the hunk it came from, with the sibling member it concerns.
    public struct OpenFix: Sendable {
        public var fix: MissedFix
        /// Committer time of the commit that made the finding (seconds since 1970).
        public var time: Int64
        var parts: HunkLines
        var member: String

        /// The findings of `result`, made at one commit from `patch` (stripped by `strip`), as open fixes.
        /// A finding whose hunk is no longer in the patch is left out.
        public static func from(_ result: Result, patch: Patch, strip: Int, groups: [[String]], time: Int64)
            -> [OpenFix]
        {
            var out: [OpenFix] = []
            for fix in result.missed {
                guard
                    let file = patch.files.first(where: {
                        ($0.oldName(strip: strip) ?? $0.newName(strip: strip)) == fix.path
                    }),
                    fix.hunk >= 1, fix.hunk <= file.hunks.count,
                    let member = groups.joined().first(where: { under(fix.siblingPath, $0) })
                else { continue }
                out.append(OpenFix(fix: fix, time: time, parts: HunkLines(file.hunks[fix.hunk - 1]), member: member))
            }
            return out
        }
    }

    /// How `later` (a commit's patch, stripped by `strip`, leaving the tree `after`) settles `open`, or nil
    /// when it does not.
    public static func settlement(of open: OpenFix, by later: Patch, strip: Int, after: FileTree) throws -> Settlement?
    {
        let files = later.files.filter { !$0.hunks.isEmpty || $0.isDeletion }
        var touchesFile = false
        let mine = Signature(open.parts)
        for file in files {
            let old = file.oldName(strip: strip), new = file.newName(strip: strip)
            if old == open.fix.siblingPath || new == open.fix.siblingPath { touchesFile = true }
            guard let path = old ?? new, under(path, open.member) else { continue }
            for hunk in file.hunks {
                let other = Signature(HunkLines(hunk))
                if mine.isEquivalent(to: other) {
                    return .equivalent
                }
            }
        }
        guard touchesFile else { return nil }
        guard let file = try after.file(at: open.fix.siblingPath) else { return .fileRemoved }
        let target = Lines(file.bytes)
        let place = locate(open.parts, function: open.fix.function, in: target)
        if holdsFix(open.parts, in: target, near: place, abstractFrom: 2) { return .fixedLines }
        return place == nil ? .linesChanged : nil
    }
}
