import TandemCore
import TandemGit
import TandemIO

/// Where `tandem drift`'s snapshots come from, opened one at a time (oldest first) so a long history never
/// has all its trees open:
/// - *one repository* holding originals and copies: each revision's tree is both sides;
/// - *two repositories*: each fork revision's upstream version comes from the map's `versions` rule, and the
///   upstream tree is that version's revision in the upstream repository (shared by consecutive revisions).
///   A version the upstream repository has no revision for (a snapshot such as `2.6.16-rc1-git4`) is
///   compared with the nearest tag below it, the snapshot is marked approximate, and a warning names it
///   once per version; with no tag below it the run stops;
/// - *a list* of `LABEL=TREE` or `LABEL=UPSTREAM:FORK` snapshots (folders or `REPO@REV`).
public final class DriftSource {
    /// A fork revision to visit.
    public struct Point: Sendable {
        public var id: ObjectID
        public var label: String
        public var time: Int64
    }

    public enum Kind {
        case oneRepository(GitRepository, [Point])
        case twoRepositories(fork: GitRepository, upstream: GitRepository, upstreamName: String, [Point])
        case list([(label: String, upstream: String, fork: String)])
    }

    let kind: Kind
    let specs = TreeSpec()
    /// The map file's name, for messages about its versions rule.
    public var mapName = ForkMapLoader.fileName
    /// Where warnings go (an approximate upstream version).
    public var messages = Messages.ignored
    /// The upstream tree of the last wanted revision (consecutive fork revisions share it), with the revision
    /// it was read from and whether that is a stand-in.
    private var upstreamTree: (wanted: String, tree: GitTree, revision: String, approximate: Bool)?
    private var upstreamTags: [String]?
    private var warnedVersions: Set<String> = []
    private var tableIDs: [String: String] = [:]  // commit hex → version, from a versions table
    /// The upstream commit of the last two-repository snapshot made (snapshots are made oldest first).
    private var previousUpstream: ObjectID?

    public init(kind: Kind) { self.kind = kind }

    public var count: Int {
        switch kind {
        case .oneRepository(_, let points), .twoRepositories(_, _, _, let points): return points.count
        case .list(let items): return items.count
        }
    }

    /// The revisions of `range` (first-parent unless `allParents`) or of the tags matching `tags`, oldest
    /// first, keeping every `every`-th one and always the newest. Labels are tag names where a tag points at
    /// the commit, else the short id.
    public static func points(_ repository: GitRepository, range: String?, tags: String?, allParents: Bool, every: Int)
        throws(GitError) -> [Point]
    {
        var points: [Point] = []
        if let tags {
            for tag in try repository.tags(matching: tags) {
                points.append(
                    Point(id: tag.commit, label: tag.name, time: try repository.commit(tag.commit).committerTime))
            }
        } else {
            var names: [ObjectID: String] = [:]
            for tag in try repository.tags().reversed() { names[tag.commit] = tag.name }
            var ids: [ObjectID] = []
            try repository.walk(range ?? "HEAD", firstParent: !allParents, order: .oldestFirst) { ids.append($0) }
            for id in ids {
                points.append(
                    Point(
                        id: id, label: names[id] ?? String(id.hex.prefix(12)),
                        time: try repository.commit(id).committerTime))
            }
        }
        guard every > 1, points.count > 1 else { return points }
        return points.indices.filter { $0 % every == 0 || $0 == points.count - 1 }.map { points[$0] }
    }

    /// The tree where the map is looked for when --map is not given: the newest fork snapshot's root.
    public func newestForkRoot() throws -> (tree: FileTree, name: String)? {
        switch kind {
        case .oneRepository(let repository, let points), .twoRepositories(let repository, _, _, let points):
            guard let last = points.last else { return nil }
            return (try GitTree(repository: repository, revision: last.id.hex), "\(repository.path)@\(last.label)")
        case .list(let items):
            guard let last = items.last else { return nil }
            return (try specs.open(last.fork), last.fork)
        }
    }

    /// The renames between two upstream commits, found when asked (old path → new path).
    static func renames(_ repository: GitRepository, from: ObjectID, to: ObjectID) -> () throws -> [[UInt8]: [UInt8]] {
        {
            guard from != to else { return [:] }
            var out: [[UInt8]: [UInt8]] = [:]
            for change in try repository.changedPathsFindingRenames(from: from, to: to).changes
            where change.status == .renamed {
                if let old = change.oldPath, let new = change.newPath { out[old] = new }
            }
            return out
        }
    }

    /// Resolves a versions table's revision names to commit ids once.
    public func prepare(map: ForkMap) throws {
        guard case .twoRepositories(let fork, _, _, _) = kind else { return }
        guard let rule = map.versions else {
            throw Failure(
                "\(mapName): no 'versions' rule: two repositories need one to pair each fork revision with its upstream release"
            )
        }
        if case .table(let table) = rule.source {
            for (name, version) in table {
                do {
                    tableIDs[try fork.resolveCommit(name).hex] = version
                } catch {
                    throw Failure(
                        "\(mapName):\(rule.line): versions: table names '\(name)', which is not a revision of \(fork.path): \(error.message)"
                    )
                }
            }
        }
    }

