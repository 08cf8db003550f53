/// The merge's tables: keys, files, families and their sums.
struct MergeState: Sendable {

    // Per key (index from `table`), in flat arrays so that the per-entry loop
    // touches no reference-counted value.
    /// The key's metric and help, as ids in `metricNames` and `helps`.
    var keyMetric: [Int32] = []
    var keyHelp: [Int32] = []
    /// Where the key was first met, for error messages.
    var keyOffset: [Int] = []
    var keyFamily: [Int32] = []
    var keySampleName: [Int32] = []
    var keyLabels: [Int32] = []
    var keyLabelsWithoutPid: [Int32] = []
    var keyLabelsWithoutLe: [Int32] = []
    /// 0: no `le` label; 1: `le` parsed into `keyBound`; 2: `le` is not a number.
    var keyLeState: [UInt8] = []
    var keyBound: [Double] = []
    /// The `le` of each key whose `le` is not a number (so files need checking before summing).
    var badBounds: [Int: String] = [:]
    /// The series or bucket a key adds into when no pid is appended; -1 until known.
    var keySlot: [Int] = []

    // Per file.
    var fileIsGauge: [Bool] = []
    var filePid: [Int32] = []

    var families: [FamilyState] = []
    /// Each family's type (parallel to `families`), for the per-entry loop.
    var familyTypes: [DBFileType] = []
    var metricNames = ByteInterner<String>()
    /// Per metric name, its family; -1 until a file's entries create it.
    var metricFamily: [Int32] = []
    var helps = ByteInterner<String>()
    var sampleNames = ByteInterner<String>()
    var labelSets = ByteInterner<LabelSource>()
    var pids = ByteInterner<String>()
    /// Room for encoding a label set to intern it.
    var labelBytes: [UInt8] = []

    /// Sums of counters, summaries and histogram `_sum`s, in first-seen order per family.
    var sums = SeriesTable()
    /// Histogram buckets.
    var buckets = BucketTable()
    /// The mode of every gauge file, when all the files are known before the
    /// first is read and their names agree: each gauge family's final mode is
    /// then known, and its entries are merged as they come (in `gauges`).
    var settledGaugeMode: GaugeMode?
    /// Per family, its gauge series when the mode is settled (empty otherwise).
    var gauges: [GaugeSeries] = []
    /// Otherwise gauge entries in file order, and their families: merged once
    /// the mode is final.
    var gaugeEntries: [RawSample] = []
    var gaugeEntryFamily: [Int32] = []

    struct RawSample {
        var key: Int32
        var file: Int32
        var value: Double
        var timestamp: Double
    }

    struct FamilyState {
        var name: String
        var type: DBFileType
        var help: String
        var mode: GaugeMode?
        /// Series (in `sums`) and bucket groups (in `buckets`) of this family, in first-seen order.
        var series: [Int] = []
        var groups: [Int] = []
    }

    /// Throws where Python's scrape would fail on this file: a bucket bound that
    /// is not a number, in a family that is (or this file makes) a histogram.
    func checkBounds(_ entries: UnsafeBufferPointer<RawSample>, type: DBFileType, path: String) throws(DBFileError) {
        guard !badBounds.isEmpty else { return }
        for entry in entries where keyLeState[Int(entry.key)] == 2 {
            let key = Int(entry.key)
            let family = metricFamily[Int(keyMetric[key])]
            if (family >= 0 ? families[Int(family)].type : type) == .histogram {
                throw DBFileError(
                    path: path, offset: keyOffset[key], problem: .invalidBucketBound(badBounds[key] ?? ""))
            }
        }
    }

    /// Adds resolved entries of one file: sums for counters, summaries and
    /// histograms; kept entries for gauges.
    mutating func accumulate(_ entries: UnsafeBufferPointer<RawSample>, name: DBFileName) {
        let file = Int32(fileIsGauge.count)
        let pid = pids.intern(name.pid)
        fileIsGauge.append(name.type == .gauge)
        filePid.append(pid)
        let appendedPid: Int32 = name.type == .gauge ? pid : -1
        for var sample in entries {
            sample.file = file
            let key = Int(sample.key)
            let family = familyOf(key: key, fileType: name.type)
            switch familyTypes[family] {
            case .gauge:
                if name.type == .gauge, families[family].mode != name.mode { families[family].mode = name.mode }
                guard settledGaugeMode != nil else {
                    gaugeEntries.append(sample)
                    gaugeEntryFamily.append(Int32(family))
                    continue
                }
                let mode = gauges[family].mode
                var slot = mode.keepsPid ? -1 : keySlot[key]
                if slot < 0 {
                    slot = gauges[family].slot(gaugeSeries(key: key, pid: appendedPid, mode: mode))
                    if !mode.keepsPid { keySlot[key] = slot }
                }
                gauges[family].add(sample.value, timestamp: sample.timestamp, at: slot)
            case .histogram where keyLeState[key] != 0:
                let bucket: Int
                if appendedPid < 0, keySlot[key] >= 0 {
                    bucket = keySlot[key]
                } else {
                    let id = SeriesTable.ID(
                        family: Int32(family), name: -1, labels: keyLabelsWithoutLe[key], pid: appendedPid)
                    bucket = buckets.slot(group: id, bound: keyBound[key]) { families[family].groups.append($0) }
                    if appendedPid < 0 { keySlot[key] = bucket }
                }
                buckets.values[bucket] += sample.value
            default:
                let series: Int
                if appendedPid < 0, keySlot[key] >= 0 {
                    series = keySlot[key]
                } else {
                    let id = SeriesTable.ID(
                        family: Int32(family), name: keySampleName[key], labels: keyLabels[key], pid: appendedPid)
                    series = sums.slot(id) { families[family].series.append($0) }
                    if appendedPid < 0 { keySlot[key] = series }
                }
                sums.values[series] += sample.value
            }
        }
    }

