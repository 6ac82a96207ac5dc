import TandemCore

/// SARIF 2.1.0 (`--format sarif`), as GitHub code scanning and other SARIF viewers read it: one run of the
/// `tandem` driver with one rule per `Finding.Rule` (stable ids), one result per finding located in the copy
/// (`uriBaseId` `%SRCROOT%`, the path's own bytes percent-encoded, so a Latin-1 name is `lat%E9.c`, never
/// git's quoted spelling; a region only when the line is known), and
/// `partialFingerprints["tandemFinding/v1"]`, a hash of rule, copy, original and the hunk's pre-image that
/// survives line shifts.
///
/// GitHub's limits are kept: at most `maxResults` (25,000) results and at most `maxBytes` (10 MB — the
/// limit is on the gzipped upload, so measuring the uncompressed text is on the safe side). Findings come
/// most severe first, so what is dropped is the least severe; the run then carries a tool notification
/// saying how many results of which levels were dropped.
public enum SARIFRenderer {
    public static let maxResults = 25_000
    public static let maxBytes = 10_000_000

    public static func render(_ report: Report, version: String, maxResults: Int = maxResults, maxBytes: Int = maxBytes)
        -> String
    {
        let rules = Finding.Rule.allCases
        var head =
            "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
        head += "      \"tool\": {\"driver\": {\"name\": \"tandem\", \"version\": \(JSONText.string(version)), "
        head += "\"rules\": [\n"
        head += rules.map { rule in
            "        {\"id\": \(JSONText.string(rule.id)), \"shortDescription\": {\"text\": \(JSONText.string(rule.summary))}, "
                + "\"defaultConfiguration\": {\"level\": \"\(rule.level.rawValue)\"}}"
        }.joined(separator: ",\n")
        head += "\n      ]}},\n"
        head += "      \"automationDetails\": {\"id\": \(JSONText.string("tandem/" + report.title + "/"))},\n"
        var results: [String] = []
        var size = head.utf8.count + 512
        var dropped: [Finding.Level: Int] = [:]
        for finding in report.findings {
            let text = result(finding, ruleIndex: rules.firstIndex(of: finding.rule) ?? 0)
            if results.count >= maxResults || size + text.utf8.count + 400 > maxBytes {
                dropped[finding.level, default: 0] += 1
                continue
            }
            size += text.utf8.count + 2
            results.append(text)
        }
        var out =
            head + "      \"results\": ["
            + (results.isEmpty ? "" : "\n" + results.joined(separator: ",\n") + "\n      ") + "],\n"
        var notification = ""
        if !dropped.isEmpty {
            let parts = [Finding.Level.error, .warning, .note].compactMap { level in
                dropped[level].map { "\($0) \(level.rawValue)" }
            }
            let total = dropped.values.reduce(0, +)
            notification =
                ", \"toolExecutionNotifications\": [{\"level\": \"warning\", \"message\": {\"text\": "
                + JSONText.string(
                    "\(total) results dropped (\(parts.joined(separator: ", "))) to stay within \(maxResults) results and \(maxBytes) bytes; the least severe went first. The Markdown and JSON reports list every finding."
                )
                + "}}]"
        }
        out += "      \"invocations\": [{\"executionSuccessful\": true\(notification)}],\n"
        out += "      \"columnKind\": \"unicodeCodePoints\"\n    }\n  ]\n}\n"
        return out
    }

    static func result(_ finding: Finding, ruleIndex: Int) -> String {
        var location =
            "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSONText.string(uri(JSONText.pathBytes(finding.copyPath)))), \"uriBaseId\": \"%SRCROOT%\"}"
        if finding.line > 0 { location += ", \"region\": {\"startLine\": \(finding.line)}" }
        location += "}}"
        var properties = "\"release\": \(JSONText.string(finding.release))"
        if !finding.upstreamPath.isEmpty {
            properties += ", \"upstreamPath\": \(JSONText.string(finding.upstreamPath))"
        }
        if finding.hunk > 0 { properties += ", \"hunk\": \(finding.hunk)" }
        return
            "        {\"ruleId\": \(JSONText.string(finding.rule.id)), \"ruleIndex\": \(ruleIndex), \"level\": \"\(finding.level.rawValue)\", "
            + "\"message\": {\"text\": \(JSONText.string(finding.message))}, \"locations\": [\(location)], "
            + "\"partialFingerprints\": {\"tandemFinding/v1\": \"\(finding.fingerprint)\"}, \"properties\": {\(properties)}}"
    }

    /// A relative path as a URI reference: unreserved characters and `/` as they are, every other byte
    /// percent-encoded (RFC 3986).
    static func uri(_ path: String) -> String { uri(Array(path.utf8)) }

    /// A relative path's raw bytes as a URI reference (a byte that is not UTF-8 is encoded as itself:
    /// `0xE9` is `%E9`, as git and the file system name it).
    static func uri(_ path: [UInt8]) -> String {
        var out = ""
        for byte in path {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
