/// What the linter reads: families, where they came from, and per-file facts
/// when the source is a multiprocess directory or a `.db` file.
public struct LintInput: Sendable {
    /// One family with what is known about its origin.
    public struct Subject: Sendable {
        /// The family.
        public var family: MetricFamily
        /// Whether a HELP line was given. For families without a source text (merged
        /// from `.db` files), an empty help counts as none: prometheus_client writes
        /// `# HELP name ` with nothing after it, which helps nobody.
        public var hasHelp: Bool
        /// The 1-based line where the family starts in an exposition, if known.
        public var line: Int?
        /// The 1-based line of each sample, parallel to `family.samples`; empty when unknown.
        public var sampleLines: [Int]

        /// Creates a subject.
        public init(_ family: MetricFamily, hasHelp: Bool? = nil, line: Int? = nil, sampleLines: [Int] = []) {
            self.family = family
            self.hasHelp = hasHelp ?? !family.help.isEmpty
            self.line = line
            self.sampleLines = sampleLines
        }

        /// The family's scan, made while parsing when its samples were streamed.
        var scan: FamilyScan?

        /// The family's scan: the one made while parsing, or one of its samples.
        func scanned() -> FamilyScan {
            scan ?? FamilyScan(family, lines: sampleLines, line: line)
        }
    }

    /// The families, in source order.
    public var subjects: [Subject]
    /// Per-file facts of a multiprocess directory or `.db` file; nil for an exposition.
    public var multiprocess: MultiprocessFacts?
    /// The format the families were parsed from; nil for families merged from `.db`
    /// files, which prometheus_client serves in either format (OpenMetrics when asked).
    public var format: ExpositionFormatKind?
    /// What is wrong with the source as a whole (an empty body, a directory without
    /// `.db` files), reported before the families' findings.
    public var notices: [SourceNotice]

    /// Creates an input from subjects.
    public init(
        subjects: [Subject], multiprocess: MultiprocessFacts? = nil, format: ExpositionFormatKind? = nil,
        notices: [SourceNotice] = []
    ) {
        self.subjects = subjects
        self.multiprocess = multiprocess
        self.format = format
        self.notices = notices
    }

    /// Creates an input from families alone (HELP counts as given when not empty).
    public init(
        families: [MetricFamily], multiprocess: MultiprocessFacts? = nil, format: ExpositionFormatKind? = nil
    ) {
        self.init(subjects: families.map { Subject($0) }, multiprocess: multiprocess, format: format)
    }
}
