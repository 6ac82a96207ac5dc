import TandemCore

/// `--format junit`: JUnit XML as Jenkins, GitLab and most CI servers read it (the common Ant/Jenkins
/// schema; `fixtures/schemas/junit.xsd` validates it in the tests). One `<testsuite>` per tree (fork-map
/// entry; copies outside every tree go to `other`) and one `<testcase>` per upstream hunk × copy:
/// `classname` is the copy's path (GitLab shows it), `name` the upstream file and hunk. A verdict that
/// needs a person is a `<failure>` whose `message` is the reason and `type` the verdict, with the
/// conflict's lines as text; `shared`, `flagged` and `new-upstream-file` are `<skipped>`; the rest pass.
/// With `--max-drift`, each copy of the newest drift snapshot is one more testcase that fails over the
/// limit. Each possible missed sibling fix (`--siblings`) is a failing testcase in the suite `siblings`,
/// named after the sibling it did not reach. No timestamps or host names, so the same input gives the same bytes.
public enum JUnitRenderer {
    struct Case {
        var classname: String
        var name: String
        var failure: (message: String, type: String, text: String)?
        var skipped: String?
    }

    public static func render(_ report: Report) -> String {
        let mappings = report.mappings
        // The trees, then `other`, then `siblings`.
        var suites: [[Case]] = Array(repeating: [], count: mappings.count + 2)
        for run in report.ports {
            for entry in run.entries {
                let label = report.ports.count > 1 ? "[\(run.label)] " : ""
                let name = label + entry.upstreamPath + (entry.hunk > 0 ? " hunk \(entry.hunk)" : " (whole file)")
                var testcase = Case(classname: entry.copyPath, name: name)
                if entry.isFailure {
                    var text = entry.reason + (entry.line > 0 ? " (line \(entry.line) of the copy)" : "") + "\n"
                    if !entry.fork.isEmpty {
                        text += "\nthe copy's lines:\n" + entry.fork.map { "  " + $0 }.joined()
                        text += "\nthe upstream hunk, before:\n" + entry.upstreamBefore.map { "- " + $0 }.joined()
                        text += "\nand after:\n" + entry.upstreamAfter.map { "+ " + $0 }.joined()
                    }
                    testcase.failure = (entry.reason, entry.verdict, text)
                } else if VerdictKind(rawValue: entry.verdict)?.isInformation == true {
                    testcase.skipped = entry.reason
                }
                suites[report.tree(of: entry.copyPath) ?? mappings.count].append(testcase)
            }
        }
        if let limit = report.maxDrift, let newest = report.drift?.snapshots.last {
            for row in newest.rows {
                let percent = 100 * (1 - row.drift.similarity)
                var testcase = Case(
                    classname: JSONText.pathText(row.pair.fork),
                    name: "drift at \(newest.info.label) within \(DriftFormat.fixed(limit, 1))%")
                if percent > limit {
                    let message =
                        "drift \(DriftFormat.fixed(percent, 1))% over the limit \(DriftFormat.fixed(limit, 1))%"
                    testcase.failure = (
                        message, "drift-threshold",
                        message
                            + ": similarity \(DriftFormat.fixed(row.drift.similarity)), \(row.drift.forkOnlyLines) fork-only and \(row.drift.upstreamOnlyLines) upstream-only lines\n"
                    )
                }
                suites[row.pair.tree].append(testcase)
            }
        }
        for fix in report.siblings {
            let place = fix.function.map { " in \($0)()" } ?? ""
            var testcase = Case(classname: fix.siblingPath, name: "fix from \(fix.path) hunk \(fix.hunk)\(place)")
            let message = "possible missed fix (confidence \(DriftFormat.fixed(fix.confidence, 2))): \(fix.why)"
            let sides = SiblingsRenderer.sideBySide(
                hunkText: fix.hunkText, siblingCode: fix.siblingCode,
                siblingStart: SiblingsRenderer.siblingStart(fix.siblingLine), column: nil, indent: "  ")
            testcase.failure = (
                message, "missed-sibling-fix",
                message + " (line \(fix.siblingLine) of the sibling)\n\n"
                    + (sides.isEmpty
                        ? "the fix:\n" + fix.hunkText.map { "  " + $0 + "\n" }.joined()
                        : "the sibling's lines beside the fix:\n" + sides)
            )
            suites[mappings.count + 1].append(testcase)
        }
        let all = suites.joined()
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(XMLText.escape("tandem: " + report.title))\" tests=\"\(all.count)\" "
        out += "failures=\"\(all.filter { $0.failure != nil }.count)\" errors=\"0\" time=\"0\">\n"
        for (index, cases) in suites.enumerated() where !cases.isEmpty {
            let name =
                index < mappings.count
                ? DriftFormat.tree(mappings[index]) : index == mappings.count ? "other" : "siblings"
            out +=
                "  <testsuite name=\"\(XMLText.escape(name))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\" "
            out += "errors=\"0\" skipped=\"\(cases.filter { $0.skipped != nil }.count)\" time=\"0\">\n"
            for testcase in cases {
                out +=
                    "    <testcase classname=\"\(XMLText.escape(testcase.classname))\" name=\"\(XMLText.escape(testcase.name))\" time=\"0\""
                if let failure = testcase.failure {
                    out +=
                        ">\n      <failure message=\"\(XMLText.escape(failure.message))\" type=\"\(XMLText.escape(failure.type))\">"
                    out += XMLText.escape(failure.text) + "</failure>\n    </testcase>\n"
                } else if let skipped = testcase.skipped {
                    out += ">\n      <skipped message=\"\(XMLText.escape(skipped))\"/>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
