/// How bad a finding is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Dubious or data-losing input that Prometheus still accepts.
    case warning
    /// Input that Prometheus's parser rejects: the scrape fails.
    case error

    /// Warnings sort before errors.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One problem found in an exposition, at a line and column (both 1-based;
/// the column counts bytes).
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based byte column within the line.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// A stable identifier of the check, for example `number` or `duplicate-series`.
    public var check: String
    /// What is wrong, for a person.
    public var message: String

    /// Creates a finding.
    public init(line: Int, column: Int, severity: Severity, check: String, message: String) {
        self.line = line
        self.column = column
        self.severity = severity
        self.check = check
        self.message = message
    }

    /// `LINE:COL: severity: [check] message`.
    public var description: String {
        "\(line):\(column): \(severity.rawValue): [\(check)] \(message)"
    }
}
