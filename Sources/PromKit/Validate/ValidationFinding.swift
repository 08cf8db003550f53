/// One problem found by `validate`, in a source: at a line and column (text)
/// or at a byte offset (`.db` files).
public struct ValidationFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, URL, `-` or directory the finding is about.
    public var source: String
    /// The 1-based line (expositions).
    public var line: Int?
    /// The 1-based byte column (expositions).
    public var column: Int?
    /// The byte offset (`.db` files).
    public var offset: Int?
    /// Error or warning.
    public var severity: Severity
    /// The check's identifier.
    public var check: String
    /// What is wrong.
    public var message: String

    /// A finding at a byte offset.
    public init(source: String, offset: Int, severity: Severity, check: String, message: String) {
        self.source = source
        self.offset = offset
        self.severity = severity
        self.check = check
        self.message = message
    }

    /// A finding about a whole source (an empty body, an HTML page, an empty directory).
    public init(source: String, notice: SourceNotice) {
        self.source = source
        line = notice.line
        column = notice.column
        severity = notice.severity
        check = notice.check
        message = notice.message
    }

    /// A finding at a line and column, or about the whole source when both are nil.
    public init(source: String, line: Int?, column: Int?, severity: Severity, check: String, message: String) {
        self.source = source
        self.line = line
        self.column = line == nil ? nil : column ?? 1
        self.severity = severity
        self.check = check
        self.message = message
    }

    /// A finding of a parsed exposition.
    public init(source: String, finding: Finding) {
        self.source = source
        line = finding.line
        column = finding.column
        severity = finding.severity
        check = finding.check
        message = finding.message
    }

    /// `SOURCE:LINE:COL: severity: [check] message`, or `SOURCE:OFFSET: ...` for a byte offset.
    public var description: String {
        "\(location): \(severity.rawValue): [\(check)] \(message)"
    }

    /// `SOURCE:LINE:COL` or `SOURCE:OFFSET`.
    public var location: String {
        if let line, let column { return "\(source):\(line):\(column)" }
        if let offset { return "\(source):\(offset)" }
        return source
    }
}
