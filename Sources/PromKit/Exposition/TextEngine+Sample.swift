extension TextEngine {
    /// A label as written, with the column of its name.
    struct RawLabel {
        var name: String
        var value: String
        var column: Int
    }

    /// A sample line: name, optional labels, value, optional integer timestamp in ms.
    func sample(_ cursor: inout LineCursor) throws {
        let nameColumn = cursor.column
        var name: String?
        let bracesFirst = cursor.current == UInt8(ascii: "{")
        if !bracesFirst {
            let legacy = try metricNameForSample(&cursor)
            guard !legacy.isEmpty else {
                throw LineError(column: nameColumn, check: "metric-name", message: "invalid metric name")
            }
            name = legacy
            cursor.skipBlanks()
        }
        var labels: [RawLabel] = []
        if cursor.current == UInt8(ascii: "{") {
            labels = try labelSet(&cursor, bracesFirst: bracesFirst, metricName: &name)
        }
        guard let name else {
            throw LineError(column: nameColumn, check: "metric-name", message: "invalid metric name")
        }
        let (index, _) = table.entry(for: name, line: lineNumber, collector: collector)
        if table.entries[index].type == nil {
            table.entries[index].type = .untyped
            collector.families[table.entries[index].output].type = .unknown
        }
        let type = table.entries[index].type ?? .untyped
        try checkLabels(labels, type: type, family: table.entries[index].name)

        let valueColumn = cursor.column
        let valueToken = cursor.tokenUntilBlank()
        guard let value = NumberGrammar.goFloat(valueToken) else {
            throw LineError(
                column: valueColumn, check: "number",
                message: "expected float as value, got \"\(String(decoding: valueToken, as: UTF8.self))\"")
        }
        var timestamp: Double?
        if !cursor.atEnd {
            cursor.skipBlanks()
            let timestampColumn = cursor.column
            let token = cursor.tokenUntilBlank()
            guard let milliseconds = NumberGrammar.goInt64(token) else {
                throw LineError(
                    column: timestampColumn, check: "timestamp",
                    message: "expected integer as timestamp, got \"\(String(decoding: token, as: UTF8.self))\"")
            }
            if !cursor.atEnd {
                throw LineError(
                    column: cursor.column, check: "syntax", message: "spurious string after timestamp")
            }
            timestamp = Double(milliseconds) / 1000
        }
        let sample = Sample(
            name: name, labels: labels.map { Label($0.name, $0.value) }, value: value, timestamp: timestamp)
        let entry = table.entries[index]
        collector.addSample(sample, family: entry.output, line: lineNumber)
        checker.observe(
            sample, family: entry.output, familyName: entry.name, type: type.metricType, line: lineNumber,
            column: valueColumn)
    }

    private func metricNameForSample(_ cursor: inout LineCursor) throws -> String {
        if cursor.current == UInt8(ascii: "\"") {
            throw LineError(
                column: cursor.column, check: "metric-name",
                message: "a quoted metric name must be inside the braces: {\"name\", ...}")
        }
        return String(bytes: cursor.legacyName(allowColon: true))
    }

    /// Duplicate label names (Go leaves `quantile` of summaries and `le` of
    /// histograms out of this check) and the float grammar of those two labels.
    private func checkLabels(_ labels: [RawLabel], type: TextFamilyTable.GoType, family: String) throws {
        for (position, label) in labels.enumerated() {
            let special =
                (type == .summary && label.name == "quantile") || (type == .histogram && label.name == "le")
            if special {
                if NumberGrammar.goFloat(label.value) == nil {
                    throw LineError(
                        column: label.column, check: "number",
                        message: "expected float as value for '\(label.name)' label, got \"\(label.value)\"")
                }
                continue
            }
            for earlier in labels[..<position] where earlier.name == label.name {
                throw LineError(
                    column: label.column, check: "duplicate-label",
                    message: "duplicate label names for metric \"\(family)\"")
            }
        }
    }

    /// `{name="value", ...}` from the `{`; in the braces-first form also the
    /// metric name as a term without `=`.
    func labelSet(_ cursor: inout LineCursor, bracesFirst: Bool, metricName: inout String?) throws -> [RawLabel] {
        var labels: [RawLabel] = []
        while true {
            cursor.index += 1
            cursor.skipBlanks()
            guard let byte = cursor.current else {
                throw LineError(column: cursor.column, check: "label-name", message: "invalid label name")
            }
            if byte == UInt8(ascii: "}") {
                cursor.index += 1
                cursor.skipBlanks()
                if metricName == nil {
                    throw LineError(column: cursor.column, check: "metric-name", message: "invalid metric name")
                }
                return labels
            }
            let column = cursor.column
            let labelName = try labelNameToken(&cursor)
            cursor.skipBlanks()
            if cursor.current != UInt8(ascii: "=") {
                guard bracesFirst else {
                    throw LineError(column: cursor.column, check: "syntax", message: "expected '=' after label name")
                }
                guard metricName == nil else {
                    throw LineError(column: column, check: "metric-name", message: "multiple metric names")
                }
                metricName = labelName
                if cursor.current == UInt8(ascii: ",") { continue }
                if cursor.current == UInt8(ascii: "}") {
                    cursor.index += 1
                    cursor.skipBlanks()
                    return labels
                }
                throw LineError(column: cursor.column, check: "syntax", message: "unexpected end of metric name")
            }
            if labelName == "__name__" {
                throw LineError(column: column, check: "label-name", message: "label name \"__name__\" is reserved")
            }
            cursor.index += 1
            cursor.skipBlanks()
            guard cursor.current == UInt8(ascii: "\"") else {
                throw LineError(
                    column: cursor.column, check: "label-value", message: "expected '\"' at start of label value")
            }
            let valueColumn = cursor.column
            let (bytes, problem) = cursor.quoted(lax: false)
            if let problem {
                throw LineError(column: cursor.column, check: "label-value", message: problem)
            }
            guard let value = String(validating: bytes, as: UTF8.self) else {
                throw LineError(column: valueColumn, check: "label-value", message: "label value is not valid UTF-8")
            }
            labels.append(RawLabel(name: labelName, value: value, column: column))
            cursor.skipBlanks()
            switch cursor.current {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"):
                cursor.index += 1
                cursor.skipBlanks()
                if metricName == nil {
                    throw LineError(column: cursor.column, check: "metric-name", message: "invalid metric name")
                }
                return labels
            default:
                throw LineError(column: cursor.column, check: "syntax", message: "unexpected end of label value")
            }
        }
    }

    private func labelNameToken(_ cursor: inout LineCursor) throws -> String {
        let column = cursor.column
        if cursor.current == UInt8(ascii: "\"") {
            let (bytes, problem) = cursor.quoted(lax: false)
            if let problem { throw LineError(column: cursor.column, check: "syntax", message: problem) }
            guard let name = String(validating: bytes, as: UTF8.self), !name.isEmpty else {
                throw LineError(column: column, check: "label-name", message: "quoted name is empty or not valid UTF-8")
            }
            return name
        }
        let token = cursor.legacyName(allowColon: false)
        guard !token.isEmpty else {
            throw LineError(column: column, check: "label-name", message: "invalid label name")
        }
        return String(bytes: token)
    }
}
