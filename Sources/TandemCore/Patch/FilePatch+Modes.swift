/// The kind of file each side of a file patch is, from git's mode lines. Git knows four modes and tandem
/// honours no other: 100644 (a regular file), 100755 (an executable one), 120000 (a symbolic link, whose
/// "content" is its target) and 160000 (a submodule, a gitlink). Any other bits a patch asks for (setuid,
/// setgid, sticky: `new file mode 107777`) are dropped, as git does.
public enum GitFileMode: Sendable, Equatable {
    case regular
    case executable
    case symlink
    case gitlink

    /// The mode from the octal digits a header line ends with: the file type bits decide the kind, and a
    /// regular file is executable when its owner may execute it.
    init?(octal digits: some Collection<UInt8>) {
        guard !digits.isEmpty, digits.count <= 7 else { return nil }
        let value = digits.reduce(UInt32(0)) { $0 * 8 + UInt32($1 - ASCII.zero) }
        switch value & 0o170000 {
        case 0o120000: self = .symlink
        case 0o160000: self = .gitlink
        default: self = value & 0o100 != 0 ? .executable : .regular
        }
    }

    /// The mode a `FileTree` gives a file of this kind (0o644, 0o755, 0o120000, 0o160000).
    public var treeMode: UInt32 {
        switch self {
        case .regular: return 0o644
        case .executable: return 0o755
        case .symlink: return 0o120000
        case .gitlink: return 0o160000
        }
    }

    /// The kind of a file a `FileTree` holds with `mode`.
    public init(treeMode mode: UInt32) {
        switch mode & 0o170000 {
        case 0o120000: self = .symlink
        case 0o160000: self = .gitlink
        default: self = mode & 0o111 != 0 ? .executable : .regular
        }
    }

    /// True for the two regular kinds.
    public var isRegular: Bool { self == .regular || self == .executable }
}

extension FilePatch {
    /// The modes the header states for the old and the new side (nil where it states none). `old mode`
    /// and `deleted file mode` give the old side, `new mode` and `new file mode` the new one, and an `index`
    /// line that ends in a mode gives both sides (git writes one there when the mode did not change).
    public var gitModes: (old: GitFileMode?, new: GitFileMode?) {
        var old: GitFileMode?, new: GitFileMode?
        for line in header {
            switch line.kind {
            case .oldMode, .deletedFileMode: old = Self.mode(ending: line)
            case .newMode, .newFileMode: new = Self.mode(ending: line)
            case .index:
                let fields = line.raw.withoutTerminator.split(separator: ASCII.space)
                if fields.count >= 3, let both = GitFileMode(octal: fields[2]) {
                    old = old ?? both
                    new = new ?? both
                }
            default: continue
            }
        }
        return (old, new)
    }

    private static func mode(ending line: HeaderLine) -> GitFileMode? {
        let digits = line.raw.withoutTerminator.reversed().prefix { $0 >= ASCII.zero && $0 <= UInt8(ascii: "7") }
            .reversed()
        return GitFileMode(octal: Array(digits))
    }
}
