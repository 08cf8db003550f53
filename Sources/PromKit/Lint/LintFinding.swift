/// One problem the linter found.
public struct LintFinding: Hashable, Sendable {
    /// The rule's id.
    public var rule: String
    /// The rule's severity.
    public var severity: LintSeverity
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
        self.column = column
    }

    /// The `metric message` line `promtool check metrics` prints for the same problem.
    public var promtoolLine: String { "\(metric) \(message)" }

    /// The human form: `SOURCE:LINE:COL: warning: [rule] metric: message`, as `validate`
    /// prints its findings (control characters escaped).
    public func formatted(source: String) -> String {
        var shown = diagnostic(source: source)
        shown.source = Self.printable(shown.source)
        shown.message = Self.printable(shown.message)
        return shown.description
    }

    /// The finding as a diagnostic of `source`, the form `validate`'s findings take:
    /// the message is `metric: message`, then the label and examples when known.
    public func diagnostic(source: String) -> ValidationFinding {
        var text = metric.isEmpty ? message : "\(metric): \(message)"
        if let label, !message.contains("\"\(label)\"") {
            text += " (label \"\(label)\")"
        }
        if !examples.isEmpty {
            text += "; e.g. " + examples.map { "\"\($0)\"" }.joined(separator: ", ")
        }
        return ValidationFinding(
            source: source, line: line, column: column, severity: severity == .error ? .error : .warning, check: rule,
            message: text)
    }

    /// `text` with control characters escaped (`\n`, `\u{7}`), so that one finding stays one line.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The finding as one JSON object: metric, rule, message, severity, then what applies of
    /// label and examples, then source, line and column.
    public func writeJSON(to writer: inout JSONWriter, source: String? = nil) {
        writer.write("{\"metric\": ")
        writer.string(metric)
        writer.write(", \"rule\": ")
        writer.string(rule)
        writer.write(", \"message\": ")
        writer.string(message)
        writer.write(", \"severity\": ")
        writer.string(severity.rawValue)
        if let label {
            writer.write(", \"label\": ")
            writer.string(label)
        }
        if !examples.isEmpty {
            writer.write(", \"examples\": [")
            for (index, example) in examples.enumerated() {
                if index > 0 { writer.write(", ") }
                writer.string(example)
            }
            writer.write("]")
        }
        if let source {
            writer.write(", \"source\": ")
            writer.string(source)
        }
        if let line {
            writer.write(", \"line\": ")
            writer.number(line)
            writer.write(", \"column\": ")
            writer.number(column ?? 1)
        }
        writer.write("}")
    }
}
