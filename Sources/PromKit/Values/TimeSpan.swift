/// A length of time as people type it, in every option that takes one:
/// `500ms`, `90s`, `30m`, `1h30m`, `7d`.
///
/// One or more pairs of a whole or decimal number and a unit: `ms`, `s`,
/// `m`, `h`, `d` or `w`. A bare number is refused (is `15` seconds or
/// minutes?), with a hint.
public struct TimeSpan: Hashable, Sendable, CustomStringConvertible {
    /// The length.
    public var duration: Duration
    /// The text it was written as.
    public var text: String

    /// Creates a span of `seconds`, written `<seconds>s`.
    public init(seconds: Double) {
        duration = .nanoseconds(Int64((seconds * 1e9).rounded()))
        let milliseconds = seconds * 1000
        if seconds == seconds.rounded(), abs(seconds) < 1e15 {
            text = "\(Int(seconds))s"
        } else if milliseconds == milliseconds.rounded(), abs(milliseconds) < 1e15 {
            text = "\(Int(milliseconds))ms"
        } else {
            text = "\(seconds)s"
        }
    }

    /// The length in seconds.
    public var seconds: Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Why a text is not a length of time.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text.
        public var text: String

        public var description: String {
            let trimmed = text.trimmingSpaces()
            if trimmed.hasPrefix("-"), (try? TimeSpan.parse(String(trimmed.dropFirst()))) != nil {
                return "'\(text)' is negative: a length of time is 0 or more, as in 0s, 500ms or 5m"
            }
            if !trimmed.isEmpty, Double(trimmed) != nil {
                return "'\(text)' has no unit: write \(trimmed)s, \(trimmed)m or \(trimmed)h"
            }
            return "'\(text)' is not a length of time: use numbers and units, as in 500ms, 90s, 1h30m or 7d"
        }
    }

    private static let units: [String: Double] = [
        "ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800,
    ]

    /// Parses `500ms`, `90s`, `1.5h`, `1h30m`, `7d`.
    public static func parse(_ text: String) throws(ParseError) -> TimeSpan {
        let bytes = Array(text.trimmingSpaces().utf8)
        var total = 0.0
        var index = 0
        guard !bytes.isEmpty else { throw ParseError(text: text) }
        while index < bytes.count {
            let numberStart = index
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2E {
                index += 1
            }
            let unitStart = index
            while index < bytes.count, bytes[index] >= 0x61 && bytes[index] <= 0x7A { index += 1 }
            guard unitStart > numberStart, index > unitStart,
                let number = Double(String(decoding: bytes[numberStart..<unitStart], as: UTF8.self)),
                let scale = units[String(decoding: bytes[unitStart..<index], as: UTF8.self)]
            else { throw ParseError(text: text) }
            total += number * scale
        }
        guard total.isFinite, total < 1e9 else { throw ParseError(text: text) }
        var span = TimeSpan(seconds: total)
        span.text = String(decoding: bytes, as: UTF8.self)
        return span
    }

    public var description: String { text }
}
