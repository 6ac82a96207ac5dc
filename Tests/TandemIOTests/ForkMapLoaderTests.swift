import Foundation
import Testing
import TandemCore
import TandemIO
import TandemTestSupport

@Suite("tandem.yml")
struct ForkMapLoaderTests {
    @Test func readsEveryKey() throws {
        let text = """
            upstream: ../linux
            forks:
              - {upstream: arch/i386/, fork: arch/xen/i386/}
              - upstream: "arch/i386/**/*.c"
                fork: "arch/i386/**/*-xen.c"
                policy: flag
              - {upstream: arch/x86/, fork: tools/arch/x86/, sparse: true}
            siblings:
              - [arch/i386/, arch/x86_64/]
            guards: [CONFIG_XEN, CONFIG_XEN_PRIVILEGED_GUEST]
            shared-list: arch/xen/i386/kernel/Makefile

            """
        let map = try ForkMapLoader.load(Array(text.utf8))
        #expect(map.upstream == "../linux")
        #expect(map.mappings.map(\.fork.description) == ["arch/xen/i386/", "arch/i386/**/*-xen.c", "tools/arch/x86/"])
        #expect(map.mappings.map(\.policy) == [.port, .flag, .port])
        #expect(map.mappings.map(\.sparse) == [false, false, true])
        #expect(map.mappings.map(\.line) == [3, 4, 7])
        #expect(map.siblings == [["arch/i386/", "arch/x86_64/"]])
        #expect(map.guards == ["CONFIG_XEN", "CONFIG_XEN_PRIVILEGED_GUEST"])
        #expect(map.sharedList == "arch/xen/i386/kernel/Makefile")
    }

