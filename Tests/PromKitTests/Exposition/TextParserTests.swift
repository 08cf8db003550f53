import PromKit
import Testing

/// Text 0.0.4 / 1.0.0: accept and reject as prometheus/common's TextParser
/// (promtool 2.42) does, and point at the right place.
@Suite struct TextParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        /// nil when the input must parse; otherwise "LINE:COL check".
        var error: String?
        var testDescription: String { text.debugDescription }
    }

    static let cases: [Case] = [
        Case(text: "a 1\n", error: nil),
        Case(text: "a 1", error: "1:4 missing-newline"),
        Case(text: "a 1\n  ", error: nil),
        Case(text: "", error: nil),
        Case(text: "\n\n# just a comment\n", error: nil),
        Case(text: "a{b=\"x\",} 1\n", error: nil),
        Case(text: "a{b=\"x\"}1\n", error: nil),
        Case(text: "a {b=\"x\"} 1 -5\n", error: nil),
        Case(text: "a 1 2 \n", error: "1:6 syntax"),
        Case(text: "a 1 \n", error: "1:5 timestamp"),
        Case(text: "a 1e400\n", error: "1:3 number"),
        Case(text: "a 1e-400\n", error: nil),
        Case(text: "a +nan\n", error: "1:3 number"),
        Case(text: "a Infinity\n", error: nil),
        Case(text: "a -inf\n", error: nil),
        Case(text: "a 0x1p-3\n", error: "1:3 number"),
        Case(text: "a 0x1\n", error: "1:3 number"),
        Case(text: "a nan(0x1)\n", error: "1:3 number"),
        Case(text: "a 1_000\n", error: "1:3 number"),
        Case(text: "a 1 1.5\n", error: "1:5 timestamp"),
        Case(text: "a 1 9223372036854775808\n", error: "1:5 timestamp"),
        Case(text: "# HELP a x\\\\y\\n\na 1\n", error: nil),
        Case(text: "# HELP a x\\ty\na 1\n", error: "1:11 escape"),
        Case(text: "# HELP a one\n# HELP a two\n", error: "2:3 duplicate-help"),
        Case(text: "a 1\n# TYPE a gauge\n", error: "2:3 duplicate-type"),
        Case(text: "# TYPE a coun\\ter\na_total 1\n", error: nil),
        Case(text: "# TYPE c counter\nc_total 1\nc 2\n", error: nil),
        Case(text: "# TYPE a gauge_histogram\na 1\n", error: nil),
        Case(text: "# TYPE a gauges\n", error: "1:10 unknown-type"),
        Case(text: "# TYPE a+ gauge\n", error: "1:9 metric-name"),
        Case(text: "a{le=\"1\",le=\"2\"} 1\n", error: "1:10 duplicate-label"),
        Case(text: "# TYPE a histogram\na_bucket{le=\"1\",le=\"2\"} 1\n", error: nil),
        Case(text: "# TYPE a histogram\na_bucket{le=\"x\"} 1\n", error: "2:10 number"),
        Case(text: "a{__name__=\"b\"} 1\n", error: "1:3 label-name"),
        Case(text: "a{b=\"\\q\"} 1\n", error: "1:6 label-value"),
        Case(text: "a{b=\"\u{FF}\"} 1\n", error: nil),
        Case(text: "0a 1\n", error: "1:1 metric-name"),
        Case(text: "a\n", error: "1:2 number"),
        Case(text: "a 1\r\n", error: "1:3 number"),
        Case(text: "{\"my.metric\", \"a.b\"=\"x\"} 1\n", error: nil),
        Case(text: "# HELP \"my.metric\" help\n{\"my.metric\"} 1\n", error: nil),
        Case(text: "{\"a\", \"b\"} 1\n", error: "1:7 metric-name"),
        Case(text: "{b=\"x\"} 1\n", error: "1:9 metric-name"),
    ]

    @Test(arguments: cases)
    func verdictAndPosition(_ testCase: Case) {
        let result = ExpositionParser.parse(Array(testCase.text.utf8), format: .text)
        let first = result.findings.first { $0.severity == .error }
        if let expected = testCase.error {
            #expect(first.map { "\($0.location) \($0.rule)" } == expected, "\(result.findings)")
        } else {
            #expect(first == nil, "\(result.findings)")
        }
    }

    @Test func familiesWithoutSamplesAreDroppedAsGoDoes() {
        let text = "# TYPE c counter\nc_total 1\n# HELP only_help h\n"
        let result = ExpositionParser.parse(Array(text.utf8), format: .text)
        #expect(result.families.map(\.name) == ["c_total"])
        #expect(result.families.map(\.type) == [.unknown])
        #expect(result.sampleLines == [[2]])
    }

    @Test func invalidUTF8LabelValueIsRejected() {
        var bytes = Array("a{b=\"".utf8)
        bytes.append(0xFF)
        bytes += Array("\"} 1\n".utf8)
        let result = ExpositionParser.parse(bytes, format: .text)
        #expect(result.findings.first?.rule == "label-value")
    }

    @Test func familiesAndLines() {
        let text = """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 3.0
            # TYPE latency histogram
            latency_bucket{le="0.1"} 1.0
            latency_bucket{le="+Inf"} 2.0
            latency_count 2.0
            latency_sum 0.5 1700000000000

            """
        let result = ExpositionParser.parse(Array(text.utf8), format: .text)
        #expect(!result.hasErrors)
        #expect(result.families.map(\.name) == ["http_requests", "latency"])
        #expect(result.families.map(\.type) == [.counter, .histogram])
        #expect(result.families[0].help == "Requests.")
        #expect(result.families[1].samples.count == 4)
        #expect(result.families[1].samples[3].timestamp == 1_700_000_000)
        #expect(result.familyLines == [1, 4])
        #expect(result.sampleLines == [[3], [5, 6, 7, 8]])
    }

    @Test func streamingInTinyChunksGivesTheSameResult() {
        let text = Array("# TYPE a counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 2 5\nb 1\n".utf8)
        let whole = ExpositionParser.parse(text, format: .text)
        var parser = ExpositionParser(format: .text)
        for byte in text { parser.feed([byte]) }
        let chunked = parser.finish()
        #expect(chunked.families == whole.families)
        #expect(chunked.sampleLines == whole.sampleLines)
        #expect(chunked.findings == whole.findings)
    }

    @Test func contentTypes() {
        #expect(ExpositionFormatKind(contentType: "application/openmetrics-text; version=1.0.0") == .openmetrics)
        #expect(ExpositionFormatKind(contentType: "text/plain; version=0.0.4; charset=utf-8") == .text)
        #expect(ExpositionFormatKind(contentType: "Application/OpenMetrics-Text") == .openmetrics)
        #expect(ExpositionFormatKind(contentType: "") == .text)
        #expect(ExpositionFormatKind.sniff(tail: Array("a 1\n# EOF\n".utf8)) == .openmetrics)
        #expect(ExpositionFormatKind.sniff(tail: Array("a 1\n".utf8)) == .text)
    }
}
