/// One line of a file patch's header, raw, with what it is.
///
/// A file patch header is whatever stands between the text before it and its first hunk: `diff --git`, the
/// extended git lines, a `diff -urN …` command line, `---`/`+++`, `Binary files … differ`, `GIT binary patch`.
public struct HeaderLine: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case gitDiff = "diff --git"
        /// `diff -urN old/x new/x` (a `diff -r` command line before `---`).
        case command = "diff"
        case oldName = "---"
        case newName = "+++"
        case oldMode = "old mode"
        case newMode = "new mode"
        case deletedFileMode = "deleted file mode"
        case newFileMode = "new file mode"
        case index = "index"
        case similarity = "similarity index"
        case dissimilarity = "dissimilarity index"
        case renameFrom = "rename from"
        case renameTo = "rename to"
        case copyFrom = "copy from"
        case copyTo = "copy to"
        case binaryFiles = "Binary files"
        case gitBinaryPatch = "GIT binary patch"
    }

    public var kind: Kind
    /// The line exactly as read, terminator included.
    public var raw: Bytes

    public init(kind: Kind, raw: Bytes) {
        self.kind = kind
        self.raw = raw
    }

    /// The kind of a git extended header line (the lines between `diff --git` and `---`), or nil.
    /// `rename old`/`rename new` are the spelling of git before 1.5 and are read as `rename from`/`to`.
    static func gitExtendedKind(of line: Bytes) -> Kind? {
        guard let first = line.first else { return nil }
        switch first {
        case UInt8(ascii: "o"): return line.hasPrefix("old mode ") ? .oldMode : nil
        case UInt8(ascii: "n"):
            return line.hasPrefix("new mode ") ? .newMode : line.hasPrefix("new file mode ") ? .newFileMode : nil
        case UInt8(ascii: "d"):
            if line.hasPrefix("deleted file mode ") { return .deletedFileMode }
            return line.hasPrefix("dissimilarity index ") ? .dissimilarity : nil
        case UInt8(ascii: "i"): return line.hasPrefix("index ") ? .index : nil
        case UInt8(ascii: "s"): return line.hasPrefix("similarity index ") ? .similarity : nil
        case UInt8(ascii: "r"):
            if line.hasPrefix("rename from ") || line.hasPrefix("rename old ") { return .renameFrom }
            if line.hasPrefix("rename to ") || line.hasPrefix("rename new ") { return .renameTo }
            return nil
        case UInt8(ascii: "c"):
            if line.hasPrefix("copy from ") { return .copyFrom }
            return line.hasPrefix("copy to ") ? .copyTo : nil
        default: return nil
        }
    }
}