    @Test(arguments: [
        ("forks:\n  - {upstream: a/}\n", "tandem.yml:2: forks[0]: 'fork' is missing"),
        (
            "forks:\n  - {upstream: a/, fork: b/, policy: maybe}\n",
            "tandem.yml:2: forks[0].policy: 'maybe' is not one of port, flag"
        ),
        (
            "forks:\n  - {upstream: a/, fork: b/, sparse: some}\n",
            "tandem.yml:2: forks[0].sparse: 'some' is not true or false"
        ),
        ("forsk: []\n", "tandem.yml:1: unknown key 'forsk'"),
        ("forks: {a: b}\n", "tandem.yml:1: forks: expected a list"),
        ("siblings:\n  - [arch/i386/]\n", "tandem.yml:2: siblings: each group is a list of two or more directories"),
        (
            "forks:\n  - {upstream: a/*.c, fork: b/**/*.c}\n",
            "tandem.yml:2: 'a/*.c' and 'b/**/*.c' must have the same wildcards"
        ),
        (
            "forks:\n  - {upstream: a/, fork: b/}\n  - {upstream: b/, fork: c/}\n",
            "tandem.yml:3: 'b/' is the fork side of the mapping on line 2"
        ),
    ])
    func badMapsNameFileLineAndProblem(text: String, message: String) {
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
            Issue.record("loaded: \(text)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    /// Issue #16: every problem reads `tandem.yml:LINE: …`, YAML syntax errors too (they read
    /// `tandem.yml: line 3: …`), and a folder mapping whose '/' was forgotten on one side says so instead of
    /// complaining about wildcards.
    @Test(arguments: [
        ("forks: [\n", "tandem.yml:2: "),
        ("forks:\n  - {upstream: a/, fork: b/}\n  - {upstream: c/, fork: \"d/\"x}\n", "tandem.yml:3: "),
        (
            "forks:\n  - {upstream: arch/i386/, fork: arch/xen/i386}\n",
            "tandem.yml:2: 'arch/i386/' is a folder and 'arch/xen/i386' is not: a folder mapping ends in '/' on both sides (write 'arch/xen/i386/')"
        ),
        (
            "forks:\n  - {upstream: mm, fork: mm-xen/}\n",
            "tandem.yml:2: 'mm-xen/' is a folder and 'mm' is not: a folder mapping ends in '/' on both sides (write 'mm/')"
        ),
    ])
    func messagesHaveOneForm(text: String, message: String) {
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
            Issue.record("loaded: \(text)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(!error.message.contains(": line "), "\(error.message)")
        }
    }
}

@Suite("tandem.yml versions rules")
struct VersionRuleLoaderTests {
    @Test func readsEachKind() throws {
        let preset = try ForkMapLoader.load(Array("versions:\n  preset: kernel-makefile\n".utf8))
        #expect(
            preset.versions?.source == VersionRule.kernelMakefile && preset.versions?.upstreamRevision == "v{version}")
        #expect(preset.versions?.line == 2)
        let file = try ForkMapLoader.load(
            Array(
                "versions:\n  file: build.mk\n  match: '^LINUX_VER = (\\S+)'\n  upstream-rev: 'linux-{version}'\n".utf8)
        )
        #expect(file.versions?.source == .file(path: "build.mk", patterns: [#"^LINUX_VER = (\S+)"#], format: nil))
        #expect(file.versions?.upstreamRevision == "linux-{version}")
        let list = try ForkMapLoader.load(
            Array("versions:\n  file: M\n  match: ['^A=(\\d)', '^B=(\\d)']\n  format: '{1}.{2}'\n".utf8))
        #expect(list.versions?.source == .file(path: "M", patterns: [#"^A=(\d)"#, #"^B=(\d)"#], format: "{1}.{2}"))
        let folder = try ForkMapLoader.load(Array("versions:\n  folder: 'linux-(.*)-xen'\n".utf8))
        #expect(folder.versions?.source == .folder(pattern: "linux-(.*)-xen"))
        let table = try ForkMapLoader.load(Array("versions:\n  table: {xen-2.0: 2.6.11, abc123: 2.6.12}\n".utf8))
        #expect(table.versions?.source == .table(["xen-2.0": "2.6.11", "abc123": "2.6.12"]))
        let files = try ForkMapLoader.load(
            Array("versions:\n  files: 'patches/linux-*/*.patch'\n  match: '/([\\d.]+)\\.patch$'\n".utf8))
        #expect(
            files.versions?.source
                == .fileNames(pattern: "patches/linux-*/*.patch", patterns: [#"/([\d.]+)\.patch$"#], format: nil))
    }

    @Test(arguments: [
        ("versions: 3\n", "tandem.yml:1: versions: expected {preset"),
        ("versions:\n  upstream-rev: 'v{version}'\n", "tandem.yml:2: versions: say where the version is"),
        ("versions:\n  preset: kernel-makefile\n  folder: x(y)\n", "tandem.yml:2: versions: give only one of"),
        ("versions:\n  preset: android\n", "tandem.yml:2: versions.preset: 'android' is not kernel-makefile"),
        ("versions:\n  match: '(x)'\n", "tandem.yml:2: versions: 'match' needs 'file'"),
        ("versions:\n  file: Makefile\n", "tandem.yml:2: versions: 'file' needs 'match'"),
        (
            "versions:\n  file: M\n  match: '^V = (\\d+'\n",
            "tandem.yml:2: versions: pattern '^V = (\\d+' does not compile"
        ),
        (
            "versions:\n  file: M\n  match: '^V = \\d+'\n",
            "tandem.yml:2: versions: match: the patterns have no capture group"
        ),
        (
            "versions:\n  file: M\n  match: '^V = (\\d+)'\n  format: '{1}.{2}'\n",
            "tandem.yml:2: versions: format '{1}.{2}': {2} names no capture"
        ),
        (
            "versions:\n  folder: 'linux-.*'\n",
            "tandem.yml:2: versions: folder: pattern 'linux-.*' has no capture group"
        ),
        ("versions:\n  folder: '(x)'\n  format: '{1}'\n", "tandem.yml:2: versions: 'format' goes with file + match"),
        (
            "versions:\n  preset: kernel-makefile\n  upstream-rev: latest\n",
            "tandem.yml:2: versions: upstream-rev 'latest' must contain {version}"
        ),
        ("versions:\n  table: [a, b]\n", "tandem.yml:2: versions.table: expected {fork revision: version}"),
        ("versions:\n  files: 'p/*.patch'\n", "tandem.yml:2: versions: 'files' needs 'match'"),
        ("versions:\n  files: ''\n  match: '(x)'\n", "tandem.yml:2: versions: 'files' is empty"),
        ("versions:\n  files: 'p/*'\n  file: M\n  match: '(x)'\n", "tandem.yml:2: versions: give only one of"),
        ("versions:\n  files: 'p/*'\n  match: 'x'\n", "tandem.yml:2: versions: match: the patterns have no capture"),
        ("versions:\n  folder: '(x)'\n  match: '(y)'\n", "tandem.yml:2: versions: 'match' goes with 'file' or 'files'"),
        ("versions:\n  folder: '(x)'\n  folders: y\n", "tandem.yml:3: versions: unknown key 'folders'"),
    ])
    func badRulesNameTheLine(text: String, message: String) {
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}

@Suite("tandem.yml fuzz regressions")
struct ForkMapFuzzRegressionTests {
    /// fixtures/fuzz/forkmap/crash-1: a versions pattern spanning lines that does not compile; its message
    /// quoted the pattern with its line breaks. Every message is one line.
    @Test func messagesStayOnOneLine() throws {
        let bytes = try Fixtures.bytes("fuzz/forkmap/crash-1")
        do {
            _ = try ForkMapLoader.load(bytes)
            Issue.record("the crash input loaded")
        } catch {
            #expect(error.message.hasPrefix("tandem.yml") && !error.message.contains("\n"), "\(error.message)")
        }
    }
}
