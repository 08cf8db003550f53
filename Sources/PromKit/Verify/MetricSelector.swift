/// A PromQL instant-vector selector (the subset without offsets, ranges or functions):
/// `name{label="v", label!="v", label=~"re", label!~"re"}`. Regular expressions are anchored
/// at both ends, as PromQL anchors them.
public struct MetricSelector: Sendable, CustomStringConvertible {
    /// How a label is compared.
    public enum Operator: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!~"
    }

    /// One `label op "value"` term.
    public struct Matcher: Sendable {
        /// The label name (`__name__` for the metric name).
        public var label: String
        /// The comparison.
        public var op: Operator
        /// The value or pattern.
        public var value: String
        private let pattern: AnchoredPattern?

        /// A matcher; throws when a regular expression does not compile.
        public init(label: String, op: Operator, value: String) throws(SelectorError) {
            self.label = label
            self.op = op
            self.value = value
            if op == .matches || op == .notMatches {
                pattern = try AnchoredPattern(value)
            } else {
                pattern = nil
            }
        }

        /// Whether a label value (empty when the label is absent) satisfies the matcher.
        public func matches(_ candidate: String) -> Bool {
            switch op {
            case .equal: candidate == value
            case .notEqual: candidate != value
            case .matches: pattern?.matches(candidate) ?? false
            case .notMatches: !(pattern?.matches(candidate) ?? false)
            }
        }
    }

    /// The text the selector was parsed from.
    public let text: String
    /// All matchers, the metric name as `__name__ = name` first when given before the braces.
    public let matchers: [Matcher]

    /// Parses a selector; errors give the column.
    public init(parsing text: String) throws(SelectorError) {
        self.text = text
        var parser = SelectorParser(text)
        self.matchers = try parser.parse()
    }

    /// The metric name the selector requires, if it names one exactly.
    public var metricName: String? {
        matchers.first { $0.label == "__name__" && $0.op == .equal }?.value
    }

    /// Whether a sample with this name and these labels is selected.
    public func matches(name: String, labels: [Label]) -> Bool {
        for matcher in matchers {
            let value =
                matcher.label == "__name__" ? name : (labels.first { $0.name == matcher.label }?.value ?? "")
            if !matcher.matches(value) { return false }
        }
        return true
    }

    /// The sum of the values of the selected samples.
    public func sum(_ families: [MetricFamily]) -> Double {
        var total = 0.0
        for family in families {
            for sample in family.samples where matches(name: sample.name, labels: sample.labels) {
                total += sample.value
            }
        }
        return total
    }

    /// The selector as it was written.
    public var description: String { text }
}

/// A selector that could not be parsed.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The selector text.
    public var text: String
    /// The 1-based column of the problem.
    public var column: Int
    /// What is wrong.
    public var problem: String

    /// `selector TEXT:1:COLUMN: problem`.
    public var description: String { "selector \(text):1:\(column): \(problem)" }
}
