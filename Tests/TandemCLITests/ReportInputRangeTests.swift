import Foundation
import Testing
import TandemTestSupport

/// Issue #15: numbers and names in report inputs that no tandem run writes (similarity 1e308, counts near or
/// past Int.max, negative counts, a time of Int64.min, an unknown verdict) are trouble: exit 2 and one line
/// naming the file, the line and the field — never a trap, never a quiet "nothing needs a person".
@Suite("Report inputs: out-of-range numbers and unknown verdicts are one line and exit 2")
struct ReportInputRangeTests {
    /// A drift series with one tree and the given pairs (each a JSON object's members after `"tree":0,`),
    /// one pair per line; the snapshot's `time` is `time`.
    static func drift(_ pairs: [String], time: String = "null") -> String {
        "{\"schema\":\"tandem.drift/1\",\"trees\":[{\"index\":0,\"upstream\":\"a/\",\"fork\":\"f/\",\"line\":1}],\"guards\":[],\"snapshots\":[\n"
            + "{\"label\":\"v1\",\"time\":\(time),\"revision\":null,\"upstreamRevision\":null,\"version\":null,\"pairs\":[\n"
            + pairs.enumerated().map { index, members in
                "{\"tree\":0,\"upstream\":\"a/x\(index).c\",\"fork\":\"f/x\(index).c\",\"identical\":false,\"identicalIgnoringWhitespace\":false,"
                    + members + ",\"changedFunctions\":[],\"reused\":false}"
            }.joined(separator: ",\n") + "]}]}\n"
    }

    static func pair(
        similarity: String = "0.5", shared: String = "1", forkOnly: String = "1", upstreamOnly: String = "1",
        regions: String = "1", guarded: String = "0", nextPort: String = "null"
    ) -> String {
        "\"similarity\":\(similarity),\"sharedLines\":\(shared),\"forkOnlyLines\":\(forkOnly),\"upstreamOnlyLines\":\(upstreamOnly),"
            + "\"divergentRegions\":\(regions),\"guardedForkLines\":\(guarded),\"nextPort\":\(nextPort)"
    }

    static let validDrift = drift([pair()])

    static func port(verdict: String = "fork-conflict", hunk: String = "1", line: String = "3") -> String {
        "{\"schema\": \"tandem.port/1\", \"entries\": [\n"
            + "{\"upstreamPath\": \"a/x.c\", \"hunk\": 1, \"copyPath\": \"f/x.c\", \"verdict\": \"ported\", \"reason\": \"ported\", \"line\": 2},\n"
            + "{\"upstreamPath\": \"a/x.c\", \"hunk\": \(hunk), \"copyPath\": \"f/x.c\", \"verdict\": \"\(verdict)\", \"reason\": \"r\", \"line\": \(line)}\n"
            + "], \"totals\": {}}\n"
    }

    static func siblings(hunk: String = "1", siblingLine: String = "3", confidence: String = "0.9") -> String {
        "{\"schema\":\"tandem.siblings/1\",\"checked\":1,\"reached\":0,\"missed\":[\n"
            + "{\"path\":\"a/x.c\",\"hunk\":\(hunk),\"line\":2,\"function\":\"f\",\"siblingPath\":\"b/x.c\",\"siblingLine\":\(siblingLine),"
            + "\"confidence\":\(confidence),\"why\":\"w\",\"hunkText\":[],\"siblingCode\":[]}]}\n"
    }

    static func hooks(verdict: String = "hook-points", copyLines: String = "3") -> String {
        "{\"schema\":\"tandem.hooks/1\",\"copies\":[\n"
            + "{\"upstream\":\"a/x.c\",\"fork\":\"f/x.c\",\"tree\":0,\"verdict\":\"share-now\",\"reason\":\"\",\"copyLines\":1,\"differences\":[]},\n"
            + "{\"upstream\":\"a/y.c\",\"fork\":\"f/y.c\",\"tree\":0,\"verdict\":\"\(verdict)\",\"reason\":\"r\",\"copyLines\":\(copyLines),\"differences\":[]}"
            + "],\"groups\":[],\"totals\":{}}\n"
    }

    /// 1,100 pairs of 2^53 shared lines each: every number in range, their sum past Int.max.
    static let manyHugePairs = drift(Array(repeating: pair(shared: "9007199254740992"), count: 1_100))

    /// One bad input: which file (`drift`, `port`, `siblings`, `hooks`), its text, and the message after
    /// `tandem: FILE:`; shown in test results by its message.
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var text: String
        var message: String
        var testDescription: String { "\(input): \(message.prefix(90))" }

