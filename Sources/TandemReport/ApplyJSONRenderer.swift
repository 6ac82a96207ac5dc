import TandemCore

/// `tandem apply --format json`: schema `tandem.apply/1`, every outcome of every hunk.
///
/// ```json
/// {"schema": "tandem.apply/1", "applied": false,
///  "files": [{"path": "arch/i386/kernel/process.c", "sourcePath": null, "action": "modify", "problem": null,
///             "note": null, "lineEndings": null, "reject": "arch/i386/kernel/process.c.rej",
///             "hunks": [{"number": 2, "outcome": "applied", "step": "fuzz", "line": 7, "offset": 6, "fuzz": 1,
///                        "confidence": 0.7, "reason": null, "message": null}]}],
///  "totals": {"files": 1, "hunks": 4, "failed": 1}}
/// ```
/// `outcome` is `applied`, `already-applied`, `conflict`, or a failure reason (`context-not-found`,
/// `ambiguous`, `beyond-end`, `binary`, `missing-file`, `already-exists`, `wrong-type`, `submodule`, `malformed`);
/// `reason` repeats it for failures and conflicts, and `message` says it in words. A file's `note` says what
/// an earlier run had already done to it (`already deleted`, `already renamed`, `mode already set`), and its
/// `lineEndings` that the patch's line endings were not the file's and the hunks were applied with the
/// file's (`the patch has CRLF line endings and the file LF: applied with the file's LF`), else null.
/// `applied` at the top says whether the tree was changed.
public enum ApplyJSONRenderer {
    public static let schema = "tandem.apply/1"

    public static func render(_ report: ApplyReport, applied: Bool) -> String {
        var out = "{\n  \"schema\": \(JSONText.string(schema)),\n  \"applied\": \(applied),\n  \"files\": ["
        for (i, file) in report.files.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"path\": \(JSONText.string(JSONText.pathText(file.path))), "
            out += "\"sourcePath\": \(file.sourcePath.map { JSONText.string(JSONText.pathText($0)) } ?? "null"), "
            out += "\"action\": \(JSONText.string(file.action.rawValue)), "
            out += "\"problem\": \(file.problem.map { JSONText.string($0.message) } ?? "null"), "
            out += "\"note\": \(file.note.map { JSONText.string($0) } ?? "null"), "
            out += "\"lineEndings\": \(file.lineEndings.map { JSONText.string($0) } ?? "null"), "
            out += "\"reject\": \(file.rejectPath.map { JSONText.string(JSONText.pathText($0)) } ?? "null"), "
            out += "\"hunks\": ["
            for (k, hunk) in file.hunks.enumerated() {
                out += k == 0 ? "\n" : ",\n"
                out += "      " + hunkObject(hunk)
            }
            out += file.hunks.isEmpty ? "]}" : "\n    ]}"
        }
        out += report.files.isEmpty ? "],\n" : "\n  ],\n"
        out +=
            "  \"totals\": {\"files\": \(report.files.count), \"hunks\": \(report.hunkCount), \"failed\": \(report.failedCount)}\n}\n"
        return out
    }

    static func hunkObject(_ hunk: ApplyReport.HunkResult) -> String {
        var step = "null", offset = "null", fuzz = "null", confidence = "null", reason = "null", message = "null"
        switch hunk.outcome {
        case .applied(let p):
            step = JSONText.string(p.step.rawValue)
            offset = "\(p.offset)"
            fuzz = "\(p.fuzz)"
            confidence = "\((p.confidence * 100).rounded() / 100)"
        case .alreadyApplied:
            break
        case .conflict:
            reason = JSONText.string("conflict")
            message = JSONText.string("the file changed the lines this hunk changes")
        case .failed(let r):
            reason = JSONText.string(r.label)
            message = JSONText.string(r.message)
        }
        return "{\"number\": \(hunk.number), \"outcome\": \(JSONText.string(hunk.outcome.label)), \"step\": \(step), "
            + "\"line\": \(hunk.line), \"offset\": \(offset), \"fuzz\": \(fuzz), \"confidence\": \(confidence), "
            + "\"reason\": \(reason), \"message\": \(message)}"
    }
}