    /// The snapshot at `index`.
    public func snapshot(_ index: Int, map: ForkMap) throws -> DriftSnapshot {
        switch kind {
        case .oneRepository(let repository, let points):
            let point = points[index]
            let tree = try GitTree(repository: repository, revision: point.id.hex)
            return DriftSnapshot(
                info: .init(label: point.label, time: point.time, revision: point.id.hex), upstream: tree, fork: tree,
                upstreamRenames: index > 0 ? Self.renames(repository, from: points[index - 1].id, to: point.id) : nil)
        case .twoRepositories(let forkRepository, let upstreamRepository, let upstreamName, let points):
            let point = points[index]
            var fork: FileTree = try GitTree(repository: forkRepository, revision: point.id.hex)
            guard let rule = map.versions else { throw Failure("no versions rule") }
            let version: String
            do {
                switch rule.source {
                case .table:
                    guard let found = tableIDs[point.id.hex] else {
                        throw VersionRule.Failure("fork revision \(point.label) is not in the versions table")
                    }
                    version = found
                case .file(let path, _, _):
                    guard let file = try fork.file(at: Array(path.utf8)) else {
                        throw VersionRule.Failure("\(path) at \(point.label): no such file in the fork")
                    }
                    version = try rule.version(fromFile: file.bytes, revision: point.label)
                case .folder:
                    let found = try rule.match(folders: try fork.directories(in: []), revision: point.label)
                    fork = SubTree(fork, folder: found.folder)
                    version = found.version
                case .fileNames:
                    version = try rule.version(fromFileNamesIn: fork, revision: point.label).version
                }
            } catch let failure as VersionRule.Failure {
                throw Failure("\(mapName):\(rule.line): versions: \(failure.message)")
            }
            let wanted = rule.upstreamRevision(for: version)
            let open: (wanted: String, tree: GitTree, revision: String, approximate: Bool)
            if let known = upstreamTree, known.wanted == wanted {
                open = known
            } else {
                open = try openUpstream(
                    wanted, version: version, rule: rule, label: point.label, repository: upstreamRepository,
                    name: upstreamName)
                upstreamTree = open  // consecutive fork revisions share it; keep one
            }
            let (upstream, revision, approximate) = (open.tree, open.revision, open.approximate)
            let previous = previousUpstream
            previousUpstream = upstream.commit
            return DriftSnapshot(
                info: .init(
                    label: point.label, time: point.time, revision: point.id.hex,
                    upstreamRevision: revision, version: version, approximate: approximate),
                upstream: upstream, fork: fork,
                upstreamRenames: previous.map { Self.renames(upstreamRepository, from: $0, to: upstream.commit) })
        case .list(let items):
            let item = items[index]
            let fork = try specs.open(item.fork)
            let upstream = item.upstream == item.fork ? fork : try specs.open(item.upstream)
            return DriftSnapshot(info: .init(label: item.label), upstream: upstream, fork: fork)
        }
    }

    /// The upstream tree of `wanted` (the revision of `version`), or, when the upstream repository has no
    /// such revision, of the nearest tag below the version, marked approximate, with a warning once per
    /// version. No tag below it stops the run.
    private func openUpstream(
        _ wanted: String, version: String, rule: VersionRule, label: String, repository: GitRepository,
        name: String
    ) throws -> (wanted: String, tree: GitTree, revision: String, approximate: Bool) {
        let stopped = { (error: GitError) in
            Failure(
                "fork revision \(label) is based on version \(version), but \(name) has no revision '\(wanted)': \(error.message)"
            )
        }
        do {
            _ = try repository.resolveCommit(wanted)
        } catch let error where error.isUnknownRevision {
            let tags: [String]
            if let known = upstreamTags {
                tags = known
            } else {
                tags = try repository.tags().map(\.name)
                upstreamTags = tags
            }
            guard let nearest = rule.nearestTag(below: version, among: tags) else {
                throw Failure(
                    "fork revision \(label) is based on version \(version), but \(name) has no revision '\(wanted)' "
                        + "and no tag below it to stand in (tags named like '\(rule.upstreamRevision)'): \(error.message)"
                )
            }
            if warnedVersions.insert(version).inserted {
                messages.say(
                    "warning: fork revision \(label) is based on version \(version), but \(name) has no revision "
                        + "'\(wanted)': compared with the nearest tag below it, \(nearest.tag) (approximate)")
            }
            do {
                return (wanted, try GitTree(repository: repository, revision: nearest.tag), nearest.tag, true)
            } catch {
                throw stopped(error)
            }
        } catch {
            throw stopped(error)
        }
        do {
            return (wanted, try GitTree(repository: repository, revision: wanted), wanted, false)
        } catch {
            throw stopped(error)
        }
    }
}
