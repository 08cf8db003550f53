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
                + self.families[index].groups.reduce(0) { $0 + self.buckets.groupBuckets[$1].count }
        }
        let halves = Halves.map(families.count, weight: weight) { range in
            var built: [MetricFamily] = []
            built.reserveCapacity(range.count)
            var boundText: [UInt64: String] = [:]
            var keySlots = [Int32](repeating: -1, count: keyFamily.count)
            for index in range {
                let family = families[index]
                let samples =
                    family.type == .gauge
                    ? gaugeSamples(
                        family, groupedEntries[entryStarts[index]..<entryStarts[index + 1]], timestamps: timestamps,
                        keySlots: &keySlots)
                    : summedSamples(family, cumulative: cumulative, boundText: &boundText)
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
                    name: sampleNames.values[Int(id.name)].value, labels: labels(id.labels, pid: id.pid),
                    value: sums.values[slot]), labels: id.labels, pid: id.pid)
        }
        for group in family.groups {
            let id = buckets.groupIDs[group]
            let base = labels(id.labels, pid: id.pid)
            // Python sorts (bound, value) pairs; a NaN bound compares false and stays put.
            let ordered = buckets.groupBuckets[group].enumerated().sorted { lhs, rhs in
                let (left, right) = (buckets.bounds[lhs.element], buckets.bounds[rhs.element])
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
    private func gaugeSamples(
        _ family: FamilyState, _ entries: ArraySlice<RawSample>, timestamps: Bool, keySlots: inout [Int32]
    ) -> [Sample] {
        let mode = family.mode ?? .all
        let keepsStamps = timestamps && (mode == .mostrecent || mode == .livemostrecent)
        var table = SeriesTable()
        var stamps: [Double] = []
        var present: [Bool] = []
        var cachedKeys: [Int] = []
        defer { for key in cachedKeys { keySlots[key] = -1 } }
        for entry in entries {
            let key = Int(entry.key)
            var slot = mode.keepsPid ? -1 : Int(keySlots[key])
            if slot < 0 {
                let pid: Int32 = fileIsGauge[Int(entry.file)] ? filePid[Int(entry.file)] : -1
                let id =
                    mode.keepsPid
                    ? SeriesTable.ID(family: 0, name: keySampleName[key], labels: keyLabels[key], pid: pid)
                    : SeriesTable.ID(family: 0, name: keySampleName[key], labels: keyLabelsWithoutPid[key], pid: -1)
                slot = table.slot(id) { _ in
                    stamps.append(0)
                    present.append(false)
                }
                if !mode.keepsPid {
                    keySlots[key] = Int32(slot)
                    cachedKeys.append(key)
                }
            }
            let value = entry.value
            switch mode {
            case .min, .livemin:
                if !present[slot] || value < table.values[slot] { table.values[slot] = value }
                present[slot] = true
            case .max, .livemax:
                if !present[slot] || value > table.values[slot] { table.values[slot] = value }
                present[slot] = true
            case .sum, .livesum:
                table.values[slot] += value
                present[slot] = true
            case .mostrecent, .livemostrecent:
                if stamps[slot] < entry.timestamp {
                    table.values[slot] = value
                    stamps[slot] = entry.timestamp
                    present[slot] = true
                }
            case .all, .liveall:
                table.values[slot] = value
                present[slot] = true
            }
        }
        // Written back, a series whose timestamps are all 0 keeps timestamp 0,
        // so that its family still exists (with no sample) for the next reader.
        var order = SampleSorter(self)
        for slot in table.ids.indices where present[slot] || keepsStamps {
            let id = table.ids[slot]
            order.append(
                Sample(
                    name: sampleNames.values[Int(id.name)].value, labels: labels(id.labels, pid: id.pid),
                    value: table.values[slot], timestamp: keepsStamps ? stamps[slot] : nil),
                labels: id.labels, pid: id.pid)
        }
        return order.sorted()
    }

    /// A label set with the pid label appended (Python's `labels + (('pid', pid),)`,
    /// then `dict()`: a repeated `pid` keeps its place and takes the file's pid).
    func labels(_ set: Int32, pid: Int32) -> [Label] {
        var result = labelSets.values[Int(set)]
        guard pid >= 0 else { return result }
        let value = pids.values[Int(pid)].value
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
