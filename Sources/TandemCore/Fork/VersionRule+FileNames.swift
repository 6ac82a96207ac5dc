/// The *file names* source of a versions rule: the version a fork records only in the names of its files,
/// such as the stable release Xen's tree tracked, `patches/linux-2.6.12/2.6.12.6.patch`.
///
/// `files` is a fork-map path pattern (`*` within a name, `**/` whole folders, a trailing `/` a whole
/// folder) that selects candidate files; only the folder before its first wildcard is listed, so a pattern
/// that starts with a folder never lists the whole tree. Each selected path (relative to the fork's root) is
/// searched by every `match` expression, as the *file* source searches a file's lines: the captures are
/// numbered across the expressions and `format` assembles them (joined by dots without one). A path that
/// some expression does not match, or that spells an empty version, is ignored: `net-csum.patch` beside
/// `2.6.12.6.patch` says nothing about the version. Of the versions found the highest wins, in
/// `VersionOrder.releasePrecedes` (a release after its `-rc`s), so a tree holding `2.6.12.5.patch` and
/// `2.6.12.6.patch` is at 2.6.12.6. No selected file, or none whose path matches, is a failure naming the
/// revision: the rule never guesses. Linear in the number of files below the listed folder.
extension VersionRule {
    /// The highest version the names of `tree`'s files spell, and the path that spelled it; `revision` names
    /// the fork revision in the message of a failure. Throws `Failure`, or the tree's own errors.
    public func version(fromFileNamesIn tree: FileTree, revision: String) throws -> (version: String, path: [UInt8]) {
        guard case .fileNames(let glob, let patterns, let format) = source else {
            throw Failure("the rule does not read file names")
        }
        let pattern = PathPattern(glob)
        let folder = Self.listedFolder(glob)
        let regexes = try Self.compiled(patterns)
        var selected = 0
        var best: (version: String, path: [UInt8])?
        for path in try tree.paths(under: folder.isEmpty ? [] : [folder]) where pattern.captures(path) != nil {
            selected += 1
            let found = Self.captures(in: String(decoding: path, as: UTF8.self), compiled: regexes)
            guard found.unmatched == nil else { continue }
            let version = Self.assemble(found.captures, format: format)
            guard !version.isEmpty else { continue }
            if let known = best, !VersionOrder.releasePrecedes(known.version, version) { continue }
            best = (version, path)
        }
        guard let best else {
            let expressions = patterns.map { "'\($0)'" }.joined(separator: ", ")
            throw Failure(
                selected == 0
                    ? "no file at \(revision) matches '\(glob)'"
                    : "\(selected) file\(selected == 1 ? "" : "s") at \(revision) match '\(glob)', but no path matches \(expressions)"
            )
        }
        return best
    }

    /// The folder before the pattern's first wildcard (`patches/` for `patches/linux-*/*.patch`), empty when
    /// the wildcard is in the first name; a pattern without wildcards lists its own folder.
    static func listedFolder(_ glob: String) -> [UInt8] {
        let bytes = Array(glob.utf8)
        let head = bytes.firstIndex(of: UInt8(ascii: "*")).map { bytes[..<$0] } ?? bytes[...]
        guard let slash = head.lastIndex(of: ASCII.slash) else { return [] }
        return Array(bytes[...slash])
    }
}
