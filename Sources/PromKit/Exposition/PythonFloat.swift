/// Python's `float(text)` for strings: what prometheus_client uses to read a
/// histogram bucket's `le`.
///
/// It accepts surrounding whitespace, a sign, `inf`, `infinity` and `nan` in any
/// case, underscores between digits, and decimal literals; it rejects what Swift
/// would also take, such as hexadecimal (`0x1p3`) and `nan(0x1)`.
enum PythonFloat {
    static func parse(_ text: String) -> Double? {
        // Fast path: plain decimal spellings, as bucket bounds are written.
        if !text.isEmpty, text.utf8.count < 32,
            text.utf8.allSatisfy({
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
                    || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
            }), let first = text.utf8.first, first != UInt8(ascii: "."),
            text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Double(text)
        {
            return value
        }
        if text == "+Inf" { return .infinity }
        var bytes = Array(text.utf8)
        // Python strips Unicode whitespace; ASCII whitespace covers what keys hold.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        var start = 0
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        bytes.removeFirst(start)
        guard !bytes.isEmpty else { return nil }
        var negative = false
        var body = bytes[...]
        if body.first == UInt8(ascii: "+") || body.first == UInt8(ascii: "-") {
            negative = body.first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let lower = String(decoding: body, as: UTF8.self).lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return negative ? -.nan : .nan }
        // Decimal literal: digits with single underscores between digits,
        // optional fraction, optional exponent.
        var cleaned: [UInt8] = []
        var previousDigit = false
        var sawDigit = false
        var index = body.startIndex
        var section = 0  // 0 integer, 1 fraction, 2 exponent
        while index < body.endIndex {
            let byte = body[index]
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if isDigit {
                cleaned.append(byte)
                previousDigit = true
                if section < 2 { sawDigit = true }
            } else if byte == UInt8(ascii: "_") {
                let next = body.index(after: index)
                guard previousDigit, next < body.endIndex,
                    body[next] >= UInt8(ascii: "0"), body[next] <= UInt8(ascii: "9")
                else { return nil }
                previousDigit = false
            } else if byte == UInt8(ascii: "."), section == 0 {
                cleaned.append(byte)
                section = 1
                previousDigit = false
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), section < 2, sawDigit {
                cleaned.append(UInt8(ascii: "e"))
                section = 2
                previousDigit = false
                let next = body.index(after: index)
                if next < body.endIndex, body[next] == UInt8(ascii: "+") || body[next] == UInt8(ascii: "-") {
                    cleaned.append(body[next])
                    index = next
                }
                let digitIndex = body.index(after: index)
                guard digitIndex < body.endIndex,
                    body[digitIndex] >= UInt8(ascii: "0"), body[digitIndex] <= UInt8(ascii: "9")
                else { return nil }
            } else {
                return nil
            }
            index = body.index(after: index)
        }
        guard sawDigit, let value = Double(String(decoding: cleaned, as: UTF8.self)) else { return nil }
        return negative ? -value : value
    }
}
