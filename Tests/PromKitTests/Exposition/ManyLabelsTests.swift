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
        #expect(error?.rule == "duplicate-label", "\(repeated.findings)")
        #expect(error?.line == 1)
        if format == .text { #expect(error?.column == head.count + 1, "\(repeated.findings)") }
        let distinct = ExpositionParser.parse(Array((head + "z=\"w\"} 1\n" + eof).utf8), format: format)
        #expect(!distinct.findings.contains { $0.severity == .error }, "\(distinct.findings)")
    }
}

/// A line longer than the bound is one error at its line, skipped unread, and
/// the lines after it are parsed as usual, whole or fed in chunks.
@Suite struct LongLineTests {
    @Test(arguments: [0, 1 << 16])
    func lineOverTheBoundIsOneErrorAndSkipped(chunk: Int) {
        var bytes = Array("# TYPE m gauge\nm{a=\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: ExpositionParser.maxLineLength)
        bytes += Array("\"} 1\nn 2\n".utf8)
        let result: ParseResult
        if chunk == 0 {
            result = ExpositionParser.parse(bytes, format: .text)
        } else {
            var parser = ExpositionParser(format: .text)
            var start = 0
            while start < bytes.count {
                parser.feed(Array(bytes[start..<min(bytes.count, start + chunk)]))
                start += chunk
            }
            result = parser.finish()
        }
        let errors = result.findings.filter { $0.severity == .error }
        #expect(
            errors.map { "\($0.location) \($0.rule)" } == [
                "2:\(ExpositionParser.maxLineLength + 1) line-too-long"
            ])
        #expect(result.families.map(\.name) == ["n"])  // m lost its only sample: dropped, as Go does
        #expect(result.lineCount == 3)
    }
}
