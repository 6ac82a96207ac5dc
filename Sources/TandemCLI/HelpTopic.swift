import ArgumentParser

/// `tandem help TOPIC…`: ArgumentParser shows the nearest help it finds and exits 0 when a topic names no
/// command (`tandem help nosuch` printed the root help), so a typo looked like success. The topics are
/// checked here first, word by word down the command tree; the first word that names no command is a usage
/// error (exit 64), like any other unknown word on the command line.
enum HelpTopic {
    /// The usage problem with `arguments` (the command line without the program name), or nil.
    static func problem(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        guard arguments.first == "help" else { return nil }
        var command = root
        for word in arguments.dropFirst() where !word.hasPrefix("-") {
            let children = command.configuration.subcommands
            guard let next = children.first(where: { $0.configuration.commandName == word }) else {
                let names = children.compactMap { $0.configuration.commandName }
                return names.isEmpty
                    ? "help: '\(command.configuration.commandName ?? "")' has no subcommands, and '\(word)' is not one"
                    : "help: no command '\(word)' (commands: \(names.joined(separator: ", ")))"
            }
            command = next
        }
        return nil
    }
}
