import Testing
@testable import TandemCore

/// `unit-union` for Kconfig files (`KconfigEntries`): both sides added whole entries at one point, defining
/// different symbols. Kconfig resolves symbols over the whole tree, so the order is only the menu's:
/// upstream's go first, then the fork's. Refused twins: a symbol both define, an insertion inside an
/// entry's attributes, an `if` block the fork leaves open.
@Suite("FilePatcher: Kconfig entries at one point")
struct KconfigUnionTests {
    let base = [
        "menu \"TPM devices\"\n", "\n", "config TCG_TPM\n", "\ttristate \"TPM Hardware Support\"\n",
        "\tdepends on EXPERIMENTAL && PCI\n", "\n", "config TCG_ATMEL\n", "\ttristate \"Atmel TPM Interface\"\n",
        "\tdepends on TCG_TPM\n", "\t---help---\n", "\t  If you have a TPM security chip from Atmel say Yes.\n",
        "\n", "endmenu\n",
    ]

    let upstreamEntry = [
        "config TCG_INFINEON\n", "\ttristate \"Infineon Technologies TPM Interface\"\n",
        "\tdepends on TCG_TPM && PNPACPI\n", "\t---help---\n", "\t  If you have a TPM security chip from\n",
        "\t  Infineon Technologies say Yes.\n", "\n",
    ]

    let forkEntry = [
        "config TCG_XEN\n", "\ttristate \"XEN TPM Interface\"\n", "\tdepends on TCG_TPM && XEN\n", "\t---help---\n",
        "\t  If you want TPM support in a Xen user domain, say Yes.\n", "\n",
    ]

    /// Upstream's hunk: `lines` inserted before `endmenu`.
    func upstream(_ lines: [String]) -> Hunk {
        hunk(
            10,
            [" \t---help---\n", " \t  If you have a TPM security chip from Atmel say Yes.\n", " \n"]
                + lines.map { "+" + $0 } + [" endmenu\n"])
    }

    func fork(_ lines: [String], at index: Int = 12) -> [String] {
        var target = base
        target.insert(contentsOf: lines, at: index)
        return target
    }

    /// `change` on `target` stays unplaced and leaves the file as it was.
    func expectRefused(
        _ change: Hunk, on target: [String], base: [String]? = nil, _ where: SourceLocation = #_sourceLocation
    ) {
        let result = FilePatcher.apply([change], to: file(target), base: file(base ?? self.base))
        #expect(!result.outcomes[0].isSuccess, sourceLocation: `where`)
        #expect(result.file == file(target), sourceLocation: `where`)
    }

    @Test func entriesBothSidesAddedLandUpstreamsFirst() {
        let result = FilePatcher.apply([upstream(upstreamEntry)], to: file(fork(forkEntry)), base: file(base))
        guard case .applied(let placement) = result.outcomes[0] else {
            Issue.record("not applied: \(result.outcomes[0])")
            return
        }
        #expect(placement.step == .units)
        #expect(result.file == file(fork(upstreamEntry + forkEntry)))
    }

    /// Refused: both sides define `TCG_XEN` (each its own way); which one stands is for a person.
    @Test func aSymbolBothDefineIsRefused() {
        var clash = upstreamEntry
        clash[0] = "config TCG_XEN\n"
        let target = fork(forkEntry)
        expectRefused(upstream(clash), on: target)
    }

    /// Refused: upstream's new entry depends on the symbol the fork's defines (they are not independent).
    @Test func anEntryNamingTheOthersSymbolIsRefused() {
        var dependent = upstreamEntry
        dependent[2] = "\tdepends on TCG_TPM && !TCG_XEN\n"
        let target = fork(forkEntry)
        expectRefused(upstream(dependent), on: target)
    }

    /// Refused: the fork put the Atmel entry under an `if` of its own, closed where upstream inserts.
    /// Upstream's entry inside the block or after it is a guess (the fork's lines at the point are an `endif`
    /// with no `if`: no run of entries).
    @Test func anIfTheForkClosesAtThePointIsRefused() {
        var target = base
        target.insert(contentsOf: ["endif\n", "\n"], at: 12)
        target.insert(contentsOf: ["if !XEN\n", "\n"], at: 6)
        expectRefused(upstream(upstreamEntry), on: target)
        // Without the fork's `if`, the same insertion lands.
        let plain = FilePatcher.apply([upstream(upstreamEntry)], to: file(base), base: file(base))
        #expect(plain.outcomes[0].isSuccess)
    }

