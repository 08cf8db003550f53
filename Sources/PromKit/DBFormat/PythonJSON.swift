/// A JSON reader and writer for `.db` keys that decodes what Python's
/// `json.loads` decodes and encodes as `json.dumps` (with `ensure_ascii`) does.
///
/// It reads strings, arrays and objects, works on the raw bytes, and fails with
/// the byte offset of the first problem. Numbers and literals are read so that
/// a key holding one is reported as of the wrong shape rather than as invalid
/// JSON.
struct PythonJSON {
    enum Value {
        case string(String)
        case array([Value])
        case object([(String, String)])
        case scalar
    }

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(KeyError) -> Value {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw fail("extra data after the key") }
        return value
    }

    private func fail(_ reason: String) -> KeyError {
        KeyError(offset: position, reason: reason)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(KeyError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    private mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    private mutating func parseValue(depth: Int) throws(KeyError) -> Value {
        guard depth < 16 else { throw fail("nested too deeply") }
        guard let byte = peek() else { throw fail("unexpected end of key") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "["):
            position += 1
            var items: [Value] = []
            if peek() == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                items.append(try parseValue(depth: depth + 1))
                guard let next = peek() else { throw fail("unexpected end of key") }
                position += 1
                if next == UInt8(ascii: "]") { return .array(items) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw fail("expected ',' or ']'")
                }
            }
        case UInt8(ascii: "{"):
            position += 1
            var pairs: [(String, String)] = []
            if peek() == UInt8(ascii: "}") {
                position += 1
                return .object(pairs)
            }
            while true {
                guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string label name") }
                let name = try parseString()
                try expect(UInt8(ascii: ":"))
                guard peek() == UInt8(ascii: "\"") else { throw fail("label value is not a string") }
                let value = try parseString()
                pairs.append((name, value))
                guard let next = peek() else { throw fail("unexpected end of key") }
                position += 1
                if next == UInt8(ascii: "}") { return .object(pairs) }
                guard next == UInt8(ascii: ",") else {
                    position -= 1
                    throw fail("expected ',' or '}'")
                }
            }
        default:
            try skipScalar()
            return .scalar
        }
    }

    /// Numbers, `true`, `false`, `null`, and Python's `NaN` and `Infinity`.
    private mutating func skipScalar() throws(KeyError) {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            let isWord =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            if !isWord { break }
            position += 1
        }
        guard position > start else { throw fail("unexpected character") }
    }

    private mutating func parseString() throws(KeyError) -> String {
        position += 1  // the opening quote
        let start = position
        // Fast path: no escapes, ASCII (no validating needed) or UTF-8 text up to the closing quote.
        var ascii = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw KeyError(offset: start, reason: "string is not valid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in string") }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        guard position < bytes.count else { throw fail("unterminated string") }
        // Slow path with escapes.
        var scalars = String.UnicodeScalarView()
        if position > start {
            let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw KeyError(offset: start, reason: "string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        var runStart = position
        func flush(_ end: Int) throws(KeyError) {
            guard end > runStart else { return }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[runStart..<end])
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw KeyError(offset: runStart, reason: "string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try flush(position)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            try flush(position)
            guard position + 1 < bytes.count else { throw fail("unterminated escape") }
            let escape = bytes[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let escapeOffset = position - 2
                let high = try hex4()
                if (0xD800...0xDBFF).contains(high) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        throw KeyError(offset: escapeOffset, reason: "lone surrogate \\u\(String(high, radix: 16))")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw KeyError(offset: escapeOffset, reason: "lone surrogate \\u\(String(high, radix: 16))")
                    }
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw fail("invalid escape") }
                    scalars.append(scalar)
                } else if (0xDC00...0xDFFF).contains(high) {
                    throw KeyError(offset: escapeOffset, reason: "lone surrogate \\u\(String(high, radix: 16))")
                } else {
                    guard let scalar = Unicode.Scalar(high) else { throw fail("invalid escape") }
                    scalars.append(scalar)
                }
            default:
                position -= 2
                throw fail("invalid escape")
            }
            runStart = position
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(KeyError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Appends `text` as `json.dumps` writes a string with `ensure_ascii=True`.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        func appendEscape(_ unit: UInt16) {
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
            out.append(hex[Int(unit >> 12)])
            out.append(hex[Int(unit >> 8 & 0xF)])
            out.append(hex[Int(unit >> 4 & 0xF)])
            out.append(hex[Int(unit & 0xF)])
        }
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case "\\": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case "\n": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case "\r": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case "\t": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case "\u{08}": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case "\u{0C}": out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    for unit in String(scalar).utf16 { appendEscape(unit) }
                } else {
                    out.append(UInt8(scalar.value))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
