import TandemCore

/// A directory is a `FileTree`: every read goes through the root's path checks.
extension TreeRoot: FileTree {
    public func file(at path: [UInt8]) throws -> TreeFile? {
        switch try entry(path) {
        case .missing:
            return nil
        case .directory:
            throw IOError("cannot patch '\(String(decoding: path, as: UTF8.self))': it is a directory")
        case .other:
            throw IOError("cannot patch '\(String(decoding: path, as: UTF8.self))': not a regular file")
        case .file(let mode):
            return TreeFile(bytes: try read(path), mode: mode)
        }
    }

    /// Carries out one planned change.
    public func perform(_ change: PatchApplier.TreeChange) throws(IOError) {
        switch change {
        case .write(let path, let bytes, let mode): try write(bytes, to: path, mode: mode)
        case .remove(let path): try remove(path)
        }
    }
}
