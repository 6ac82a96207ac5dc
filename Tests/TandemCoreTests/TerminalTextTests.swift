import Testing
import TandemCore

@Suite("Terminal text: control characters shown as git's escapes")
struct TerminalTextTests {
    @Test func controlsBecomeEscapes() {
        #expect(
            TerminalText.escaped("a\u{1B}[2Jb\rc\u{07}\u{08}\u{0B}\u{0C}\u{7F}\u{00}", keepingNewlines: false)
                == "a\\033[2Jb\\rc\\a\\b\\v\\f\\177\\000")
        // C1 controls, which some terminals obey, in octal UTF-8 as git writes bytes above 0x7F.
        #expect(TerminalText.escaped("x\u{9B}31m", keepingNewlines: false) == "x\\302\\23331m")
    }

    @Test func textAndLayoutAreKept() {
        let text = "tab\there, été, 日本, \\033 written out\n"
        #expect(TerminalText.escaped(text, keepingNewlines: true) == text)
        #expect(TerminalText.escaped("two\nlines", keepingNewlines: false) == "two\\nlines")
        #expect(TerminalText.escaped("", keepingNewlines: false) == "")
    }
}
