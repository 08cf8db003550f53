/// Checks families against the lint rules: promlint's, OpenMetrics naming,
/// multiprocess-aware and cardinality rules.
///
/// ```swift
/// let report = Linter().lint(LintInput(families: families))
/// for finding in report.diagnostics(source: "scrape.txt") { print(finding) }
/// ```
public struct Linter: Sendable {
    /// The ids of the rules that run.
    public var enabled: Set<String>
    /// A family with more series than this is reported by `max-series`.
    public var maxSeries: Int

    /// The default for `maxSeries`.
    public static let defaultMaxSeries = 10_000

    /// Creates a linter running `enabled` rules (by default those enabled by default).
    public init(enabled: Set<String> = LintRule.defaultIDs, maxSeries: Int = Linter.defaultMaxSeries) {
        self.enabled = enabled
        self.maxSeries = maxSeries
    }

    /// Creates a linter with the default rules, less `disable`, plus `enable`.
    ///
    /// Throws ``UnknownRule`` for an id that names no rule.
    public init(disable: [String], enable: [String], maxSeries: Int = Linter.defaultMaxSeries) throws(UnknownRule) {
        func ids(_ given: [String]) throws(UnknownRule) -> [String] {
            var found: [String] = []
            for id in given {
                guard let rule = LintRule.named(id) else { throw UnknownRule(id: id) }
                found.append(rule.id)
            }
            return found
        }
        let disabled = try ids(disable)
        let enabled = try ids(enable)
        self.init(enabled: LintRule.defaultIDs.subtracting(disabled).union(enabled), maxSeries: maxSeries)
    }

    /// A rule id that names no rule.
    public struct UnknownRule: Error, Hashable, Sendable, CustomStringConvertible {
        /// The id given.
        public var id: String
        public var description: String { "unknown rule \"\(id)\" (promkit lint --list-rules lists them)" }
    }

    /// Lints `input`: every enabled rule's findings, sorted by line (when known),
    /// metric and rule, with exact repeats left out; and the cardinality table.
    /// The cardinality rules pass over the `x_created` gauges the text format
    /// writes beside a counter, histogram or summary `x` (they repeat its labels).
    public func lint(_ input: LintInput) -> LintReport {
        var findings: [LintFinding] = []
        var seen: Set<LintFinding> = []
        let enabled = self.enabled
        let emit: (LintFinding) -> Void = { finding in
            if enabled.contains(finding.rule), seen.insert(finding).inserted { findings.append(finding) }
        }
        for notice in input.notices {
            guard let rule = LintRule.reporting(notice) else { continue }
            emit(LintFinding(rule: rule, metric: "", message: notice.message, line: notice.line))
        }
        var cardinality = CardinalityReport()
        let scans = input.subjects.map { $0.scanned() }
        let twins = OpenMetricsRules.createdTwins(input.subjects.map(\.family))
        for (index, (subject, scan)) in zip(input.subjects, scans).enumerated() {
            PromlintRules.check(subject, scan: scan, format: input.format, emit: emit)
            if input.multiprocess == nil { MultiprocessRules.checkPidLabels(subject, scan: scan, emit: emit) }
            if !twins.contains(index) {
                CardinalityRules.check(subject, scan: scan, maxSeries: maxSeries, emit: emit)
            }
            cardinality.add(
                metric: PromlintRules.exposedName(subject.family, sampleNames: scan.sampleNames), scan: scan)
        }
        OpenMetricsRules.check(input, scans: scans, emit: emit)
        if let facts = input.multiprocess {
            MultiprocessRules.check(facts, families: input.subjects.map(\.family), emit: emit)
        }
        let order = Dictionary(uniqueKeysWithValues: LintRule.all.enumerated().map { ($1.id, $0) })
        findings.sort { lhs, rhs in
            if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
            if lhs.metric != rhs.metric { return lhs.metric < rhs.metric }
            if lhs.rule != rhs.rule { return (order[lhs.rule] ?? 0) < (order[rhs.rule] ?? 0) }
            return lhs.message < rhs.message
        }
        return LintReport(findings: findings, cardinality: cardinality)
    }
}

/// What the linter found.
public struct LintReport: Sendable {
    /// The findings, sorted.
    public var findings: [LintFinding]
    /// Series and label-value counts.
    public var cardinality: CardinalityReport

    /// The findings as diagnostics of `source`, in the form `validate` prints its own.
    public func diagnostics(source: String) -> [Diagnostic] {
        findings.map { $0.at(source).diagnostic }
    }
}
