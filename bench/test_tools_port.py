"""Tests of bench/tools_port.py on two small kernel-like trees: python3 -m unittest bench.test_tools_port."""
import csv
import tempfile
import unittest
from pathlib import Path

from bench import tools_port
from bench.test_siblings_port import scorer_stub

HEADER = "".join(f"#define FEATURE_{i} {i}\n" for i in range(10))


def write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def trees(tmp):
    """6.1 and 6.12 trees: one real copy the maintainers synced, one they never touched, one tools-only
    implementation under a kernel name, one copy whose original did not change, one gone in 6.12."""
    old, new = tmp / "linux-source-6.1", tmp / "linux-source-6.12"
    write(old, {
        "arch/x86/include/asm/cpufeatures.h": HEADER,
        "tools/arch/x86/include/asm/cpufeatures.h": HEADER.replace("FEATURE_9 9\n", ""),
        "include/uapi/linux/kvm.h": HEADER,
        "tools/include/uapi/linux/kvm.h": HEADER,
        "include/linux/list.h": HEADER,
        "tools/include/linux/list.h": "static inline void list_add(void) {}\n/* tools' own */\nint x;\n",
        "include/linux/bits.h": HEADER,
        "tools/include/linux/bits.h": HEADER,
        "include/linux/gone.h": HEADER,
        "tools/include/linux/gone.h": HEADER,
    })
    write(new, {
        "arch/x86/include/asm/cpufeatures.h": HEADER + "#define FEATURE_10 10\n",
        "tools/arch/x86/include/asm/cpufeatures.h": HEADER + "#define FEATURE_10 10\n",
        "include/uapi/linux/kvm.h": HEADER + "#define KVM_NEW 1\n",
        "tools/include/uapi/linux/kvm.h": HEADER,
        "include/linux/list.h": HEADER + "#define LIST_NEW 1\n",
        "tools/include/linux/list.h": "static inline void list_add(void) {}\n/* tools' own, changed */\nint x;\n",
        "include/linux/bits.h": HEADER,
        "tools/include/linux/bits.h": HEADER + "/* tools */\n",
        "include/linux/gone.h": HEADER + "#define GONE 1\n",
    })
    return old, new


class ForkMapTests(unittest.TestCase):
    def test_only_copies_that_both_sides_changed_are_mapped(self):
        with tempfile.TemporaryDirectory() as tmp:
            old, new = trees(Path(tmp))
            self.assertEqual(tools_port.fork_map(old, new), [
                ("arch/x86/include/asm/cpufeatures.h", "tools/arch/x86/include/asm/cpufeatures.h")])

    def test_a_copy_shares_most_lines_that_say_something(self):
        self.assertEqual(tools_port.shared_share(b"#define A 1\n}\n\n#define B 2\n", b"#define A 1\n"), 0.5)
        self.assertEqual(tools_port.shared_share(b"}\n\n", b"x\n"), 0.0)
        self.assertTrue(tools_port.says_something(b"#define A 1"))
        self.assertFalse(tools_port.says_something(b"};"))
        self.assertFalse(tools_port.says_something(b"#endif"))

    def test_groups(self):
        self.assertEqual(tools_port.group_of("tools/include/uapi/linux/kvm.h"), "uapi")
        self.assertEqual(tools_port.group_of("tools/arch/x86/include/uapi/asm/kvm.h"), "uapi")
        self.assertEqual(tools_port.group_of("tools/include/linux/bits.h"), "linux")
        self.assertEqual(tools_port.group_of("tools/arch/x86/include/asm/msr-index.h"), "arch-x86")
        self.assertEqual(tools_port.group_of("tools/lib/rbtree.c"), "other")


class BuildCasesTests(unittest.TestCase):
    def test_a_group_becomes_a_case_in_port_devs_layout(self):
        with tempfile.TemporaryDirectory() as tmp:
            old, new = trees(Path(tmp))
            out = Path(tmp) / "cases"
            made = tools_port.build_cases(old, new, scorer_stub(), out)
            self.assertEqual(made, {"arch-x86": {"ported": 1}})
            case = out / "arch-x86"
            original, copy = "arch/x86/include/asm/cpufeatures.h", "tools/arch/x86/include/asm/cpufeatures.h"
            self.assertEqual((case / "forkmap.tsv").read_text(), f"{original}\t{copy}\n")
            for folder, path, root in (("upstream-before", original, old), ("upstream-after", original, new),
                                       ("fork-before", copy, old), ("fork-after", copy, new)):
                self.assertEqual((case / folder / path).read_bytes(), (root / path).read_bytes())
            patch = (case / "upstream.patch").read_text()
            self.assertTrue(patch.startswith(f"diff --git a/{original} b/{original}\n--- a/{original}\n"
                                             f"+++ b/{original}\n@@ "), patch)
            self.assertIn("+#define FEATURE_10 10\n", patch)
            with open(case / "truth.csv", newline="") as f:
                self.assertEqual(list(csv.reader(f)), [["upstream_path", "hunk", "fork_path", "truth"],
                                                       [original, "1", copy, "ported"]])

    def test_missing_sources_say_how_to_get_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(tools_port.real.BenchError) as caught:
                tools_port.sources({"TANDEM_BENCH_DATA": tmp})
            self.assertIn("scripts/bench prepare-kernel", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
