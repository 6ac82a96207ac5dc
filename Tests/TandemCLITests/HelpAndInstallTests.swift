import Foundation
import Testing

/// The repository's root (where Package.swift is).
let repositoryPath = URL(fileURLWithPath: fixturesPath).deletingLastPathComponent().path

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
            (command["arguments"] as? [[String: Any]] ?? []).map { argument in
                let names = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }
                return Argument(longNames: names.compactMap { $0["name"] as? String }, defaultValue: argument["defaultValue"] as? String,
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
                #expect(!argument.abstract.lowercased().contains("default"), "tandem \(name) --\(argument.longNames.first ?? "?"): \(argument.abstract)")
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
}
