/// Values describing git history, filled by TandemGit and read by Core algorithms. No libgit2 type leaks
/// past TandemGit; these are what it copies out.

/// One commit's metadata.
public struct CommitInfo: Sendable, Equatable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var tree: ObjectID
    public var authorName: String
    public var authorEmail: String
    /// Seconds since the epoch.
    public var authorTime: Int64
    public var committerTime: Int64
    /// The first line of the message.
    public var summary: String

    public init(
        id: ObjectID, parents: [ObjectID], tree: ObjectID, authorName: String, authorEmail: String,
        authorTime: Int64, committerTime: Int64, summary: String
    ) {
        self.id = id
        self.parents = parents
        self.tree = tree
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorTime = authorTime
        self.committerTime = committerTime
        self.summary = summary
    }
}

/// A path that differs between two trees.
public struct ChangedPath: Sendable, Equatable {
    public enum Status: String, Sendable {
        case added = "A", deleted = "D", modified = "M", renamed = "R", copied = "C", typeChanged = "T"
    }

    public var status: Status
    public var oldPath: [UInt8]?
    public var newPath: [UInt8]?
    public var oldID: ObjectID?
    public var newID: ObjectID?
    public var oldMode: UInt32
    public var newMode: UInt32
    /// For renames and copies: similarity in percent.
    public var similarity: Int

    public init(
        status: Status, oldPath: [UInt8]?, newPath: [UInt8]?, oldID: ObjectID?, newID: ObjectID?,
        oldMode: UInt32, newMode: UInt32, similarity: Int = 0
    ) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
        self.oldMode = oldMode
        self.newMode = newMode
        self.similarity = similarity
    }

    /// The path to show: the new one, or the old one for a deletion.
    public var path: [UInt8] { newPath ?? oldPath ?? [] }
}

/// A tag and the commit it names.
public struct TagInfo: Sendable, Equatable {
    public var name: String
    public var commit: ObjectID
    /// The tagger's time for an annotated tag, else the commit's time (seconds since the epoch).
    public var time: Int64
    public var annotated: Bool

    public init(name: String, commit: ObjectID, time: Int64, annotated: Bool) {
        self.name = name
        self.commit = commit
        self.time = time
        self.annotated = annotated
    }
}
