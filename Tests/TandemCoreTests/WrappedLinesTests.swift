import Testing
import TandemCore

/// Lines upstream wraps in a conditional stand as upstream had them (`FilePatcher+Wrapped`): a hunk adding
/// `#ifdef` … `#else` above a line it keeps and `#endif` below it edits that line, and where the fork rewrote
/// the line, change by change would put the fork's version under upstream's condition.
@Suite("FilePatcher: lines upstream wraps in a conditional")
struct WrappedLinesTests {
    /// A uapi struct ending in a flexible array (a `kvm.h`).
    let original = [
        "struct kvm_stats_desc {\n",  // 1
        "\t__u32 flags;\n",  // 2
        "\t__s16 exponent;\n",  // 3
        "\t__u16 size;\n",  // 4
        "\t__u32 offset;\n",  // 5
        "\t__u32 bucket_size;\n",  // 6
        "\t__DECLARE_FLEX_ARRAY(char, name);\n",  // 7
        "};\n",  // 8
        "\n",  // 9
        "#define KVM_GET_STATS_FD  _IO(KVMIO,  0xce)\n",  // 10
    ]
    /// Upstream gives the kernel a sized array and keeps the flexible one for user space.
    let wrap = [
        " \t__u16 size;\n", " \t__u32 offset;\n", " \t__u32 bucket_size;\n", "+#ifdef __KERNEL__\n",
        "+\tchar name[KVM_STATS_NAME_SIZE];\n", "+#else\n", " \t__DECLARE_FLEX_ARRAY(char, name);\n", "+#endif\n",
        " };\n", " \n", " #define KVM_GET_STATS_FD  _IO(KVMIO,  0xce)\n",
    ]
    /// The fork's copy writes the flexible array its own way.
    var forked: [String] {
        var lines = original
        lines[6] = "\tchar name[];\n"
        return lines
    }

    func apply(_ body: [String], at line: Int = 4, to target: [String]) -> FilePatcher.Result {
        FilePatcher.apply([hunk(line, body)], to: file(target), base: file(original))
    }

    /// The fork rewrote the wrapped line: a conflict, and the copy keeps its line outside any conditional.
    @Test func aLineTheForkRewroteIsNotWrapped() {
        let result = apply(wrap, to: forked)
        guard case .conflict(let conflict) = result.outcomes[0] else {
            Issue.record("the wrapped line was the fork's: \(result.outcomes)")
            return
        }
        #expect(conflict.note?.contains("under a conditional (#ifdef __KERNEL__)") == true, "\(conflict.note ?? "")")
        #expect(result.file == file(forked))
    }

    /// The hunk's other changes still land on their own; only the two ends of the conditional stay out.
    @Test func theHunksOtherChangesStillLand() {
        let body = [" \t__s16 exponent;\n", "-\t__u16 size;\n", "+\t__u32 size;\n"] + Array(wrap.dropFirst())
        let result = apply(body, at: 3, to: forked)
        guard case .conflict(let conflict) = result.outcomes[0] else {
            Issue.record("the wrapped line was the fork's: \(result.outcomes)")
            return
        }
        #expect(conflict.landed?.count == 1)
        #expect(conflict.landed?.total == 3)
        var expected = forked
        expected[3] = "\t__u32 size;\n"
        #expect(result.file == file(expected))
    }

    /// Twin: the fork changed a line beside the wrapped one, not the line itself; the wrap lands around it.
    @Test func aLineTheForkKeptIsWrapped() {
        var target = original
        target[5] = "\t__u32 bucket_size; /* linear histograms */\n"
        let result = apply(wrap, to: target)
        #expect(step(result.outcomes[0]) == .anchored, "\(result.outcomes)")
        var expected = target
        expected.insert(contentsOf: ["#ifdef __KERNEL__\n", "\tchar name[KVM_STATS_NAME_SIZE];\n", "#else\n"], at: 6)
        expected.insert("#endif\n", at: 10)
        #expect(result.file == file(expected))
    }

    /// Twin: a conditional added whole (opened and closed by one change) wraps none of the base's lines, and
    /// lands beside the line the fork rewrote.
    @Test func aConditionalAddedWholeLandsBesideTheForksLine() {
        let body = [
            " \t__u32 offset;\n", " \t__u32 bucket_size;\n", "+#ifdef __KERNEL__\n", "+\t__u32 flags2;\n",
            "+#endif\n", " \t__DECLARE_FLEX_ARRAY(char, name);\n", " };\n", " \n",
        ]
        let result = apply(body, at: 5, to: forked)
        #expect(step(result.outcomes[0]) == .anchored, "\(result.outcomes)")
        var expected = forked
        expected.insert(contentsOf: ["#ifdef __KERNEL__\n", "\t__u32 flags2;\n", "#endif\n"], at: 6)
        #expect(result.file == file(expected))
    }
}