        init(_ input: String, _ text: String, _ message: String) {
            self.input = input
            self.text = text
            self.message = message
        }
    }

    static let cases: [Case] = [
        Case(
            "drift", drift([pair(similarity: "1e308")]),
            "3: snapshots[0].pairs[0].similarity: 1e308 is out of range (a fraction from 0 to 1)"),
        Case(
            "drift", drift([pair(similarity: "1e999")]),
            "3: snapshots[0].pairs[0].similarity: 1e999 is out of range (a fraction from 0 to 1)"),
        Case(
            "drift", drift([pair(), pair(similarity: "-0.5")]),
            "4: snapshots[0].pairs[1].similarity: -0.5 is out of range (a fraction from 0 to 1)"),
        Case(
            "drift", drift([pair(shared: "9223372036854775807"), pair(shared: "9223372036854775807")]),
            "3: snapshots[0].pairs[0].sharedLines: 9223372036854775807 is out of range (a count from 0 to 2^53)"),
        Case(
            "drift", drift([pair(forkOnly: "1e19")]),
            "3: snapshots[0].pairs[0].forkOnlyLines: 1e19 is out of range (a count from 0 to 2^53)"),
        Case(
            "drift", drift([pair(upstreamOnly: "-5")]),
            "3: snapshots[0].pairs[0].upstreamOnlyLines: -5 is out of range (a count from 0 to 2^53)"),
        Case(
            "drift", drift([pair(regions: "1.5")]),
            "3: snapshots[0].pairs[0].divergentRegions: 1.5 is not a whole number (a count from 0 to 2^53)"),
        Case(
            "drift", drift([pair(forkOnly: "2", guarded: "3")]),
            "3: snapshots[0].pairs[0].guardedForkLines: 3 guarded fork lines are more than the 2 fork-only lines"),
        Case(
            "drift", drift([pair(nextPort: "{\"hunks\":-1,\"failed\":0}")]),
            "3: snapshots[0].pairs[0].nextPort.hunks: -1 is out of range (a count from 0 to 2^53)"),
        Case(
            "drift", drift([pair(nextPort: "{\"hunks\":1,\"failed\":9223372036854775807}")]),
            "3: snapshots[0].pairs[0].nextPort.failed: 9223372036854775807 is out of range (a count from 0 to 2^53)"),
        Case(
            "drift", manyHugePairs,
            "4: snapshots[0].pairs[1].sharedLines: the snapshot's 'sharedLines' add up to more than 2^53"),
        Case(
            "drift", drift([pair()], time: "-9223372036854775808"),
            "2: snapshots[0].time: -9223372036854775808 is out of range (seconds since 1970 from -2^53 to 2^53)"),
        Case(
            "port", port(verdict: "fork-confict"),
            "3: entries[1].verdict: unknown verdict 'fork-confict' (known: ported, already-applied, fork-conflict, upstream-drift, ambiguous, context-not-found, missing-fork-file, shared, binary, upstream-deleted, new-upstream-file, flagged, review, upstream-renamed)"
        ),
        Case(
            "port", port(hunk: "-1"),
            "3: entries[1].hunk: -1 is out of range (a hunk number from 0 (a whole file) to 2^53)"),
        Case(
            "port", port(line: "1e308"),
            "3: entries[1].line: 1e308 is out of range (a line number from 0 (unknown) to 2^53)"),
        Case(
            "siblings", siblings(confidence: "1e308"),
            "2: missed[0].confidence: 1e308 is out of range (a fraction from 0 to 1)"),
        Case(
            "siblings", siblings(siblingLine: "0"),
            "2: missed[0].siblingLine: 0 is out of range (a line number from 1 to 2^53)"),
        Case(
            "siblings", siblings(hunk: "-9223372036854775808"),
            "2: missed[0].hunk: -9223372036854775808 is out of range (a hunk number from 1 to 2^53)"),
        Case(
            "hooks", hooks(verdict: "share-later"),
            "3: copies[1].verdict: unknown verdict 'share-later' (known: share-now, cosmetic-sync, hook-points, keep-copy)"
        ),
        Case("hooks", hooks(copyLines: "-1"), "3: copies[1].copyLines: -1 is out of range (a count from 0 to 2^53)"),
    ]

    @Test(arguments: cases)
    func reportAndDashboardRefuse(_ bad: Case) throws {
        let (input, text, message) = (bad.input, bad.text, bad.message)
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = scratch.path + "/\(input).json"
        try scratch.write("\(input).json", text)
        // The dashboard needs a drift series: a valid one beside the input under test.
        var inputs = ["--\(input)", file]
        if input != "drift" {
            try scratch.write("ok-drift.json", Self.validDrift)
            inputs += ["--drift", scratch.path + "/ok-drift.json"]
        }
        let report = try run(
            tandemBinary, ["report", "--\(input)", file, "--format", "json", "--max-drift", "10", "--fail-on", "never"])
        let board = try run(
            tandemBinary, ["dashboard"] + inputs + ["--max-drift", "10", "--output", scratch.path + "/board"])
        for (command, result) in [("report", report), ("dashboard", board)] {
            #expect(result.status == 2, "\(command) exited \(result.status): \(result.stderr.prefix(300))")
            #expect(result.stderr == "tandem: \(file):\(message)\n", "\(command): \(result.stderr.prefix(300))")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/board/index.html"))
    }

    /// The same inputs in range go through (the checks refuse only what no tandem run writes).
    @Test func theLimitsThemselvesAreAccepted() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        try scratch.write(
            "drift.json",
            Self.drift(
                [
                    Self.pair(
                        similarity: "1", shared: "9007199254740992", forkOnly: "0", upstreamOnly: "0",
                        regions: "0", nextPort: "{\"hunks\":9007199254740992,\"failed\":9007199254740992}"),
                    Self.pair(similarity: "0", shared: "0"),
                ], time: "-9007199254740992"))
        try scratch.write("port.json", Self.port(verdict: "new-upstream-file", hunk: "0", line: "0"))
        try scratch.write("siblings.json", Self.siblings(siblingLine: "9007199254740992", confidence: "1"))
        try scratch.write("hooks.json", Self.hooks(verdict: "keep-copy", copyLines: "0"))
        let paths = ["drift", "port", "siblings", "hooks"].flatMap { ["--\($0)", scratch.path + "/\($0).json"] }
        let report = try run(
            tandemBinary, ["report"] + paths + ["--format", "json", "--max-drift", "10", "--fail-on", "never"])
        #expect(report.status == 0, "\(report.stderr)")
        let board = try run(
            tandemBinary, ["dashboard"] + paths + ["--max-drift", "10", "--output", scratch.path + "/board"])
        #expect(board.status == 0, "\(board.stderr)")
    }
}
