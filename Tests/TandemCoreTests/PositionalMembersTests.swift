import Testing
@testable import TandemCore

/// Risk rule "members upstream has above an insertion" (`PositionalMembers`): a hunk adds enumerators or
/// members below fewer of upstream's than upstream has above them, so they would take other values or
/// offsets. Held for review; where the copy has every member above the insertion (or its own name for one),
/// where it lacks members only below, or where the new enumerators carry their own value, it lands.
@Suite("PortRisk: members upstream has above an insertion")
struct PositionalMembersTests {
    let map = ForkMap(mappings: [ForkMapping(upstream: "include/uapi/", fork: "tools/include/uapi/")])

    /// A netlink header: bridge port attributes, numbered by their position.
    let original = """
        #ifndef _IF_LINK_H
        #define _IF_LINK_H

        enum {
        \tIFLA_BRPORT_UNSPEC,
        \tIFLA_BRPORT_STATE,\t/* Spanning tree state */
        \tIFLA_BRPORT_PRIORITY,
        \tIFLA_BRPORT_LOCKED,
        \t__IFLA_BRPORT_MAX
        };
        #define IFLA_BRPORT_MAX (__IFLA_BRPORT_MAX - 1)

        #endif

        """

    /// Upstream appends two attributes after `IFLA_BRPORT_LOCKED`.
    let appends = """
        --- a/include/uapi/linux/if_link.h
        +++ b/include/uapi/linux/if_link.h
        @@ -5,6 +5,8 @@
         \tIFLA_BRPORT_STATE,\t/* Spanning tree state */
         \tIFLA_BRPORT_PRIORITY,
         \tIFLA_BRPORT_LOCKED,
        +\tIFLA_BRPORT_MAB,
        +\tIFLA_BRPORT_MCAST_N_GROUPS,
         \t__IFLA_BRPORT_MAX
         };
         #define IFLA_BRPORT_MAX (__IFLA_BRPORT_MAX - 1)

        """

    func port(_ patch: String, copy: String) throws -> Porter.Result {
        try Porter.port(
            PatchParser.parse(bytes(patch)).patch, map: map,
            fork: MemoryTree(["tools/include/uapi/linux/if_link.h": copy]),
            base: MemoryTree(["include/uapi/linux/if_link.h": original]))
    }

    /// The copy never took `IFLA_BRPORT_LOCKED`: landed beside `IFLA_BRPORT_PRIORITY`, `IFLA_BRPORT_MAB`
    /// would take `IFLA_BRPORT_LOCKED`'s number. Held, naming the missing member; the copy is left as it was.
    @Test func membersBelowAMissingOneAreHeld() throws {
        let behind = original.replacingOccurrences(of: "\tIFLA_BRPORT_LOCKED,\n", with: "")
        let held = try port(appends, copy: behind)
        #expect(held.report.entries.map(\.verdict.label) == ["review"])
        let message = held.report.entries[0].verdict.message
        #expect(
            message.contains("below 1 member that upstream has above them and the copy lacks (`IFLA_BRPORT_LOCKED`)"))
        #expect(held.copies.first?.ported == bytes(behind))
        #expect(!displayText(held.patch).contains("IFLA_BRPORT_MAB"))
    }

    /// Twin: the copy has every member above (its comments differ): the hunk lands.
    @Test func membersBelowEveryOneOfUpstreamsLand() throws {
        let copy = original.replacingOccurrences(of: "\t/* Spanning tree state */", with: "")
        let landed = try port(appends, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
        let ported = displayText(landed.copies.first?.ported ?? [])
        #expect(ported.contains("\tIFLA_BRPORT_LOCKED,\n\tIFLA_BRPORT_MAB,\n"))
    }

    /// Twin: the copy spells one member its own way (a slot kept under another name): the hunk lands.
    @Test func aMemberTheForkRenamedKeepsItsSlot() throws {
        let copy = original.replacingOccurrences(of: "\tIFLA_BRPORT_PRIORITY,\n", with: "\tIFLA_BRPORT_PRIO,\n")
        let landed = try port(appends, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: the fork numbers the enum its own way (it dropped one of upstream's members and added one of
    /// its own above): its numbering, not a copy behind upstream.
    @Test func aBodyWithMembersOfTheForksOwnLands() throws {
        let copy = original.replacingOccurrences(
            of: "\tIFLA_BRPORT_PRIORITY,\n", with: ""
        ).replacingOccurrences(
            of: "\tIFLA_BRPORT_STATE,", with: "\tIFLA_BRPORT_XEN_STATE,\n\tIFLA_BRPORT_STATE,")
        let landed = try port(appends, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: the copy lacks a member only below the insertion: the new ones keep upstream's values.
    @Test func aMemberMissingBelowDoesNotHold() throws {
        let inserts = """
            --- a/include/uapi/linux/if_link.h
            +++ b/include/uapi/linux/if_link.h
            @@ -4,5 +4,6 @@
             enum {
             \tIFLA_BRPORT_UNSPEC,
             \tIFLA_BRPORT_STATE,\t/* Spanning tree state */
            +\tIFLA_BRPORT_COST,
             \tIFLA_BRPORT_PRIORITY,
             \tIFLA_BRPORT_LOCKED,

            """
        let copy = original.replacingOccurrences(of: "\tIFLA_BRPORT_LOCKED,\n", with: "")
        let landed = try port(inserts, copy: copy)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }

    /// Twin: new enumerators given their own value first keep it wherever they stand.
    @Test func enumeratorsWithTheirOwnValueLand() throws {
        let valued = appends.replacingOccurrences(of: "+\tIFLA_BRPORT_MAB,\n", with: "+\tIFLA_BRPORT_MAB = 4,\n")
        let behind = original.replacingOccurrences(of: "\tIFLA_BRPORT_LOCKED,\n", with: "")
        let landed = try port(valued, copy: behind)
        #expect(landed.report.entries.map(\.verdict.label) == ["ported"])
    }
}
