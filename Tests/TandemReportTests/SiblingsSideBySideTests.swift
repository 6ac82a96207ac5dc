import Foundation
import Testing
import TandemCore
@testable import TandemReport

/// A possible missed fix shown with the sibling's lines beside the hunk (`SiblingsRenderer+SideBySide`), in
/// the terminal list, the `tandem siblings` Markdown and the CI report (`tandem report --siblings`).
@Suite("siblings: the sibling's lines beside the fix")
struct SiblingsSideBySideTests {
    let hunk = [
        "@@ -10,5 +10,6 @@ static int grab(struct dev *d)", "     spin_lock(&d->lock);", "-    if (!d->buf)",
        "+    if (!d->buf) {", "+        d->len = 0;", "         return -ENOMEM;", "+    }",
        "     spin_unlock(&d->lock);",
    ]

    /// The rows of `text` as (left, right): the lines after the `sibling (from line N)` header, spaces at
    /// the ends dropped.
    func rows(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").drop { !$0.contains("sibling (from line") }.dropFirst().map { row in
            let parts = row.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            func trimmed(_ s: Substring) -> String { String(s).trimmingCharacters(in: .whitespaces) }
            return (trimmed(parts[0]), parts.count > 1 ? trimmed(parts[1]) : "")
        }
    }

    /// The sibling holds the old code in its own spacing: each of its lines stands beside the hunk's line,
    /// the added lines stand alone, and a line of the sibling the hunk lacks stands alone on the left.
    @Test func theSiblingsLinesStandBesideTheHunksOldLines() {
        let sibling = [
            "\tspin_lock(&d->lock);", "\tif(!d->buf)", "\t\treturn -ENOMEM;", "\tcount++;", "\tspin_unlock(&d->lock);",
        ]
        let text = SiblingsRenderer.sideBySide(hunkText: hunk, siblingCode: sibling, siblingStart: 8, column: nil)
        #expect(text.hasPrefix("    " + hunk[0] + "\n    sibling (from line 8)"))
        let got = rows(text)
        #expect(
            got.map(\.0) == [
                "spin_lock(&d->lock);", "if(!d->buf)", "", "", "return -ENOMEM;", "", "count++;",
                "spin_unlock(&d->lock);",
            ])
        #expect(
            got.map(\.1) == [
                "spin_lock(&d->lock);", "-    if (!d->buf)", "+    if (!d->buf) {", "+        d->len = 0;",
                "return -ENOMEM;", "+    }", "", "spin_unlock(&d->lock);",
            ])
    }

    /// A drifted sibling (other names): lined up with identifiers abstracted, where plain tokens pair nothing
    /// that says something.
    @Test func aDriftedSiblingIsLinedUpByShape() {
        let sibling = [
            "\tspin_lock(&q->qlock);", "\tif (!q->data)", "\t\treturn -ENOMEM;", "\tspin_unlock(&q->qlock);",
        ]
        let got = rows(SiblingsRenderer.sideBySide(hunkText: hunk, siblingCode: sibling, siblingStart: 3, column: nil))
        #expect(got.first?.0 == "spin_lock(&q->qlock);" && got.first?.1 == "spin_lock(&d->lock);")
        #expect(got.contains { $0.0 == "if (!q->data)" && $0.1 == "-    if (!d->buf)" })
        #expect(got.last?.0 == "spin_unlock(&q->qlock);" && got.last?.1 == "spin_unlock(&d->lock);")
    }

    /// Twin: a finding read from an older file without the sibling's code shows nothing side by side, and the
    /// CI report's Markdown falls back to the hunk alone.
    @Test func withoutTheSiblingsCodeTheHunkStandsAlone() {
        #expect(SiblingsRenderer.sideBySide(hunkText: hunk, siblingCode: [], siblingStart: 1).isEmpty)
        let old = Report.SiblingFix(
            path: "arch/i386/a.c", hunk: 1, line: 10, function: "grab", siblingPath: "arch/x86_64/a.c",
            siblingLine: 12, confidence: 0.9, why: "w", hunkText: hunk)
        var report = Report(title: "t")
        report.siblings = [old]
        let markdown = MarkdownRenderer.render(report, failOn: "warning")
        #expect(markdown.contains("The fix, as it reached <code>arch/i386/a.c</code>:") && markdown.contains("```diff"))
        report.siblings[0].siblingCode = ["\tif (!d->buf)"]
        let beside = MarkdownRenderer.render(report, failOn: "warning")
        #expect(beside.contains("The sibling's lines beside the fix"))
        // The block after the sentence: the hunk's @@ line, the header, then the rows.
        let block =
            beside.components(separatedBy: "old code:\n\n```text\n").last?.components(separatedBy: "```")[0] ?? ""
        #expect(block.hasPrefix(hunk[0] + "\nsibling (from line 10)"))
        #expect(
            rows(block).contains {
                $0.0 == "if (!d->buf)" && $0.1 == "-    if (!d->buf)"
            })
        let junit = JUnitRenderer.render(report)
        #expect(junit.contains("the sibling&#39;s lines beside the fix:"))
    }
}
