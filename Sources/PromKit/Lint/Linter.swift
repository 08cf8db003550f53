/// Checks families against the lint rules (``LintRule/checks``): promlint's,
/// OpenMetrics naming, multiprocess-aware, cardinality and source rules.
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
    /// Each family is scanned once (or was, while parsing) and every per-family rule
    /// checks that scan; then the rules over the whole input run.
    public func lint(_ input: LintInput) -> LintReport {
        var findings: [LintFinding] = []
        var seen: Set<LintFinding> = []
        let emit: (LintFinding) -> Void = { finding in
            if seen.insert(finding).inserted { findings.append(finding) }
        }
        let checks = LintRule.checks.filter { enabled.contains($0.rule.id) }
        let familyChecks = checks.compactMap { $0 as? any FamilyCheck }
        let inputChecks = checks.compactMap { $0 as? any InputCheck }
        let linted = LintedInput(input, maxSeries: maxSeries)
        var cardinality = CardinalityReport()
        for family in linted.families {
            for check in familyChecks { check.check(family, emit: emit) }
            cardinality.add(metric: family.name, scan: family.scan)
        }
        for check in inputChecks { check.check(linted, emit: emit) }
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
