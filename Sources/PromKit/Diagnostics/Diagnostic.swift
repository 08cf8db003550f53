/// How bad a diagnostic is: one scale for the parser, `validate`, `lint` and `doctor`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Worth knowing, nothing wrong.
    case note
    /// Dubious or data-losing input that Prometheus still accepts; a practice to change.
    case warning
    /// Input that Prometheus rejects, or a problem that breaks queries or the format.
    case error

    /// Notes sort before warnings, warnings before errors.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One problem found in a source: what the parser, `validate` and `lint` return and
/// the executable prints, as `SOURCE:LINE:COL: severity: [rule] message` (or
/// `SOURCE:OFFSET:` for a byte offset, `SOURCE:` for the whole source), or as JSON.
///
/// The JSON keys are the property names (`source`, `line`, `column`, `offset`,
/// `severity`, `rule`, `message`), an absent place left out.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, URL, `-`, `<stdin>` or directory it is about; empty when the caller
    /// has not named one yet (the parser's own findings).
    public var source: String
    /// The 1-based line (expositions).
    public var line: Int?
    /// The 1-based byte column within ``line``.
    public var column: Int?
    /// The byte offset (`.db` files).
    public var offset: Int?
    /// Note, warning or error.
    public var severity: Severity
    /// A stable identifier of the rule or check, for example `number`, `duplicate-series` or `no-help`.
    public var rule: String
    /// What is wrong, for a person.
    public var message: String

    /// A diagnostic at `line` and `column`, or about the whole source when `line` is nil
    /// (a column without a line is dropped; a line without a column is column 1).
    public init(
        severity: Severity, rule: String, source: String = "", line: Int? = nil, column: Int? = nil,
        message: String
    ) {
        self.source = source
        self.line = line
        self.column = line == nil ? nil : column ?? 1
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    /// A diagnostic at byte `offset` of `source` (a `.db` file).
    public init(severity: Severity, rule: String, source: String, offset: Int, message: String) {
        self.init(severity: severity, rule: rule, source: source, message: message)
        self.offset = offset
    }

    /// The same diagnostic, about `source`.
    public func at(_ source: String) -> Diagnostic {
        var copy = self
        copy.source = source
        return copy
    }

    /// `SOURCE:LINE:COL`, `SOURCE:OFFSET` or `SOURCE` (`LINE:COL` alone without a source).
    public var location: String {
        let place: String? =
            if let line, let column { "\(line):\(column)" } else if let offset { "\(offset)" } else { nil }
        guard let place else { return source }
        return source.isEmpty ? place : "\(source):\(place)"
    }

    /// `LOCATION: severity: [rule] message`, unescaped and uncoloured.
    public var description: String {
        "\(location): \(severity.rawValue): [\(rule)] \(message)"
    }
}
