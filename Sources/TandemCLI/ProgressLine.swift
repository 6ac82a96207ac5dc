#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore

/// A one-line progress bar on standard error, redrawn in place at most ten times a second, shown only when
/// standard error is a terminal (never in pipes, logs or CI) and not asked to be quiet.
final class ProgressLine {
    let enabled: Bool
    private var lastDraw: Int64 = 0
    private var drawn = false

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Draws `done` of `total` with a note, unless the last draw was under 100 ms ago.
    func update(_ done: Int, of total: Int, _ note: String) {
        guard enabled else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let millis = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        guard millis - lastDraw >= 100 || done == total else { return }
        lastDraw = millis
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        emit("\r\u{1B}[K[\(bar)] \(done)/\(total) \(TerminalText.escaped(note, keepingNewlines: false))")
        drawn = true
    }

    /// Erases the line.
    func finish() {
        guard enabled, drawn else { return }
        emit("\r\u{1B}[K")
        drawn = false
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
