/// The changes to one file: the text before it, its header lines, its hunks, and (for `GIT binary patch`) the
/// opaque binary data lines.
public struct FilePatch: Sendable, Equatable {
    /// Text that stood before this file patch's header and after the previous one's end (mail headers, commit
    /// messages, `Only in …` lines), kept byte for byte.
    public var prelude: LineBlock
    public var header: [HeaderLine]
    public var hunks: [Hunk]
    /// The lines after `GIT binary patch` (`literal`/`delta` lines, base85 data, blank separators), opaque.
    public var binaryData: LineBlock
    /// 1-based line of the first header line in the parsed input (0 for patches built in code).
    public var line: Int

    public init(
        prelude: LineBlock = LineBlock(), header: [HeaderLine], hunks: [Hunk] = [],
        binaryData: LineBlock = LineBlock(), line: Int = 0
    ) {
        self.prelude = prelude
        self.header = header
        self.hunks = hunks
        self.binaryData = binaryData
        self.line = line
    }

    /// True when the header starts with `diff --git`.
    public var isGit: Bool { header.first?.kind == .gitDiff }

    /// The first header line of `kind`, if any.
    public func headerLine(_ kind: HeaderLine.Kind) -> HeaderLine? {
        header.first { $0.kind == kind }
    }

    /// True when the patch says the file is binary (`Binary files … differ` or `GIT binary patch`).
    public var isBinary: Bool {
        header.contains { $0.kind == .binaryFiles || $0.kind == .gitBinaryPatch }
    }
}

/// A whole patch: file patches in order and the text after the last one.
public struct Patch: Sendable, Equatable {
    public var files: [FilePatch]
    /// Text after the last file patch (a mail signature, trailing prose), kept byte for byte.
    public var trailer: LineBlock

    public init(files: [FilePatch] = [], trailer: LineBlock = LineBlock()) {
        self.files = files
        self.trailer = trailer
    }
}
