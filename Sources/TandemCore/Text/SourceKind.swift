/// What a file's name says about how its lines are read, where the placement's rules depend on it.
///
/// **Directives.** In C, C++, Objective-C, assembler run through the C preprocessor (`.S`), linker scripts
/// made from `.lds.S`, device trees (`.dts`, `.dtsi`) and yacc or lex sources, a line `#if …`, `#else` or
/// `#endif` is a conditional, and the placement keeps a file's conditionals matched. In a Python or shell
/// script, a Makefile, a Kconfig file or a YAML file, `#` starts a comment: `# else:` is code commented out and
/// `# if there are multiple cookies, …` is prose, and taking them for conditionals refuses hunks for nothing
/// (measured on pip's vendored packages: seven hunks refused, five the maintainers carried). Only names with
/// one of the extensions below count as read by the preprocessor, a trailing `.in` (a template, `config.h.in`)
/// set aside; a file of any other name, or with none, is not.
public enum SourceKind {
    /// Extensions (after the last dot) of the files the C preprocessor reads.
    static let preprocessed: Set<String> = [
        "c", "h", "cc", "cp", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "inl", "ipp", "tcc", "m", "mm",
        "S", "sx", "dts", "dtsi", "y", "yy", "l", "ll", "inc", "def", "x",
    ]

    /// True when the C preprocessor reads the file at `path` (see the notes above).
    public static func readsDirectives(_ path: [UInt8]) -> Bool {
        let name = path.split(separator: ASCII.slash).last ?? path[...]
        var parts = name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count > 2, parts.last.map({ Array($0) == Array("in".utf8) }) == true { parts.removeLast() }
        guard parts.count > 1, let last = parts.last, !(parts.first?.isEmpty ?? true) || parts.count > 2 else {
            return false
        }
        return preprocessed.contains(String(decoding: last, as: UTF8.self))
    }
}
