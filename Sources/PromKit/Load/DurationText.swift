/// Reads and writes durations as people type them: `200ms`, `5s`, `1.5s`, `1m30s`, `2h`.
public enum DurationText {
    /// Parses a duration: one or more number-unit pairs with units `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`, `d`.
    /// A bare number means seconds.
    public static func parse(_ text: String) throws(LoadError) -> Duration {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .invalidDuration(text) }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .nanoseconds(Int64(seconds * 1e9))
        }
        var total = 0.0
        var index = 0
        while index < bytes.count {
            let numberStart = index
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2E {
                index += 1
            }
            guard index > numberStart,
                let number = Double(String(decoding: bytes[numberStart..<index], as: UTF8.self))
            else { throw .invalidDuration(text) }
            let unitStart = index
            while index < bytes.count, !(bytes[index] >= 0x30 && bytes[index] <= 0x39), bytes[index] != 0x2E {
                index += 1
            }
            let unit = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let scale = scales[unit] else { throw .invalidDuration(text) }
            total += number * scale
        }
        guard total.isFinite, total < 1e18 else { throw .invalidDuration(text) }
        return .nanoseconds(Int64(total))
    }

    private static let scales: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9, "d": 86400e9,
    ]

    /// Seconds in a duration, as a Double.
    public static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Nanoseconds in a duration, clamped to Int64.
    public static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product &+ attoseconds / 1_000_000_000
    }

    /// A short human form of a number of seconds: `850us`, `12.3ms`, `1.52s`.
    public static func format(seconds: Double) -> String {
        if seconds < 0.001 { return "\(Int((seconds * 1e6).rounded()))us" }
        if seconds < 1 { return fixed(seconds * 1e3, digits: seconds < 0.01 ? 2 : 1) + "ms" }
        return fixed(seconds, digits: 2) + "s"
    }

    /// `value` with `digits` digits after the point.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return "\(sign)\(whole)" }
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return "\(sign)\(whole).\(fractionText)"
    }
}
