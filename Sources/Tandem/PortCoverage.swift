import TandemCore

/// Why a port produced no verdict at all, for the warning that replaces a silent success. `tandem port`
/// given a patch that touches no mapped file has nothing to say about the fork, which is almost always a
/// mistake: a patch at the wrong `-p` level (`linux-2.6.11/arch/i386/…` read with `-p0`), a patch of
/// another tree, a typo in the map's upstream paths, or an empty patch.
///
/// While no verdict has been given, the names of the file patches seen are kept at every `-p` level from 0
/// to 4 (five short names per file patch; none once a verdict exists), so the warning can say which level
/// would have touched mapped files.
public struct PortCoverage: Sendable {
    static let levels = 0...4
    /// Per `-p` level, how many file patches seen so far would touch a mapped file.
    private var mappedAt = Array(repeating: 0, count: levels.count)
    /// File patches seen.
    public private(set) var files = 0
    /// The first file patch's name at the level in use, to show.
    private var firstName: [UInt8]?

    public init() {}

    /// Records one file patch (read with `strip`).
    public mutating func add(_ file: FilePatch, strip: Int, map: ForkMap) {
        files += 1
        for level in Self.levels {
            let identity = file.identity(strip: level)
            if let name = identity.oldName ?? identity.newName, !map.copies(of: name).isEmpty { mappedAt[level] += 1 }
        }
        if firstName == nil {
            let identity = file.identity(strip: strip)
            firstName = identity.oldName ?? identity.newName ?? identity.displayName
        }
    }

    /// The warning for a port with no verdict, naming the likely cause; `patchName` names the input.
    public func warning(patchName: String, strip: Int, fromHistory: Bool) -> String {
        if files == 0 {
            return "\(patchName): warning: the patch is empty: nothing to port (an empty diff, or the wrong file?)"
        }
        var text = "\(patchName): warning: no file patch of the \(files) touches a file the map has copies of"
        if fromHistory { return text + " (is the range right? are the map's upstream paths right?)" }
        if let first = firstName { text += " (with -p\(strip) the first is '\(displayText(first))')" }
        if let better = Self.levels.filter({ $0 != strip && mappedAt[$0] > 0 }).max(by: { mappedAt[$0] < mappedAt[$1] })
        {
            return text + ": with -p\(better), \(mappedAt[better]) would: is -p\(strip) the wrong level?"
        }
        return text + ": is -p\(strip) right, and are the map's upstream paths right?"
    }
}
