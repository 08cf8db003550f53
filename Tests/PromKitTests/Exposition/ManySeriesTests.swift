import PromKit
import Testing

/// One family with many series. The OpenMetrics engine keeps a family's groups
/// in sets; copying them once per sample made 100,000 series of one counter
/// take about a minute (quadratic), where they take a fraction of a second.
@Suite struct ManySeriesTests {
    @Test(arguments: [ExpositionFormatKind.text, .openmetrics])
    func hundredThousandSeriesOfOneFamilyParseInLinearTime(format: ExpositionFormatKind) {
        var text = "# TYPE c counter\n"
        for index in 0..<100_000 { text += "c_total{handler=\"/api/item/\(index)\"} \(index)\n" }
        if format == .openmetrics { text += "# EOF\n" }
        let bytes = Array(text.utf8)
        let start = ContinuousClock.now
        let result = ExpositionParser.parse(bytes, format: format)
        let elapsed = ContinuousClock.now - start
        #expect(result.errorCount == 0, "\(result.findings.prefix(3))")
        #expect(result.families.first?.samples.count == 100_000)
        #expect(elapsed < .seconds(20), "\(elapsed) for 100,000 series")
    }
}
