/// What parsing an exposition produced.
public struct ParseResult: Sendable {
    /// The format that was applied (never `.auto`).
    public var format: ExpositionFormatKind
    /// The families, in order of first appearance. Counter families are named
    /// without `_total`. Samples are empty when the parser was told not to keep them.
    /// Text families that got no samples are left out, as Go's `TextParser` does.
    public var families: [MetricFamily]
    /// The 1-based line where each family first appears (parallel to `families`).
    public var familyLines: [Int]
    /// The 1-based line of each sample (parallel to `families[i].samples`).
    public var sampleLines: [[Int]]
    /// The findings, in input order, at most the parser's limit; each names its line
    /// and column but no source (``Diagnostic/at(_:)`` names it).
    public var findings: [Diagnostic]
    /// How many errors were found (including any past the stored limit).
    public var errorCount: Int
    /// How many warnings were found (including any past the stored limit).
    public var warningCount: Int
    /// How many lines were read.
    public var lineCount: Int
    /// How many samples were read.
    public var sampleCount: Int
    /// Each family's index while parsing, as a ``SampleSink`` was given it.
    var parseIndexes: [Int] = []

    /// Whether Prometheus would reject the input.
    public var hasErrors: Bool { errorCount > 0 }
}