    /// Refused: the point is inside an entry's attributes (the fork added an entry whose last attribute
    /// line follows it), so an entry put there would take lines that are not its own.
    @Test func anInsertionInsideAnEntrysAttributesIsRefused() {
        let inside = hunk(
            7,
            [" config TCG_ATMEL\n", " \ttristate \"Atmel TPM Interface\"\n"] + upstreamEntry.map { "+" + $0 } + [
                " \tdepends on TCG_TPM\n", " \t---help---\n",
            ])
        let target = fork(["config TCG_XEN\n", "\tbool \"Xen\"\n"], at: 8)
        expectRefused(inside, on: target)
    }

    /// Refused: inside a `choice`, the first entry is the default when none is named, so order decides.
    @Test func entriesInsideAChoiceAreRefused() {
        let choiceBase = [
            "choice\n", "\tprompt \"Timer frequency\"\n", "\n", "config HZ_100\n", "\tbool \"100 HZ\"\n", "\n",
            "endchoice\n",
        ]
        let added = hunk(
            2,
            [
                " \tprompt \"Timer frequency\"\n", " \n", "+config HZ_250\n", "+\tbool \"250 HZ\"\n", "+\n",
                " config HZ_100\n",
            ])
        var target = choiceBase
        target.insert(contentsOf: ["config HZ_XEN\n", "\tbool \"Xen HZ\"\n", "\n"], at: 3)
        expectRefused(added, on: target, base: choiceBase)
        // The same entries in a menu land.
        let menuBase = choiceBase.map {
            $0 == "choice\n" ? "menu \"Timers\"\n" : $0 == "endchoice\n" ? "endmenu\n" : $0
        }
        let menuTarget = target.map { $0 == "choice\n" ? "menu \"Timers\"\n" : $0 == "endchoice\n" ? "endmenu\n" : $0 }
        let landed = FilePatcher.apply([added], to: file(menuTarget), base: file(menuBase))
        #expect(landed.outcomes[0].isSuccess)
    }

    /// What a run of entries defines and references: help text and prompts say nothing; an attribute line
    /// with no entry above it, or a line of another language, makes it no run of entries.
    @Test func entriesAreReadWholeOrNotAtAll() {
        func lines(_ xs: [String]) -> [Bytes] { xs.map { Array($0.utf8)[...] } }
        let entries = KconfigEntries(
            lines(upstreamEntry + ["if X86_PAE\n", "source \"drivers/tpm/Kconfig\"\n", "endif\n"]))
        #expect(entries?.defined == ["TCG_INFINEON"])
        #expect(entries?.referenced == ["TCG_TPM", "PNPACPI", "X86_PAE"])
        // As Kconfig reads them: `#` comments, help text as deep as its first line (a tab is 8 columns),
        // an expression continued past `\`.
        let read = KconfigEntries(
            lines([
                "# Xen devices\n", "config XEN_NET # the frontend\n", "\ttristate \"Net\"\n",
                "\tdepends on NET && \\\n", "\t\t   XEN_BUS\n", "\thelp\n", "\t  Say Y to use it. CONFIG_FOO and\n",
                "\t\tnot a keyword: still help.\n", "\n", "endmenu\n",
            ]))
        #expect(read == nil)  // the `endmenu` closes nothing
        let whole = KconfigEntries(
            lines([
                "# Xen devices\n", "config XEN_NET # the frontend\n", "\ttristate \"Net\"\n",
                "\tdepends on NET && \\\n", "\t\t   XEN_BUS\n", "\thelp\n", "\t  Say Y to use it. CONFIG_FOO and\n",
                "\t\tnot a keyword: still help.\n",
            ]))
        #expect(whole?.defined == ["XEN_NET"])
        #expect(whole?.referenced == ["NET", "XEN_BUS"])
        #expect(KconfigEntries(lines(["\tdepends on PCI\n"])) == nil)
        #expect(KconfigEntries(lines(["if PCI\n", "config A\n"])) == nil)
        #expect(KconfigEntries(lines(["static int x;\n"])) == nil)
        #expect(KconfigEntries(lines(["\n"])) == nil)
    }
}
