#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number grammars of the exposition formats, checked on bytes before any
/// conversion (so that `0x1p-3`, `0x1`, `nan(0x1)` or `1_000`, which `Double(_:)`
/// or C's `strtod` would take, are refused).
public enum NumberGrammar {
    /// A float as Go's `strconv.ParseFloat` reads it in prometheus/common's text
    /// parser: decimal with optional sign, point and exponent; `inf`/`infinity`
    /// with optional sign and `nan`, case-insensitive; no `p`, `_` or hex; a
    /// value that overflows is refused.
    public static func goFloat(_ token: UnsafeRawBufferPointer) -> Double? {
        if let special = special(token, signedNaN: false) { return special }
        guard isRealNumber(token) else { return nil }
        let value = convert(token)
        return value.isInfinite ? nil : value
    }

    /// ``goFloat(_:)`` of a string.
    public static func goFloat(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { goFloat(UnsafeRawBufferPointer($0)) }
    }

    /// ``openMetricsNumber(_:)`` of a string.
    public static func openMetricsNumber(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { openMetricsNumber(UnsafeRawBufferPointer($0)) }
    }

    /// A number of OpenMetrics 1.0: a real number, `[sign] inf|infinity` or `nan`
    /// (case-insensitive). Overflow gives infinity, as Python's `float` does.
    public static func openMetricsNumber(_ token: UnsafeRawBufferPointer) -> Double? {
        if let special = special(token, signedNaN: false) { return special }
        guard isRealNumber(token) else { return nil }
        return convert(token)
    }

    /// A real number of OpenMetrics (timestamps): decimal only, finite.
    public static func openMetricsRealNumber(_ token: UnsafeRawBufferPointer) -> Double? {
        guard isRealNumber(token) else { return nil }
        let value = convert(token)
        return value.isFinite ? value : nil
    }

    /// A decimal 64-bit signed integer as Go's `strconv.ParseInt(s, 10, 64)` reads it.
    public static func goInt64(_ token: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        var negative = false
        if let first = token.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < token.count else { return nil }
        var magnitude: UInt64 = 0
        while index < token.count {
            let digit = token[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// `[+-]? (digits [. digits*] | digits* . digits) ([eE] [+-]? digits)?`.
    static func isRealNumber(_ token: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = token.count
        if index < count, token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while index < count, isDigit(token[index]) {
            index += 1
            digits += 1
        }
        if index < count, token[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, isDigit(token[index]) {
                index += 1
                digits += 1
            }
        }
        guard digits > 0 else { return false }
        if index < count, token[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, token[index] == UInt8(ascii: "+") || token[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < count, isDigit(token[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return false }
        }
        return index == count
    }

    /// `inf`, `infinity` (optionally signed) and `nan`, case-insensitive, whole token.
    static func special(_ token: UnsafeRawBufferPointer, signedNaN: Bool) -> Double? {
        guard let first = token.first else { return nil }
        var index = 0
        var sign = 1.0
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            index = 1
        }
        let rest = UnsafeRawBufferPointer(rebasing: token[index...])
        if equalsIgnoringCase(rest, "inf") || equalsIgnoringCase(rest, "infinity") { return sign * .infinity }
        if (index == 0 || signedNaN) && equalsIgnoringCase(rest, "nan") { return .nan }
        return nil
    }

    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for index in 0..<bytes.count where bytes[index] | 0x20 != pointer[index] {
            return false
        }
        return true
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Exact powers of ten as doubles (10^0 ... 10^22).
    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Clinger's fast path: a decimal with at most 15 significant digits and a
    /// power of ten within 10^22 converts exactly with one multiply or divide.
    @inline(__always)
    static func fastConvert(_ token: UnsafeRawBufferPointer) -> Double? {
        var index = 0
        var negative = false
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") {
            negative = token[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var afterPoint = false
        while index < token.count {
            let byte = token[index]
            if byte == UInt8(ascii: ".") {
                afterPoint = true
            } else if isDigit(byte) {
                if mantissa == 0 && byte == UInt8(ascii: "0") {
                    if afterPoint { scale -= 1 }
                } else {
                    digits += 1
                    if digits > 15 { return nil }
                    mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                    if afterPoint { scale -= 1 }
                }
            } else {
                return nil
            }
            index += 1
        }
        guard scale >= -22 else { return nil }
        let magnitude = scale == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[-scale]
        return negative ? -magnitude : magnitude
    }

    /// Converts a token already checked to be a decimal real number (correctly rounded).
    static func convert(_ token: UnsafeRawBufferPointer) -> Double {
        if let fast = fastConvert(token) { return fast }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: token.count + 1) { buffer in
            for index in 0..<token.count { buffer[index] = CChar(bitPattern: token[index]) }
            buffer[token.count] = 0
            guard let start = buffer.baseAddress else { return Double.nan }
            return strtod(start, nil)
        }
    }
}
