/// Text format 0.0.4 and 1.0.0, line by line, rejecting exactly what
/// prometheus/common's `TextParser` (used by `promtool check metrics`) rejects,
/// plus quoted UTF-8 names of text 1.0.0.
///
/// An engine, its ``ResultCollector`` and its ``SeriesChecker`` belong to one
/// parser on one thread, and none of them reaches its own state re-entrantly:
/// their hot stored properties skip the run-time exclusivity checks
/// (`@exclusivity(unchecked)`), which took a sixth of `validate`'s time.
final class TextEngine: LineEngine {
    let collector: ResultCollector
    let checker: SeriesChecker
    @exclusivity(unchecked) var table = TextFamilyTable()
    @exclusivity(unchecked) var lineNumber = 0
    /// What is known of the last sample name; consecutive samples mostly share it.
    @exclusivity(unchecked) var lastName = NameFacts.none
    /// The facts of the names read since the last comment line, by their bytes
    /// (a histogram's names take turns: `_bucket`, `_count`, `_sum`, `_bucket`…).
    @exclusivity(unchecked) var nameTable = KeyTable(slots: 64)
    @exclusivity(unchecked) var nameFacts: [NameFacts] = []
    /// The current line's labels (reused from line to line).
    @exclusivity(unchecked) var rawLabels: [RawLabel] = []
    /// Reused storage for handing labels to a sink.
    var spans: [LabelRuns.Span] = []
    var scratch: [UInt8] = []

    init(collector: ResultCollector) {
        self.collector = collector
        self.checker = SeriesChecker(collector: collector, histogramWarnings: true)
    }

    struct LineError: Error {
        var column: Int
        var check: String
        var message: String
    }

    func consume(line: UnsafeRawBufferPointer, number: Int, terminated: Bool) {
        lineNumber = number
        var cursor = LineCursor(line)
        cursor.skipBlanks()
        if cursor.atEnd { return }
        do {
            if cursor.current == UInt8(ascii: "#") {
                cursor.index += 1
                try comment(&cursor)
            } else {
                try sample(&cursor)
            }
            if !terminated {
                collector.report(
                    line: number, column: line.count + 1, .error, "missing-newline",
                    "unexpected end of input stream: the last line has no newline")
            }
        } catch let error as LineError {
            collector.report(line: number, column: error.column, .error, error.check, error.message)
        } catch {
            collector.report(line: number, column: 1, .error, "syntax", "\(error)")
        }
    }

    func finish() {
        checker.flush()
        for entry in table.entries {
            var family = collector.families[entry.output]
            family.type = entry.type?.metricType ?? .unknown
            family.help = entry.help ?? ""
            if family.type == .counter, family.name.hasSuffix("_total") {
                family.name = String(family.name.dropLast(6))
            }
            collector.families[entry.output] = family
        }
        collector.dropEmptyFamilies()
    }

    // MARK: comments

    private func comment(_ cursor: inout LineCursor) throws {
        // A HELP or TYPE line may change the family a name belongs to.
        lastName = .none
        if !nameFacts.isEmpty {
            nameFacts.removeAll(keepingCapacity: true)
            nameTable.truncate(to: 0)
        }
        cursor.skipBlanks()
        if cursor.atEnd { return }
        let keywordColumn = cursor.column
        let keyword = cursor.tokenUntilBlank()
        if cursor.atEnd { return }
        let isHelp = keyword.elementsEqual("HELP".utf8)
        guard isHelp || keyword.elementsEqual("TYPE".utf8) else { return }
        cursor.skipBlanks()
        let nameColumn = cursor.column
        let name = try metricName(&cursor)
        if cursor.atEnd { return }
        guard let byte = cursor.current, LineCursor.isBlank(byte) else {
            throw LineError(column: cursor.column, check: "metric-name", message: "invalid metric name in comment")
        }
        let (index, _) = table.entry(for: name, line: lineNumber, collector: collector)
        cursor.skipBlanks()
        if cursor.atEnd { return }
        if isHelp {
            guard table.entries[index].help == nil else {
                throw LineError(
                    column: keywordColumn, check: "duplicate-help",
                    message: "second HELP line for metric name \"\(name)\"")
            }
            table.entries[index].help = try helpText(&cursor)
        } else {
            guard table.entries[index].type == nil else {
                throw LineError(
                    column: keywordColumn, check: "duplicate-type",
                    message: "second TYPE line for metric name \"\(name)\", or TYPE reported after samples")
            }
            // Go drops backslashes here and compares case-insensitively.
            let typeColumn = cursor.column
            let raw = cursor.bytes[cursor.index...].filter { $0 != UInt8(ascii: "\\") }
            let word = String(decoding: raw, as: UTF8.self)
            guard let type = TextFamilyTable.GoType(rawValue: word.uppercased()) else {
                throw LineError(column: typeColumn, check: "unknown-type", message: "unknown metric type \"\(word)\"")
            }
            table.entries[index].type = type
            collector.families[table.entries[index].output].type = type.metricType
            _ = nameColumn
        }
    }

    private func helpText(_ cursor: inout LineCursor) throws -> String {
        var out: [UInt8] = []
        while let byte = cursor.current {
            if byte == UInt8(ascii: "\\") {
                let next = cursor.index + 1 < cursor.bytes.count ? cursor.bytes[cursor.index + 1] : 0x0A
                switch next {
                case UInt8(ascii: "\\"): out.append(next)
                case UInt8(ascii: "n"): out.append(0x0A)
                default:
                    throw LineError(
                        column: cursor.column, check: "escape",
                        message: "invalid escape sequence in HELP (only \\\\ and \\n are allowed)")
                }
                cursor.index += 2
            } else {
                out.append(byte)
                cursor.index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A legacy metric name, or (text 1.0.0) a quoted UTF-8 one; empty when neither starts here.
    private func metricName(_ cursor: inout LineCursor) throws -> String {
        if cursor.current == UInt8(ascii: "\"") { return try quotedName(&cursor) }
        return String(bytes: cursor.legacyName(allowColon: true))
    }

    private func quotedName(_ cursor: inout LineCursor) throws -> String {
        let column = cursor.column
        let (bytes, problem) = cursor.quoted(lax: false)
        if let problem { throw LineError(column: cursor.column, check: "syntax", message: problem) }
        guard let name = String(validating: bytes, as: UTF8.self), !name.isEmpty else {
            throw LineError(column: column, check: "metric-name", message: "quoted name is empty or not valid UTF-8")
        }
        return name
    }
}
