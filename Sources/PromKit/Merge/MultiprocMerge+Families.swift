extension MergeState {
    /// The merged families, sorted by name.
    func families(cumulative: Bool, timestamps: Bool) -> [MetricFamily] {
        var result: [MetricFamily] = []
        result.reserveCapacity(families.count)
        // Gauge entries grouped by family, in file order (a counting sort).
        var starts = [Int](repeating: 0, count: families.count + 1)
        for family in gaugeEntryFamily { starts[Int(family) + 1] += 1 }
        for index in families.indices { starts[index + 1] += starts[index] }
        var next = starts
        var grouped = gaugeEntries
        for (entry, family) in zip(gaugeEntries, gaugeEntryFamily) {
            grouped[next[Int(family)]] = entry
            next[Int(family)] += 1
        }
        // Families are built from the finished tables, independently: on two threads.
        let (entryStarts, groupedEntries) = (starts, grouped)
        let weight = { (index: Int) in
            entryStarts[index + 1] - entryStarts[index] + self.families[index].series.count
                + self.gauges[index].table.ids.count
                + self.families[index].groups.reduce(0) { $0 + self.buckets.groupBuckets[$1].count }
        }
        let halves = Halves.map(families.count, weight: weight) { range in
            var built: [MetricFamily] = []
            built.reserveCapacity(range.count)
            var boundText: [UInt64: String] = [:]
            var keySlots = [Int32](repeating: -1, count: keyFamily.count)
            for index in range {
                let family = families[index]
                let samples: [Sample]
                if family.type != .gauge {
                    samples = summedSamples(family, cumulative: cumulative, boundText: &boundText)
                } else if settledGaugeMode != nil {
                    samples = gaugeSamples(gauges[index], timestamps: timestamps)
                } else {
                    let series = mergedGauge(
                        family, groupedEntries[entryStarts[index]..<entryStarts[index + 1]], keySlots: &keySlots)
                    samples = gaugeSamples(series, timestamps: timestamps)
                }
                built.append(
                    MetricFamily(name: family.name, type: MetricType(family.type), help: family.help, samples: samples))
            }
            return built
        }
        for half in halves { result.append(contentsOf: half) }
        result.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return result
    }

    private func summedSamples(
        _ family: FamilyState, cumulative: Bool, boundText: inout [UInt64: String]
    ) -> [Sample] {
        var order = SampleSorter(self)
        for slot in family.series {
            let id = sums.ids[slot]
            order.append(
                Sample(
                    name: sampleNames.values[Int(id.name)], labels: labels(id.labels, pid: id.pid),
                    value: sums.values[slot]), labels: id.labels, pid: id.pid)
        }
        for group in family.groups {
            let id = buckets.groupIDs[group]
            let base = labels(id.labels, pid: id.pid)
            // Python sorts (bound, value) pairs; a NaN bound compares false and stays put.
            // (The closure takes the bounds alone: capturing `self` would copy the whole state per call.)
            let bounds = buckets.bounds
            let ordered = buckets.groupBuckets[group].enumerated().sorted { lhs, rhs in
                let (left, right) = (bounds[lhs.element], bounds[rhs.element])
                if left < right { return true }
                if left > right { return false }
                return lhs.offset < rhs.offset
            }
            var total = 0.0
            let bucketName = family.name + "_bucket"
            for (_, bucket) in ordered {
                total += buckets.values[bucket]
                let bound = buckets.bounds[bucket]
                let text =
                    boundText[bound.bitPattern]
                    ?? {
                        let text = FloatFormatting.goString(bound)
                        boundText[bound.bitPattern] = text
                        return text
                    }()
                var bucketLabels = base
                bucketLabels.append(Label("le", text))
                order.append(
                    Sample(name: bucketName, labels: bucketLabels, value: cumulative ? total : buckets.values[bucket]),
                    labels: id.labels, pid: id.pid, bound: bound)
            }
            if cumulative {
                order.append(
                    Sample(name: family.name + "_count", labels: base, value: total), labels: id.labels, pid: id.pid)
            }
        }
        return order.sorted()
    }

    /// Gauge entries merged with the family's final mode. `keySlots` (all -1, and
    /// left so) caches each key's series where the mode appends no pid.
    private func mergedGauge(
        _ family: FamilyState, _ entries: ArraySlice<RawSample>, keySlots: inout [Int32]
    ) -> GaugeSeries {
        var series = GaugeSeries(mode: family.mode ?? .all)
        let keepsPid = series.mode.keepsPid
        var cachedKeys: [Int] = []
        defer { for key in cachedKeys { keySlots[key] = -1 } }
        for entry in entries {
            let key = Int(entry.key)
            var slot = keepsPid ? -1 : Int(keySlots[key])
            if slot < 0 {
                let pid: Int32 = fileIsGauge[Int(entry.file)] ? filePid[Int(entry.file)] : -1
                slot = series.slot(gaugeSeries(key: key, pid: pid, mode: series.mode))
                if !keepsPid {
                    keySlots[key] = Int32(slot)
                    cachedKeys.append(key)
                }
            }
            series.add(entry.value, timestamp: entry.timestamp, at: slot)
        }
        return series
    }

    /// A merged gauge family's samples. Written back, a series whose timestamps
    /// are all 0 keeps timestamp 0, so that its family still exists (with no
    /// sample) for the next reader.
    private func gaugeSamples(_ series: GaugeSeries, timestamps: Bool) -> [Sample] {
        let keepsStamps = timestamps && (series.mode == .mostrecent || series.mode == .livemostrecent)
        var order = SampleSorter(self)
        for slot in series.table.ids.indices where series.present[slot] || keepsStamps {
            let id = series.table.ids[slot]
            order.append(
                Sample(
                    name: sampleNames.values[Int(id.name)], labels: labels(id.labels, pid: id.pid),
                    value: series.table.values[slot], timestamp: keepsStamps ? series.stamps[slot] : nil),
                labels: id.labels, pid: id.pid)
        }
        return order.sorted()
    }

    /// A label set with the pid label appended (Python's `labels + (('pid', pid),)`,
    /// then `dict()`: a repeated `pid` keeps its place and takes the file's pid).
    func labels(_ set: Int32, pid: Int32) -> [Label] {
        var result = labelSet(set)
        guard pid >= 0 else { return result }
        let value = pids.values[Int(pid)]
        if let index = result.firstIndex(where: { $0.name.sameBytes(as: "pid") }) {
            result[index].value = value
        } else {
            result.append(Label("pid", value))
        }
        return result
    }
}

