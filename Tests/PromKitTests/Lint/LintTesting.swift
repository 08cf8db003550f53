import PromKit
import Testing

/// Lints exposition text or families, for the rule tables.
enum LintTesting {
    /// The findings for an exposition (text, or OpenMetrics when it ends in `# EOF`).
    static func findings(_ text: String, enable: [String] = [], maxSeries: Int = 10_000) throws -> [LintFinding] {
        let input = try LintLoader.expositionInput(Array(text.utf8), source: "test")
        let linter = try Linter(disable: [], enable: enable, maxSeries: maxSeries)
        return linter.lint(input).findings
    }

    /// The findings for families without a source text.
    static func findings(families: [MetricFamily], enable: [String] = [], maxSeries: Int = 10_000) throws
        -> [LintFinding]
    {
        let linter = try Linter(disable: [], enable: enable, maxSeries: maxSeries)
        return linter.lint(LintInput(families: families)).findings
    }

    /// A family with unlabelled or labelled samples named after it.
    static func family(
        _ name: String, _ type: MetricType, help: String = "Help.", unit: String = "", labels: [[Label]] = [[]],
        value: Double = 1, sampleName: String? = nil
    ) -> MetricFamily {
        MetricFamily(
            name: name, type: type, help: help, unit: unit,
            samples: labels.map { Sample(name: sampleName ?? name, labels: $0, value: value) })
    }
}

/// One row of a rule table: an input, and the message the rule must give (nil: must not trigger).
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var input: String
    var message: String?
    var testDescription: String { "\(rule) \(message == nil ? "must not" : "must") trigger: \(input.prefix(60))" }
}

extension Array where Element == LintFinding {
    /// The findings of one rule.
    func of(_ rule: String) -> [LintFinding] { filter { $0.rule == rule } }
}
