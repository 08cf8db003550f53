/// Warnings about input that Prometheus accepts but that loses data or looks
/// wrong: duplicate series (anywhere in the exposition), negative or NaN
/// counters, and histograms whose buckets are out of order, not cumulative,
/// without `+Inf`, or whose `_count` disagrees with `+Inf`; a `_sum` without a `_count`.
final class SeriesChecker {
    let collector: ResultCollector
    let histogramWarnings: Bool
    @exclusivity(unchecked) private var family = -1
    /// The current family's name, for the messages of ``flush()``.
    @exclusivity(unchecked) private var familyName = ""
    /// Every series of the exposition so far (sample name, labels, timestamp): a
    /// series repeated after other families is as much a repeat as one next to
    /// its twin (Prometheus keeps only one of them either way).
    @exclusivity(unchecked) private var seen = HashSet64()
    @exclusivity(unchecked) private var groups: [UInt64: GroupState] = [:]
    @exclusivity(unchecked) private var groupOrder: [UInt64] = []

    struct GroupState {
        var lastBound: Double?
        var lastValue = 0.0
        var infinity: Double?
        var count: Double?
        var hasSum = false
        var hasBuckets = false
        var line = 0
    }

    init(collector: ResultCollector, histogramWarnings: Bool) {
        self.collector = collector
        self.histogramWarnings = histogramWarnings
    }

    /// What the checks need of one sample.
    struct Observation {
        var name: String
        /// ``KeyTable/hash(_:)`` of the name's bytes.
        var nameHash: UInt64
        /// What the name adds to its family's name.
        var suffix: Suffix
        /// Order-independent hash of all labels.
        var labelsHash: UInt64
        /// The same without `le` and `quantile`: the histogram or summary group.
        var groupHash: UInt64
        /// The `le` label's number, for buckets.
        var bound: Double?
        var value: Double
        var timestamp: Double?
    }

    /// Observes a sample given as a value (the OpenMetrics engine).
    func observe(_ sample: Sample, family: Int, familyName: String, type: MetricType, line: Int, column: Int) {
        var all: UInt64 = 0
        var group: UInt64 = 0
        for label in sample.labels {
            let hash = ByteHash.label(label)
            all = all &+ hash
            if label.name != "le" && label.name != "quantile" { group = group &+ hash }
        }
        let bound = sample.label("le").flatMap { NumberGrammar.goFloat($0) }
        var name = sample.name
        let observation = Observation(
            name: sample.name, nameHash: name.withUTF8 { KeyTable.hash(UnsafeRawBufferPointer($0)) },
            suffix: Suffix(sample.name, family: familyName), labelsHash: all, groupHash: group, bound: bound,
            value: sample.value, timestamp: sample.timestamp)
        observe(observation, family: family, familyName: familyName, type: type, line: line, column: column)
    }

    /// Observes one sample.
    func observe(_ sample: Observation, family: Int, familyName: String, type: MetricType, line: Int, column: Int) {
        if family != self.family {
            flush()
            self.family = family
            self.familyName = familyName
        }
        let timestamp = sample.timestamp.map { ByteHash.mix($0.bitPattern ^ 0x5bd1_e995) } ?? 0
        let series = ByteHash.mix(sample.nameHash &+ ByteHash.mix(sample.labelsHash ^ timestamp))
        if !seen.insert(series) {
            collector.report(
                line: line, column: 1, .warning, "duplicate-series",
                "duplicate series \(sample.name); Prometheus keeps only one of them")
        }
        guard histogramWarnings else { return }
        let suffix = sample.suffix
        let counterLike =
            type == .counter || ((type == .histogram || type == .gaugehistogram) && suffix != .sum)
            || (type == .summary && suffix == .count)
        if counterLike && (sample.value < 0 || sample.value.isNaN) {
            let what = sample.value.isNaN ? "NaN" : "negative"
            collector.report(
                line: line, column: column, .warning, sample.value.isNaN ? "counter-nan" : "counter-negative",
                "\(sample.name) is \(what); counters and histogram counts only go up from 0")
        }
        guard type == .histogram || type == .summary || type == .gaugehistogram else { return }
        observeGroup(sample, suffix: suffix, type: type, line: line, column: column)
    }

    /// What a sample name adds to its family's name.
    enum Suffix {
        case none, bucket, count, sum, other

        init(_ name: String, family: String) {
            let extra = name.utf8.count - family.utf8.count
            switch extra {
            case 0: self = .none
            case 7 where name.hasSuffix("_bucket"): self = .bucket
            case 6 where name.hasSuffix("_count"), 7 where name.hasSuffix("_gcount"): self = .count
            case 4 where name.hasSuffix("_sum"), 5 where name.hasSuffix("_gsum"): self = .sum
            default: self = .other
            }
        }
    }

    private func observeGroup(_ sample: Observation, suffix: Suffix, type: MetricType, line: Int, column: Int) {
        update(
            &groups[sample.groupHash, default: GroupState()], sample, suffix: suffix, type: type, line: line,
            column: column)
    }

    /// One sample's part in its group's state, updated in place (a new state has line 0).
    private func update(
        _ state: inout GroupState, _ sample: Observation, suffix: Suffix, type: MetricType, line: Int, column: Int
    ) {
        if state.line == 0 { groupOrder.append(sample.groupHash) }
        state.line = line
        switch suffix {
        case .bucket where type != .summary:
            guard let bound = sample.bound else { break }
            var text: String { FloatFormatting.goString(bound) }
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
        case .count: state.count = sample.value
        case .sum: state.hasSum = true
        default: break
        }
    }

    /// Ends the current family: checks each histogram or summary group.
    func flush() {
        for key in groupOrder {
            guard let state = groups[key] else { continue }
            if state.hasBuckets && state.infinity == nil {
                collector.report(
                    line: state.line, column: 1, .warning, "histogram-missing-inf",
                    "histogram \(familyName) has no le=\"+Inf\" bucket")
            }
            if let count = state.count, let infinity = state.infinity,
                count.bitPattern != infinity.bitPattern && count != infinity
            {
                collector.report(
                    line: state.line, column: 1, .warning, "histogram-count-mismatch",
                    "\(familyName): _count (\(FloatFormatting.goString(count))) differs from the +Inf bucket (\(FloatFormatting.goString(infinity)))"
                )
            }
            if state.hasSum && state.count == nil {
                collector.report(
                    line: state.line, column: 1, .warning, "sum-without-count",
                    "summary or histogram \(familyName) has a _sum without a _count")
            }
        }
        groups.removeAll(keepingCapacity: true)
        groupOrder.removeAll(keepingCapacity: true)
    }
}
