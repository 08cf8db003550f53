/// A lint rule: a stable id, a severity, a family of rules and a one-line rationale.
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
    static let noHelp = LintRule(
        "no-help", .warning, .promlint, "Every metric needs HELP text so that users know what it measures.")
    static let counterTotal = LintRule(
        "counter-total-suffix", .warning, .promlint, "Counters end in _total so that queries can tell them apart.")
    static let nonCounterTotal = LintRule(
        "non-counter-total-suffix", .warning, .promlint, "_total promises a counter; other types must not use it.")
    static let reservedSuffix = LintRule(
        "reserved-suffix", .warning, .promlint,
        "_bucket, _count and _sum belong to histograms and summaries; other types clash with them.")
    static let reservedLabel = LintRule(
        "reserved-label", .warning, .promlint,
        "The labels le and quantile belong to histograms and summaries; other types confuse queries.")
    static let typeInName = LintRule(
        "type-in-name", .warning, .promlint, "The type is in the TYPE line; repeating it in the name adds nothing.")
    static let colonInName = LintRule(
        "colon-in-name", .warning, .promlint, "Colons are reserved for recording rules.")
    static let camelCaseMetric = LintRule(
        "camelcase-metric-name", .warning, .promlint, "Metric names are snake_case by convention.")
    static let camelCaseLabel = LintRule(
        "camelcase-label-name", .warning, .promlint, "Label names are snake_case by convention.")
    static let abbreviatedUnit = LintRule(
        "abbreviated-unit", .warning, .promlint, "Units are spelt out (seconds, bytes) so that names are unambiguous.")
    static let nonBaseUnit = LintRule(
        "non-base-unit", .warning, .promlint, "Base units (seconds, bytes, meters) make metrics comparable.")
    static let duplicateSeries = LintRule(
        "duplicate-series", .warning, .promlint,
        "Two samples with the same name and labels are one series twice: Prometheus keeps one, drops the other.")

    static let unitSuffix = LintRule(
        "unit-suffix", .error, .openmetrics, "OpenMetrics requires a family with a UNIT to end in _<unit>.")
    static let createdMisuse = LintRule(
        "created-misuse", .warning, .openmetrics,
        "_created holds the creation time of counters, histograms and summaries only.")
    static let infoMisuse = LintRule(
        "info-misuse", .warning, .openmetrics, "_info names an info metric: a gauge whose value is always 1.")
    static let nameClash = LintRule(
        "name-clash", .error, .openmetrics,
        "Two families that expose the same sample name, in the input's own format, cannot both be scraped.")
    static let openMetricsNameClash = LintRule(
        "openmetrics-name-clash", .warning, .openmetrics,
        "A text counter x_total beside a family x: apart in the text format, one family name twice in OpenMetrics.",
        enabledByDefault: false)
    static let reservedName = LintRule(
        "reserved-name", .error, .openmetrics, "Names starting with __ are reserved for Prometheus itself.")

    static let pidSeries = LintRule(
        "multiprocess-pid-series", .warning, .multiprocess,
        "Gauges in all/liveall mode export one series per worker pid; series multiply with every restart.")
    static let inconsistentHelp = LintRule(
        "multiprocess-inconsistent-help", .warning, .multiprocess,
        "Files disagree on HELP: a mixed deploy; the first file read wins.")
    static let inconsistentType = LintRule(
        "multiprocess-inconsistent-type", .error, .multiprocess,
        "Files disagree on type or gauge mode: a mixed deploy; the merge is wrong for some of them.")
    static let inconsistentLabels = LintRule(
        "multiprocess-inconsistent-labels", .warning, .multiprocess,
        "Files disagree on label names: a mixed deploy; queries see two shapes of one metric.")
    static let inconsistentBuckets = LintRule(
        "multiprocess-inconsistent-buckets", .error, .multiprocess,
        "Files disagree on histogram buckets: merged buckets are no longer comparable.")
    static let multiprocessSummary = LintRule(
        "multiprocess-summary", .warning, .multiprocess,
        "Summaries have no quantiles in multiprocess mode; a histogram gives percentiles.")
    static let neverIncremented = LintRule(
        "multiprocess-counter-never-incremented", .warning, .multiprocess,
        "A counter that is 0 in every worker's file is probably dead code or wired to the wrong path.")

    static let maxSeries = LintRule(
        "max-series", .error, .cardinality, "A family with more series than --max-series strains Prometheus.")
    static let unboundedValues = LintRule(
        "unbounded-label-values", .warning, .cardinality,
        "Ids, numbers, UUIDs, hashes, e-mails, IPs and timestamps as label values grow without bound.")
    static let ungroupedStatus = LintRule(
        "ungrouped-status-codes", .warning, .cardinality,
        "Status codes grouped as 2xx, 4xx, 5xx keep series few and queries simple.")
    static let manyLabelValues = LintRule(
        "many-label-values", .warning, .cardinality,
        "A label with more than 100 distinct values multiplies every other label's series.",
        enabledByDefault: false)

    static let emptyBody = LintRule(
        "empty-body", .warning, .source,
        "An empty exposition has no metrics: often a redirect not followed (curl without -L on FastAPI's 307).")
    static let emptyDirectory = LintRule(
        "empty-directory", .warning, .source,
        "A multiprocess directory without .db files: nothing written yet, or not the app's directory.")

    /// Every rule, in the order `--list-rules` prints them.
    public static let all: [LintRule] = [
        noHelp, counterTotal, nonCounterTotal, reservedSuffix, reservedLabel, typeInName, colonInName,
        camelCaseMetric, camelCaseLabel, abbreviatedUnit, nonBaseUnit, duplicateSeries,
        unitSuffix, createdMisuse, infoMisuse, nameClash, openMetricsNameClash, reservedName,
        pidSeries, inconsistentHelp, inconsistentType, inconsistentLabels, inconsistentBuckets,
        multiprocessSummary, neverIncremented,
        maxSeries, unboundedValues, ungroupedStatus, manyLabelValues,
        emptyBody, emptyDirectory,
    ]

    /// The rule that reports `notice` (an empty body or directory), if one does.
    static func reporting(_ notice: SourceNotice) -> LintRule? {
        all.first { $0.category == .source && $0.id == notice.rule }
    }
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
