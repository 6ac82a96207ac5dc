/// Recognising git's own folder in a path, in every spelling git itself refuses (its `verify_path` with
/// `core.protectNTFS` and `core.protectHFS`, both on here whatever the file system):
///
/// - `.git` in any case (`.GIT`, `.Git`): case-insensitive file systems open the repository's folder;
/// - `.git` followed only by spaces and dots, or by `:` and a stream name (`.git. `, `.git::$INDEX_ALLOCATION`):
///   NTFS drops trailing dots and spaces and reads `name:stream` as the file `name`;
/// - `git~1` (with the same trailing dots and spaces): the NTFS short name of `.git`;
/// - `.git` with code points HFS+ ignores anywhere in it (zero-width joiners, direction marks, U+FEFF…);
/// - any of these as a backslash-separated segment, since `\` separates folders on Windows.
///
/// A patch that writes into `.git/` (a hook, the config) takes over the repository at the next git command,
/// so every command that writes refuses such a path, as git does ("invalid path").
extension PatchPath {
    /// True when some component of `path` names git's own folder in one of the spellings above.
    public static func goesIntoGitFolder(_ path: [UInt8]) -> Bool {
        var start = path.startIndex
        for index in path.indices where path[index] == ASCII.slash || path[index] == ASCII.backslash {
            if isGitFolderName(path[start..<index]) { return true }
            start = index + 1
        }
        return isGitFolderName(path[start...])
    }

    /// True when one path component (no slashes) is a spelling of `.git`.
    public static func isGitFolderName(_ name: ArraySlice<UInt8>) -> Bool {
        isNTFSSpelling(name) || hfsFolded(name).map { $0 == Array(".git".utf8) } == true
    }

    /// `.git` or `git~1`, any case, then only spaces and dots, or a `:` and anything.
    private static func isNTFSSpelling(_ name: ArraySlice<UInt8>) -> Bool {
        for stem in [Array(".git".utf8), Array("git~1".utf8)] where name.count >= stem.count {
            let head = name.prefix(stem.count)
            guard zip(head, stem).allSatisfy({ lowercased($0) == $1 }) else { continue }
            var rest = name.dropFirst(stem.count)
            while let first = rest.first, first == ASCII.space || first == UInt8(ascii: ".") { rest = rest.dropFirst() }
            if rest.isEmpty || rest.first == UInt8(ascii: ":") { return true }
        }
        return false
    }

    /// The name lower-cased with the code points HFS+ ignores removed, when it is short enough to be `.git`
    /// after that; nil otherwise (or when it is not UTF-8, which HFS+ would not accept either).
    private static func hfsFolded(_ name: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var index = name.startIndex
        while index < name.endIndex {
            let byte = name[index]
            if byte < 0x80 {
                out.append(lowercased(byte))
                index += 1
            } else if byte == 0xE2 || byte == 0xEF, index + 2 < name.endIndex {
                let scalar =
                    (UInt32(byte & 0x0F) << 12) | (UInt32(name[index + 1] & 0x3F) << 6) | UInt32(name[index + 2] & 0x3F)
                guard hfsIgnored(scalar) else { return nil }
                index += 3
            } else {
                return nil
            }
            if out.count > 4 { return nil }
        }
        return out
    }

    /// The code points HFS+ drops when it compares names (git's list in `utf8.c`).
    private static func hfsIgnored(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x200C...0x200F, 0x202A...0x202E, 0x206A...0x206F, 0xFEFF: return true
        default: return false
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
