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

/// What parsing an exposition produced.
public struct ParseResult: Sendable {
    /// The format that was applied (never `.auto`).
    public var format: ExpositionFormatKind
    /// The families, in order of first appearance. Counter families are named
    /// without `_total`. Samples are empty when the parser was told not to keep them.
    /// Text families that got no samples are left out, as Go's `TextParser` does.
    public var families: [MetricFamily]
    /// The 1-based line where each family first appears (parallel to `families`).
    public var familyLines: [Int]
    /// The 1-based line of each sample (parallel to `families[i].samples`).
    public var sampleLines: [[Int]]
    /// The findings, in input order, at most the parser's limit.
    public var findings: [Finding]
    /// How many errors were found (including any past the stored limit).
    public var errorCount: Int
    /// How many warnings were found (including any past the stored limit).
    public var warningCount: Int
    /// How many lines were read.
    public var lineCount: Int
    /// How many samples were read.
    public var sampleCount: Int

    /// Whether Prometheus would reject the input.
    public var hasErrors: Bool { errorCount > 0 }
}
