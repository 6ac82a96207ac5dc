import TandemCore
import Yams

/// Reads `tandem.yml` (with Yams) into a `ForkMap`. Every problem names the file and line:
/// `tandem.yml:7: forks[1]: 'fork' is missing`. Unknown keys are errors, so a typo never silently drops a
/// mapping.
///
/// ```yaml
/// upstream: ../linux          # directory or REPO@REV; default: the fork tree itself
/// forks:
///   - {upstream: arch/i386/, fork: arch/xen/i386/}
///   - {upstream: "arch/i386/**/*.c", fork: "arch/i386/**/*-xen.c", policy: flag}
///   - {upstream: arch/x86/, fork: tools/arch/x86/, sparse: true}   # copies of some files only
/// siblings:
///   - [arch/i386/, arch/x86_64/]
/// guards: [CONFIG_XEN]
/// shared-list: arch/xen/i386/kernel/Makefile
/// versions:                   # tandem drift, fork in its own repository: one of
///   preset: kernel-makefile   #   the Makefile's VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION
///   # file: build.mk, match: ['^LINUX_VER = (\S+)'], format: '{1}'
///   # folder: 'linux-(\d+\.\d+\.\d+)-xen-sparse'
///   # files: 'patches/linux-*/*.patch', match: '/(\d+(?:\.\d+)+)\.patch$'
///   # table: {xen-2.0.0: 2.6.11}
///   upstream-rev: 'v{version}'
/// ```
public enum ForkMapLoader {
    /// A problem with the map file, as one "file:line: what" message.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        /// One line, whatever the map holds: line breaks and other control characters in quoted values
        /// are spelled as escapes (`\n`).
        init(message: String) {
            var out = ""
            for scalar in message.unicodeScalars {
                switch scalar {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case let s where s.value < 0x20 && s != "\t": out += "\\u{" + String(s.value, radix: 16) + "}"
                default: out.unicodeScalars.append(scalar)
                }
            }
            self.message = out
        }
    }

    public static let fileName = "tandem.yml"

    /// Parses the map in `bytes`; `name` is used in messages.
    public static func load(_ bytes: [UInt8], name: String = fileName) throws(Problem) -> ForkMap {
        func fail(_ node: Node?, _ what: String) -> Problem {
            Problem(message: "\(name):\(node?.mark?.line ?? 1): \(what)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(message: "\(name): not UTF-8 text")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, what) = yamlMessage(error)
            throw Problem(message: "\(name):\(line.map { "\($0):" } ?? "") \(what)")
        } catch {
            throw Problem(message: "\(name): \(error)")
        }
        guard let root else { return ForkMap() }
        guard let top = root.mapping else {
            throw fail(root, "expected a mapping of keys (upstream, forks, siblings, guards, shared-list, versions)")
        }
        var map = ForkMap()
        func string(_ node: Node, _ what: String) throws(Problem) -> String {
            guard let scalar = node.scalar else { throw fail(node, "\(what): expected a string") }
            return scalar.string
        }
        for (keyNode, value) in top {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "upstream":
                map.upstream = try string(value, "upstream")
            case "shared-list":
                map.sharedList = try string(value, "shared-list")
            case "guards":
                guard let list = value.sequence else { throw fail(value, "guards: expected a list of macro names") }
                for item in list { map.guards.append(try string(item, "guards")) }
            case "siblings":
                guard let groups = value.sequence else { throw fail(value, "siblings: expected a list of groups") }
                for group in groups {
                    guard let members = group.sequence, members.count >= 2 else {
                        throw fail(group, "siblings: each group is a list of two or more directories")
                    }
                    var names: [String] = []
                    for member in members { names.append(try string(member, "siblings")) }
                    map.siblings.append(names)
                }
            case "forks":
                guard let entries = value.sequence else {
                    throw fail(value, "forks: expected a list of {upstream, fork} entries")
                }
                for (index, entry) in entries.enumerated() {
                    guard let fields = entry.mapping else {
                        throw fail(entry, "forks[\(index)]: expected {upstream: …, fork: …}")
                    }
                    var upstream: String?, fork: String?, policy = ForkMapping.Policy.port, sparse = false
                    for (fieldKey, fieldValue) in fields {
                        switch fieldKey.scalar?.string ?? "" {
                        case "upstream": upstream = try string(fieldValue, "forks[\(index)].upstream")
                        case "fork": fork = try string(fieldValue, "forks[\(index)].fork")
                        case "policy":
                            let text = try string(fieldValue, "forks[\(index)].policy")
                            guard let value = ForkMapping.Policy(rawValue: text) else {
                                throw fail(fieldValue, "forks[\(index)].policy: '\(text)' is not one of port, flag")
                            }
                            policy = value
                        case "sparse":
                            let text = try string(fieldValue, "forks[\(index)].sparse")
                            switch text {
                            case "true", "True", "TRUE": sparse = true
                            case "false", "False", "FALSE": sparse = false
                            default: throw fail(fieldValue, "forks[\(index)].sparse: '\(text)' is not true or false")
                            }
                        case let other:
                            throw fail(
                                fieldKey,
                                "forks[\(index)]: unknown key '\(other)' (expected upstream, fork, policy, sparse)")
                        }
                    }
                    guard let upstream, !upstream.isEmpty else {
                        throw fail(entry, "forks[\(index)]: 'upstream' is missing")
                    }
                    guard let fork, !fork.isEmpty else { throw fail(entry, "forks[\(index)]: 'fork' is missing") }
                    map.mappings.append(
                        ForkMapping(
                            upstream: upstream, fork: fork, policy: policy, sparse: sparse,
                            line: entry.mark?.line ?? 0))
                }
            case "versions":
                map.versions = try versionRule(value, fail: fail)
            default:
                throw fail(
                    keyNode, "unknown key '\(key)' (expected upstream, forks, siblings, guards, shared-list, versions)")
            }
        }
        if let problem = map.problems.first { throw Problem(message: "\(name):\(problem.line): \(problem.message)") }
        return map
    }

    /// The `versions:` rule: exactly one of `preset`, `file` or `files` (with `match` and an optional
    /// `format`), `folder` and `table`, plus an optional `upstream-rev`.
    static func versionRule(_ node: Node, fail: (Node?, String) -> Problem) throws(Problem) -> VersionRule {
        guard let fields = node.mapping else {
            throw fail(
                node, "versions: expected {preset | file + match | files + match | folder | table, upstream-rev}")
        }
        func text(_ value: Node, _ what: String) throws(Problem) -> String {
            guard let scalar = value.scalar else { throw fail(value, "versions.\(what): expected a string") }
            return scalar.string
        }
        var preset: String?, file: String?, files: String?, patterns: [String]?, format: String?, folder: String?
        var table: [String: String]?, upstreamRevision = "v{version}"
        for (key, value) in fields {
            switch key.scalar?.string ?? "" {
            case "preset": preset = try text(value, "preset")
            case "file": file = try text(value, "file")
            case "files": files = try text(value, "files")
            case "format": format = try text(value, "format")
            case "folder": folder = try text(value, "folder")
            case "upstream-rev": upstreamRevision = try text(value, "upstream-rev")
            case "match":
                if let list = value.sequence {
                    var out: [String] = []
                    for item in list { out.append(try text(item, "match")) }
                    patterns = out
                } else {
                    patterns = [try text(value, "match")]
                }
            case "table":
                guard let entries = value.mapping else {
                    throw fail(value, "versions.table: expected {fork revision: version}")
                }
                var out: [String: String] = [:]
                for (revision, version) in entries { out[try text(revision, "table")] = try text(version, "table") }
                table = out
            case let other:
                throw fail(
                    key,
                    "versions: unknown key '\(other)' (expected preset, file, files, match, format, folder, table, upstream-rev)"
                )
            }
        }
        let kinds = [preset != nil, file != nil, files != nil, folder != nil, table != nil].filter { $0 }.count
        guard kinds <= 1, kinds == 1 || patterns != nil else {
            throw fail(
                node,
                kinds == 0
                    ? "versions: say where the version is: preset, file + match, files + match, folder or table"
                    : "versions: give only one of preset, file + match, files + match, folder, table")
        }
        let source: VersionRule.Source
        if let preset {
            guard preset == "kernel-makefile" else {
                throw fail(node, "versions.preset: '\(preset)' is not kernel-makefile")
            }
            source = VersionRule.kernelMakefile
        } else if let folder {
            source = .folder(pattern: folder)
        } else if let table {
            source = .table(table)
        } else if let files {
            guard !files.isEmpty else { throw fail(node, "versions: 'files' is empty (a path pattern of fork files)") }
            guard let patterns else {
                throw fail(node, "versions: 'files' needs 'match' (patterns over the paths, with a capture group)")
            }
            source = .fileNames(pattern: files, patterns: patterns, format: format)
        } else {
            guard let file, !file.isEmpty else {
                throw fail(node, "versions: 'match' needs 'file' (the fork file to read) or 'files' (a path pattern)")
            }
            guard let patterns else {
                throw fail(node, "versions: 'file' needs 'match' (patterns with a capture group)")
            }
            source = .file(path: file, patterns: patterns, format: format)
        }
        switch source {
        case .file where preset == nil, .fileNames: break
        default:
            if format != nil { throw fail(node, "versions: 'format' goes with file + match or files + match") }
            if patterns != nil { throw fail(node, "versions: 'match' goes with 'file' or 'files'") }
        }
        let rule = VersionRule(source: source, upstreamRevision: upstreamRevision, line: node.mark?.line ?? 0)
        if let problem = rule.problem { throw fail(node, "versions: \(problem)") }
        return rule
    }

    /// Yams' complaint as the line it names (when it names one) and one line of text, so the message reads
    /// `tandem.yml:3: …` like every other problem with the map.
    static func yamlMessage(_ error: YamlError) -> (line: Int?, text: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return (mark.line, problem + (context.map { " (\($0.text))" } ?? ""))
        default:
            return (nil, "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML")
        }
    }
}
