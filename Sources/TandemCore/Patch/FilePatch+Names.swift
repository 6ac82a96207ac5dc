/// Which file a file patch changes, and how (add, delete, rename, copy, mode change, modify).
///
/// Names follow git apply's rules: `rename from`/`copy from` name the old file without the `a/` prefix (so they
/// lose one component less under `-p`); the `---`/`+++` names win over the `diff --git` names; `/dev/null`, a
/// `new file mode`/`deleted file mode` line, or (in a traditional diff) an epoch timestamp on the `---`/`+++`
/// line mean "no file on that side". A binary patch without names in `---`/`+++` takes them from
/// `Binary files A and B differ` or the `diff --git` line.
extension FilePatch {
    /// The names and the kind of change, computed together (each part looks at the header lines once).
    public struct Identity: Sendable, Equatable {
        /// The old file's name; nil when the patch creates the file or no name survives the stripping.
        public var oldName: [UInt8]?
        /// The new file's name; nil when the patch deletes the file.
        public var newName: [UInt8]?
        public var change: FileChange
        /// The name to show: the new name, or the old one for a deletion (as `git apply --numstat` does).
        public var displayName: [UInt8]?
    }

    /// Names after stripping `strip` leading components, and the kind of change.
    public func identity(strip: Int = 1) -> Identity {
        let creation = isCreation, deletion = isDeletion
        let old = creation ? nil : name(side: 0, strip: strip)
        let new = deletion ? nil : name(side: 1, strip: strip)
        let display = new ?? old ?? name(side: 1, strip: strip) ?? name(side: 0, strip: strip)
        return Identity(
            oldName: old, newName: new, change: change(creation: creation, deletion: deletion),
            displayName: display)
    }

    /// The old file's name after stripping `strip` leading components; nil when the patch creates the file
    /// or no name survives the stripping.
    public func oldName(strip: Int = 1) -> [UInt8]? {
        isCreation ? nil : name(side: 0, strip: strip)
    }

    /// The new file's name after stripping; nil when the patch deletes the file.
    public func newName(strip: Int = 1) -> [UInt8]? {
        isDeletion ? nil : name(side: 1, strip: strip)
    }

    /// The name to show for this file patch (see `Identity.displayName`).
    public func displayName(strip: Int = 1) -> [UInt8]? {
        identity(strip: strip).displayName
    }

    /// Side 0 is old, 1 is new.
    private func name(side: Int, strip: Int) -> [UInt8]? {
        let explicit: [HeaderLine.Kind] = side == 0 ? [.renameFrom, .copyFrom] : [.renameTo, .copyTo]
        if let line = header.first(where: { explicit.contains($0.kind) }), let field = line.nameFields.first {
            return PatchPath.strip(field.name, components: max(strip - 1, 0))
        }
        return spelledName(side: side).flatMap { PatchPath.strip($0, components: strip) }
    }

    /// One side's name as the `---`/`+++` line (or the `diff --git`, `Binary files` or command line) spells
    /// it, prefix and all (`a/lib/io.c`); nil when none names that side. `rename from`/`to` lines are not
    /// read: their names carry no prefix.
    func spelledName(side: Int) -> [UInt8]? {
        if let line = headerLine(side == 0 ? .oldName : .newName), let field = line.nameFields.first,
            field.name != PatchPath.devNull
        {
            return field.name
        }
        for kind in [HeaderLine.Kind.gitDiff, .binaryFiles, .command] {
            if let line = headerLine(kind) {
                let fields = line.nameFields
                if fields.count == 2, fields[side].name != PatchPath.devNull { return fields[side].name }
            }
        }
        return nil
    }

    /// True when the patch creates its file.
    public var isCreation: Bool {
        if headerLine(.newFileMode) != nil { return true }
        if isGit { return sideIsAbsent(.oldName) }
        return sideIsAbsent(.oldName) || hasEpochTimestamp(.oldName)
            || binaryNameIsDevNull(side: 0)
    }

    /// True when the patch deletes its file.
    public var isDeletion: Bool {
        if headerLine(.deletedFileMode) != nil { return true }
        if isGit { return sideIsAbsent(.newName) }
        return sideIsAbsent(.newName) || hasEpochTimestamp(.newName)
            || binaryNameIsDevNull(side: 1)
    }

    private func sideIsAbsent(_ kind: HeaderLine.Kind) -> Bool {
        headerLine(kind)?.nameFields.first?.name == PatchPath.devNull
    }

    private func binaryNameIsDevNull(side: Int) -> Bool {
        guard let fields = headerLine(.binaryFiles)?.nameFields, fields.count == 2 else { return false }
        return fields[side].name == PatchPath.devNull
    }

    /// GNU diff writes the epoch (`1970-01-01 00:00:00…` in UTC, or the same instant in another zone, which
    /// shows as 1969-12-31 west of Greenwich) as the time of a missing file with `-N`. A hunk that starts at
    /// line 0 on that side must go with it, so a real file from 1970 is not mistaken for a missing one.
    private func hasEpochTimestamp(_ kind: HeaderLine.Kind) -> Bool {
        guard let line = headerLine(kind), let field = line.nameFields.first else { return false }
        let rest = line.raw[field.range.upperBound...].withoutTerminator
        guard rest.first == ASCII.tab else { return false }
        let stamp = rest.dropFirst()
        let epoch =
            stamp.hasPrefix("1970-01-01") || stamp.hasPrefix("1969-12-31")
            || stamp.hasPrefix("Thu Jan  1") || stamp.hasPrefix("Wed Dec 31")
        guard epoch else { return false }
        let sideIsEmpty = hunks.allSatisfy { kind == .oldName ? $0.header.oldCount == 0 : $0.header.newCount == 0 }
        return sideIsEmpty && !hunks.isEmpty
    }

    /// What the file patch does, as `tandem stat` reports it.
    public var change: FileChange {
        change(creation: isCreation, deletion: isDeletion)
    }

    private func change(creation: Bool, deletion: Bool) -> FileChange {
        var kind: FileChange.Kind = .modify
        if creation {
            kind = .add
        } else if deletion {
            kind = .delete
        } else if headerLine(.renameFrom) != nil {
            kind = .rename
        } else if headerLine(.copyFrom) != nil {
            kind = .copy
        } else if headerLine(.oldMode) != nil || headerLine(.newMode) != nil, hunks.isEmpty, !isBinary {
            kind = .mode
        }
        let modeChanged = headerLine(.oldMode) != nil && headerLine(.newMode) != nil
        return FileChange(kind: kind, isBinary: isBinary, modeChanged: modeChanged)
    }
}

/// The kind of change a file patch makes.
public struct FileChange: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case modify, add, delete, rename, copy, mode
    }

    public var kind: Kind
    /// The patch marks the file as binary; its content change is not in hunks.
    public var isBinary: Bool
    /// Old and new modes differ (alone, or with a rename or content change).
    public var modeChanged: Bool

    /// `modify`, `add`, `rename+mode`, `binary`, `add+binary` …
    public var label: String {
        var parts: [String] = []
        if !(isBinary && kind == .modify) { parts.append(kind.rawValue) }
        if modeChanged && kind != .mode { parts.append("mode") }
        if isBinary { parts.append("binary") }
        return parts.joined(separator: "+")
    }
}
