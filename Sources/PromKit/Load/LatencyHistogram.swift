import Glibc
import Histogram

/// Latencies counted in about ten buckets from the fastest response to the
/// slowest, for the report's histogram (as hey prints one): a shape is read
/// at a glance where percentiles have to be compared.
public struct LatencyBucket: Sendable, Equatable, Encodable {
    /// The bucket's upper bound in seconds (`up_to_seconds` in JSON); it holds
    /// latencies above the previous bucket's bound up to this one.
    public var upTo: Double
    /// Responses in the bucket.
    public var count: Int

    private enum CodingKeys: String, CodingKey {
        case upTo = "upToSeconds"
        case count
    }
}

extension LatencyBucket {
    /// Buckets spaced evenly between the fastest and the slowest latency, or
    /// by equal ratios when the slowest is more than eight times the fastest
    /// (a tail would otherwise squeeze the body into one bucket).
    static func buckets(_ histogram: Histogram<UInt64>, count wanted: Int = 10) -> [LatencyBucket] {
        let recorded = histogram.recordedValues().map { (value: $0.value, count: Int($0.count)) }
        guard let first = recorded.first, let last = recorded.last, wanted > 0 else { return [] }
        let low = Double(Swift.max(1, first.value))
        let high = Double(last.value)
        guard high > low else { return [LatencyBucket(upTo: high / 1e6, count: recorded.reduce(0) { $0 + $1.count })] }
        let geometric = high > low * 8
        var bounds: [UInt64] = []
        for index in 1...wanted {
            let step = Double(index) / Double(wanted)
            let bound = geometric ? low * pow(high / low, step) : low + (high - low) * step
            let micros = index == wanted ? last.value : UInt64(bound.rounded(.up))
            if bounds.last.map({ micros > $0 }) ?? true { bounds.append(micros) }
        }
        var counts = [Int](repeating: 0, count: bounds.count)
        for (value, count) in recorded {
            counts[bounds.firstIndex { value <= $0 } ?? bounds.count - 1] += count
        }
        return zip(bounds, counts).map { LatencyBucket(upTo: Double($0) / 1e6, count: $1) }
    }

    /// The histogram as report lines: bound, count, and a bar as wide as the
    /// count is to the largest (40 marks at most).
    static func lines(_ buckets: [LatencyBucket]) -> [String] {
        let largest = buckets.map(\.count).max() ?? 0
        guard largest > 0 else { return [] }
        let labels = buckets.map { "<= " + DurationText.format(seconds: $0.upTo) }
        let counts = buckets.map { String($0.count) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let countWidth = counts.map(\.count).max() ?? 0
        return zip(buckets, zip(labels, counts)).map { bucket, text in
            let marks = bucket.count == 0 ? 0 : Swift.max(1, bucket.count * 40 / largest)
            let label = text.0 + String(repeating: " ", count: labelWidth - text.0.count)
            let number = String(repeating: " ", count: countWidth - text.1.count) + text.1
            let bar = marks == 0 ? "" : "  " + String(repeating: "#", count: marks)
            return "           \(label)  \(number)" + bar
        }
    }
}
