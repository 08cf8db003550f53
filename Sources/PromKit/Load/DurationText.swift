/// Durations in numbers and in short text (`850us`, `12.3ms`, `1.52s`) for reports;
/// ``TimeSpan`` reads what people type.
public enum DurationText {
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
