import Foundation
import Testing
import TandemTestSupport

/// Runs Debian's Python (where setup installs jsonschema and prometheus_client) on `script` with `arguments`.
func debianPython(_ script: String, _ arguments: [String] = []) throws -> Run {
    try run("/usr/bin/python3", ["-c", script] + arguments)
}

/// The example fork's inputs for reports: its port verdicts on the 2.6.12 release, its drift series, the
/// release's missed sibling fixes and the copies' sharing verdicts.
struct ExampleInputs {
    let scratch: Scratch
    var port: String { scratch.path + "/port.json" }
    var drift: String { scratch.path + "/drift.json" }
    var siblings: String { scratch.path + "/siblings.json" }
    var hooks: String { scratch.path + "/hooks.json" }

    init() throws {
        scratch = try Scratch()
        let example = Fixtures.path + "/example-fork"
        _ = try tandem(
            "port", example + "/releases/linux-2.6.12.patch", "--fork", example + "/fork",
            "--base", example + "/upstream/linux-2.6.11", "--check", "--report", port)
        let drift = try tandem("drift", "--repo", historyRepo, "--format", "json", "-o", self.drift)
        #expect(drift.status == 0, "\(drift.stderr)")
        let siblings = try tandem(
            "siblings", example + "/releases/linux-2.6.12.patch", "--tree", example + "/upstream/linux-2.6.11",
            "--map", example + "/fork/tandem.yml", "--format", "json")
        #expect(siblings.status == 1, "\(siblings.stderr)")
        try Data(siblings.stdout).write(to: URL(fileURLWithPath: self.siblings))
        let hooks = try tandem("hooks", "--fork", example + "/fork", "--format", "json")
        #expect(hooks.status == 0, "\(hooks.stderr)")
        try Data(hooks.stdout).write(to: URL(fileURLWithPath: self.hooks))
    }
}

let sarifCheck = """
    import json, sys
    from jsonschema import Draft4Validator
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(json.load(open(sys.argv[2], encoding="utf-8"))))
    for e in errors: print("/".join(map(str, e.absolute_path)), e.message)
    sys.exit(1 if errors else 0)
    """

let prometheusRead = """
    import sys, json
    from prometheus_client.parser import text_string_to_metric_families
    out = []
    for family in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
        for s in family.samples: out.append([s.name, s.labels, s.value])
    print(json.dumps(out))
    """

