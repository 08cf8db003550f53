/// A lint rule's declaration: a stable id, a severity, a family of rules and a one-line rationale.
/// Each rule is declared beside its check, as a ``LintCheck`` in its category's file.
/// `lint --list-rules --json` writes it as `{id, severity, category, enabled_by_default, rationale}`.
public struct LintRule: Hashable, Sendable, Encodable {
    /// Where a rule comes from.
    public enum Category: String, Sendable, CaseIterable, Encodable {
        /// client_golang's promlint, as `promtool check metrics` runs it, in its own words.
        case promlint
        /// The OpenMetrics naming rules.
        case openmetrics
        /// Rules that need a multiprocess directory's per-file information.
        case multiprocess
        /// Series and label-value counts.
        case cardinality
        /// The input as a whole: a body or directory with no metrics in it.
        case source
    }

    /// The stable id, as `--disable`/`--enable` take it and findings print it.
    public var id: String
    /// The severity of its findings.
    public var severity: Severity
    /// The family of rules.
    public var category: Category
    /// Whether the rule runs without `--enable`.
    public var enabledByDefault: Bool
    /// Why the rule exists, in one line.
    public var rationale: String

    init(
        _ id: String, _ severity: Severity, _ category: Category, _ rationale: String,
        enabledByDefault: Bool = true
    ) {
        self.id = id
        self.severity = severity
        self.category = category
        self.enabledByDefault = enabledByDefault
        self.rationale = rationale
    }

    /// The rule with id `id` (or a former id of it), if there is one.
    public static func named(_ id: String) -> LintRule? {
        let current = formerIDs[id] ?? id
        return all.first { $0.id == current }
    }

    /// Ids that rules had before, so that `--disable` lines written for them still work.
    static let formerIDs = ["metric-not-unique": "duplicate-series"]

    /// The ids of the rules that run by default.
    public static var defaultIDs: Set<String> {
        Set(all.filter(\.enabledByDefault).map(\.id))
    }
}

extension LintRule {
    /// Every rule as one unit (declaration and check), in the order `--list-rules`
    /// prints them and findings of one line and metric sort by. Adding a rule is
    /// writing its unit and listing it here.
    static let checks: [any LintCheck] = [
        PromlintRules.NoHelp(), PromlintRules.CounterTotalSuffix(), PromlintRules.NonCounterTotalSuffix(),
        PromlintRules.ReservedSuffix(), PromlintRules.ReservedLabel(), PromlintRules.TypeInName(),
        PromlintRules.ColonInName(), PromlintRules.CamelCaseMetricName(), PromlintRules.CamelCaseLabelName(),
        PromlintRules.AbbreviatedUnit(), PromlintRules.NonBaseUnit(), PromlintRules.DuplicateSeries(),

        OpenMetricsRules.UnitSuffix(), OpenMetricsRules.CreatedMisuse(), OpenMetricsRules.InfoMisuse(),
        OpenMetricsRules.NameClash(), OpenMetricsRules.OpenMetricsNameClash(), OpenMetricsRules.ReservedName(),

        MultiprocessRules.PidSeries(), MultiprocessRules.InconsistentHelp(), MultiprocessRules.InconsistentType(),
        MultiprocessRules.InconsistentLabels(), MultiprocessRules.InconsistentBuckets(),
        MultiprocessRules.MultiprocessSummary(), MultiprocessRules.CounterNeverIncremented(),

        CardinalityRules.MaxSeries(), CardinalityRules.UnboundedLabelValues(),
        CardinalityRules.UngroupedStatusCodes(), CardinalityRules.ManyLabelValues(),

        SourceRules.EmptyBody(), SourceRules.EmptyDirectory(),
    ]

    /// Every rule, in the order `--list-rules` prints them.
    public static let all: [LintRule] = checks.map(\.rule)
}

/// The rule list `promkit lint --list-rules` prints.
public enum LintRuleList {
    /// One rule a line: id, severity, category, `(off)` when off by default, rationale.
    public static var text: String {
        let width = LintRule.all.map(\.id.count).max() ?? 0
        var out = ""
        for rule in LintRule.all {
            let id = rule.id + String(repeating: " ", count: width - rule.id.count)
            let severity = rule.severity.rawValue + String(repeating: " ", count: 7 - rule.severity.rawValue.count)
            let category = rule.category.rawValue + String(repeating: " ", count: 12 - rule.category.rawValue.count)
            let off = rule.enabledByDefault ? "" : "(off by default) "
            out += "\(id)  \(severity)  \(category)  \(off)\(rule.rationale)\n"
        }
        return out
    }
}
