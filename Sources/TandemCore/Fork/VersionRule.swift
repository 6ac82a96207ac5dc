/// How `tandem drift` pairs each revision of a fork kept in its own repository with the upstream release it
/// is based on (the `versions:` entry of `tandem.yml`), and how that release is named upstream.
///
/// Three sources of the version, one per rule:
/// - *table*: fork revision (tag, branch or commit id) → version, for forks that record it nowhere;
/// - *file*: regular expressions over a file of the fork (the kernel Makefile's `VERSION = 2`,
///   `PATCHLEVEL = 6`, `SUBLEVEL = 11`, `EXTRAVERSION =`, or a build file's `LINUX_VER = 2.6.11`). Each
///   pattern is searched on its own, `^` and `$` match at line ends, and the capture groups of all patterns
///   are numbered in order, so `format: "{1}.{2}.{3}{4}"` assembles the version; without a format one
///   capture is the version and several are joined with dots. `preset: kernel-makefile` is that Makefile rule;
/// - *folder*: a pattern the whole name of one top-level folder of the fork must match
///   (`linux-(\d+\.\d+\.\d+)-xen-sparse`); its first capture (or the group named `version`) is the version,
///   and the fork tree is that folder;
/// - *file names*: a path pattern selecting files of the fork (`patches/linux-*/*.patch`) and regular
///   expressions over each selected path, captures and format as for *file*; paths the expressions do not
///   match are ignored, and the highest version found wins (`VersionRule+FileNames.swift`).
/// The upstream revision is `upstream-rev` with `{version}` filled in (default `v{version}`). When the
/// upstream repository has no such revision, the caller may stand in the nearest tag below the version
/// (`nearestTag(below:among:)`), and must mark the result approximate.
/// Never guesses a version: a file that is missing, a pattern that does not match, no folder or two folders
/// that match, no file name that matches, a revision missing from the table, are each a failure naming the
/// revision and the rule.
public struct VersionRule: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case table([String: String])
        case file(path: String, patterns: [String], format: String?)
        case folder(pattern: String)
        /// `files:` a path pattern of the fork's files, and `match` (with `format`) over each selected path.
        case fileNames(pattern: String, patterns: [String], format: String?)
    }

    /// A version that cannot be found, as one message.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(_ message: String) { self.message = message }
    }

    public var source: Source
    /// The upstream revision of a version: `{version}` is replaced (`v{version}` → `v2.6.11`).
    public var upstreamRevision: String
    /// 1-based line of the rule in the map file (0 when built in code).
    public var line: Int

    public init(source: Source, upstreamRevision: String = "v{version}", line: Int = 0) {
        self.source = source
        self.upstreamRevision = upstreamRevision
        self.line = line
    }

    /// The Linux top-level Makefile: `VERSION.PATCHLEVEL.SUBLEVEL` and the `EXTRAVERSION` suffix (`-rc1`).
    public static var kernelMakefile: Source {
        .file(
            path: "Makefile",
            patterns: [
                #"^VERSION[ \t]*=[ \t]*(\S+)"#, #"^PATCHLEVEL[ \t]*=[ \t]*(\S+)"#,
                #"^SUBLEVEL[ \t]*=[ \t]*(\S+)"#, #"^EXTRAVERSION[ \t]*=[ \t]*(\S*)"#,
            ],
            format: "{1}.{2}.{3}{4}")
    }

    /// What is wrong with the rule itself (a pattern that does not compile, a format naming a capture the
    /// patterns do not have, an upstream revision without `{version}`), or nil.
    public var problem: String? {
        if !upstreamRevision.contains("{version}") {
            return "upstream-rev '\(upstreamRevision)' must contain {version}"
        }
        switch source {
        case .table(let table):
            return table.isEmpty ? "table: no entries" : nil
        case .file(let path, let patterns, let format):
            if path.isEmpty { return "file: no path" }
            return Self.problem(patterns: patterns, format: format)
        case .fileNames(let pattern, let patterns, let format):
            if pattern.isEmpty { return "files: no path pattern" }
            return Self.problem(patterns: patterns, format: format)
        case .folder(let pattern):
            switch Self.compile(pattern) {
            case .failure(let failure): return failure.message
            case .success:
                return Self.captureCount(pattern) == 0
                    ? "folder: pattern '\(pattern)' has no capture group ( … ) for the version" : nil
            }
        }
    }

    /// The version in a fork file's bytes; `revision` names the fork revision in the message.
    public func version(fromFile bytes: [UInt8], revision: String) throws(Failure) -> String {
        guard case .file(let path, let patterns, let format) = source else {
            throw Failure("the rule does not read a file")
        }
        let found = try Self.captures(in: String(decoding: bytes, as: UTF8.self), patterns: patterns)
        if let unmatched = found.unmatched { throw Failure("\(path) at \(revision): no line matches '\(unmatched)'") }
        return Self.assemble(found.captures, format: format)
    }

    /// What is wrong with `match` patterns and their `format`, or nil.
    static func problem(patterns: [String], format: String?) -> String? {
        if patterns.isEmpty { return "match: no patterns" }
        var captures = 0
        for pattern in patterns {
            switch Self.compile(pattern) {
            case .failure(let failure): return failure.message
            case .success: captures += Self.captureCount(pattern)
            }
        }
        if captures == 0 { return "match: the patterns have no capture group ( … ) for the version" }
        if let format {
            for reference in Self.references(in: format) where reference < 1 || reference > captures {
                return "format '\(format)': {\(reference)} names no capture (the patterns have \(captures))"
            }
        }
        return nil
    }

    /// The captures of every pattern searched in `text` on its own, numbered across the patterns; or the
    /// first pattern that does not match.
    static func captures(in text: String, patterns: [String]) throws(Failure) -> (
        captures: [String], unmatched: String?
    ) {
        captures(in: text, compiled: try compiled(patterns))
    }

    /// The patterns compiled (`^` and `$` at line ends), each with its text.
    static func compiled(_ patterns: [String]) throws(Failure) -> [(pattern: String, regex: Regex<AnyRegexOutput>)] {
        var out: [(pattern: String, regex: Regex<AnyRegexOutput>)] = []
        for pattern in patterns {
            guard case .success(let regex) = Self.compile(pattern) else {
                throw Failure("pattern '\(pattern)' does not compile")
            }
            out.append((pattern, regex))
        }
        return out
    }

    /// `captures(in:patterns:)` with the patterns compiled once (a rule over file names searches many paths).
    static func captures(in text: String, compiled: [(pattern: String, regex: Regex<AnyRegexOutput>)]) -> (
        captures: [String], unmatched: String?
    ) {
        var captures: [String] = []
        for (pattern, regex) in compiled {
            guard let match = text.firstMatch(of: regex) else { return (captures, pattern) }
            for index in 1..<match.output.count {
                captures.append(match.output[index].substring.map(String.init) ?? "")
            }
        }
        return (captures, nil)
    }

    /// The version the captures spell: `format` with `{N}` filled in, or the captures joined by dots.
    static func assemble(_ captures: [String], format: String?) -> String {
        guard let format else { return captures.joined(separator: ".") }
        var out = format
        for (index, value) in captures.enumerated().reversed() { out = out.replacing("{\(index + 1)}", with: value) }
        return out
    }

    /// The one folder among `folders` whose name matches the rule, and the version it names.
    public func match(folders: [[UInt8]], revision: String) throws(Failure) -> (folder: [UInt8], version: String) {
        guard case .folder(let pattern) = source else { throw Failure("the rule does not read a folder name") }
        guard case .success(let regex) = Self.compile(pattern, anchored: false) else {
            throw Failure("pattern '\(pattern)' does not compile")
        }
        var found: [(folder: [UInt8], version: String)] = []
        for folder in folders {
            let name = String(decoding: folder, as: UTF8.self)
            guard let match = name.wholeMatch(of: regex) else { continue }
            let named = match.output["version"]?.substring
            let version = named ?? (match.output.count > 1 ? match.output[1].substring : nil)
            found.append((folder, version.map(String.init) ?? ""))
        }
        guard let only = found.first else {
            throw Failure("no top-level folder at \(revision) matches '\(pattern)'")
        }
        guard found.count == 1 else {
            let names = found.map { "'" + String(decoding: $0.folder, as: UTF8.self) + "'" }.joined(separator: ", ")
            throw Failure(
                "\(found.count) top-level folders at \(revision) match '\(pattern)' (\(names)): the fork root is ambiguous"
            )
        }
        return only
    }

    /// The version of the table entry for any of `names` (a revision's id and the names pointing at it).
    public func version(forRevision names: [String]) throws(Failure) -> String {
        guard case .table(let table) = source else { throw Failure("the rule has no table") }
        for name in names { if let version = table[name] { return version } }
        throw Failure("revision \(names.first ?? "?") is not in the versions table")
    }

    /// The upstream revision that holds `version`.
    public func upstreamRevision(for version: String) -> String {
        upstreamRevision.replacing("{version}", with: version)
    }

    static func compile(_ pattern: String, anchored: Bool = true) -> Result<Regex<AnyRegexOutput>, Failure> {
        do {
            let regex = try Regex(pattern)
            return .success(anchored ? regex.anchorsMatchLineEndings() : regex)
        } catch {
            return .failure(Failure("pattern '\(pattern)' does not compile: \(error)"))
        }
    }

    /// Capturing groups of a pattern, counted from its text: each `(` that is not escaped, not inside a
    /// `[…]` class, and not a non-capturing `(?…)` group other than a named one (`(?<name>`, `(?P<name>`,
    /// `(?'name'`).
    static func captureCount(_ pattern: String) -> Int {
        let chars = Array(pattern.unicodeScalars)
        var count = 0, i = 0, inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                if i + 1 < chars.count, chars[i + 1] == "]" { i += 1 }
            } else if c == "(" {
                if i + 1 < chars.count, chars[i + 1] == "?" {
                    let next = i + 2 < chars.count ? chars[i + 2] : " "
                    let third = i + 3 < chars.count ? chars[i + 3] : " "
                    if (next == "<" && third != "=" && third != "!") || next == "P" || next == "'" { count += 1 }
                } else if !(i + 1 < chars.count && chars[i + 1] == "*") {
                    count += 1
                }
            }
            i += 1
        }
        return count
    }

    static func references(in format: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(format)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let number = Int(after[..<close]) { out.append(number) }
            rest = after[after.index(after: close)...]
        }
        return out
    }
}
