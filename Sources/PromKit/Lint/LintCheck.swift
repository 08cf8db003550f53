/// One lint rule as one unit: its declaration (``rule``: id, severity, category,
/// rationale, whether it runs by default) and its check, side by side, as
/// client_golang's `promlint/validations/*.go` and swift-format's `Rules/` have them.
/// A rule checks one family at a time (``FamilyCheck``), the input as a whole
/// (``InputCheck``), or both; ``LintRule/checks`` lists every unit once.
protocol LintCheck: Sendable {
    /// The rule's declaration: what `--list-rules` prints and findings carry.
    var rule: LintRule { get }
}

/// A rule checked one family at a time, off the family's scan: the samples are
/// read once for all rules (``FamilyScan``), never by a rule of its own.
protocol FamilyCheck: LintCheck {
    /// Emits the rule's findings for `family`.
    func check(_ family: LintedFamily, emit: (LintFinding) -> Void)
}

/// A rule checked over the whole input: across families (clashes), over a
/// multiprocess directory's per-file facts, or about the source itself.
protocol InputCheck: LintCheck {
    /// Emits the rule's findings for `input`.
    func check(_ input: LintedInput, emit: (LintFinding) -> Void)
}

/// One family as the per-family rules see it: the family, its scan, and what
/// several rules derive from them, worked out once.
struct LintedFamily: Sendable {
    /// The family with what is known of its origin.
    var subject: LintInput.Subject
    /// What one pass over its samples gathered.
    var scan: FamilyScan
    /// The name a scrape shows and findings name (``PromlintRules/exposedName(_:sampleNames:)``).
    var name: String
    /// The type promlint sees.
    var textType: PromlintRules.TextType
    /// The input's format (nil for families merged from `.db` files).
    var format: ExpositionFormatKind?
    /// Whether the input comes with a multiprocess directory's per-file facts.
    var hasFileFacts: Bool
    /// Whether this is the `x_created` gauge the text format writes beside a counter,
    /// histogram or summary `x` (``OpenMetricsRules/createdTwins(_:)``): the
    /// cardinality rules pass over it, as it repeats the labels of `x`.
    var isCreatedTwin: Bool
    /// A family with more series than this is reported by `max-series`.
    var maxSeries: Int

    /// The family.
    var family: MetricFamily { subject.family }

    /// A finding of `rule` about this family, at `line` (by default, the family's line).
    func finding(
        _ rule: LintRule, _ message: String, label: String? = nil, examples: [String] = [], line: Int? = nil
    ) -> LintFinding {
        LintFinding(
            rule: rule, metric: name, message: message, label: label, examples: examples, line: line ?? subject.line)
    }
}

/// The whole input as the input rules see it: the input and its families, linted.
struct LintedInput: Sendable {
    /// The input as loaded.
    var input: LintInput
    /// Its families, in source order, each with its scan.
    var families: [LintedFamily]

    /// Scans every family (or takes the scan made while parsing) and works out what the rules share.
    init(_ input: LintInput, maxSeries: Int) {
        self.input = input
        let twins = OpenMetricsRules.createdTwins(input.subjects.map(\.family))
        families = input.subjects.enumerated().map { index, subject in
            let scan = subject.scanned()
            return LintedFamily(
                subject: subject, scan: scan,
                name: PromlintRules.exposedName(subject.family, sampleNames: scan.sampleNames),
                textType: PromlintRules.textType(subject.family.type, format: input.format), format: input.format,
                hasFileFacts: input.multiprocess != nil, isCreatedTwin: twins.contains(index), maxSeries: maxSeries)
        }
    }

    /// Calls `body` with each metric of the per-file facts (none for an exposition) and the
    /// name findings give it: its family's as a scrape shows it, else the stored name
    /// (a counter's with `_total`).
    func forEachFileMetric(_ body: (MultiprocessFacts, MultiprocessFacts.Metric, _ name: String) -> Void) {
        guard let facts = input.multiprocess else { return }
        var nameOf: [String: String] = [:]
        for family in families { nameOf[family.family.name] = family.name }
        for metric in facts.metrics {
            let firstType = metric.files.first.map { facts.files[$0].name.type }
            let name =
                nameOf[NameEscaping.underscores.metricName(metric.name)]
                ?? (firstType == .counter ? metric.name + "_total" : metric.name)
            body(facts, metric, name)
        }
    }
}
