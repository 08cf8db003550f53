import PromKit
import Testing

/// Warnings: accepted by Prometheus, but data-losing or dubious.
@Suite struct ParserWarningTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var warning: String
        var testDescription: String { warning }
    }

    static let cases: [Case] = [
        Case(text: "a{x=\"1\"} 1\na{x=\"1\"} 2\n", warning: "2:1 duplicate-series"),
        Case(text: "# TYPE c_total counter\nc_total -1\n", warning: "2:9 counter-negative"),
        Case(text: "# TYPE c_total counter\nc_total NaN\n", warning: "2:9 counter-nan"),
        Case(
            text: "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n",
            warning: "3:21 histogram-not-cumulative"),
        Case(
            text: "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n",
            warning: "3:18 histogram-bucket-order"),
        Case(
            text: "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\nh_sum 1\n",
            warning: "4:1 histogram-missing-inf"),
        Case(
            text: "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 2\nh_sum 1\n",
            warning: "4:1 histogram-count-mismatch"),
        Case(text: "# TYPE s summary\ns_sum 1\n", warning: "2:1 sum-without-count"),
    ]

    @Test(arguments: cases)
    func warns(_ testCase: Case) {
        let result = ExpositionParser.parse(Array(testCase.text.utf8), format: .text)
        #expect(!result.hasErrors, "\(result.findings)")
        let warnings = result.findings.filter { $0.severity == .warning }.map { "\($0.location) \($0.rule)" }
        #expect(warnings == [testCase.warning])
    }

    @Test func cleanHistogramHasNoWarnings() {
        let text = "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\n"
        let result = ExpositionParser.parse(Array(text.utf8), format: .text)
        #expect(result.findings.isEmpty)
    }
}
