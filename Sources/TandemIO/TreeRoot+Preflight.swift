#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore

/// Checking a whole run's writes before the first one, so that all-or-nothing holds for every failure the
/// tree can show in advance: a file where a folder must go, a folder (or a FIFO, a device, a symbolic link)
/// where a file must be written, a folder the process may not write into, a file to remove that is not
/// there, a path refused by `check` or leading out of the tree, a link whose target would.
///
/// The changes are simulated in order over what the tree holds, so a change that depends on an earlier one
/// (a file removed, then a folder made in its place) is judged on the tree as it will be. Each folder on the
/// way is looked at once. What cannot be foreseen (a full disk, another process changing the tree meanwhile)
/// still stops the run at the write that fails, with the files before it written whole.
extension TreeRoot {
    private enum Planned { case file, folder, absent }

    /// Throws the first change of `changes` that could not be made, with a "what: why" message; writes
    /// nothing.
    public func preflight(_ changes: [PatchApplier.TreeChange]) throws(IOError) {
        var planned: [[UInt8]: Planned] = [:]
        var writable = Set<[UInt8]>()
        for change in changes {
            switch change {
            case .write(let path, let bytes, let mode):
                let components = try check(path)
                let key = Array(components.joined(separator: [0x2F]))
                let shown = Self.shown(path)
                var deepestExisting: [UInt8] = []
                var missing = false
                for depth in 1..<max(components.count, 1) {
                    let prefix = Array(components[0..<depth].joined(separator: [0x2F]))
                    switch planned[prefix] {
                    case .folder?: continue
                    case .file?:
                        throw IOError("cannot write '\(shown)': '\(Self.shown(prefix))' will be a file, not a folder")
                    case .absent?:
                        missing = true
                    case nil:
                        if !missing, try walk(path).directory(Array(components[0..<depth])) != nil {
                            deepestExisting = prefix
                        } else if !missing {
                            if case .missing = try entry(prefix) {
                                missing = true
                            } else {
                                throw IOError("cannot write '\(shown)': '\(Self.shown(prefix))' is not a folder")
                            }
                        }
                    }
                    planned[prefix] = .folder
                }
                let final: Entry
                switch planned[key] {
                case .file?: final = .file(mode: 0o644)
                case .folder?: final = .directory
                case .absent?: final = .missing
                case nil: final = missing ? .missing : try entry(path)
                }
                switch final {
                case .missing, .file: break
                case .symlink where mode == TreeRoot.symlinkMode: break
                case .symlink:
                    throw IOError("cannot write '\(shown)': it is a symbolic link in the tree, not a regular file")
                case .directory: throw IOError("cannot write '\(shown)': a directory is in the way")
                case .other: throw IOError("cannot write '\(shown)': not a regular file (a FIFO, device or socket)")
                }
                if !missing, writable.insert(deepestExisting).inserted {
                    let folderComponents =
                        deepestExisting.isEmpty ? [] : deepestExisting.split(separator: 0x2F).map(Array.init)
                    guard let folder = try walk(path).directory(folderComponents),
                        faccessat(folder.fd, ".", W_OK | X_OK, AT_EACCESS) == 0
                    else {
                        throw .errno("cannot write", shown)
                    }
                }
                if mode == TreeRoot.symlinkMode { try checkLinkTarget(bytes, at: components, shown: shown) }
                planned[key] = .file
            case .remove(let path):
                let key = Array(try check(path).joined(separator: [0x2F]))
                let shown = Self.shown(path)
                switch planned[key] {
                case .file?: break
                case .folder?: throw IOError("cannot remove '\(shown)': it is a folder")
                case .absent?: throw IOError("cannot remove '\(shown)': No such file or directory")
                case nil:
                    switch try entry(path) {
                    case .file, .symlink: break
                    case .missing: throw IOError("cannot remove '\(shown)': No such file or directory")
                    case .directory: throw IOError("cannot remove '\(shown)': it is a folder")
                    case .other:
                        throw IOError("cannot remove '\(shown)': not a regular file (a FIFO, device or socket)")
                    }
                }
                planned[key] = .absent
            }
        }
    }
}
