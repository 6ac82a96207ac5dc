import Testing
@testable import TandemCore

/// `unit-union` for Makefiles (`KbuildAppends`): both sides appended to kbuild lists at one point. Appends
/// commute but for the words' order (the link order): upstream's go first, then the fork's. Also where both
/// replaced the list's last, blank line with an append of their own (a diff of a list that ended in a blank
/// line). Refused twins: an object both append, an assignment that replaces, a conditional, a composite
/// object beside its parts, a point inside a list continued past a `\`.
@Suite("FilePatcher: Makefile list appends at one point")
struct KbuildUnionTests {
    let base = [
        "#\n", "# Makefile for the kernel tpm device drivers.\n", "#\n", "obj-$(CONFIG_TCG_TPM) += tpm.o\n",
        "obj-$(CONFIG_TCG_NSC) += tpm_nsc.o\n", "obj-$(CONFIG_TCG_ATMEL) += tpm_atmel.o\n", "\n",
    ]

    /// The list with `line` in place of its last, blank line.
    func replacingTheBlank(_ lines: [String]) -> [String] { Array(base.dropLast()) + lines }

    /// `base` → `upstream` applied to `fork` through the base.
    func apply(_ upstream: [String], onto fork: [String], base: [String]? = nil) -> FilePatcher.Result {
        let base = base ?? self.base
        let hunks = ConditionalsTests.hunks(base, upstream)
        #expect(hunks.count == 1)
        return FilePatcher.apply(hunks, to: file(fork), base: file(base))
    }

    /// Upstream's and the fork's new drivers both took the list's trailing blank line: upstream's first.
    @Test func appendsThatBothReplacedTheBlankLineWithLandUpstreamsFirst() {
        let infineon = "obj-$(CONFIG_TCG_INFINEON) += tpm_infineon.o\n", xen = "obj-$(CONFIG_TCG_XEN) += tpm_xen.o\n"
        // Text and 3-way alone call it the same line changed two ways.
        let plain = FilePatcher.apply(
            ConditionalsTests.hunks(base, replacingTheBlank([infineon])),
            to: file(replacingTheBlank([xen])))
        #expect(!plain.outcomes[0].isSuccess)
        let result = apply(replacingTheBlank([infineon]), onto: replacingTheBlank([xen]))
        guard case .applied(let placement) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(placement.step == .units)
        #expect(result.file == file(replacingTheBlank([infineon, xen])))
    }

    /// Both inserted between two appends, one of them continued past a `\`: whole appends, upstream's first.
    @Test func continuedAppendsBetweenTwoLinesLandUpstreamsFirst() {
        let upstreamLines = ["obj-y += bios.o \\\n", "\tacpi.o\n"], forkLines = ["obj-$(CONFIG_XEN) += tpm_xen.o\n"]
        var upstream = base, fork = base
        upstream.insert(contentsOf: upstreamLines, at: 5)
        fork.insert(contentsOf: forkLines, at: 5)
        let result = apply(upstream, onto: fork)
        guard case .applied(let placement) = result.outcomes[0] else { Issue.record("\(result.outcomes)"); return }
        #expect(placement.step == .units)
        var wanted = base
        wanted.insert(contentsOf: upstreamLines + forkLines, at: 5)
        #expect(result.file == file(wanted))
    }

    /// A refused twin: the fork's lines in place of the blank line, and upstream's.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var why: String
        var fork: [String]
        var upstream: String
        var testDescription: String { why }
    }

    static let refusals = [
        // Both sides build `tpm_xen.o`; twice in one list is for a person to settle.
        Refusal(
            why: "an object both append", fork: ["obj-$(CONFIG_TCG_XEN) += tpm_xen.o\n"],
            upstream: "obj-$(CONFIG_XEN_TPM) += tpm_xen.o\n"),
        // The fork's line sets a variable (`:=`) rather than appending: its place may matter.
        Refusal(
            why: "an assignment that replaces", fork: ["EXTRA_CFLAGS := -DTPM_XEN\n"],
            upstream: "obj-$(CONFIG_TCG_INFINEON) += tpm_infineon.o\n"),
        // The fork's append stands under a conditional of its own.
        Refusal(
            why: "a conditional", fork: ["ifeq ($(CONFIG_XEN),y)\n", "obj-y += tpm_xen.o\n", "endif\n"],
            upstream: "obj-$(CONFIG_TCG_INFINEON) += tpm_infineon.o\n"),
        // Upstream builds `tpm_infineon.o` while the fork's list adds parts to that composite.
        Refusal(
            why: "a composite object beside its parts", fork: ["tpm_infineon-y += tpm_xen_glue.o\n"],
            upstream: "obj-$(CONFIG_TCG_INFINEON) += tpm_infineon.o\n"),
    ]

    @Test(arguments: refusals)
    func isRefused(_ twin: Refusal) {
        let fork = replacingTheBlank(twin.fork)
        let result = apply(replacingTheBlank([twin.upstream]), onto: fork)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    /// Refused: the point is inside a list continued past a `\` (the fork's line would end it).
    @Test func aPointInsideAContinuedListIsRefused() {
        let base = ["obj-y := a.o \\\n", "\tb.o \\\n", "\tc.o\n"]
        var upstream = base, fork = base
        upstream.insert("obj-y += up.o\n", at: 2)
        fork.insert("obj-y += mine.o\n", at: 2)
        let result = apply(upstream, onto: fork, base: base)
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(fork))
    }

    @Test func runsOfAppendsAreRead() throws {
        let appends = try #require(
            KbuildAppends(
                ["# drivers\n", "obj-$(CONFIG_A) += a.o b/ \\\n", "\tc.o # the c driver\n", "\n"].map {
                    Array($0.utf8)[...]
                }))
        #expect(appends.lists == ["obj-$(CONFIG_A)"])
        #expect(appends.words == ["a.o", "b/", "c.o"])
        for notAppends in [
            ["obj-y := a.o\n"], ["\tobj-y += a.o\n"], ["all: a.o\n"], ["include $(src)/x.mk\n"],
            ["obj-y += a.o \\\n"], ["# only a comment\n"],
        ] {
            #expect(KbuildAppends(notAppends.map { Array($0.utf8)[...] }) == nil, "\(notAppends)")
        }
    }
}
