/// The patch between two trees (`tandem diff`): every selected path whose content or mode differs, as a
/// git-style file patch (`UnifiedDiffWriter`), in bytewise path order — git's order.
///
/// Paths come from both trees' listings, or from `candidates` when the caller already knows which paths
/// changed (two revisions of one repository: libgit2's tree-to-tree diff skips unchanged subtrees). Files
/// whose content ids are equal on both sides are skipped without being read. No rename detection: a renamed
/// file is a deletion and an addition, as with `git diff --no-renames`.
public enum TreeDiff {
    public static func patch(old: FileTree, new: FileTree, prefixes: [[UInt8]] = [], context: Int = 3,
                             candidates: [[UInt8]]? = nil) throws -> [UInt8] {
        let paths: [[UInt8]]
        if let candidates {
            paths = Set(candidates.filter { pathIsSelected($0, by: prefixes) }).sorted { $0.lexicographicallyPrecedes($1) }
        } else {
            paths = Set(try old.paths(under: prefixes) + new.paths(under: prefixes)).sorted { $0.lexicographicallyPrecedes($1) }
        }
        var out: [UInt8] = []
        for path in paths {
            if let a = try old.contentID(at: path), let b = try new.contentID(at: path), a == b,
               try old.file(at: path)?.mode == new.file(at: path)?.mode {
                continue
            }
            let before = try old.file(at: path).map { UnifiedDiffWriter.Side(path: path, file: $0) }
            let after = try new.file(at: path).map { UnifiedDiffWriter.Side(path: path, file: $0) }
            out += UnifiedDiffWriter.filePatch(old: before, new: after, context: context)
        }
        return out
    }
}
