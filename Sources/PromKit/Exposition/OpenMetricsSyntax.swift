/// The OpenMetrics 1.0 grammar of one sample line, strictly: single spaces,
/// no trailing comma, numbers checked before conversion. Quoted UTF-8 names
/// (`{"my.metric",a="b"} 1`) are accepted as prometheus_client writes them.
struct OpenMetricsSyntax {
    struct Failure: Error {
        var column: Int
        var check: String
        var message: String
    }

    struct Line {
        var name: String
        var labels: [Label]
        var labelColumns: [Int]
        var value: Double
        var valueColumn: Int
        var timestamp: Double?
        var exemplar: Exemplar?
        var exemplarColumn: Int
    }

    /// Parses a sample line.
    static func sample(_ bytes: UnsafeRawBufferPointer) throws -> Line {
        var cursor = LineCursor(bytes)
        var name: String?
        var labels: [Label] = []
        var columns: [Int] = []
        if cursor.current != UInt8(ascii: "{") {
            let token = cursor.legacyName(allowColon: true)
            guard !token.isEmpty else {
                throw Failure(column: cursor.column, check: "metric-name", message: "invalid metric name")
            }
            name = String(bytes: token)
        }
        if cursor.current == UInt8(ascii: "{") {
            try labelSet(&cursor, into: &labels, columns: &columns, metricName: &name)
        }
        guard let name else { throw Failure(column: 1, check: "metric-name", message: "missing metric name") }
        try expectSpace(&cursor, "a space before the value")
        let valueColumn = cursor.column
        let value = try number(&cursor, what: "value")
        var line = Line(
            name: name, labels: labels, labelColumns: columns, value: value, valueColumn: valueColumn,
            timestamp: nil, exemplar: nil, exemplarColumn: 0)
        if cursor.atEnd { return line }
        try expectSpace(&cursor, "a space")
        if cursor.current != UInt8(ascii: "#") {
            line.timestamp = try timestamp(&cursor)
            if cursor.atEnd { return line }
            try expectSpace(&cursor, "a space before the exemplar")
        }
        line.exemplarColumn = cursor.column
        line.exemplar = try exemplar(&cursor)
        return line
    }

    private static func exemplar(_ cursor: inout LineCursor) throws -> Exemplar {
        guard cursor.current == UInt8(ascii: "#") else {
            throw Failure(column: cursor.column, check: "exemplar", message: "expected '#' starting an exemplar")
        }
        cursor.index += 1
        try expectSpace(&cursor, "a space after '#'")
        guard cursor.current == UInt8(ascii: "{") else {
            throw Failure(column: cursor.column, check: "exemplar", message: "expected '{' of the exemplar labels")
        }
        var labels: [Label] = []
        var columns: [Int] = []
        var none: String? = ""
        let start = cursor.column
        try labelSet(&cursor, into: &labels, columns: &columns, metricName: &none)
        let length = labels.reduce(0) { $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count }
        if length > 128 {
            throw Failure(
                column: start, check: "exemplar",
                message: "exemplar labels have \(length) characters; at most 128 are allowed")
        }
        try expectSpace(&cursor, "a space before the exemplar value")
        let value = try number(&cursor, what: "exemplar value")
        var timestamp: Double?
        if !cursor.atEnd {
            try expectSpace(&cursor, "a space before the exemplar timestamp")
            timestamp = try self.timestamp(&cursor)
            if !cursor.atEnd {
                throw Failure(column: cursor.column, check: "syntax", message: "unexpected text after the exemplar")
            }
        }
        return Exemplar(labels: labels, value: value, timestamp: timestamp)
    }

    private static func expectSpace(_ cursor: inout LineCursor, _ what: String) throws {
        guard cursor.current == 0x20 else {
            throw Failure(column: cursor.column, check: "syntax", message: "expected \(what)")
        }
        cursor.index += 1
    }

    private static func token(_ cursor: inout LineCursor) -> UnsafeRawBufferPointer {
        let start = cursor.index
        while let byte = cursor.current, byte != 0x20 { cursor.index += 1 }
        return cursor.slice(from: start)
    }

    private static func number(_ cursor: inout LineCursor, what: String) throws -> Double {
        let column = cursor.column
        let text = token(&cursor)
        guard let value = NumberGrammar.openMetricsNumber(text) else {
            throw Failure(
                column: column, check: "number",
                message: "invalid \(what) \"\(String(decoding: text, as: UTF8.self))\"")
        }
        return value
    }

    private static func timestamp(_ cursor: inout LineCursor) throws -> Double {
        let column = cursor.column
        let text = token(&cursor)
        guard let value = NumberGrammar.openMetricsRealNumber(text) else {
            throw Failure(
                column: column, check: "timestamp",
                message: "invalid timestamp \"\(String(decoding: text, as: UTF8.self))\"")
        }
        return value
    }

    /// `{` [label *("," label)] `}`; in braces-first form a quoted term without `=` is the name.
    static func labelSet(
        _ cursor: inout LineCursor, into labels: inout [Label], columns: inout [Int], metricName: inout String?
    ) throws {
        cursor.index += 1
        if cursor.current == UInt8(ascii: "}") {
            cursor.index += 1
            return
        }
        var names = Set<String>()
        while true {
            let column = cursor.column
            let labelName: String
            var quotedName = false
            if cursor.current == UInt8(ascii: "\"") {
                let (bytes, problem) = cursor.quoted(lax: true)
                if let problem { throw Failure(column: cursor.column, check: "syntax", message: problem) }
                labelName = String(decoding: bytes, as: UTF8.self)
                quotedName = true
            } else {
                let token = cursor.legacyName(allowColon: false)
                guard !token.isEmpty else {
                    throw Failure(column: column, check: "label-name", message: "invalid label name")
                }
                labelName = String(bytes: token)
            }
            if cursor.current != UInt8(ascii: "="), quotedName, metricName == nil, labels.isEmpty {
                metricName = labelName
            } else {
                guard cursor.current == UInt8(ascii: "=") else {
                    throw Failure(column: cursor.column, check: "syntax", message: "expected '=' after label name")
                }
                cursor.index += 1
                guard cursor.current == UInt8(ascii: "\"") else {
                    throw Failure(
                        column: cursor.column, check: "label-value", message: "expected '\"' starting the label value")
                }
                let value: String
                if let plain = cursor.quotedPlain() {
                    value = String(bytes: plain)
                } else {
                    let (bytes, problem) = cursor.quoted(lax: true)
                    if let problem { throw Failure(column: cursor.column, check: "label-value", message: problem) }
                    value = String(decoding: bytes, as: UTF8.self)
                }
                // Pairwise for a few labels; a set once there are many (linear time).
                if labels.count == 16 { names = Set(labels.map(\.name)) }
                let repeated =
                    labels.count >= 16
                    ? !names.insert(labelName).inserted : labels.contains(where: { $0.name == labelName })
                if labelName == "__name__" || repeated {
                    throw Failure(
                        column: column, check: "duplicate-label", message: "label \(labelName) is given twice")
                }
                labels.append(Label(labelName, value))
                columns.append(column)
            }
            switch cursor.current {
            case UInt8(ascii: ","):
                cursor.index += 1
            case UInt8(ascii: "}"):
                cursor.index += 1
                return
            default:
                throw Failure(column: cursor.column, check: "syntax", message: "expected ',' or '}' after a label")
            }
        }
    }
}
