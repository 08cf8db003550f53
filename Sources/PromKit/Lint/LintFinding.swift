/// One problem the linter found: a ``Diagnostic`` with the metric, label and
/// example values it is about. `lint --json` writes it with a diagnostic's keys
/// (`source`, `line`, `column`, `severity`, `rule`, `message`, as `validate --json`)
/// plus `metric` and, when there are some, `label` and `examples`; ``diagnostic`` is the
/// form printed on stderr.
public struct LintFinding: Hashable, Sendable, Encodable {
    /// The source linted; empty until the caller names it (``at(_:)``).
    public var source = ""
    /// The rule's id.
    public var rule: String
    /// The rule's severity.
    public var severity: Severity
    /// The metric as a scrape shows it (`promtool check metrics` prints the same
    /// name): a counter with its `_total`, a histogram by its base name.
    public var metric: String
    /// What is wrong; for promlint's rules, promlint's exact text.
    public var message: String
    /// The label the finding is about, if any.
    public var label: String?
    /// A few example label values, if any.
    public var examples: [String]
    /// The 1-based line in the exposition, when known.
    public var line: Int?
    /// The 1-based column, when the line is known.
    public var column: Int?

    /// Creates a finding for `rule`.
    public init(
        rule: LintRule, metric: String, message: String, label: String? = nil, examples: [String] = [],
        line: Int? = nil, column: Int? = nil
    ) {
        self.rule = rule.id
        self.severity = rule.severity
        self.metric = metric
        self.message = message
        self.label = label
        self.examples = examples
        self.line = line
        self.column = line == nil ? nil : column ?? 1
    }

    private enum Key: String, CodingKey {
        case source, line, column, severity, rule, message, metric, label, examples
    }

    /// The JSON form: label and examples only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: Key.self)
        try json.encode(source, forKey: .source)
        try json.encodeIfPresent(line, forKey: .line)
        try json.encodeIfPresent(column, forKey: .column)
        try json.encode(severity, forKey: .severity)
        try json.encode(rule, forKey: .rule)
        try json.encode(message, forKey: .message)
        try json.encode(metric, forKey: .metric)
        try json.encodeIfPresent(label, forKey: .label)
        if !examples.isEmpty { try json.encode(examples, forKey: .examples) }
    }

    /// The `metric message` line `promtool check metrics` prints for the same problem.
    public var promtoolLine: String { "\(metric) \(message)" }

    /// The same finding, about `source`.
    public func at(_ source: String) -> LintFinding {
        var copy = self
        copy.source = source
        return copy
    }

    /// The finding as the diagnostic `validate` would print: the message is `metric: message`,
    /// then the label and examples when known.
    public var diagnostic: Diagnostic {
        var text = metric.isEmpty ? message : "\(metric): \(message)"
        if let label, !message.contains("\"\(label)\"") {
            text += " (label \"\(label)\")"
        }
        if !examples.isEmpty {
            text += "; e.g. " + examples.map { "\"\($0)\"" }.joined(separator: ", ")
        }
        return Diagnostic(severity: severity, rule: rule, source: source, line: line, column: column, message: text)
    }
}
