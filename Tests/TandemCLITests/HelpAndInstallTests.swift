import Foundation
import Testing
import TandemTestSupport

/// The repository's root (where Package.swift is).
let repositoryPath = Fixtures.repositoryRoot

/// The commands `tandem --experimental-dump-help` lists (ArgumentParser's own description of the tool, which
/// the man page and the completion scripts are made from): name, and each argument's long names, default and help.
struct ToolCommands {
    struct Argument {
        var longNames: [String]
        var defaultValue: String?
        var abstract: String
    }

    var commands: [(name: String, arguments: [Argument])] = []

    init() throws {
        let dump = try tandem("--experimental-dump-help")
        let json = try JSONSerialization.jsonObject(with: Data(dump.stdout)) as? [String: Any]
        let root = try #require(json?["command"] as? [String: Any])
        func arguments(_ command: [String: Any]) -> [Argument] {
            // Hidden options (old spellings kept for a release) are in neither the help nor the man page.
            (command["arguments"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool != false }.map {
                argument in
                let names = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }
                return Argument(
                    longNames: names.compactMap { $0["name"] as? String },
                    defaultValue: argument["defaultValue"] as? String,
                    abstract: argument["abstract"] as? String ?? "")
            }
        }
        commands.append(("", arguments(root)))
        for sub in root["subcommands"] as? [[String: Any]] ?? [] {
            commands.append((sub["commandName"] as? String ?? "?", arguments(sub)))
        }
    }
}

@Suite("Help texts, completion, man page, licence")
struct HelpAndInstallTests {
    /// ArgumentParser appends "(default: …)" to an option with a default value, so a help text that says
    /// its default too shows it twice ("(default 2). (default: 2)"). No `--help` entry says "default" twice.
    @Test func noHelpTextRepeatsItsDefault() throws {
        let tool = try ToolCommands()
        #expect(tool.commands.count >= 13)
        for (name, arguments) in tool.commands {
            for argument in arguments where argument.defaultValue != nil {
                #expect(
                    !argument.abstract.lowercased().contains("default"),
                    "tandem \(name) --\(argument.longNames.first ?? "?"): \(argument.abstract)")
            }
            let help = try tandem(name.isEmpty ? "--help" : name, "--help")
            #expect(help.status == 0)
            // An entry starts at a line indented by two spaces and runs over the lines indented more.
            var entries: [String] = []
            for line in String(decoding: help.stdout, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                    entries.append(String(line))
                } else if line.hasPrefix("   "), !entries.isEmpty {
                    entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
            #expect(!entries.isEmpty, "tandem \(name) --help")
            for entry in entries {
                #expect(entry.lowercased().components(separatedBy: "default").count <= 2, "tandem \(name): \(entry)")
            }
        }
    }

    /// The bash completion script ArgumentParser generates completes subcommands, option names and an
    /// option's values when bash runs it; the zsh and fish scripts are generated (those shells are not
    /// installed here to run them).
    @Test func completionScriptsComplete() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        for shell in ["bash", "zsh", "fish"] {
            let script = try tandem("--generate-completion-script", shell)
            #expect(
                script.status == 0 && String(decoding: script.stdout, as: UTF8.self).contains("port"),
                "\(shell): \(script.stderr)")
            try Data(script.stdout).write(to: URL(fileURLWithPath: scratch.path + "/tandem." + shell))
        }
        func complete(_ words: [String]) throws -> [String] {
            let line = words.joined(separator: " ")
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            let program = """
                source '\(scratch.path)/tandem.bash'
                COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1)
                _tandem tandem '\(words.last ?? "")' '\(words.count > 1 ? words[words.count - 2] : "")'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let directory = URL(fileURLWithPath: tandemBinary).deletingLastPathComponent().path
            let result = try run("/bin/bash", ["-c", program], environment: ["PATH": directory + ":/usr/bin:/bin"])
            #expect(result.status == 0, "\(result.stderr)")
            return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(try complete(["tandem", "po"]) == ["port"])
        #expect(try complete(["tandem", "report", "--fail-on", ""]) == ["error", "warning", "never"])
        #expect(Set(try complete(["tandem", "port", "--ma"])) == ["--map", "--max-fuzz"])
    }

    /// `man/tandem.1` (written by `scripts/man` through ArgumentParser's generate-manual plugin) is a valid
    /// page for groff's man macros, and is current: it names every command and every long option.
    @Test func manPageIsValidAndCurrent() throws {
        let page = repositoryPath + "/man/tandem.1"
        let text = String(decoding: readBytes(page), as: UTF8.self)
        #expect(text.hasPrefix(".\\\" \"Generated by swift-argument-parser\""), "run scripts/man")
        let groff = try run("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", page])
        #expect(groff.status == 0 && groff.stderr.isEmpty, "\(groff.stderr)")
        let rendered = try run("/usr/bin/groff", ["-man", "-Tutf8", "-P", "-cbou", page])
        let plain = String(decoding: rendered.stdout, as: UTF8.self)
        #expect(plain.contains("NAME") && plain.contains("tandem") && plain.contains("SYNOPSIS"))
        for (name, arguments) in try ToolCommands().commands where name != "help" {
            if !name.isEmpty {
                #expect(text.contains(".It Em \(name)\n"), "tandem \(name) is not in man/tandem.1: run scripts/man")
            }
            for argument in arguments {
                for long in argument.longNames where !["version", "help"].contains(long) {
                    #expect(
                        text.contains("Fl -\(long) ") || text.contains("Fl -\(long)\n") || text.contains(" , -\(long)"),
                        "tandem \(name) --\(long) is not in man/tandem.1: run scripts/man")
                }
            }
        }
    }

    /// The usual furniture: an MIT licence, and the README's install, completion and man page sections.
    @Test func licenceAndInstallSections() throws {
        let licence = String(decoding: readBytes(repositoryPath + "/LICENSE"), as: UTF8.self)
        #expect(licence.hasPrefix("MIT License\n\nCopyright (c) "))
        #expect(licence.contains(" the tandem authors\n") && licence.contains("THE SOFTWARE IS PROVIDED \"AS IS\""))
        let readme = String(decoding: readBytes(repositoryPath + "/README.md"), as: UTF8.self)
        for heading in ["## Install", "### Shell completion", "### Man page"] {
            #expect(readme.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(
            readme.contains("swift build -c release") && readme.contains("--generate-completion-script")
                && readme.contains("scripts/man"))
    }
}