extension MetricType {
    /// The metric type of a `.db` file type.
    init(_ type: DBFileType) {
        switch type {
        case .counter: self = .counter
        case .gauge: self = .gauge
        case .histogram: self = .histogram
        case .summary: self = .summary
        }
    }
}

/// Puts a family's merged samples in ``SampleOrder`` without rebuilding and
/// hashing every sample's labels: label sets are told apart by their ids.
struct SampleSorter {
    private let state: MergeState
    private var sets: [Int64: Int] = [:]
    private var setLabels: [[Label]] = []
    private var names = Interner<String>()
    private var samples: [Sample] = []
    private var keys: [SampleOrder.Key] = []

    init(_ state: MergeState) {
        self.state = state
    }

    /// Adds a sample whose labels (without `le`) are the set `labels` plus the appended `pid`.
    mutating func append(_ sample: Sample, labels: Int32, pid: Int32, bound: Double = -.infinity) {
        let setKey = Int64(labels) << 32 | Int64(UInt32(bitPattern: pid))
        let set: Int
        if let known = sets[setKey] {
            set = known
        } else {
            set = setLabels.count
            sets[setKey] = set
            let withoutLe = state.labels(labels, pid: pid).filter { !$0.name.sameBytes(as: "le") }
            setLabels.append(ByteWriter.sortedLabels(withoutLe))
        }
        samples.append(sample)
        keys.append(SampleOrder.Key(set: set, name: Int(names.intern(sample.name)), bound: bound))
    }

    /// The samples in the stable order.
    func sorted() -> [Sample] {
        SampleOrder.order(keys, labelSets: setLabels, names: names.values).map { samples[$0] }
    }
}
