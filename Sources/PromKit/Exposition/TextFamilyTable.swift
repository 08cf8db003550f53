/// The families of a text exposition as prometheus/common's `TextParser`
/// keeps them: by name, with `_count`/`_sum`/`_bucket` samples folded into a
/// summary or histogram of the base name.
struct TextFamilyTable {
    /// The type names a `# TYPE` line may give (upper-cased, as Go compares them).
    enum GoType: String {
        case counter = "COUNTER"
        case gauge = "GAUGE"
        case summary = "SUMMARY"
        case untyped = "UNTYPED"
        case histogram = "HISTOGRAM"
        case gaugeHistogram = "GAUGE_HISTOGRAM"

        var metricType: MetricType {
            switch self {
            case .counter: return .counter
            case .gauge: return .gauge
            case .summary: return .summary
            case .untyped: return .unknown
            case .histogram: return .histogram
            case .gaugeHistogram: return .gaugehistogram
            }
        }
    }

    struct Entry {
        var name: String
        var help: String?
        var type: GoType?
        var output: Int
    }

    /// Which part of a summary or histogram a sample name addresses.
    enum Part {
        case plain
        case count
        case sum
    }

    var entries: [Entry] = []
    var byName: [String: Int] = [:]

    /// Go's `setOrCreateCurrentMF`: the entry a name belongs to, created when new.
    mutating func entry(for name: String, line: Int, collector: ResultCollector) -> (index: Int, part: Part) {
        if let index = byName[name] { return (index, .plain) }
        let isCount = name.utf8.count > 6 && name.hasSuffix("_count")
        let isSum = name.utf8.count > 4 && name.hasSuffix("_sum")
        let isBucket = name.utf8.count > 7 && name.hasSuffix("_bucket")
        let part: Part = isCount ? .count : isSum ? .sum : .plain
        if isCount || isSum {
            let base = String(name.dropLast(isCount ? 6 : 4))
            if let index = byName[base], entries[index].type == .summary { return (index, part) }
        }
        if isCount || isSum || isBucket {
            let base = String(name.dropLast(isCount ? 6 : isSum ? 4 : 7))
            if let index = byName[base], entries[index].type == .histogram { return (index, part) }
        }
        let output = collector.addFamily(name: name, type: .unknown, line: line)
        entries.append(Entry(name: name, help: nil, type: nil, output: output))
        byName[name] = entries.count - 1
        return (entries.count - 1, .plain)
    }
}
