/// OpenMetrics 1.0, line by line: the grammar (``OpenMetricsSyntax``), the
/// metadata and family rules, and the per-sample rules of ``OpenMetricsRules``.
/// Everything the specification forbids is an error; the OpenMetrics parser
/// test suite decides the details.
final class OpenMetricsEngine: LineEngine {
    let collector: ResultCollector
    let checker: SeriesChecker
    var family: OpenMetricsFamily?
    var seenNames = Set<String>()
    var sawEOF = false
    var reportedAfterEOF = false
    var lastLine = 0

    init(collector: ResultCollector) {
        self.collector = collector
        self.checker = SeriesChecker(collector: collector, histogramWarnings: false)
    }

    func consume(line: UnsafeRawBufferPointer, number: Int, terminated: Bool) {
        lastLine = number
        if sawEOF {
            if !reportedAfterEOF {
                collector.report(line: number, column: 1, .error, "after-eof", "text after # EOF")
                reportedAfterEOF = true
            }
            return
        }
        if line.isEmpty {
            collector.report(line: number, column: 1, .error, "blank-line", "blank lines are not allowed")
            return
        }
        guard String(validating: line, as: UTF8.self) != nil else {
            collector.report(line: number, column: 1, .error, "invalid-utf8", "the line is not valid UTF-8")
            return
        }
        if line.elementsEqual("# EOF".utf8) {
            sawEOF = true
            endFamily()
            return
        }
        do {
            if line[0] == UInt8(ascii: "#") {
                try metadata(line, number: number)
            } else {
                let parsed = try OpenMetricsSyntax.sample(line)
                try sample(parsed, number: number)
            }
        } catch let failure as OpenMetricsSyntax.Failure {
            collector.report(line: number, column: failure.column, .error, failure.check, failure.message)
        } catch {
            collector.report(line: number, column: 1, .error, "syntax", "\(error)")
        }
    }

    func finish() {
        if !sawEOF {
            endFamily()
            collector.report(
                line: max(lastLine, 1), column: 1, .error, "missing-eof", "the exposition does not end with # EOF")
        }
        checker.flush()
    }

    private func metadata(_ line: UnsafeRawBufferPointer, number: Int) throws {
        var cursor = LineCursor(line)
        cursor.index = 1
        guard cursor.current == 0x20 else {
            throw OpenMetricsSyntax.Failure(
                column: 2, check: "syntax", message: "a comment line must be # HELP, # TYPE, # UNIT or # EOF")
        }
        cursor.index += 1
        let keywordStart = cursor.index
        while let byte = cursor.current, byte != 0x20 { cursor.index += 1 }
        let keyword = String(bytes: cursor.slice(from: keywordStart))
        guard ["HELP", "TYPE", "UNIT"].contains(keyword), cursor.current == 0x20 else {
            throw OpenMetricsSyntax.Failure(
                column: keywordStart + 1, check: "syntax",
                message: "a comment line must be # HELP, # TYPE, # UNIT or # EOF followed by a name and a value")
        }
        cursor.index += 1
        let nameColumn = cursor.column
        let name: String
        if cursor.current == UInt8(ascii: "\"") {
            let (bytes, problem) = cursor.quoted(lax: true)
            if let problem { throw OpenMetricsSyntax.Failure(column: cursor.column, check: "syntax", message: problem) }
            name = String(decoding: bytes, as: UTF8.self)
        } else {
            name = String(bytes: cursor.legacyName(allowColon: true))
        }
        guard !name.isEmpty, cursor.current == 0x20 else {
            throw OpenMetricsSyntax.Failure(
                column: cursor.column, check: "syntax", message: "expected a metric name and a space after \(keyword)")
        }
        cursor.index += 1
        let rest = UnsafeRawBufferPointer(rebasing: line[cursor.index...])
        if family?.name == name {
            if family?.hasSamples == true {
                throw OpenMetricsSyntax.Failure(
                    column: 3, check: "metadata-after-samples", message: "\(keyword) for \(name) after its samples")
            }
        } else {
            endFamily()
            startFamily(name, line: number)
        }
        guard var current = family.take() else { return }
        defer { family = current }
        switch keyword {
        case "HELP":
            guard current.help == nil else {
                throw OpenMetricsSyntax.Failure(column: 3, check: "duplicate-help", message: "second HELP for \(name)")
            }
            current.help = OpenMetricsFamily.unescapeHelp(rest)
        case "TYPE":
            guard current.type == nil else {
                throw OpenMetricsSyntax.Failure(column: 3, check: "duplicate-type", message: "second TYPE for \(name)")
            }
            let word = String(bytes: rest)
            guard let type = MetricType(rawValue: word) else {
                throw OpenMetricsSyntax.Failure(
                    column: cursor.column, check: "unknown-type", message: "unknown metric type \"\(word)\"")
            }
            current.type = type
            collector.families[current.output].type = type
        default:
            guard current.unit == nil else {
                throw OpenMetricsSyntax.Failure(column: 3, check: "duplicate-unit", message: "second UNIT for \(name)")
            }
            if let bad = rest.firstIndex(where: { !NameEscaping.isLegacyByte($0, index: 1, allowColon: true) }) {
                throw OpenMetricsSyntax.Failure(
                    column: cursor.column + bad, check: "unit", message: "invalid character in UNIT")
            }
            current.unit = String(bytes: rest)
            current.unitLine = number
        }
        _ = nameColumn
    }

    func startFamily(_ name: String, line: Int) {
        let output = collector.addFamily(name: name, type: .unknown, line: line)
        family = OpenMetricsFamily(name: name, output: output, line: line)
    }

    /// Closes the current family: name clashes, unit rules, the last histogram group.
    func endFamily() {
        guard var current = family else { return }
        family = nil
        current.endHistogramRun(collector: collector)
        let type = current.type ?? .unknown
        // In a fixed order (a Set's order differs from one instance to the next).
        let suffixes = OpenMetricsFamily.suffixes(type)
        for suffix in suffixes.contains("") ? suffixes : suffixes + [""] {
            if !seenNames.insert(current.name + suffix).inserted {
                collector.report(
                    line: current.line, column: 1, .error, "clashing-name",
                    "\(current.name + suffix) clashes with an earlier family (families must be contiguous and distinct)"
                )
            }
        }
        if let unit = current.unit, !unit.isEmpty {
            if !current.name.hasSuffix("_" + unit) {
                collector.report(
                    line: current.unitLine, column: 1, .error, "unit-mismatch",
                    "the name \(current.name) does not end with _\(unit)")
            }
            if type == .info || type == .stateset {
                collector.report(
                    line: current.unitLine, column: 1, .error, "unit-mismatch", "\(type.rawValue) metrics have no unit")
            }
        }
        var output = collector.families[current.output]
        output.type = type
        output.help = current.help ?? ""
        output.unit = current.unit ?? ""
        collector.families[current.output] = output
    }
}
