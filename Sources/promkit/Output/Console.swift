import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where the executable writes: results to stdout, everything else to stderr.
enum Console {
    /// Whether stderr is a terminal that takes colour (and `NO_COLOR` is unset).
    static let colorsStderr: Bool = isatty(2) == 1 && getenv("NO_COLOR") == nil

    /// Writes bytes to stdout.
    static func output(_ bytes: [UInt8]) {
        write(bytes, to: 1)
    }

    /// Writes a line to stdout.
    static func output(line: String) {
        output(Array((line + "\n").utf8))
    }

    /// `promkit: error: message` on stderr.
    static func error(_ message: String) {
        diagnostic("error", message, color: "\u{1B}[1;31m")
    }

    /// `promkit: warning: message` on stderr.
    static func warning(_ message: String) {
        diagnostic("warning", message, color: "\u{1B}[1;33m")
    }

    /// One line on stderr; control characters in `message` (a file name, a metric
    /// name) are escaped, so that a name can neither forge a line nor drive the terminal.
    private static func diagnostic(_ severity: String, _ message: String, color: String) {
        let label = colorsStderr ? "\(color)\(severity):\u{1B}[0m" : "\(severity):"
        write(Array("promkit: \(label) \(TerminalText.escaped(message))\n".utf8), to: 2)
    }

    /// Writes `bytes` whole; a stderr that cannot be written to has no one to tell.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        try? SystemCall.writeAll(descriptor, bytes)
    }
}
