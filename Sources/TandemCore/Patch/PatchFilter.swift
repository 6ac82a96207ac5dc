/// Selects file patches by path and rewrites path prefixes in their headers (`tandem filter`).
///
/// Selection: a file patch is kept when its old or new name (after stripping `strip` components) matches an
/// include pattern (or there are none) and matches no exclude pattern. A kept file patch keeps its prelude
/// (the text before it); the patch's trailer is always kept; so with no options the output is the input.
///
/// Renaming rewrites every name in every header line (`diff --git`, `---`/`+++`, `rename`/`copy`,
/// `Binary files`, the `diff -urN` command line): the name loses `strip` leading components, the first rule
/// whose FROM is a prefix of the rest replaces it with TO, and the stripped components go back in front. A
/// FROM ending in `/` is a directory prefix; any other FROM must match a whole path or whole leading
/// components. Names are re-quoted as git would; timestamps, modes and hunks are untouched. This is the first
/// building block of duplicating an upstream patch onto a forked directory
/// (`arch/i386/` → `arch/xen/i386/`).
public struct PatchFilter: Sendable {
    /// One `FROM=TO` prefix rewrite.
    public struct Rename: Sendable, Equatable {
        public var from: [UInt8]
        public var to: [UInt8]

        public init(from: [UInt8], to: [UInt8]) {
            self.from = from
            self.to = to
        }

        /// Parses `FROM=TO`; nil when there is no `=` or FROM is empty.
        public init?(_ spec: String) {
            let bytes = Array(spec.utf8)
            guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")), eq > 0 else { return nil }
            self.init(from: Array(bytes[..<eq]), to: Array(bytes[(eq + 1)...]))
        }

        /// `path` rewritten, or nil when the rule does not apply.
        public func apply(_ path: [UInt8]) -> [UInt8]? {
            guard path.starts(with: from) else { return nil }
            if from.last != ASCII.slash && path.count > from.count && path[from.count] != ASCII.slash { return nil }
            return to + path[from.count...]
        }
    }

    public var includes: [Glob]
    public var excludes: [Glob]
    public var renames: [Rename]
    /// Leading components removed before matching and renaming (`-p`).
    public var strip: Int

    public init(includes: [Glob] = [], excludes: [Glob] = [], renames: [Rename] = [], strip: Int = 1) {
        self.includes = includes
        self.excludes = excludes
        self.renames = renames
        self.strip = strip
    }

    /// True when `file` is selected.
    public func selects(_ file: FilePatch) -> Bool {
        let identity = file.identity(strip: strip)
        let names = [identity.oldName, identity.newName, identity.displayName].compactMap { $0 }
        if !includes.isEmpty && !includes.contains(where: { glob in names.contains { glob.matches($0) } }) {
            return false
        }
        return !excludes.contains { glob in names.contains { glob.matches($0) } }
    }

    /// The selected file patches of `patch`, renamed.
    public func apply(to patch: Patch) -> Patch {
        var out = Patch(files: [], trailer: patch.trailer)
        for file in patch.files where selects(file) {
            out.files.append(renames.isEmpty ? file : renamed(file))
        }
        return out
    }

    /// `file` with its header names rewritten by the rename rules.
    public func renamed(_ file: FilePatch) -> FilePatch {
        var file = file
        file.header = file.header.map { line in
            // rename/copy lines carry names without the a/ b/ prefix: they lose one component less.
            let depth = [.renameFrom, .renameTo, .copyFrom, .copyTo].contains(line.kind) ? max(strip - 1, 0) : strip
            var replacements: [(field: HeaderLine.NameField, name: [UInt8])] = []
            for field in line.nameFields where field.name != PatchPath.devNull {
                guard let rest = PatchPath.strip(field.name, components: depth),
                    let newRest = renames.lazy.compactMap({ $0.apply(rest) }).first
                else { continue }
                replacements.append((field, Array(field.name[..<(field.name.count - rest.count)]) + newRest))
            }
            if replacements.isEmpty { return line }
            return line.replacingNames(replacements)
        }
        return file
    }
}
