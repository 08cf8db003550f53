/// Number formatting exactly as prometheus_client renders it.
///
/// `repr` is Python's `repr(float)`: the shortest digits that round-trip,
/// fixed notation for decimal exponents from -4 to 16 with at least one digit
/// after the point, scientific notation otherwise (`1e-05`, `1.5e+16`).
/// `goString` is `prometheus_client.utils.floatToGoString`: `+Inf`, `-Inf`,
/// `NaN`, and a positive number whose point sits past index 6 rewritten
/// Go-style (`1234567.0` is `1.234567e+06`).
public enum FloatFormatting {
    /// The shortest round-trip decimal digits of a finite, non-zero magnitude,
    /// and the decimal exponent `e` such that the value is `0.DIGITS × 10^e`.
    static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], exponent: Int) {
        // Swift's description prints the shortest digits that round-trip and,
        // among those, the closest to the exact value, as Python's repr does.
        // Only its layout differs, so read the digits and the exponent back out.
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var pointIndex: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in magnitude.description.utf8 {
            if inExponent {
                switch byte {
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "+"): break
                default: exponent = exponent * 10 + Int(byte &- UInt8(ascii: "0"))
                }
            } else if byte == UInt8(ascii: ".") {
                pointIndex = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                inExponent = true
            } else {
                digits.append(byte)
            }
        }
        var decimalPoint = (pointIndex ?? digits.count) + exponentSign * exponent
        // Normalise: no leading zeros, no trailing zeros.
        var leading = 0
        while leading < digits.count - 1, digits[leading] == UInt8(ascii: "0") {
            leading += 1
        }
        if leading > 0 {
            digits.removeFirst(leading)
            decimalPoint -= leading
        }
        while digits.count > 1, digits[digits.count - 1] == UInt8(ascii: "0") {
            digits.removeLast()
        }
        return (digits, decimalPoint)
    }

    /// Python's `repr(value)` for a float.
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        var out: [UInt8] = []
        out.reserveCapacity(26)
        if value.sign == .minus { out.append(UInt8(ascii: "-")) }
        let (digits, point) = shortestDigits(value.magnitude)
        if point > -4 && point <= 16 {
            if point <= 0 {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
                out.append(contentsOf: digits)
            } else if point >= digits.count {
                out.append(contentsOf: digits)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
                out.append(UInt8(ascii: "."))
                out.append(UInt8(ascii: "0"))
            } else {
                out.append(contentsOf: digits[..<point])
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[point...])
            }
        } else {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            let exponent = point - 1
            out.append(UInt8(ascii: "e"))
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = exponent.magnitude
            if magnitude < 10 { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: String(magnitude).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `prometheus_client.utils.floatToGoString(value)`.
    public static func goString(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let text = repr(value)
        guard value > 0 else { return text }
        let bytes = Array(text.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > 6 else { return text }
        // mantissa = s[0] + "." + s[1:dot] + s[dot+1:], then rstrip("0.")
        var mantissa: [UInt8] = [bytes[0], UInt8(ascii: ".")]
        mantissa.append(contentsOf: bytes[1..<dot])
        mantissa.append(contentsOf: bytes[(dot + 1)...])
        while let last = mantissa.last, last == UInt8(ascii: "0") || last == UInt8(ascii: ".") {
            mantissa.removeLast()
        }
        let exponent = dot - 1
        mantissa.append(contentsOf: "e+".utf8)
        if exponent < 10 { mantissa.append(UInt8(ascii: "0")) }
        mantissa.append(contentsOf: String(exponent).utf8)
        return String(decoding: mantissa, as: UTF8.self)
    }
}
