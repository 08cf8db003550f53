import Foundation
import PromKit

/// Prints findings as `SOURCE:LINE:COL: error|warning: [check] message` on
/// stderr, with the severity coloured only on a terminal without `NO_COLOR`.
/// Control characters in the finding (a file name, a metric name) are escaped.
enum DiagnosticPrinter {
    static func print(_ finding: ValidationFinding) {
        let severity = finding.severity.rawValue
        let shown: String
        if Console.colorsStderr {
            let color = finding.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
            shown = "\(color)\(severity):\u{1B}[0m"
        } else {
            shown = "\(severity):"
        }
        let location = TerminalText.escaped(finding.location)
        let line = "\(location): \(shown) [\(finding.check)] \(TerminalText.escaped(finding.message))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