    /// The series a gauge entry of `key` goes to under `mode`: one per process
    /// (`pid`, the file's, or -1 for a file of another type) where the mode keeps
    /// the pid, else one for all, its `pid` label dropped.
    func gaugeSeries(key: Int, pid: Int32, mode: GaugeMode) -> SeriesTable.ID {
        mode.keepsPid
            ? SeriesTable.ID(family: 0, name: keySampleName[key], labels: keyLabels[key], pid: pid)
            : SeriesTable.ID(family: 0, name: keySampleName[key], labels: keyLabelsWithoutPid[key], pid: -1)
    }

    /// The family of `key`, created with `fileType` on first sight.
    private mutating func familyOf(key: Int, fileType: DBFileType) -> Int {
        let known = keyFamily[key]
        if known >= 0 { return Int(known) }
        let metric = Int(keyMetric[key])
        var family = metricFamily[metric]
        if family < 0 {
            family = Int32(families.count)
            metricFamily[metric] = family
            families.append(
                FamilyState(
                    name: metricNames.values[metric], type: fileType, help: helps.values[Int(keyHelp[key])]))
            familyTypes.append(fileType)
            gauges.append(GaugeSeries(mode: fileType == .gauge ? settledGaugeMode ?? .all : .all))
        }
        keyFamily[key] = family
        return Int(family)
    }

    /// Takes in a key that the readers met for the first time: its names and
    /// label sets are interned by their bytes, and strings made only for new ones.
    mutating func addKey(_ entry: KeyCatalog.Entry) {
        let index = keyFamily.count
        keyFamily.append(-1)
        keySlot.append(-1)
        keyOffset.append(entry.offset)
        let le: String?
        let bytes = entry.bytes
        if let plain = entry.plain {
            let intern = { (names: inout ByteInterner<String>, span: PlainKey.Span) -> Int32 in
                names.intern(bytes: UnsafeRawBufferPointer(rebasing: bytes[span.range])) {
                    PlainKey.string(bytes, span)
                }
            }
            keyMetric.append(intern(&metricNames, plain.metric))
            keyHelp.append(intern(&helps, plain.help))
            keySampleName.append(intern(&sampleNames, plain.sample))
            let labels = internLabelSet(.plain(entry.stored, plain, leaving: nil))
            keyLabels.append(labels)
            keyLabelsWithoutPid.append(
                plain.pidPair.map { internLabelSet(.plain(entry.stored, plain, leaving: $0)) } ?? labels)
            keyLabelsWithoutLe.append(
                plain.lePair.map { internLabelSet(.plain(entry.stored, plain, leaving: $0)) } ?? labels)
            le = plain.leValue.map { PlainKey.string(bytes, $0) }
        } else {
            let key = entry.key ?? DBKey(metricName: "", sampleName: "", labels: [], help: "")
            keyMetric.append(metricNames.intern(key.metricName))
            keyHelp.append(helps.intern(key.help))
            keySampleName.append(sampleNames.intern(key.sampleName))
            let labels = internLabelSet(.labels(key.labels))
            keyLabels.append(labels)
            keyLabelsWithoutPid.append(
                key.labels.contains(where: Self.isPid)
                    ? internLabelSet(.labels(key.labels.filter { !Self.isPid($0) })) : labels)
            keyLabelsWithoutLe.append(
                key.labels.contains(where: Self.isLe)
                    ? internLabelSet(.labels(key.labels.filter { !Self.isLe($0) })) : labels)
            le = key.labels.first(where: Self.isLe)?.value
        }
        while metricFamily.count < metricNames.values.count { metricFamily.append(-1) }
        if let le {
            let bound = PythonFloat.parse(le)
            if bound == nil { badBounds[index] = le }
            keyLeState.append(bound == nil ? 2 : 1)
            keyBound.append(bound ?? 0)
        } else {
            keyLeState.append(0)
            keyBound.append(0)
        }
    }

    /// The id of the label set `source` reads, kept as `source` when new.
    private mutating func internLabelSet(_ source: LabelSource) -> Int32 {
        switch source {
        case .labels(let labels): LabelSetBytes.write(labels, into: &labelBytes)
        case .plain(let stored, let key, let pair): key.labelSetBytes(stored.bytes, leaving: pair, into: &labelBytes)
        }
        return labelBytes.withUnsafeBytes { labelSets.intern(bytes: $0) { source } }
    }

    /// A label set, kept as where to read it (in the catalog's copy of a
    /// plain key) until a sample needs it: most label sets of bucket keys
    /// (with `le`) never do.
    enum LabelSource: Sendable {
        case labels([Label])
        case plain(KeyCatalog.StoredKey, PlainKey, leaving: PlainKey.Span?)
    }

    /// The labels of label set `id`.
    func labelSet(_ id: Int32) -> [Label] {
        switch labelSets.values[Int(id)] {
        case .labels(let labels): return labels
        case .plain(let stored, let key, let pair): return key.labels(stored.bytes, leaving: pair)
        }
    }

    private static func isPid(_ label: Label) -> Bool { label.name.sameBytes(as: "pid") }
    private static func isLe(_ label: Label) -> Bool { label.name.sameBytes(as: "le") }
}
