/// The patch between two trees (`tandem diff`): every selected path whose content or mode differs, as a
/// git-style file patch (`UnifiedDiffWriter`), in bytewise path order — git's order.
///
/// Paths come from both trees' listings, or from `candidates` when the caller already knows which paths
/// changed (two revisions of one repository: libgit2's tree-to-tree diff skips unchanged subtrees). Files
/// whose content ids are equal on both sides are skipped without being read. No rename detection here: a
/// renamed file is a deletion and an addition, as with `git diff --no-renames`, unless the caller found the
/// renames (`patch(old:new:changes:)`, from libgit2's similarity detection): each is then one rename file
/// patch, in the place of its new path. A submodule (gitlink) that changes is written as git writes it
/// (`Subproject commit` lines). With `binary`, a binary file patch carries the data to apply it
/// (`git diff --binary`), else it is `Binary files … differ`.
public enum TreeDiff {
    public static func patch(
        old: FileTree, new: FileTree, prefixes: [[UInt8]] = [], context: Int = 3,
        candidates: [[UInt8]]? = nil, binary: Bool = false
    ) throws -> [UInt8] {
        let paths: [[UInt8]]
        if let candidates {
            paths = Set(candidates.filter { pathIsSelected($0, by: prefixes) }).sorted {
                $0.lexicographicallyPrecedes($1)
            }
        } else {
            paths = Set(try old.paths(under: prefixes) + new.paths(under: prefixes)).sorted {
                $0.lexicographicallyPrecedes($1)
            }
        }
        var out: [UInt8] = []
        for path in paths { out += try filePatch(path, old: old, new: new, context: context, binary: binary) }
        return out
    }

    /// The patch of the changed paths `changes` (deletions, additions, modifications and renames found by the
    /// caller), in bytewise order of their new paths.
    public static func patch(
        old: FileTree, new: FileTree, changes: [ChangedPath], context: Int = 3, binary: Bool = false
    ) throws -> [UInt8] {
        var renames: [[UInt8]: ChangedPath] = [:]
        var paths = Set<[UInt8]>()
        for change in changes {
            if change.status == .renamed, change.oldPath != nil, let to = change.newPath { renames[to] = change }
            paths.insert(change.path)
        }
        var out: [UInt8] = []
        for path in paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let rename = renames[path], let from = rename.oldPath,
                let before = try old.file(at: from), let after = try new.file(at: path)
            else {
                out += try filePatch(path, old: old, new: new, context: context, binary: binary)
                continue
            }
            out += UnifiedDiffWriter.filePatch(
                old: .init(path: from, file: before), new: .init(path: path, file: after),
                context: context, similarity: rename.similarity, binary: binary)
        }
        return out
    }

    /// The file patch of one path (empty when both sides are equal).
    static func filePatch(
        _ path: [UInt8], old: FileTree, new: FileTree, context: Int, binary: Bool = false
    ) throws -> [UInt8] {
        let ids = (old: try old.contentID(at: path), new: try new.contentID(at: path))
        // A submodule has no content id: only a side without one can hold it.
        if ids.old == nil || ids.new == nil {
            let links = (old: try old.gitlink(at: path), new: try new.gitlink(at: path))
            if links.old != nil || links.new != nil {
                return try submodulePatch(
                    path: path, links: links, old: old, new: new, context: context, binary: binary)
            }
        }
        if let a = ids.old, let b = ids.new, a == b, try old.file(at: path)?.mode == new.file(at: path)?.mode {
            return []
        }
        let before = try old.file(at: path).map { UnifiedDiffWriter.Side(path: path, file: $0) }
        let after = try new.file(at: path).map { UnifiedDiffWriter.Side(path: path, file: $0) }
        return UnifiedDiffWriter.filePatch(old: before, new: after, context: context, binary: binary)
    }

    /// A path where either side holds a submodule: the gitlink change as git writes it, and a file on the
    /// other side as its own deletion (before) or addition (after), as git splits a type change.
    static func submodulePatch(
        path: [UInt8], links: (old: ObjectID?, new: ObjectID?), old: FileTree, new: FileTree,
        context: Int, binary: Bool = false
    ) throws -> [UInt8] {
        if links.old == links.new { return [] }
        var out: [UInt8] = []
        if links.old == nil, let file = try old.file(at: path) {
            out += UnifiedDiffWriter.filePatch(
                old: .init(path: path, file: file), new: nil, context: context, binary: binary)
        }
        out += UnifiedDiffWriter.gitlinkPatch(path: path, old: links.old, new: links.new)
        if links.new == nil, let file = try new.file(at: path) {
            out += UnifiedDiffWriter.filePatch(
                old: nil, new: .init(path: path, file: file), context: context, binary: binary)
        }
        return out
    }
}
