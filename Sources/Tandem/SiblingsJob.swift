import TandemCore
import TandemGit
import TandemIO

/// `tandem siblings` as a use case: a patch checked against the tree it applies to, or an upstream range
/// checked commit by commit (`SiblingsHistory`), for fixes that reached one member of a `siblings` group
/// but not the others; findings below `minimumConfidence` are counted, not listed.
public struct SiblingsJob {
    /// What is checked.
    public enum Input {
        /// A patch file ('-': standard input), the tree it applies to, and its `-p` level.
        case patch(path: String, tree: String, strip: Int)
        /// An upstream repository and a range in it.
        case history(repository: String, range: String)
    }

    public var input: Input
    /// The map (default: `tandem.yml` at the root of the tree, or of the range's start).
    public var map: String?
    public var minimumConfidence: Double

    public init(input: Input, map: String? = nil, minimumConfidence: Double = SiblingCheck.defaultMinimumConfidence) {
        self.input = input
        self.map = map
        self.minimumConfidence = minimumConfidence
    }

    /// The findings. An empty patch, or one with no file under a member at its `-p` level (a wrong `-p`,
    /// named with the level that works), is a `Failure` with status 1.
    public func run(messages: Messages) throws -> SiblingCheck.Result {
        let specs = TreeSpec()
        let result: SiblingCheck.Result
        switch input {
        case .history(let upstream, let range):
            let repository = try specs.repository(upstream)
            defer { messages.warnShallowBoundary(repository) }
            let base = try PortSession.checkedRange(range, in: repository, messages: messages).base
            let start = try GitTree(repository: repository, revision: base.hex)
            let forkMap = try MapLookup.load(
                map, tree: start, treeName: "\(upstream)@\(GitRepository.rangeEnds(range).from)",
                needs: .siblings, messages: messages
            ).map
            result = try SiblingsHistory(repository: repository, range: range, groups: forkMap.siblings).check()
        case .patch(let path, let tree, let strip):
            let parsed = try PatchReading.load(path, messages: messages)
            if let warning = PatchReading.emptyWarning(parsed, path: path, doing: "check") {
                throw Failure(warning, status: 1, file: path)
            }
            let treeValue = try specs.open(tree)
            let forkMap = try MapLookup.load(map, tree: treeValue, treeName: tree, needs: .siblings, messages: messages)
                .map
            result = try SiblingCheck.check(parsed.patch, groups: forkMap.siblings, tree: treeValue, strip: strip)
            if result.checked == 0,
                let warning = Self.noMemberWarning(parsed.patch, groups: forkMap.siblings, strip: strip, name: path)
            {
                throw Failure(warning, status: 1, file: path)
            }
        }
        return result.keeping(minimum: minimumConfidence)
    }

    /// The warning for a patch none of whose file patches is under a `siblings` member at `-p strip`, naming
    /// the level at which some would be (a wrong `-p` is the usual cause); nil when some file patch is under a
    /// member (its hunks were all trivial: nothing to check is then a right answer).
    public static func noMemberWarning(_ patch: Patch, groups: [[String]], strip: Int, name: String) -> String? {
        func under(_ level: Int) -> Int { SiblingCheck.filesUnderMembers(patch, groups: groups, strip: level) }
        guard !patch.files.isEmpty, under(strip) == 0 else { return nil }
        var text = "\(name): warning: no file patch of the \(patch.files.count) is under a 'siblings' member of the map"
        if let level = (0...4).first(where: { $0 != strip && under($0) > 0 }) {
            text += ": with -p\(level), \(under(level)) would be: is -p\(strip) the wrong level?"
        } else {
            text += " (the wrong patch, or the wrong map?)"
        }
        return text
    }
}
