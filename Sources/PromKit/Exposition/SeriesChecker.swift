/// Warnings about input that Prometheus accepts but that loses data or looks
/// wrong: duplicate series, negative or NaN counters, and histograms whose
/// buckets are out of order, not cumulative, without `+Inf`, or whose `_count`
/// disagrees with `+Inf`; a `_sum` without a `_count`.
final class SeriesChecker {
    let collector: ResultCollector
    let histogramWarnings: Bool
    private var family = -1
    private var seen = Set<Int>()
    private var groups: [[Label]: GroupState] = [:]
    private var groupOrder: [[Label]] = []

    struct GroupState {
        var lastBound: Double?
        var lastValue = 0.0
        var infinity: Double?
        var count: Double?
        var hasSum = false
        var hasBuckets = false
        var line = 0
        var name = ""
    }

    init(collector: ResultCollector, histogramWarnings: Bool) {
        self.collector = collector
        self.histogramWarnings = histogramWarnings
    }

    func observe(_ sample: Sample, family: Int, familyName: String, type: MetricType, line: Int, column: Int) {
        if family != self.family {
            flush()
            self.family = family
        }
        var hasher = Hasher()
        hasher.combine(sample.name)
        for label in ByteWriter.sortedLabels(sample.labels) {
            hasher.combine(label.name)
            hasher.combine(label.value)
        }
        hasher.combine(sample.timestamp?.bitPattern)
        if !seen.insert(hasher.finalize()).inserted {
            collector.report(
                line: line, column: 1, .warning, "duplicate-series",
                "duplicate series \(sample.name); Prometheus keeps only one of them")
        }
        guard histogramWarnings else { return }
        let suffix = sample.name.hasPrefix(familyName) ? String(sample.name.dropFirst(familyName.count)) : ""
        let counterLike =
            type == .counter || ((type == .histogram || type == .gaugehistogram) && suffix != "_sum")
            || (type == .summary && suffix == "_count")
        if counterLike && (sample.value < 0 || sample.value.isNaN) {
            let what = sample.value.isNaN ? "NaN" : "negative"
            collector.report(
                line: line, column: column, .warning, sample.value.isNaN ? "counter-nan" : "counter-negative",
                "\(sample.name) is \(what); counters and histogram counts only go up from 0")
        }
        guard type == .histogram || type == .summary || type == .gaugehistogram else { return }
        observeGroup(sample, suffix: suffix, type: type, line: line, column: column)
    }

    private func observeGroup(_ sample: Sample, suffix: String, type: MetricType, line: Int, column: Int) {
        let key = ByteWriter.sortedLabels(sample.labels.filter { $0.name != "le" && $0.name != "quantile" })
        var state = groups[key] ?? GroupState()
        if groups[key] == nil { groupOrder.append(key) }
        state.line = line
        state.name = sample.name
        switch suffix {
        case "_bucket" where type != .summary:
            guard let text = sample.label("le"), let bound = NumberGrammar.goFloat(text) else { break }
            if let last = state.lastBound, bound <= last {
                collector.report(
                    line: line, column: column, .warning, "histogram-bucket-order",
                    "bucket le=\"\(text)\" of \(sample.name) is not after the previous bucket")
            }
            if state.hasBuckets, sample.value < state.lastValue {
                collector.report(
                    line: line, column: column, .warning, "histogram-not-cumulative",
                    "bucket le=\"\(text)\" of \(sample.name) is smaller than the bucket before it")
            }
            state.hasBuckets = true
            state.lastBound = bound
            state.lastValue = sample.value
            if bound == .infinity { state.infinity = sample.value }
        case "_count", "_gcount": state.count = sample.value
        case "_sum", "_gsum": state.hasSum = true
        default: break
        }
        groups[key] = state
    }

    /// Ends the current family: checks each histogram or summary group.
    func flush() {
        for key in groupOrder {
            guard let state = groups[key] else { continue }
            if state.hasBuckets && state.infinity == nil {
                collector.report(
                    line: state.line, column: 1, .warning, "histogram-missing-inf",
                    "histogram \(state.name) has no le=\"+Inf\" bucket")
            }
            if let count = state.count, let infinity = state.infinity,
                count.bitPattern != infinity.bitPattern && count != infinity
            {
                collector.report(
                    line: state.line, column: 1, .warning, "histogram-count-mismatch",
                    "_count (\(FloatFormatting.goString(count))) differs from the +Inf bucket (\(FloatFormatting.goString(infinity)))"
                )
            }
            if state.hasSum && state.count == nil {
                collector.report(
                    line: state.line, column: 1, .warning, "sum-without-count",
                    "\(state.name): a _sum without a _count")
            }
        }
        groups.removeAll(keepingCapacity: true)
        groupOrder.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
    }
}
