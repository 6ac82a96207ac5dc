import TandemCore

/// `git apply --numstat`'s format: `added<TAB>removed<TAB>path` per file, `-<TAB>-` for binary files, paths
/// quoted as git quotes them. For diffing tandem's counts against git's.
public enum StatNumstatRenderer {
    public static func render(_ stats: PatchStatistics) -> String {
        var out = ""
        for file in stats.files {
            let counts = file.change.isBinary ? "-\t-" : "\(file.added)\t\(file.removed)"
            out += counts + "\t" + JSONText.quotedPath(file.path) + "\n"
        }
        return out
    }
}
