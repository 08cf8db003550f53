/// Gathers what the line parsers produce: families, sample lines, findings.
final class ResultCollector {
    let keepSamples: Bool
    let maxFindings: Int
    @exclusivity(unchecked) var families: [MetricFamily] = []
    @exclusivity(unchecked) var familyLines: [Int] = []
    @exclusivity(unchecked) var sampleLines: [[Int]] = []
    @exclusivity(unchecked) var findings: [Diagnostic] = []
    @exclusivity(unchecked) var errorCount = 0
    @exclusivity(unchecked) var warningCount = 0
    @exclusivity(unchecked) var sampleCount = 0
    @exclusivity(unchecked) var familySampleCounts: [Int] = []

    /// Where samples go instead of into ``families`` (which then stay without samples).
    let sink: (any SampleSink)?
    /// Each family's index while parsing (as given to the sink), parallel to ``families``.
    @exclusivity(unchecked) var parseIndexes: [Int] = []
    /// Reused storage for handing a sample's labels to the sink.
    private var scratch: [UInt8] = []
    private var spans: [LabelRuns.Span] = []

    init(keepSamples: Bool, maxFindings: Int, sink: (any SampleSink)? = nil) {
        self.keepSamples = keepSamples && sink == nil
        self.maxFindings = maxFindings
        self.sink = sink
    }

    func report(line: Int, column: Int, _ severity: Severity, _ check: String, _ message: String) {
        switch severity {
        case .error: errorCount += 1
        case .warning: warningCount += 1
        case .note: break
        }
        if findings.count < maxFindings {
            findings.append(Diagnostic(severity: severity, rule: check, line: line, column: column, message: message))
        }
    }

    func addFamily(name: String, type: MetricType, line: Int) -> Int {
        parseIndexes.append(families.count)
        families.append(MetricFamily(name: name, type: type))
        familyLines.append(line)
        sampleLines.append([])
        familySampleCounts.append(0)
        return families.count - 1
    }

    /// Counts a sample, and keeps it or hands it to the sink.
    func addSample(_ sample: Sample?, family: Int, line: Int) {
        sampleCount += 1
        familySampleCounts[family] += 1
        if let sink, let sample {
            LabelRuns.with(sample.labels, scratch: &scratch, spans: &spans) {
                sink.sample(name: sample.name, labels: $0, value: sample.value, family: family, line: line)
            }
        }
        guard keepSamples, let sample else { return }
        families[family].samples.append(sample)
        sampleLines[family].append(line)
    }

    /// Drops families that got no samples (as Go's TextParser does).
    func dropEmptyFamilies() {
        let keep = familySampleCounts.indices.filter { familySampleCounts[$0] > 0 }
        guard keep.count < families.count else { return }
        families = keep.map { families[$0] }
        familyLines = keep.map { familyLines[$0] }
        sampleLines = keep.map { sampleLines[$0] }
        familySampleCounts = keep.map { familySampleCounts[$0] }
        parseIndexes = keep.map { parseIndexes[$0] }
    }

    func result(format: ExpositionFormatKind, lineCount: Int) -> ParseResult {
        ParseResult(
            format: format, families: families, familyLines: familyLines, sampleLines: sampleLines,
            findings: findings, errorCount: errorCount, warningCount: warningCount, lineCount: lineCount,
            sampleCount: sampleCount, parseIndexes: parseIndexes)
    }
}
