#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output folders (`--output-dir`): created with their parents, as `mkdir -p` does.
public enum Folder {
    /// Creates `path` and any missing parents (0755, less the umask); an existing folder is fine, an
    /// existing file in the way is an error.
    public static func create(_ path: String) throws(IOError) {
        var prefix = ""
        for (index, part) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            prefix += (index == 0 ? "" : "/") + part
            guard !part.isEmpty, part != "." else { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw .errno("cannot create folder", prefix) }
            var info = stat()
            guard stat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw IOError("cannot create folder '\(prefix)': a file is in the way")
            }
        }
    }
}
