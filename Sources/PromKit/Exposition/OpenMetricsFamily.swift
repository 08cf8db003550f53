/// The state of the OpenMetrics family being read: metadata, grouping, and the
/// running histogram checks.
struct OpenMetricsFamily {
    var name: String
    var output: Int
    var line: Int
    var type: MetricType?
    var help: String?
    var unit: String?
    var unitLine = 0
    var hasSamples = false
    var group: [Label]?
    /// Hashes of the groups seen (``ByteHash``).
    var seenGroups = HashSet64()
    var groupTimestamp: Double?
    var groupSeries = Set<Int>()
    var run: HistogramRun?

    init(name: String, output: Int, line: Int) {
        self.name = name
        self.output = output
        self.line = line
    }

    /// The sample name suffixes a type allows.
    static func suffixes(_ type: MetricType) -> [String] {
        switch type {
        case .counter: return ["_total", "_created"]
        case .summary: return ["", "_count", "_sum", "_created"]
        case .histogram: return ["_count", "_sum", "_bucket", "_created"]
        case .gaugehistogram: return ["_gcount", "_gsum", "_bucket"]
        case .info: return ["_info"]
        default: return [""]
        }
    }

    /// Whether a sample called `sampleName` belongs to this family.
    func allows(_ sampleName: String) -> Bool {
        guard sampleName.hasPrefix(name) else { return false }
        let suffix = sampleName.dropFirst(name.count)
        return Self.suffixes(type ?? .unknown).contains { $0 == suffix }
    }

    /// HELP text: `\\`, `\n` and `\"` unescaped, other backslashes kept.
    static func unescapeHelp(_ bytes: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let next = bytes[index + 1]
                switch next {
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(next)
                case UInt8(ascii: "n"): out.append(0x0A)
                default:
                    out.append(byte)
                    out.append(next)
                }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One (group, timestamp) run of a histogram or gauge histogram.
    struct HistogramRun {
        var group: [Label]
        var timestamp: Double?
        var line: Int
        var count: Double?
        var bucket: Double?
        var value = 0.0
        var hasNegativeBuckets = false
        var hasSum = false
        var hasGSum = false
        var hasNegativeGSum = false

        /// The checks prometheus_client's `_check_histogram` makes at the end of a run.
        func problems(_ name: String) -> [String] {
            var problems: [String] = []
            if bucket != .infinity { problems.append("+Inf bucket missing for \(name)") }
            if let count, count != value { problems.append("_count does not match the +Inf bucket of \(name)") }
            if hasSum && count == nil { problems.append("_count must be present if _sum is present for \(name)") }
            if hasGSum && count == nil { problems.append("_gcount must be present if _gsum is present for \(name)") }
            if !(hasSum || hasGSum) && count != nil {
                problems.append("_sum/_gsum must be present if _count is present for \(name)")
            }
            if hasNegativeBuckets && hasSum { problems.append("\(name) has negative buckets and a _sum") }
            if !hasNegativeBuckets && hasNegativeGSum {
                problems.append("\(name) has a negative _gsum but no negative buckets")
            }
            return problems
        }
    }

    mutating func endHistogramRun(collector: ResultCollector) {
        guard let run else { return }
        self.run = nil
        for problem in run.problems(name) {
            collector.report(line: run.line, column: 1, .error, "histogram", problem)
        }
    }
}
