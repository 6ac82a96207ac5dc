import Testing
@testable import TandemCore

/// Code the fork re-indented (`FilePatcher+Reindented`, and the word merge of `FilePatcher+Blocks`): the fork
/// wrapped upstream's code in a block of its own, changing every line's blanks and none of its words.
@Suite("FilePatcher: code the fork re-indented")
struct ReindentedTests {
    let base = [
        "unsigned long get_area(struct file *file, unsigned long addr, unsigned long len)\n",  // 1
        "{\n",  // 2
        "\tunsigned long ret;\n",  // 3
        "\n",  // 4
        "\tif (addr > TASK_SIZE - len)\n",  // 5
        "\t\treturn -ENOMEM;\n",  // 6
        "\tif (addr & ~PAGE_MASK)\n",  // 7
        "\t\treturn -EINVAL;\n",  // 8
        "\tcheck_range(addr);\n",  // 9
        "\tret = is_hugepage_only_range(addr, len);\n",  // 10
        "\tif (ret)\n",  // 11
        "\t\treturn -EINVAL;\n",  // 12
        "\tnote_range(addr, len);\n",  // 13
        "\tcount_range(len);\n",  // 14
        "\treturn addr;\n",  // 15
        "}\n",  // 16
    ]

    /// Upstream passes the mm to is_hugepage_only_range().
    let change = hunk(
        7,
        [
            " \tif (addr & ~PAGE_MASK)\n", " \t\treturn -EINVAL;\n", " \tcheck_range(addr);\n",
            "-\tret = is_hugepage_only_range(addr, len);\n",
            "+\tret = is_hugepage_only_range(current->mm, addr, len);\n", " \tif (ret)\n", " \t\treturn -EINVAL;\n",
            " \tnote_range(addr, len);\n",
        ])

    /// The fork's copy of `lines`: one tab deeper, inside `if (flags & MAP_FIXED) { … }`.
    func wrapped(_ lines: ArraySlice<String>, keyword: String = "if (flags & MAP_FIXED)") -> [String] {
        ["\t\(keyword) {\n"] + lines.map { "\t" + $0 } + ["\t}\n"]
    }

    /// The fork's copy of the whole function: the body after the declarations wrapped one tab deeper, then a
    /// `return 0;` of its own.
    var wrappedFunction: [String] { Array(base[0..<4]) + wrapped(base[4..<15]) + ["\treturn 0;\n", "}\n"] }

    /// The placement of the only hunk of `result`, or nil (recorded as an issue) when it was not applied.
    func placement(_ result: FilePatcher.Result) -> Placement? {
        guard case .applied(let p) = result.outcomes[0] else {
            Issue.record("not applied: \(result.outcomes[0])")
            return nil
        }
        return p
    }

    /// Every line of the function body moved one tab in: no line near the change stands, so neither the
    /// matching nor the change blocks place it. The lines stand once with blanks ignored: upstream's words
    /// land in the fork's indentation.
    @Test func wordsLandInTheForksIndentation() {
        let target = wrappedFunction
        let result = FilePatcher.apply([change], to: file(target), base: file(base))
        guard let p = placement(result) else { return }
        #expect(p.step == .words && p.targetIndex == 7)
        var expected = target
        expected[10] = "\t\tret = is_hugepage_only_range(current->mm, addr, len);\n"
        #expect(result.file == file(expected))
    }

