import Foundation
import TandemTestSupport
import Testing

/// `tandem port PATCH` reads a patch file piece by piece, so the file patch where upstream's moved macro
/// arrives can come before the one it leaves. A first pass over the file finds every definition the patch
/// moves, and the arrival is held for review wherever it stands in the patch (`MovedFromCopy`). From
/// standard input or a pipe the patch is read once: a move is known from the piece that removes the
/// definition on, and the whole patch is still ported.
@Suite("tandem port: a moved definition, whichever file patch comes first")
struct PortMoveOrderTests {
    static let process = """
        #include <processor.h>

        #define loaddebug(thread,register) \\
        \t\t__asm__("movl %0,%%db" #register : : "r" (thread->debugreg[register]))

        void switch_to(struct task *next)
        {
        \tloaddebug(next, 7);
        }

        """

    static let processor = "#ifndef _PROCESSOR_H\n#define _PROCESSOR_H\n\nstruct task;\n\n#endif\n"

    /// The header's file patch first, then the source's.
    static let patch = """
        --- a/include/processor.h
        +++ b/include/processor.h
        @@ -3,4 +3,7 @@
        ~
         struct task;
        ~
        +#define loaddebug(thread,register) \\
        +\t\t__asm__("movl %0,%%db" #register : : "r" ((thread)->debugreg[register]))
        +
         #endif
        --- a/kernel/process.c
        +++ b/kernel/process.c
        @@ -1,8 +1,5 @@
         #include <processor.h>
        ~
        -#define loaddebug(thread,register) \\
        -\t\t__asm__("movl %0,%%db" #register : : "r" (thread->debugreg[register]))
        -
         void switch_to(struct task *next)
         {
         \tloaddebug(next, 7);

        """.replacingOccurrences(of: "~", with: " ")

    /// The fork's copies and the originals, in a new scratch folder.
    static func trees() throws -> Scratch {
        let scratch = try Scratch("port-move-order")
        try scratch.write(
            "fork/tandem.yml",
            "forks:\n  - {upstream: kernel/, fork: xen/kernel/}\n  - {upstream: include/, fork: xen/include/}\n")
        try scratch.write(
            "fork/xen/kernel/process.c",
            Self.process.replacingOccurrences(
                of: "__asm__(\"movl %0,%%db\" #register : : \"r\" (thread->debugreg[register]))",
                with: "HYPERVISOR_set_debugreg((register), (thread)->debugreg[register])"))
        try scratch.write("fork/xen/include/processor.h", Self.processor)
        try scratch.write("base/kernel/process.c", Self.process)
        try scratch.write("base/include/processor.h", Self.processor)
        try scratch.write("up.patch", Self.patch)
        return scratch
    }

    @Test func theArrivalIsHeldThoughItComesFirst() throws {
        let scratch = try Self.trees()
        defer { scratch.cleanup() }
        let run = try tandem(
            "port", scratch.path + "/up.patch", "--fork", scratch.path + "/fork", "--base", scratch.path + "/base",
            "-o", scratch.path + "/out.patch", "--report", scratch.path + "/r.json")
        #expect(run.status == 1, "\(run.stderr)")
        let verdicts = try portVerdicts(scratch.path + "/r.json")
        #expect(verdicts["include/processor.h#1>xen/include/processor.h"] == "review:exact")
        // Held: the rewritten patch leaves upstream's version out of the copy.
        #expect(scratch.read("out.patch")?.contains("xen/include/processor.h") == false)
    }

    /// From standard input the patch is copied into a temporary file and read twice, as a patch file is: the
    /// arrival is held whichever file patch comes first. Where no temporary file can be made (`TMPDIR` names
    /// no folder), it is read once: a move is known from the file patch that removes the definition on, so
    /// with the header's file patch first the move is not known yet when the header is ported.
    @Test func fromStandardInputAMoveIsKnownWhicheverComesFirst() throws {
        let scratch = try Self.trees()
        defer { scratch.cleanup() }
        let header = Self.patch.components(separatedBy: "--- a/kernel/process.c\n")
        #expect(header.count == 2)
        let key = "include/processor.h#1>xen/include/processor.h"
        let sourceFirst = "--- a/kernel/process.c\n" + header[1] + header[0]
        for (patch, tmp, verdict) in [
            (sourceFirst, nil, "review:exact"), (Self.patch, nil, "review:exact"),
            (sourceFirst, scratch.path + "/none", "review:exact"), (Self.patch, scratch.path + "/none", "ported:exact"),
        ] {
            let run = try tandem(
                "port", "-", "--fork", scratch.path + "/fork", "--base", scratch.path + "/base", "-o",
                scratch.path + "/out.patch", "--report", scratch.path + "/r.json", stdin: Array(patch.utf8),
                environment: tmp.map { ["TMPDIR": $0] } ?? [:])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(try portVerdicts(scratch.path + "/r.json")[key] == verdict, "TMPDIR \(tmp ?? "unset")")
        }
    }

    /// A path that can be read only once (`/dev/stdin` here; a FIFO or `<(git diff …)` alike) is copied
    /// too: with the header's file patch first, the arrival is held.
    @Test func aPipeIsCopiedAndReadTwice() throws {
        let scratch = try Self.trees()
        defer { scratch.cleanup() }
        let run = try tandem(
            "port", "/dev/stdin", "--fork", scratch.path + "/fork", "--base", scratch.path + "/base", "-o",
            scratch.path + "/out.patch", "--report", scratch.path + "/r.json", stdin: Array(Self.patch.utf8))
        #expect(run.status == 1, "\(run.stderr)")
        let verdicts = try portVerdicts(scratch.path + "/r.json")
        #expect(verdicts["include/processor.h#1>xen/include/processor.h"] == "review:exact")
        #expect(verdicts.count == 2)
    }
}
