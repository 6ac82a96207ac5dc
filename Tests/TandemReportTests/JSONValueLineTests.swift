import Testing
import TandemCore
@testable import TandemReport

/// `JSONValue.line(of:in:)`: where a value of a report input is, for its one-line message.
@Suite("JSON paths back to their lines")
struct JSONValueLineTests {
    let text = Array(
        """
        {"a": 1,
         "list": [
           {"x": 1},
           {"x": 2,
            "y": [10,
                  11]},
           {"x": 3, "x": 4}
         ]}
        """.utf8)

    @Test func valuesAreFoundAtTheLineTheyStart() {
        #expect(JSONValue.line(of: [], in: text) == 1)
        #expect(JSONValue.line(of: [.key("a")], in: text) == 1)
        #expect(JSONValue.line(of: [.key("list")], in: text) == 2)
        #expect(JSONValue.line(of: [.key("list"), .index(1), .key("x")], in: text) == 4)
        #expect(JSONValue.line(of: [.key("list"), .index(1), .key("y"), .index(1)], in: text) == 6)
        #expect(JSONValue.line(of: [.key("list"), .index(2), .key("x")], in: text) == 7)
    }

    /// A member that is not there is reported at the deepest value on its path that is.
    @Test func aMissingMemberIsFoundAtItsObject() {
        #expect(JSONValue.line(of: [.key("list"), .index(1), .key("missing")], in: text) == 4)
        #expect(JSONValue.line(of: [.key("list"), .index(9), .key("x")], in: text) == 2)
        #expect(JSONValue.line(of: [.key("a")], in: Array("{broken".utf8)) == nil)
    }

    @Test func pathsReadAsPeopleWriteThem() {
        #expect(
            JSONValue.pathText([.key("snapshots"), .index(0), .key("pairs"), .index(3), .key("similarity")])
                == "snapshots[0].pairs[3].similarity")
        #expect(JSONValue.pathText([]) == "")
    }

    /// Every verdict label a port run writes is one a report reads back.
    @Test func everyVerdictLabelIsKnown() {
        let verdicts: [PortVerdict] = [
            .alreadyApplied(line: 1), .ambiguous(lines: [1, 2], note: nil), .contextNotFound(hint: nil),
            .missingForkFile, .shared, .binary,
            .upstreamDeleted(renamedTo: nil), .newUpstreamFile, .flagged(wouldApply: true),
            .upstreamDrift(nil, commit: "c"),
            .review(
                Placement(
                    step: .exact, targetIndex: 0, targetCount: 0, replacement: [], offset: 0, fuzz: 0, confidence: 1),
                reasons: ["r"]),
            .upstreamRenamed(from: Array("a".utf8), mappedCopy: nil),
        ]
        for verdict in verdicts { #expect(PortVerdict.labels.contains(verdict.label), "\(verdict.label)") }
        #expect(Set(PortVerdict.labels).count == 14)
    }
}
