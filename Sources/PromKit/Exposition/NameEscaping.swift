/// How metric and label names outside the legacy character set are written,
/// as prometheus_client's `escaping` parameter and the `escaping=` content-type
/// parameter name them.
public enum NameEscaping: String, Sendable, Codable, CaseIterable {
    /// Quote names that are not legacy-valid: `{"app.requests_total"} 1.0`.
    case allowUTF8 = "allow-utf-8"
    /// Replace every character outside the legacy set with `_` (the default).
    case underscores
    /// `_` becomes `__`, `.` becomes `_dot_`, others `__`; applied to every name.
    case dots
    /// Names that are not legacy-valid become `U__` plus `_` for `_` and `_HEX_` per character.
    case values

    /// Whether `name` matches `^[a-zA-Z_:][a-zA-Z0-9_:]*$`.
    public static func isLegacyMetricName(_ name: String) -> Bool {
        isLegacy(name, allowColon: true)
    }

    /// Whether `name` matches `^[a-zA-Z_][a-zA-Z0-9_]*$` and does not start with `__`.
    public static func isLegacyLabelName(_ name: String) -> Bool {
        guard isLegacy(name, allowColon: false) else { return false }
        return !name.utf8.starts(with: "__".utf8)
    }

    private static func isLegacy(_ name: String, allowColon: Bool) -> Bool {
        var index = 0
        for byte in name.utf8 {
            if !isLegacyByte(byte, index: index, allowColon: allowColon) { return false }
            index += 1
        }
        return index > 0
    }

    @inline(__always)
    static func isLegacyByte(_ byte: UInt8, index: Int, allowColon: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return index > 0
        case UInt8(ascii: ":"):
            return allowColon
        default:
            return false
        }
    }

    /// A metric name as prometheus_client's `escape_metric_name` writes it.
    public func metricName(_ name: String) -> String {
        if name.isEmpty { return name }
        switch self {
        case .allowUTF8:
            let escaped = Self.backslashEscaped(name)
            return Self.isLegacyMetricName(name) ? escaped : "\"" + escaped + "\""
        case .underscores, .values:
            return Self.isLegacyMetricName(name) ? name : escapeRunes(name, allowColon: true)
        case .dots:
            return escapeRunes(name, allowColon: true)
        }
    }

    /// A label name as prometheus_client's `escape_label_name` writes it.
    public func labelName(_ name: String) -> String {
        if name.isEmpty { return name }
        switch self {
        case .allowUTF8:
            let escaped = Self.backslashEscaped(name)
            return Self.isLegacyLabelName(name) ? escaped : "\"" + escaped + "\""
        case .underscores, .values:
            return Self.isLegacyLabelName(name) ? name : escapeRunes(name, allowColon: false)
        case .dots:
            return escapeRunes(name, allowColon: false)
        }
    }

    /// prometheus_client's `_escape(s, escaping, rune_fn)`: per-character
    /// rewriting for the non-UTF-8 schemes, backslash escaping for allow-utf-8.
    public func escapeRunes(_ name: String, allowColon: Bool) -> String {
        switch self {
        case .allowUTF8:
            return Self.backslashEscaped(name)
        case .underscores:
            var out = String.UnicodeScalarView()
            for (index, scalar) in name.unicodeScalars.enumerated() {
                out.append(Self.isLegacyScalar(scalar, index, allowColon) ? scalar : "_")
            }
            return String(out)
        case .dots:
            var out = ""
            for (index, scalar) in name.unicodeScalars.enumerated() {
                if scalar == "_" {
                    out += "__"
                } else if scalar == "." {
                    out += "_dot_"
                } else if Self.isLegacyScalar(scalar, index, allowColon) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "__"
                }
            }
            return out
        case .values:
            var out = "U__"
            for (index, scalar) in name.unicodeScalars.enumerated() {
                if scalar == "_" {
                    out += "__"
                } else if Self.isLegacyScalar(scalar, index, allowColon) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "_" + String(scalar.value, radix: 16) + "_"
                }
            }
            return out
        }
    }

    private static func isLegacyScalar(_ scalar: Unicode.Scalar, _ index: Int, _ allowColon: Bool) -> Bool {
        scalar.isASCII && isLegacyByte(UInt8(scalar.value), index: index, allowColon: allowColon)
    }

    /// Backslash, newline and double quote escaped, as label values are written.
    public static func backslashEscaped(_ text: String) -> String {
        escape(text, quote: true)
    }

    /// Backslash and newline escaped, as text 0.0.4 writes help text.
    public static func helpEscaped(_ text: String) -> String {
        escape(text, quote: false)
    }

    private static func escape(_ text: String, quote: Bool) -> String {
        let utf8 = text.utf8
        guard
            utf8.contains(where: {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || (quote && $0 == UInt8(ascii: "\""))
            })
        else { return text }
        var out = ByteWriter(capacity: utf8.count + 8)
        out.writeEscaped(text, quote: quote)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
