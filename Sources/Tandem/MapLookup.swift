#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore
import TandemGit
import TandemIO

/// Finds and reads the fork map, for every command that needs one (port, map, hooks, drift, siblings,
/// report). The first of these that exists is used:
/// 1. `--map FILE`;
/// 2. `tandem.yml` at the root of the tree the command works on (the fork, a folder or a revision);
/// 3. `tandem.yml` in the current directory;
/// 4. when that tree is a revision, `tandem.yml` at the root of its repository's work tree: a map written
///    and not yet committed is the normal first step.
/// A map found by steps 3 and 4 is announced (standard error, on the command line) with the reason (`using the map
/// ./tandem.yml: 'repo@HEAD' has none at its root`), since it is not the file the documentation names
/// first. A map that gives the command nothing to work with (an empty file, no `forks:` for a command that
/// ports or measures copies, no `siblings:` for `siblings`) is a `Failure`, as a bad map is a problem: exit 2.
public enum MapLookup {
    /// What the command needs the map to hold.
    public enum Need: Sendable {
        /// At least one `forks:` mapping (port, map, hooks, drift, report).
        case forks
        /// At least one `siblings:` group.
        case siblings
    }

    /// The map and the name its messages use. `tree` is where step 2 looks (nil: only `--map`), `treeName`
    /// how the user named it; a map found by steps 3 and 4 is announced to `messages`. Throws a `Failure`,
    /// `ForkMapLoader.Problem`, `IOError` or `GitError`.
    public static func load(
        _ map: String?, tree: FileTree?, treeName: String, needs: Need,
        messages: Messages
    ) throws -> (map: ForkMap, name: String) {
        let (bytes, name) = try find(map, tree: tree, treeName: treeName, messages: messages)
        let forkMap = try ForkMapLoader.load(bytes, name: name)
        switch needs {
        case .forks where forkMap.mappings.isEmpty:
            throw Failure(
                "\(name): no 'forks' mappings\(isEmpty(forkMap) ? " (the map is empty)" : ""): "
                    + "the map names no copies, so there is nothing to do", file: name)
        case .siblings where forkMap.siblings.isEmpty:
            throw Failure(
                "\(name): no 'siblings' groups\(isEmpty(forkMap) ? " (the map is empty)" : ""): nothing to compare",
                file: name)
        default:
            return (forkMap, name)
        }
    }

    /// The map's bytes and name, from the first place that has one.
    static func find(_ map: String?, tree: FileTree?, treeName: String, messages: Messages) throws -> (
        bytes: [UInt8], name: String
    ) {
        let fileName = ForkMapLoader.fileName
        if let map { return (try ByteFile.read(map), map) }
        if let file = try tree?.file(at: Array(fileName.utf8)) { return (file.bytes, fileName) }
        var looked = ["at the root of '\(treeName)'"]
        let here = "./" + fileName
        if isFile(here) {
            messages.say("using the map \(here): '\(treeName)' has none at its root")
            return (try ByteFile.read(here), here)
        }
        looked.append("in the current directory")
        if let revision = tree as? GitTree, let workTree = revision.repository.workingDirectory {
            let path = (workTree.hasSuffix("/") ? workTree : workTree + "/") + fileName
            if isFile(path) {
                messages.say("using the map \(path) from the work tree: '\(treeName)' has none at its root (commit it)")
                return (try ByteFile.read(path), path)
            }
            looked.append("in the work tree '\(workTree)'")
        }
        throw Failure("no fork map: '\(fileName)' is not " + looked.joined(separator: ", ") + " (give --map FILE)")
    }

    /// True when `path` names a regular file (following links), which is all a map may be.
    static func isFile(_ path: String) -> Bool { ByteFile.isRegularFile(path) }

    /// True when the map holds nothing at all (an empty file, or only comments).
    static func isEmpty(_ map: ForkMap) -> Bool {
        map.mappings.isEmpty && map.siblings.isEmpty && map.guards.isEmpty && map.upstream == nil
            && map.sharedList == nil
            && map.versions == nil
    }
}
