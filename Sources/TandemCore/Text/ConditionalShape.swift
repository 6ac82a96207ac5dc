/// How a stretch of lines uses the preprocessor's conditionals (`#if`, `#ifdef`, `#ifndef`, `#elif`, `#else`,
/// `#endif`): how many conditionals opened before the stretch it reaches into (`closes`: an `#endif`, or an
/// `#else` that switches a branch of one), and how many it leaves open at its end (`opens`). A whole file
/// whose conditionals all match has the shape `.balanced` (0, 0).
///
/// Shapes compose as brackets do: replacing a stretch by lines of the same shape keeps the file's
/// conditionals matched; replacing it by lines of another shape (an `#endif` removed alone, an `#ifdef`
/// added without its `#endif`) changes how every conditional around it pairs. An `#else` or `#elif` outside
/// any conditional the stretch opened counts as closing one and opening it again.
///
/// A directive is a line whose first non-blank byte is `#`, followed (blanks allowed) by one of the six
/// words, as the C preprocessor reads them; `#include`, `#define` and the rest do not count. In a Python or
/// shell script, a Makefile or a Kconfig file such a line is a comment (`# else:`, `# if there are …`): the
/// placement asks for shapes only in files the preprocessor reads (`SourceKind`).
///
/// Cost: one pass over the lines, reading only those that begin with `#`.
public struct ConditionalShape: Sendable, Equatable {
    /// Conditionals opened before the stretch that it closes or switches.
    public var closes = 0
    /// Conditionals left open at the end of the stretch.
    public var opens = 0

    /// The shape of a stretch with no directive, or whose directives all match.
    public static let balanced = ConditionalShape()

    /// How much deeper the conditionals nest after the stretch than before it (an `#ifdef` +1, an `#endif` -1).
    public var depthChange: Int { opens - closes }

    /// What a directive line does to the nesting.
    public enum Directive: Sendable, Equatable {
        /// `#if`, `#ifdef`, `#ifndef`.
        case open
        /// `#elif`, `#else`.
        case branch
        /// `#endif`.
        case close
    }

    public init(closes: Int = 0, opens: Int = 0) {
        self.closes = closes
        self.opens = opens
    }

    /// The shape of `lines`, in order.
    public init<S: Sequence>(_ lines: S) where S.Element == Bytes {
        for line in lines {
            switch Self.directive(line) {
            case .open?: opens += 1
            case .close?:
                if opens > 0 { opens -= 1 } else { closes += 1 }
            case .branch?:
                // A branch of a conditional opened before the stretch: it reaches out, and the branch stays open.
                if opens == 0 {
                    closes += 1
                    opens += 1
                }
            case nil: break
            }
        }
    }

    /// The conditional directive `line` holds, if it is one.
    public static func directive(_ line: Bytes) -> Directive? {
        var i = line.startIndex
        while i < line.endIndex, ASCII.isBlank(line[i]) { i += 1 }
        guard i < line.endIndex, line[i] == UInt8(ascii: "#") else { return nil }
        i += 1
        while i < line.endIndex, ASCII.isBlank(line[i]) { i += 1 }
        var end = i
        while end < line.endIndex, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(line[end]) { end += 1 }
        // The word ends the directive's name: `#ifdef`, not `#ifdefined` or `#if_x`.
        if end < line.endIndex,
            line[end] == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[end])
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(line[end])
        {
            return nil
        }
        switch String(decoding: line[i..<end], as: UTF8.self) {
        case "if", "ifdef", "ifndef": return .open
        case "elif", "else": return .branch
        case "endif": return .close
        default: return nil
        }
    }
}
