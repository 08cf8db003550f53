import PromKit

#if canImport(Glibc)
    import Glibc
#endif

/// Whether stderr's severities are coloured: decided once per run, from `--no-color`,
/// `NO_COLOR` and whether stderr is a terminal, then handed to the ``Console``.
enum ColorMode: Sendable {
    /// Plain text.
    case plain
    /// ANSI colours on the severity.
    case ansi

    /// `ansi` only when stderr is a terminal, `NO_COLOR` is unset and `--no-color` was not given.
    static func forStderr(noColor: Bool) -> ColorMode {
        !noColor && isatty(2) == 1 && getenv("NO_COLOR") == nil ? .ansi : .plain
    }
}

/// Where the executable writes, and the one printer of what it says: results to
/// stdout; diagnostics, errors, warnings and notes to stderr, the severity coloured
/// as ``color`` says. Control characters in what is printed on stderr (a file name,
/// a metric name) are escaped, so that a name can neither forge a line nor drive the
/// terminal.
struct Console: Sendable {
    /// Whether severities are coloured.
    var color: ColorMode

    /// `SOURCE:LINE:COL: severity: [rule] message` (or `SOURCE:OFFSET:`, `SOURCE:`) on stderr.
    func print(_ diagnostic: Diagnostic) {
        let location = TerminalText.escaped(diagnostic.location)
        let message = TerminalText.escaped(diagnostic.message)
        Self.write("\(location): \(label(diagnostic.severity)) [\(diagnostic.rule)] \(message)\n", to: 2)
    }

    /// `promkit: error: message` on stderr.
    func error(_ message: String) {
        Self.write("promkit: \(label(.error)) \(TerminalText.escaped(message))\n", to: 2)
    }

    /// `promkit: warning: message` on stderr.
    func warning(_ message: String) {
        Self.write("promkit: \(label(.warning)) \(TerminalText.escaped(message))\n", to: 2)
    }

    /// `promkit: message` on stderr: progress that is neither a result nor a problem.
    func note(_ message: String) {
        Self.write("promkit: \(TerminalText.escaped(message))\n", to: 2)
    }

    /// `severity:`, coloured in ``ColorMode/ansi``.
    private func label(_ severity: Severity) -> String {
        guard color == .ansi else { return "\(severity.rawValue):" }
        let code =
            switch severity {
            case .error: "1;31"
            case .warning: "1;33"
            case .note: "1"
            }
        return "\u{1B}[\(code)m\(severity.rawValue):\u{1B}[0m"
    }

    /// Writes bytes to stdout.
    static func output(_ bytes: [UInt8]) {
        write(bytes, to: 1)
    }

    /// Writes a line to stdout.
    static func output(line: String) {
        output(Array((line + "\n").utf8))
    }

    private static func write(_ text: String, to descriptor: Int32) {
        write(Array(text.utf8), to: descriptor)
    }

    /// Writes `bytes` whole; a stderr that cannot be written to has no one to tell.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        try? SystemCall.writeAll(descriptor, bytes)
    }
}