    /// Applied again to its own result, the hunk finds its post-image in the fork's indentation, and its
    /// pre-image nowhere: `already-applied`, the file unchanged. Twin: the changed line standing twice in
    /// that indentation (both branches of an `if`) leaves it open.
    @Test func appliedAgainInTheForksIndentationIsMade() {
        let once = FilePatcher.apply([change], to: file(wrappedFunction), base: file(base))
        #expect(placement(once) != nil)
        let again = FilePatcher.apply([change], to: once.file, base: file(base))
        guard case .alreadyApplied = again.outcomes[0] else {
            Issue.record("not already applied: \(again.outcomes[0])")
            return
        }
        #expect(again.file == once.file)
        var ported = Array(base[4..<15])
        ported[5] = "\tret = is_hugepage_only_range(current->mm, addr, len);\n"
        let doubled =
            Array(base[0..<4]) + wrapped(ported[...]) + wrapped(ported[...], keyword: "else") + ["}\n"]
        let open = FilePatcher.apply([change], to: file(doubled), base: file(base))
        #expect(!open.outcomes[0].isSuccess)
        #expect(open.file == file(doubled))
    }

    /// Twin: the fork keeps the re-indented lines twice (in both branches of its `if`): which one upstream
    /// meant is a guess, so the hunk stays unplaced and the file unchanged.
    @Test func linesStandingTwiceAreRefused() {
        let target =
            Array(base[0..<4]) + wrapped(base[4..<15]) + wrapped(base[4..<15], keyword: "else") + ["}\n"]
        let result = FilePatcher.apply([change], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// Twin: without a base, blanks count, as in GNU patch without `-l`: not found.
    @Test func withoutABaseBlanksCount() {
        let target = wrappedFunction
        let result = FilePatcher.apply([change], to: file(target))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// Twin: upstream re-indented the changed line too, another way than the fork: the blanks clash, refused.
    @Test func bothSidesReindentingOneLineIsRefused() {
        let target = wrappedFunction
        let reindent = hunk(
            7,
            [
                " \tif (addr & ~PAGE_MASK)\n", " \t\treturn -EINVAL;\n", " \tcheck_range(addr);\n",
                "-\tret = is_hugepage_only_range(addr, len);\n", "+    ret = is_hugepage_only_range(mm, addr, len);\n",
                " \tif (ret)\n", " \t\treturn -EINVAL;\n", " \tnote_range(addr, len);\n",
            ])
        let result = FilePatcher.apply([reindent], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// The word merge between the nearest standing lines (`FilePatcher+Blocks`) meets the same twins when
    /// the fork re-indented a few lines into both branches of an `if`/`else` near lines that stand: the
    /// changed line is there twice, and the merge would take the first. Refused.
    @Test func theWordMergeRefusesAChangedLineTheForkHoldsTwice() {
        let short = Array(base[0..<4]) + base[9...]
        let small = hunk(
            3,
            [
                " \tunsigned long ret;\n", " \n", "-\tret = is_hugepage_only_range(addr, len);\n",
                "+\tret = is_hugepage_only_range(current->mm, addr, len);\n", " \tif (ret)\n", " \t\treturn -EINVAL;\n",
            ])
        let body = base[9..<12]
        let target =
            Array(base[0..<4]) + wrapped(body) + wrapped(body, keyword: "else") + base[12...]
        let result = FilePatcher.apply([small], to: file(target), base: file(short))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
        // With one copy, the same merge lands upstream's words in the fork's indentation.
        let once = Array(base[0..<4]) + wrapped(body) + base[12...]
        let landed = FilePatcher.apply([small], to: file(once), base: file(short))
        #expect(landed.outcomes[0].isSuccess)
        #expect(displayText(landed.file.bytes).contains("\t\tret = is_hugepage_only_range(current->mm, addr, len);\n"))
    }

    /// A line the original holds twice in the stretch too is no twin of the fork's making: upstream turns
    /// both `spin_unlock(&lock);` into `spin_unlock_irq(&lock);` and passes 1 to `f` and `g`, the fork calls
    /// `xen_f`, and the word merge lands both sides' words (it was refused as "the fork's lines hold the
    /// lines this change rewrites twice"). The refused twin is the test above: the fork holds the changed
    /// line more often than the original.
    @Test func aLineTheOriginalHoldsTwiceIsNoForkTwin() {
        let original = [
            "int f(void)\n", "{\n", "\tspin_lock(&lock);\n", "\ta = f(x);\n", "\tspin_unlock(&lock);\n",
            "\tb = g(y);\n", "\tspin_unlock(&lock);\n", "\treturn 0;\n", "}\n",
        ]
        let irq = hunk(
            1,
            [
                " int f(void)\n", " {\n", "-\tspin_lock(&lock);\n", "-\ta = f(x);\n", "-\tspin_unlock(&lock);\n",
                "-\tb = g(y);\n", "-\tspin_unlock(&lock);\n", "+\tspin_lock_irq(&lock);\n", "+\ta = f(x, 1);\n",
                "+\tspin_unlock_irq(&lock);\n", "+\tb = g(y, 1);\n", "+\tspin_unlock_irq(&lock);\n", " \treturn 0;\n",
                " }\n",
            ])
        var target = original
        target[3] = "\ta = xen_f(x);\n"
        let result = FilePatcher.apply([irq], to: file(target), base: file(original))
        #expect(result.outcomes[0].isSuccess)
        var expected = target
        expected[2...6] = [
            "\tspin_lock_irq(&lock);\n", "\ta = xen_f(x, 1);\n", "\tspin_unlock_irq(&lock);\n", "\tb = g(y, 1);\n",
            "\tspin_unlock_irq(&lock);\n",
        ]
        #expect(result.file == file(expected))
    }

    /// Upstream adds a check (two lines) above `check_range()` in code the fork moved one tab in. The fork
    /// shifted every line alike, so the added lines take the shift: they land one tab deeper, as the lines
    /// around them stand.
    let addition = hunk(
        7,
        [
            " \tif (addr & ~PAGE_MASK)\n", " \t\treturn -EINVAL;\n", "+\tif (!len)\n", "+\t\treturn -EINVAL;\n",
            " \tcheck_range(addr);\n", " \tret = is_hugepage_only_range(addr, len);\n", " \tif (ret)\n",
        ])

    @Test func addedLinesTakeTheForksIndentation() {
        let target = wrappedFunction
        let result = FilePatcher.apply([addition], to: file(target), base: file(base))
        guard let p = placement(result) else { return }
        #expect(p.step == .words)
        var expected = target
        expected.insert(contentsOf: ["\t\tif (!len)\n", "\t\t\treturn -EINVAL;\n"], at: 9)
        #expect(result.file == file(expected))
    }

    /// Twin: the fork moved one line of the stretch two tabs in and the others one (no single shift).
    /// Upstream's lines would be glued to a line whose blanks the fork changed, in an indentation nobody
    /// chose: the hunk is refused and the file left as it was. (Before the shift was carried, the even case
    /// above was refused the same way.)
    @Test func anUnevenShiftIsRefused() {
        var target = wrappedFunction
        target[9] = "\t\t\tcheck_range(addr);\n"
        let result = FilePatcher.apply([addition], to: file(target), base: file(base))
        #expect(!result.outcomes[0].isSuccess)
        #expect(result.file == file(target))
    }

    /// The shift itself: the same blanks put before every non-blank line (or taken off), else none.
    @Test func theShiftIsOneForAllLines() {
        func lines(_ xs: [String]) -> [Bytes] { xs.map { Array($0.utf8)[...] } }
        let old = lines(["\tf();\n", "\n", "\t\tg();\n"])
        #expect(
            FilePatcher.IndentShift(old: old, ours: lines(["\t\tf();\n", "\n", "\t\t\tg();\n"])) == .added([9][...]))
        #expect(FilePatcher.IndentShift(old: old, ours: lines(["f();\n", "\n", "\tg();\n"])) == .removed([9][...]))
        #expect(FilePatcher.IndentShift(old: old, ours: lines(["\t\tf();\n", "\n", "\t\tg();\n"])) == nil)
        #expect(FilePatcher.IndentShift(old: old, ours: lines(["    \tf();\n", "\n", "\t\t\tg();\n"])) == nil)
    }
}
