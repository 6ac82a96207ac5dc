import Testing
import TandemCore
import TandemIO

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
        siblings:
          - [arch/i386/, arch/x86_64/]
        guards: [CONFIG_XEN, CONFIG_XEN_PRIVILEGED_GUEST]
        shared-list: arch/xen/i386/kernel/Makefile

        """
        let map = try ForkMapLoader.load(Array(text.utf8))
        #expect(map.upstream == "../linux")
        #expect(map.mappings.map(\.fork.description) == ["arch/xen/i386/", "arch/i386/**/*-xen.c"])
        #expect(map.mappings.map(\.policy) == [.port, .flag])
        #expect(map.mappings.map(\.line) == [3, 4])
        #expect(map.siblings == [["arch/i386/", "arch/x86_64/"]])
        #expect(map.guards == ["CONFIG_XEN", "CONFIG_XEN_PRIVILEGED_GUEST"])
        #expect(map.sharedList == "arch/xen/i386/kernel/Makefile")
    }

    @Test(arguments: [
        ("forks:\n  - {upstream: a/}\n", "tandem.yml:2: forks[0]: 'fork' is missing"),
        ("forks:\n  - {upstream: a/, fork: b/, policy: maybe}\n", "tandem.yml:2: forks[0].policy: 'maybe' is not one of port, flag"),
        ("forsk: []\n", "tandem.yml:1: unknown key 'forsk'"),
        ("forks: {a: b}\n", "tandem.yml:1: forks: expected a list"),
        ("siblings:\n  - [arch/i386/]\n", "tandem.yml:2: siblings: each group is a list of two or more directories"),
        ("forks:\n  - {upstream: a/*.c, fork: b/**/*.c}\n", "tandem.yml:2: 'a/*.c' and 'b/**/*.c' must have the same wildcards"),
        ("forks:\n  - {upstream: a/, fork: b/}\n  - {upstream: b/, fork: c/}\n", "tandem.yml:3: 'b/' is the fork side of the mapping on line 2"),
        ("forks: [\n", "tandem.yml: line"),
    ])
    func badMapsNameFileLineAndProblem(text: String, message: String) {
        do {
            _ = try ForkMapLoader.load(Array(text.utf8))
            Issue.record("loaded: \(text)")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