@Suite("tandem report and tandem dashboard")
struct ReportCommandTests {
    /// Every renderer's output on the example fork equals its golden file (RECORD_GOLDEN=1 rewrites them).
    @Test func goldenFilesOnTheExampleFork() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        let reports = inputs.scratch.path + "/reports", dashboard = inputs.scratch.path + "/dashboard"
        let report = try tandem(
            "report", "--port", "v2.6.12=" + inputs.port, "--drift", inputs.drift, "--max-drift", "30",
            "--siblings", inputs.siblings, "--hooks", inputs.hooks, "--title", "example fork", "--output-dir", reports)
        #expect(report.status == 1, "\(report.stderr)")  // fork conflicts are errors
        let board = try tandem(
            "dashboard", "--drift", inputs.drift, "--port", "v2.6.12=" + inputs.port, "--max-drift", "30",
            "--siblings", inputs.siblings, "--hooks", inputs.hooks, "--title", "example fork", "--output", dashboard)
        #expect(board.status == 0, "\(board.stderr)")
        let golden = GoldenFiles(Fixtures.path + "/golden/report")
        let files = [
            (reports, "tandem.junit.xml"), (reports, "tandem.sarif"), (reports, "tandem.md"),
            (reports, "tandem.report.json"),
            (dashboard, "index.html"), (dashboard, "drift.json"), (dashboard, "drift.csv"), (dashboard, "tandem.prom"),
            (dashboard, "grafana-dashboard.json"),
        ]
        for (folder, name) in files {
            let made = readBytes(folder + "/" + name)
            #expect(!made.isEmpty, "\(name) was not written")
            #expect(
                try golden.matches(made, name),
                "\(name) differs from fixtures/golden/report/\(name) (RECORD_GOLDEN=1 refreshes)")
        }
        // The dashboard's series is the drift file itself, byte for byte.
        #expect(readBytes(dashboard + "/drift.json") == readBytes(inputs.drift))
    }

    @Test func formatsValidateAgainstTheirSchemas() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        let out = inputs.scratch.path + "/r"
        _ = try tandem(
            "report", "--port", inputs.port, "--drift", inputs.drift, "--max-drift", "10", "--siblings",
            inputs.siblings,
            "--output-dir", out)
        let junit = try run(
            "/usr/bin/xmllint",
            ["--noout", "--schema", Fixtures.path + "/schemas/junit.xsd", out + "/tandem.junit.xml"])
        #expect(junit.status == 0, "\(junit.stderr)")
        let sarif = try debianPython(
            sarifCheck, [Fixtures.path + "/schemas/sarif-schema-2.1.0.json", out + "/tandem.sarif"])
        #expect(sarif.status == 0, "\(String(decoding: sarif.stdout, as: UTF8.self)) \(sarif.stderr)")
        // The SARIF results are the findings: 3 errors (1 fork-conflict, 1 ambiguous, 1 upstream-deleted),
        // 3 already-applied notes, and the drift warnings.
        let json = try JSONSerialization.jsonObject(with: Data(readBytes(out + "/tandem.sarif"))) as? [String: Any]
        let results = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let rules = results.compactMap { $0["ruleId"] as? String }
        #expect(rules.filter { $0 == "fork-conflict" }.count == 1 && rules.filter { $0 == "ambiguous" }.count == 1)
        #expect(rules.filter { $0 == "hunk-failed" }.count == 1 && rules.filter { $0 == "already-applied" }.count == 3)
        #expect(rules.filter { $0 == "drift-threshold" }.count > 0)
        #expect(rules.filter { $0 == "missed-sibling-fix" }.count == 1)
        #expect(
            results.allSatisfy {
                (($0["partialFingerprints"] as? [String: String])?["tandemFinding/v1"]?.count ?? 0) == 16
            })
    }

    /// tandem.prom parses back with the Prometheus client's parser, and its numbers are the drift file's.
    @Test func prometheusTextParsesBack() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        let out = inputs.scratch.path + "/d"
        _ = try tandem("dashboard", "--drift", inputs.drift, "--port", "v2.6.12=" + inputs.port, "--output", out)
        let parsed = try debianPython(prometheusRead, [out + "/tandem.prom"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let samples = try JSONSerialization.jsonObject(with: Data(parsed.stdout)) as? [[Any]] ?? []
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { ($0[0] as? String) == name && ($0[1] as? [String: String]) == labels }?[2] as? Double
        }
        let drift = try JSONSerialization.jsonObject(with: Data(readBytes(inputs.drift))) as? [String: Any]
        let newest = (drift?["snapshots"] as? [[String: Any]])?.last
        let trees = newest?["trees"] as? [[String: Any]] ?? []
        #expect(
            abs(
                (value("tandem_tree_similarity", ["tree": "arch/i386/ -> arch/xen/i386/"]) ?? -1)
                    - (trees[0]["similarity"] as? Double ?? -2)) < 1e-6)
        #expect(value("tandem_port_hunks", ["release": "v2.6.12", "verdict": "fork-conflict"]) == 1)
        #expect(
            value(
                "tandem_fork_only_lines",
                ["tree": "arch/i386/ -> arch/xen/i386/", "copy": "arch/xen/i386/kernel/setup.c"]) == 38)
        // Every metric the Grafana dashboard queries is exported.
        let names = Set(samples.compactMap { $0[0] as? String })
        let grafana =
            try JSONSerialization.jsonObject(with: Data(readBytes(out + "/grafana-dashboard.json"))) as? [String: Any]
        let panels = grafana?["panels"] as? [[String: Any]] ?? []
        #expect(panels.count == 5)
        for panel in panels {
            let expr = ((panel["targets"] as? [[String: Any]])?.first?["expr"] as? String) ?? ""
            let metric =
                expr.split(whereSeparator: { !($0.isLetter || $0 == "_") }).first { $0.hasPrefix("tandem_") }.map(
                    String.init) ?? "?"
            #expect(names.contains(metric) || metric == "tandem_tree_predicted_port_failures", "\(expr)")
        }
    }

    /// Paths and reasons with markup, quotes, control bytes, non-UTF-8 (git-quoted) names, pipes and
    /// backticks: every format stays well-formed and shows them as text.
    @Test func hostileTextIsEscapedEverywhere() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let hostile = "x/<script>alert(1)</script>&\\\"'|`\\u0001.c"  // JSON-escaped
        let quoted = "\"\\\"t\\\\351st.c\\\"\""  // the JSON string "\"t\\351st.c\"", git's spelling of a Latin-1 name
        let port = """
            {"schema": "tandem.port/1", "entries": [
             {"upstreamPath": "a/\(hostile)", "hunk": 1, "copyPath": "f/\(hostile)", "verdict": "fork-conflict",
              "reason": "fork-conflict: <b>bold</b> & ```fence``` \\u0007", "step": null, "line": 3, "confidence": null, "commit": null,
              "fork": ["<i>\\n"], "upstreamBefore": ["]]>\\n"], "upstreamAfter": ["&amp;\\n"]},
             {"upstreamPath": \(quoted), "hunk": 0, "copyPath": \(quoted), "verdict": "upstream-deleted", "reason": "gone", "step": null,
              "line": 0, "confidence": null, "commit": null}],
             "totals": {}}
            """
        let drift = """
            {"schema":"tandem.drift/1","trees":[{"index":0,"upstream":"a/","fork":"f/","line":1}],"guards":[],"snapshots":[
            {"label":"<v1>","time":null,"revision":null,"upstreamRevision":null,"version":null,"total":{},"trees":[{}],"recomputed":1,
             "pairs":[{"tree":0,"upstream":"a/\(hostile)","fork":"f/\(hostile)","state":"modified","identical":false,"identicalIgnoringWhitespace":false,
             "similarity":0.5,"sharedLines":1,"forkOnlyLines":1,"upstreamOnlyLines":1,"divergentRegions":1,"guardedForkLines":0,"freeForkLines":1,
             "changedFunctions":["<f>"],"nextPort":null,"reused":false}]}],"summary":{}}
            """
        let siblings = """
            {"schema":"tandem.siblings/1","checked":1,"reached":0,"missed":[
            {"path":"a/\(hostile)","hunk":1,"line":2,"function":"<f>","siblingPath":"s/\(hostile)","siblingLine":3,"confidence":0.9,
             "why":"<b>bold</b> & `tick`","hunkText":["@@ -1 +1 @@","-<script>x</script>","+``` <i>"],"siblingCode":[]}]}
            """
        let hooks = """
            {"schema":"tandem.hooks/1","copies":[
            {"upstream":"a/\(hostile)","fork":"f/\(hostile)","tree":0,"verdict":"hook-points","reason":"<b>bold</b>","copyLines":3,"units":1,
             "differences":[{"kind":"function","name":"<f>","hook":"pv_ops.<script>: void (*)(void)"}]}],"groups":[],"totals":{}}
            """
        try scratch.write("port.json", port)
        try scratch.write("drift.json", drift)
        try scratch.write("siblings.json", siblings)
        try scratch.write("hooks.json", hooks)
        let out = scratch.path + "/r", board = scratch.path + "/b"
        let report = try tandem(
            "report", "--port", "<rel>=" + scratch.path + "/port.json", "--drift", scratch.path + "/drift.json",
            "--siblings", scratch.path + "/siblings.json", "--hooks", scratch.path + "/hooks.json",
            "--max-drift", "1", "--output-dir", out, "--fail-on", "never")
        #expect(report.status == 0, "\(report.stderr)")
        let dashboard = try tandem(
            "dashboard", "--drift", scratch.path + "/drift.json", "--port", scratch.path + "/port.json",
            "--siblings", scratch.path + "/siblings.json", "--hooks", scratch.path + "/hooks.json", "--output", board)
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        // XML: well-formed and valid; the script tag is text.
        let junit = try run(
            "/usr/bin/xmllint",
            ["--noout", "--schema", Fixtures.path + "/schemas/junit.xsd", out + "/tandem.junit.xml"])
        #expect(junit.status == 0, "\(junit.stderr)")
        let xml = String(decoding: readBytes(out + "/tandem.junit.xml"), as: UTF8.self)
        #expect(!xml.contains("<script>") && xml.contains("&lt;script&gt;") && xml.contains("\\u{1}"))
        // SARIF: valid, with the path percent-encoded.
        let sarif = try debianPython(
            sarifCheck, [Fixtures.path + "/schemas/sarif-schema-2.1.0.json", out + "/tandem.sarif"])
        #expect(sarif.status == 0, "\(String(decoding: sarif.stdout, as: UTF8.self))")
        #expect(
            String(decoding: readBytes(out + "/tandem.sarif"), as: UTF8.self).contains("f/x/%3Cscript%3Ealert%281%29"))
        // Markdown and HTML: no live markup from the data (Markdown may show it inside fenced code blocks,
        // which render as text).
        for file in [out + "/tandem.md", board + "/index.html"] {
            var text = String(decoding: readBytes(file), as: UTF8.self)
            if file.hasSuffix(".md") {
                let parts = text.components(separatedBy: "\n```")
                text = parts.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: "\n")
                #expect(parts.count > 2, "the conflict and the reasons are in fenced blocks")
            }
            #expect(
                !text.contains("<script>") && !text.contains("<b>bold") && !text.contains("<f>")
                    && !text.contains("<v1>")
                    && !text.contains("<i>"), "\(file)")
            #expect(text.contains("&lt;script&gt;"), "\(file)")
        }
        // The sibling and sharing sections are there, escaped.
        let page = String(decoding: readBytes(board + "/index.html"), as: UTF8.self)
        #expect(
            page.contains("<code>s/x/&lt;script&gt;alert(1)&lt;/script&gt;&amp;")
                && page.contains("pv_ops.&lt;script&gt;"))
        let html = try run("/usr/bin/xmllint", ["--html", "--noout", board + "/index.html"])
        #expect(html.status == 0, "\(html.stderr)")
        // Prometheus: the label value comes back exactly.
        let parsed = try debianPython(prometheusRead, [board + "/tandem.prom"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(
            String(decoding: parsed.stdout, as: UTF8.self).contains("f/x/<script>alert(1)</script>&\\\"'|`\\u0001.c"))
    }

    /// `tandem siblings` and `tandem hooks` JSON feed the report and the dashboard: the example release's
    /// one missed fix is a missed-sibling-fix warning at the sibling's line (failing the job only from
    /// --fail-on warning), and the dashboard lists it and the copies that could be shared, with their hooks.
    @Test func siblingsAndHooksFeedReportAndDashboard() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        let lenient = try tandem("report", "--siblings", inputs.siblings, "--hooks", inputs.hooks, "--format", "json")
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(lenient.stdout)) as? [String: Any]
        let findings = json?["findings"] as? [[String: Any]] ?? []
        #expect(findings.count == 1)
        #expect(
            findings.first?["rule"] as? String == "missed-sibling-fix"
                && findings.first?["level"] as? String == "warning")
        #expect(findings.first?["copyPath"] as? String == "arch/x86_64/kernel/process.c")
        #expect(findings.first?["upstreamPath"] as? String == "arch/i386/kernel/process.c")
        #expect(
            (findings.first?["message"] as? String ?? "").contains("in copy_io_bitmap() did not reach this sibling"))
        let siblingsJSON = try JSONSerialization.jsonObject(with: Data(readBytes(inputs.siblings))) as? [String: Any]
        let missed = (siblingsJSON?["missed"] as? [[String: Any]])?.first
        #expect(findings.first?["line"] as? Int == missed?["siblingLine"] as? Int)
        #expect(
            try tandem("report", "--siblings", inputs.siblings, "--fail-on", "warning", "--format", "json").status == 1)

        let out = inputs.scratch.path + "/d"
        let board = try tandem(
            "dashboard", "--drift", inputs.drift, "--siblings", inputs.siblings, "--hooks", inputs.hooks, "--output",
            out)
        #expect(board.status == 0, "\(board.stderr)")
        let page = String(decoding: readBytes(out + "/index.html"), as: UTF8.self)
        #expect(page.contains("<code>arch/x86_64/kernel/process.c</code>:\(missed?["siblingLine"] as? Int ?? -1)"))
        #expect(
            page.contains(
                "<tr><td><code>arch/xen/i386/kernel/traps.c</code></td><td><code>arch/i386/kernel/traps.c</code></td><td>share-now</td>"
            ))
        // A hook-points copy lists the operations it needs (tandem.hooks/2).
        #expect(page.contains("<code>__flush_tlb_all</code>"), "\(page)")
        // The proposal table: the operations from the same model, with group and signature.
        #expect(page.contains("<h3>Proposed operations</h3>"))
        #expect(
            page.contains(
                "<tr><td><code>safe_halt</code></td><td>cpu</td><td>primitive</td><td><code>#define safe_halt()</code></td>"
            ))
        #expect(!page.contains("None in this report"))

        // The wrong file, or a broken one, is trouble with one line.
        let swapped = try tandem("report", "--siblings", inputs.hooks, "--format", "json")
        #expect(swapped.status == 2)
        #expect(
            swapped.stderr == "tandem: \(inputs.hooks): not a tandem.siblings/1 file (schema is 'tandem.hooks/2')\n")
        try Data("{\"schema\":\"tandem.hooks/1\",\"copies\":[{\"fork\":\"x\"}]}".utf8).write(
            to: URL(fileURLWithPath: inputs.scratch.path + "/bad.json"))
        let broken = try tandem(
            "dashboard", "--drift", inputs.drift, "--hooks", inputs.scratch.path + "/bad.json", "--output", out)
        #expect(broken.status == 2)
        #expect(
            broken.stderr
                == "tandem: \(inputs.scratch.path)/bad.json:1: copies[0]: 'upstream', 'fork' and 'verdict' are required\n"
        )
    }

    @Test func exitStatusFollowsThePolicy() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        #expect(try tandem("report", "--port", inputs.port, "--format", "json").status == 1)
        #expect(try tandem("report", "--port", inputs.port, "--format", "json", "--fail-on", "never").status == 0)
        // Drift alone: with a limit it gives warnings only, which fail only under --fail-on warning.
        #expect(try tandem("report", "--drift", inputs.drift, "--format", "json", "--max-drift", "5").status == 0)
        #expect(
            try tandem(
                "report", "--drift", inputs.drift, "--format", "json", "--max-drift", "5", "--fail-on", "warning"
            ).status == 1)
        #expect(
            try tandem(
                "report", "--drift", inputs.drift, "--format", "json", "--max-drift", "100", "--fail-on", "warning"
            ).status == 0)
        // Bad inputs: one line naming the file and the place; usage errors exit 64.
        try inputs.scratch.write("bad.json", "{\"schema\": \"tandem.port/1\",\n \"entries\": [}\n")
        let bad = try tandem("report", "--port", inputs.scratch.path + "/bad.json", "--format", "json")
        #expect(
            bad.status == 2
                && bad.stderr.hasPrefix(
                    "tandem: \(inputs.scratch.path)/bad.json: line 2, column 14: unexpected character"),
            "\(bad.stderr)")
        let wrong = try tandem("report", "--port", inputs.drift, "--format", "json")
        #expect(wrong.status == 2 && wrong.stderr.contains("not a tandem.port/1 file (schema is 'tandem.drift/2')"))
        #expect(try tandem("report", "--port", inputs.port).status == 64)  // four formats need --output-dir
        #expect(try tandem("report", "--format", "json").status == 64)
        #expect(try tandem("report", "--port", inputs.port, "--format", "yaml").status == 64)
        #expect(
            try tandem(
                "dashboard", "--drift", inputs.scratch.path + "/missing.json", "--output", inputs.scratch.path + "/x"
            ).status == 2)
    }

    /// The report can run the port itself from upstream history: the same verdicts as tandem port.
    @Test func portRunHere() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let upstream = scratch.path + "/up"
        Fixtures.buildRepository("upstream-drift", at: upstream)
        let fork = Fixtures.path + "/example-fork/fork"
        let here = try tandem(
            "report", "--upstream", upstream, "--range", "v2.6.11..v2.6.12", "--fork", fork, "--format", "json",
            "--fail-on", "never")
        #expect(here.status == 0, "\(here.stderr)")
        _ = try tandem(
            "port", "--upstream", upstream, "--range", "v2.6.11..v2.6.12", "--fork", fork, "--check", "--report",
            scratch.path + "/p.json")
        let viaFile = try tandem(
            "report", "--port", "v2.6.11..v2.6.12=" + scratch.path + "/p.json", "--map", fork + "/tandem.yml",
            "--format", "json", "--fail-on", "never", "--title", "v2.6.11..v2.6.12")
        #expect(here.stdout == viaFile.stdout)
        #expect(String(decoding: here.stdout, as: UTF8.self).contains("\"upstream-drift\""))
    }

    /// SARIF locates a finding by the copy's own bytes, percent-encoded: a Latin-1 name is `fk/lat%E9.c` and a
    /// space is `%20`, never git's quoted spelling (`%22fk/lat%5C351.c%22`, which code scanning cannot find).
    /// The names go through a real port run and its tandem.port/1 file, as in CI.
    @Test func sarifURIsAreThePathsOwnBytes() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let latin1: [UInt8] = Array("lat".utf8) + [0xE9] + Array(".c".utf8)
        try scratch.write("tandem.yml", "forks:\n  - {upstream: up/, fork: fk/}\n")
        for folder in ["up/", "fk/"] {
            let copy = folder == "fk/"
            try scratch.write(folder + "with space.c", copy ? "int x;\n" : "int a;\nint b;\n")
            let name = Array((scratch.path + "/" + folder).utf8) + latin1
            let file = try #require(fopen(name.map { CChar(bitPattern: $0) } + [0], "w"))
            fputs(copy ? "int y;\n" : "int a;\nint b;\n", file)
            fclose(file)
        }
        var patch: [UInt8] = Array(
            "diff --git \"a/up/lat\\351.c\" \"b/up/lat\\351.c\"\n--- \"a/up/lat\\351.c\"\n+++ \"b/up/lat\\351.c\"\n"
                .utf8)
        patch += Array("@@ -1,2 +1,2 @@\n int a;\n-int b;\n+int c;\n".utf8)
        patch += Array(
            "diff --git a/up/with space.c b/up/with space.c\n--- a/up/with space.c\t\n+++ b/up/with space.c\t\n".utf8)
        patch += Array("@@ -1,2 +1,2 @@\n int a;\n-int b;\n+int c;\n".utf8)
        try Data(patch).write(to: URL(fileURLWithPath: scratch.path + "/release.patch"))
        let port = try tandem(
            "port", scratch.path + "/release.patch", "--fork", scratch.path, "--check", "--report",
            scratch.path + "/port.json")
        #expect(
            String(decoding: readBytes(scratch.path + "/port.json"), as: UTF8.self).contains(
                "\"copyPath\": \"\\\"fk/lat\\\\351.c\\\"\""),
            "\(port.stderr)")
        let report = try tandem(
            "report", "--port", scratch.path + "/port.json", "--format", "sarif", "--fail-on", "never")
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout)) as? [String: Any]
        let results = ((json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let uris = results.compactMap { result -> String? in
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            return (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        #expect(uris.sorted() == ["fk/lat%E9.c", "fk/with%20space.c"], "\(uris)")
        try Data(report.stdout).write(to: URL(fileURLWithPath: scratch.path + "/tandem.sarif"))
        let valid = try debianPython(
            sarifCheck, [Fixtures.path + "/schemas/sarif-schema-2.1.0.json", scratch.path + "/tandem.sarif"])
        #expect(valid.status == 0, "\(String(decoding: valid.stdout, as: UTF8.self))")
    }

    /// On the example fork, the Markdown summary shows the ambiguous hunk of mm/init.c with the copy's lines at
    /// both places it fits, and the system.h conflict side by side, through tandem port's JSON file.
    @Test func markdownShowsAmbiguousPlacesAndConflictsSideBySide() throws {
        let inputs = try ExampleInputs()
        defer { inputs.scratch.cleanup() }
        let report = try tandem("report", "--port", inputs.port, "--format", "markdown", "--fail-on", "never")
        #expect(report.status == 0, "\(report.stderr)")
        let text = String(decoding: report.stdout, as: UTF8.self)
        let ambiguous = try #require(text.range(of: "ambiguous: context matches at 44 and 71"))
        let rest = text[ambiguous.upperBound...]
        let block = rest[..<(try #require(rest.range(of: "</details>"))).lowerBound]
        #expect(block.contains("```diff\n@@ -"), "\(block)")
        #expect(block.contains("At line 44 of the copy") && block.contains("At line 71 of the copy"), "\(block)")
        #expect(block.contains("> 44 | ") && block.contains("> 71 | "), "\(block)")
        #expect(text.contains(" | upstream hunk\n") && !text.contains("\n=======\n"), "\(text)")
    }
}
