import Testing
@testable import TandemCore

/// A hunk nowhere in the copy, nor placed through the base (`ForkRemoval`): the reason says whether the
/// fork removed the code the hunk changes (a trimmed copy of a header that kept one helper) or rewrote it
/// (the copy still has the function, in its own words). Twins: a function the fork rewrote, or made a
/// macro, is not called removed; one line of the hunk left anywhere in the copy (the code moved) says neither; a hunk whose
/// lines say nothing (braces, blank lines) says neither; a Makefile has no units and says the lines are
/// gone. `tandem apply --base` says the same in its own words.
@Suite("Port: a hunk whose lines the fork removed")
struct ForkRemovalTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "include/", fork: "tools/include/")])

    let original = """
        #ifndef _LIST_H
        #define _LIST_H

        static inline void list_add(struct list_head *new, struct list_head *head)
        {
        \t__list_add(new, head, head->next);
        }

        static inline void list_splice(struct list_head *list, struct list_head *head)
        {
        \tif (!list_empty(list))
        \t\t__list_splice(list, head, head->next);
        }

        #endif

        """

    /// Upstream adds a check to `list_splice()`.
    let patch = """
        --- a/include/list.h
        +++ b/include/list.h
        @@ -9,5 +9,6 @@ static inline void list_add(struct list_head *new, struct list_head *head)
         static inline void list_splice(struct list_head *list, struct list_head *head)
         {
        +\tWARN_ON(list == head);
         \tif (!list_empty(list))
         \t\t__list_splice(list, head, head->next);
         }

        """

    func verdict(_ copy: String, patch: String? = nil, path: String = "list.h", base: String? = nil) throws
        -> PortVerdict
    {
        let result = try Porter.port(
            PatchParser.parse(bytes(patch ?? self.patch)).patch, map: map,
            fork: MemoryTree(["tools/include/" + path: copy]),
            base: MemoryTree(["include/" + path: base ?? original]))
        return try #require(result.report.entries.first?.verdict)
    }

    /// The copy kept `list_add()` only: the fork removed `list_splice()`, and the reason says so.
    @Test func aFunctionTheForkRemovedIsNamed() throws {
        let trimmed = """
            #ifndef _LIST_H
            #define _LIST_H

            static inline void list_add(struct list_head *new, struct list_head *head)
            {
            \t__list_add(new, head, head->next);
            }

            #endif

            """
        let v = try verdict(trimmed)
        #expect(v.label == "context-not-found")
        #expect(v.isFailure)
        #expect(
            v.message
                == "context not found: the fork removed list_splice, which this hunk changes (none of the hunk's 3"
                + " lines that say something is in the copy); most likely nothing to port")
    }

    /// Refused twin: the copy still has `list_splice()`, written its own way. It is not "removed": the
    /// fork rewrote it, and the change is for a person to carry.
    @Test func aFunctionTheForkRewroteIsNotCalledRemoved() throws {
        let rewritten = """
            #ifndef _LIST_H
            #define _LIST_H

            static inline void list_splice(struct list_head *from, struct list_head *to) { splice_after(from, to); }

            #endif

            """
        let v = try verdict(rewritten)
        #expect(v.label == "context-not-found")
        #expect(
            v.message
                == "context not found: the hunk starts past the end of the copy; the copy's list_splice holds none of the hunk's 3 lines that say something"
                + " (the fork rewrote it); port it by hand")
    }

    /// Twin: the fork made `list_splice()` a macro. The name is still there, so it was rewritten, not
    /// removed.
    @Test func aFunctionTheForkMadeAMacroIsRewritten() throws {
        let macro = """
            #ifndef _LIST_H
            #define _LIST_H

            #define list_splice(from, to) splice_after(from, to)

            #endif

            """
        let v = try verdict(macro)
        #expect(v.removal == .rewritten(unit: "list_splice", lines: 3))
    }

    /// Twin: one of the hunk's lines is still in the copy, re-indented (the fork moved the call into a
    /// macro): neither removed nor rewritten is said, only what was said before.
    @Test func oneLineLeftSaysNeither() throws {
        let moved = """
            #ifndef _LIST_H
            #define _LIST_H

            #define splice_now(list, head) \\
                    __list_splice(list, head, head->next);

            #endif

            """
        let v = try verdict(moved)
        #expect(v.label == "context-not-found")
        #expect(!v.message.contains("removed list_splice"))
        #expect(!v.message.contains("rewrote it"))
        #expect(v.message.contains("nor does the base place it"))
    }

    /// Twin: a hunk whose lines say nothing on their own (braces and blank lines) gives no diagnosis.
    @Test func linesThatSayNothingSayNeither() throws {
        let hunk = PatchParser.parse(
            bytes(
                """
                --- a/include/list.h
                +++ b/include/list.h
                @@ -6,3 +6,4 @@
                 }
                 
                +int x;
                 static inline void list_splice(struct list_head *list, struct list_head *head)

                """)
        ).patch.files[0].hunks[0]
        var reader = ForkRemoval.Reader(base: bytes(original), copy: [], path: Array("list.h".utf8))
        // One telling line is too little to call the code removed.
        #expect(reader.diagnose(hunk) == nil)
    }

    /// A Makefile has no units: the lines are gone, and that is what the reason says.
    @Test func aMakefileSaysTheLinesAreGone() throws {
        let makefile = "obj-y += a.o\nobj-$(CONFIG_B) += b.o\nobj-$(CONFIG_C) += c.o\n"
        let patch = """
            --- a/include/Makefile
            +++ b/include/Makefile
            @@ -1,3 +1,4 @@
             obj-y += a.o
             obj-$(CONFIG_B) += b.o
            +obj-$(CONFIG_D) += d.o
             obj-$(CONFIG_C) += c.o

            """
        let v = try verdict("lib-y += x.o\n", patch: patch, path: "Makefile", base: makefile)
        #expect(
            v.message
                == "context not found: the fork removed the lines this hunk changes (none of the hunk's 3 lines that"
                + " say something is in the copy); most likely nothing to port")
    }

    /// `tandem apply --base` says the same of a file in a tree, in its own words, in the report and the
    /// rejects; applied in reverse (where the hunk's other side is what the file must hold) it says nothing
    /// more, and a hunk past the end of the file stays `beyond-end`, with the same diagnosis.
    @Test func applyWithABaseSaysItToo() throws {
        let trimmed =
            "#ifndef _LIST_H\n#define _LIST_H\n\nstatic int only;\n\n" + String(repeating: "/* kept */\n", count: 12)
            + "#endif\n"
        let patch = PatchParser.parse(bytes(self.patch.replacingOccurrences(of: "include/", with: ""))).patch
        let tree = MemoryTree(["list.h": trimmed]), base = MemoryTree(["list.h": original])
        let plans = try PatchApplier.plan(patch, tree: tree, base: base)
        let outcome = try #require(plans.first?.result.hunks.first?.outcome)
        #expect(
            outcome
                == .failed(
                    .contextNotFound(
                        hint: "the file no longer has list_splice, which this hunk changes (none of the hunk's 3 lines"
                            + " that say something is in it); most likely nothing to apply")))
        #expect(plans.first?.rejectHunks.first?.reason.contains("no longer has list_splice") == true)
        let reversed = try PatchApplier.plan(patch, tree: tree, base: base, options: .init(reverse: true))
        let back = try #require(reversed.first?.result.hunks.first?.outcome)
        #expect(!"\(back)".contains("no longer has"))
        #expect(!back.isSuccess)
        let short = try PatchApplier.plan(patch, tree: MemoryTree(["list.h": "static int only;\n"]), base: base)
        let past = try #require(short.first?.result.hunks.first?.outcome)
        #expect(past.label == "beyond-end")
        #expect(
            past
                == .failed(
                    .beyondEnd(
                        hint: "the file no longer has list_splice, which this hunk changes (none of the hunk's 3 lines"
                            + " that say something is in it); most likely nothing to apply")))
        // Without a base nothing tells: the outcome says only where the hunk starts.
        let bare = try PatchApplier.plan(patch, tree: MemoryTree(["list.h": "static int only;\n"]))
        #expect(bare.first?.result.hunks.first?.outcome == .failed(.beyondEnd()))
    }
    /// Every reason in both wordings, `tandem port`'s and `tandem apply --base`'s, as the docs quote them.
    @Test func eachReasonInBothWordings() {
        let removed = ForkRemoval.removed(unit: "f", lines: 3), gone = ForkRemoval.removed(unit: nil, lines: 2)
        let rewritten = ForkRemoval.rewritten(unit: "f", lines: 4)
        #expect(
            removed.message
                == "the fork removed f, which this hunk changes (none of the hunk's 3 lines that say something is in"
                + " the copy); most likely nothing to port")
        #expect(
            removed.message(applying: true)
                == "the file no longer has f, which this hunk changes (none of the hunk's 3 lines that say something"
                + " is in it); most likely nothing to apply")
        #expect(
            gone.message
                == "the fork removed the lines this hunk changes (none of the hunk's 2 lines that say something is in"
                + " the copy); most likely nothing to port")
        #expect(
            gone.message(applying: true)
                == "none of the hunk's 2 lines that say something is in the file (they were removed); most likely"
                + " nothing to apply")
        #expect(
            rewritten.message
                == "the copy's f holds none of the hunk's 4 lines that say something (the fork rewrote it); port it by"
                + " hand")
        #expect(
            rewritten.message(applying: true)
                == "the file's f holds none of the hunk's 4 lines that say something (it was rewritten); apply it by"
                + " hand")
        #expect(removed.isRemoved && gone.isRemoved && !rewritten.isRemoved)
    }
}
