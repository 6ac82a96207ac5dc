#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Tandem
import TandemCore
import TandemIO

/// The `[PATCH|-]` argument shared by commands that read a patch, and what reading it produced.
struct PatchInput: ParsableArguments {
    @Argument(help: "The patch file; '-' or nothing reads standard input.")
    var patch: String = "-"

    @Option(
        name: .customShort("p", allowingJoined: true),
        help: "Strip N leading path components from file names (as patch -p).")
    var strip: Int = 1

    func validate() throws {
        if strip < 0 { throw ValidationError("-p takes a number of components, 0 or more") }
    }

    /// Reads and parses the patch, printing diagnostics to standard error. Unreadable input throws.
    func load() throws -> PatchParser.Result { try PatchReading.load(patch, messages: Console.messages) }
}
