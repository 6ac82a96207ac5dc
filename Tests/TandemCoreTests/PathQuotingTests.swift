import Testing
import TandemCore

@Suite("PathQuoting and PatchPath")
struct PathQuotingTests {
    @Test func quotesAsGitDoes() {
        #expect(PathQuoting.quoteIfNeeded(bytes("plain/path.c")) == bytes("plain/path.c"))
        #expect(String(decoding: PathQuoting.quoteIfNeeded([0x74, 0xC3, 0xA9]), as: UTF8.self) == "\"t\\303\\251\"")
        #expect(String(decoding: PathQuoting.quoteIfNeeded(bytes("a\tb\"c\\")), as: UTF8.self) == "\"a\\tb\\\"c\\\\\"")
    }

    @Test func unquoteInvertsQuote() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let name = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                UInt8.random(in: 1...255, using: &generator)
            }
            let quoted = PathQuoting.quoteIfNeeded(name)
            if quoted.first == 0x22 {
                let decoded = try #require(PathQuoting.unquote(prefixOf: quoted[...]))
                #expect(decoded.name == name)
                #expect(decoded.end == quoted.count)
            } else {
                #expect(quoted == name)
            }
        }
    }

    @Test func brokenQuotingIsRefused() {
        #expect(PathQuoting.unquote(prefixOf: bytes("\"abc")[...]) == nil)
        #expect(PathQuoting.unquote(prefixOf: bytes("\"a\\q\"")[...]) == nil)
        #expect(PathQuoting.unquote(prefixOf: bytes("\"a\\39\"")[...]) == nil)
    }

    @Test func stripsComponentsLikePatch() {
        #expect(PatchPath.strip(bytes("a/arch/i386/x.c"), components: 1) == bytes("arch/i386/x.c"))
        #expect(PatchPath.strip(bytes("a//arch/x.c"), components: 1) == bytes("arch/x.c"))
        #expect(PatchPath.strip(bytes("x.c"), components: 0) == bytes("x.c"))
        #expect(PatchPath.strip(bytes("x.c"), components: 1) == nil)
        #expect(PatchPath.prefix(bytes("linux-2.6.11/arch/x.c"), components: 1) == bytes("linux-2.6.11/"))
        #expect(PatchPath.prefix(bytes("lin"), components: 1) == nil)
    }
}
