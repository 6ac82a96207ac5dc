import CLibGit2
import TandemCore

extension ObjectID {
    /// Copies a libgit2 id out into a value that owns no libgit2 memory.
    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { ObjectID(raw: $0) }
    }

    /// The id as libgit2's struct.
    var oid: git_oid {
        var oid = git_oid()
        let bytes = self.bytes
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (i, byte) in bytes.enumerated() where i < raw.count { raw[i] = byte }
        }
        return oid
    }
}
