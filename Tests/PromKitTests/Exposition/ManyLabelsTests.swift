import PromKit
import Testing

/// Lines with many labels: a repeated name is found wherever it is, in both
/// formats, at the column of the repeat (the check switches from pairwise
/// compares to a set past 16 labels; time is measured by `make bench`, not here).
@Suite struct ManyLabelsTests {
    @Test(arguments: [3, 16, 17, 40, 2000], [ExpositionFormatKind.text, .openmetrics])
    func repeatedLabelNameIsFound(count: Int, format: ExpositionFormatKind) {
        let labels = (0..<count).map { "l\($0)=\"v\"" }.joined(separator: ",")
        let head = "a{" + labels + ","
        let eof = format == .openmetrics ? "# EOF\n" : ""
        let repeated = ExpositionParser.parse(Array((head + "l1=\"w\"} 1\n" + eof).utf8), format: format)
        let error = repeated.findings.first { $0.severity == .error }
        #expect(error?.check == "duplicate-label", "\(repeated.findings)")
        #expect(error?.line == 1)
        if format == .text { #expect(error?.column == head.count + 1, "\(repeated.findings)") }
        let distinct = ExpositionParser.parse(Array((head + "z=\"w\"} 1\n" + eof).utf8), format: format)
        #expect(!distinct.findings.contains { $0.severity == .error }, "\(distinct.findings)")
    }
}
