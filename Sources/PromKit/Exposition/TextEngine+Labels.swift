extension TextEngine {
    /// `{name="value", ...}` from the `{`, into ``rawLabels``; in the braces-first
    /// form (text 1.0.0) also the metric name, as a term without `=`.
    func labelSet(_ cursor: inout LineCursor, bracesFirst: Bool, metricName: inout String?) throws {
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
                return
            }
            let column = cursor.column
            let (nameStart, nameEnd, nameEscaped) = try labelNameToken(&cursor)
            cursor.skipBlanks()
            if cursor.current != UInt8(ascii: "=") {
                guard bracesFirst else {
                    throw LineError(column: cursor.column, check: "syntax", message: "expected '=' after label name")
                }
                guard metricName == nil else {
                    throw LineError(column: column, check: "metric-name", message: "multiple metric names")
                }
                metricName = Self.text(cursor.bytes, nameStart, nameEnd, escaped: nameEscaped)
                if cursor.current == UInt8(ascii: ",") { continue }
                if cursor.current == UInt8(ascii: "}") {
                    cursor.index += 1
                    cursor.skipBlanks()
                    return
                }
                throw LineError(column: cursor.column, check: "syntax", message: "unexpected end of metric name")
            }
            if Self.isWord(UnsafeRawBufferPointer(rebasing: cursor.bytes[nameStart..<nameEnd]), Self.reservedNameWord) {
                throw LineError(column: column, check: "label-name", message: "label name \"__name__\" is reserved")
            }
            cursor.index += 1
            cursor.skipBlanks()
            guard cursor.current == UInt8(ascii: "\"") else {
                throw LineError(
                    column: cursor.column, check: "label-value", message: "expected '\"' at start of label value")
            }
            let valueColumn = cursor.column
            let (valueStart, valueEnd, valueEscaped) = try quotedRange(&cursor, check: "label-value")
            guard Self.isValidUTF8(UnsafeRawBufferPointer(rebasing: cursor.bytes[valueStart..<valueEnd])) else {
                throw LineError(column: valueColumn, check: "label-value", message: "label value is not valid UTF-8")
            }
            rawLabels.append(
                RawLabel(
                    nameStart: nameStart, nameEnd: nameEnd, nameEscaped: nameEscaped, valueStart: valueStart,
                    valueEnd: valueEnd, valueEscaped: valueEscaped, column: column))
            cursor.skipBlanks()
            switch cursor.current {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"):
                cursor.index += 1
                cursor.skipBlanks()
                if metricName == nil {
                    throw LineError(column: cursor.column, check: "metric-name", message: "invalid metric name")
                }
                return
            default:
                throw LineError(column: cursor.column, check: "syntax", message: "unexpected end of label value")
            }
        }
    }

    /// A legacy label name, or a quoted UTF-8 one: its byte range.
    private func labelNameToken(_ cursor: inout LineCursor) throws -> (Int, Int, Bool) {
        let column = cursor.column
        if cursor.current == UInt8(ascii: "\"") {
            let range = try quotedRange(&cursor, check: "syntax")
            let bytes = UnsafeRawBufferPointer(rebasing: cursor.bytes[range.0..<range.1])
            guard !bytes.isEmpty, Self.isValidUTF8(bytes) else {
                throw LineError(column: column, check: "label-name", message: "quoted name is empty or not valid UTF-8")
            }
            return range
        }
        let start = cursor.index
        let token = cursor.legacyName(allowColon: false)
        guard !token.isEmpty else {
            throw LineError(column: column, check: "label-name", message: "invalid label name")
        }
        return (start, cursor.index, false)
    }

    /// At a `"`: the range of the quoted text (escapes `\\`, `\"`, `\n` only) and
    /// whether it holds escapes; the position ends past the closing quote.
    private func quotedRange(_ cursor: inout LineCursor, check: String) throws -> (Int, Int, Bool) {
        let start = cursor.index + 1
        var index = start
        var escaped = false
        let bytes = cursor.bytes
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                cursor.index = index + 1
                return (start, index, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0x0A
                guard next == UInt8(ascii: "\\") || next == UInt8(ascii: "\"") || next == UInt8(ascii: "n") else {
                    cursor.index = index
                    throw LineError(
                        column: index + 1, check: check,
                        message: next == 0x0A
                            ? "unterminated quoted string"
                            : "invalid escape sequence '\\\(Character(Unicode.Scalar(next)))'")
                }
                escaped = true
                index += 2
                continue
            }
            index += 1
        }
        throw LineError(
            column: bytes.count + 1, check: check,
            message: "label value contains an unescaped new-line or is unterminated")
    }

    /// Whether bytes are valid UTF-8 (ASCII checked first, cheaply).
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
