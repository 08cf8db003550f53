extension OpenMetricsEngine {
    /// The family, grouping and value rules for one sample line.
    func sample(_ line: OpenMetricsSyntax.Line, number: Int) throws {
        if family.map({ !$0.allows(line.name) }) ?? true {
            endFamily()
            startFamily(line.name, line: number)
            family?.type = .unknown
        }
        // Taken out, not copied: a copy would share the family's sets, and the
        // first insert would copy them whole, once per sample (quadratic).
        guard var current = family.take() else { return }
        defer { family = current }
        let type = current.type ?? .unknown
        let suffix = String(line.name.dropFirst(current.name.count))
        let sample = Sample(
            name: line.name, labels: line.labels, value: line.value, timestamp: line.timestamp,
            exemplar: line.exemplar)
        func fail(_ check: String, _ message: String, column: Int = 1) -> OpenMetricsSyntax.Failure {
            OpenMetricsSyntax.Failure(column: column, check: check, message: message)
        }
        if type == .stateset && sample.label(current.name) == nil {
            throw fail("stateset", "stateset sample without the label \(current.name)")
        }
        if suffix == "_bucket" {
            guard let le = sample.label("le"), let bound = NumberGrammar.openMetricsNumber(le), !bound.isNaN else {
                throw fail("le", "a bucket needs an le label with a number")
            }
            if bound == .infinity && le != "+Inf" {
                throw fail("le", "the infinite bucket must be written le=\"+Inf\"")
            }
        }
        let isWhole = line.value.isFinite && line.value == line.value.rounded(.towardZero)
        if (suffix == "_bucket" || suffix == "_count" || suffix == "_gcount") && !isWhole {
            throw fail("number", "\(line.name) must be a whole number", column: line.valueColumn)
        }
        if type == .summary && suffix.isEmpty {
            let quantile = sample.label("quantile").flatMap { NumberGrammar.openMetricsNumber($0) }
            guard let quantile, quantile >= 0, quantile <= 1 else {
                throw fail("quantile", "a summary quantile needs a quantile label between 0 and 1")
            }
        }
        try group(sample, suffix: suffix, type: type, family: &current)
        try checkValue(line, suffix: suffix, type: type)
        if line.exemplar != nil {
            let allowed =
                ((type == .histogram || type == .gaugehistogram) && line.name.hasSuffix("_bucket"))
                || (type == .counter && line.name.hasSuffix("_total"))
            if !allowed {
                throw fail(
                    "exemplar", "only counter _total and histogram _bucket samples may have exemplars",
                    column: line.exemplarColumn)
            }
        }
        current.hasSamples = true
    }

    private func checkValue(_ line: OpenMetricsSyntax.Line, suffix: String, type: MetricType) throws {
        let column = line.valueColumn
        if line.value.isNaN && ["_total", "_sum", "_count", "_bucket", "_gcount", "_gsum"].contains(suffix) {
            throw OpenMetricsSyntax.Failure(column: column, check: "counter-nan", message: "\(line.name) cannot be NaN")
        }
        if line.value < 0 && ["_total", "_sum", "_count", "_bucket", "_gcount"].contains(suffix) {
            throw OpenMetricsSyntax.Failure(
                column: column, check: "counter-negative", message: "\(line.name) cannot be negative")
        }
        if type == .summary && suffix.isEmpty && line.value < 0 {
            throw OpenMetricsSyntax.Failure(
                column: column, check: "counter-negative", message: "quantile values cannot be negative")
        }
        if type == .stateset && line.value != 0 && line.value != 1 {
            throw OpenMetricsSyntax.Failure(
                column: column, check: "stateset", message: "stateset values are 0 or 1")
        }
        if type == .info && line.value != 1 {
            throw OpenMetricsSyntax.Failure(column: column, check: "info", message: "info values are 1")
        }
    }

    /// Grouping and timestamp order within a group; duplicates with the same
    /// timestamp are dropped as prometheus_client drops them.
    private func group(_ sample: Sample, suffix: String, type: MetricType, family: inout OpenMetricsFamily) throws {
        let key: [Label]
        switch type {
        case .info: key = []
        case .summary where suffix.isEmpty:
            key = ByteWriter.sortedLabels(sample.labels.filter { $0.name != "quantile" })
        case .stateset: key = ByteWriter.sortedLabels(sample.labels.filter { $0.name != family.name })
        case .histogram,
            .gaugehistogram where suffix == "_bucket":
            key = ByteWriter.sortedLabels(sample.labels.filter { $0.name != "le" })
        default: key = ByteWriter.sortedLabels(sample.labels)
        }
        // Groups seen are kept as 64-bit hashes of their labels (as the text
        // parser keeps series), 16 to 32 bytes a group rather than its labels.
        let keyHash = ByteHash.mix(key.reduce(0) { $0 &+ ByteHash.label($1) })
        if let group = family.group, group != key, !family.seenGroups.insert(keyHash) {
            throw OpenMetricsSyntax.Failure(
                column: 1, check: "grouping", message: "samples of one group must be together (\(sample.name))")
        }
        if let group = family.group, group == key {
            if (sample.timestamp == nil) != (family.groupTimestamp == nil) {
                throw OpenMetricsSyntax.Failure(
                    column: 1, check: "timestamp", message: "a group mixes samples with and without timestamps")
            }
            if let previous = family.groupTimestamp, let now = sample.timestamp, previous > now, type != .info {
                throw OpenMetricsSyntax.Failure(
                    column: 1, check: "timestamp", message: "timestamps went backwards within a group")
            }
        } else {
            family.groupSeries.removeAll(keepingCapacity: true)
        }
        var hasher = Hasher()
        hasher.combine(sample.name)
        for label in ByteWriter.sortedLabels(sample.labels) {
            hasher.combine(label.name)
            hasher.combine(label.value)
        }
        let series = hasher.finalize()
        let keep = sample.timestamp != family.groupTimestamp || !family.groupSeries.contains(series)
        family.groupSeries.insert(series)
        family.group = key
        family.groupTimestamp = sample.timestamp
        _ = family.seenGroups.insert(keyHash)
        guard keep else { return }
        if (type == .histogram || type == .gaugehistogram) && !suffix.isEmpty {
            runHistogram(sample, suffix: suffix, family: &family)
        }
        collector.addSample(sample, family: family.output, line: lastLine)
        checker.observe(sample, family: family.output, familyName: family.name, type: type, line: lastLine, column: 1)
    }

    private func runHistogram(_ sample: Sample, suffix: String, family: inout OpenMetricsFamily) {
        let key = suffix == "_bucket" ? sample.labels.filter { $0.name != "le" } : sample.labels
        let sorted = ByteWriter.sortedLabels(key)
        if family.run.map({ $0.group != sorted || $0.timestamp != sample.timestamp }) ?? true {
            family.endHistogramRun(collector: collector)
            family.run = OpenMetricsFamily.HistogramRun(group: sorted, timestamp: sample.timestamp, line: lastLine)
        }
        guard var run = family.run else { return }
        run.line = lastLine
        switch suffix {
        case "_bucket":
            let bound = sample.label("le").flatMap { NumberGrammar.openMetricsNumber($0) } ?? .nan
            if bound < 0 { run.hasNegativeBuckets = true }
            if let previous = run.bucket, bound <= previous {
                collector.report(
                    line: lastLine, column: 1, .error, "histogram", "buckets of \(family.name) out of order")
            }
            if sample.value < run.value {
                collector.report(
                    line: lastLine, column: 1, .error, "histogram", "bucket values of \(family.name) are not cumulative"
                )
            }
            run.bucket = bound
            run.value = sample.value
        case "_count", "_gcount": run.count = sample.value
        case "_sum": run.hasSum = true
        case "_gsum":
            run.hasGSum = true
            if sample.value < 0 { run.hasNegativeGSum = true }
        default: break
        }
        family.run = run
    }
}
