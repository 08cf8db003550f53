/// The merge's tables: keys, files, families and their sums.
struct MergeState: Sendable {

    // Per key (index from `table`), in flat arrays so that the per-entry loop
    // touches no reference-counted value.
    var keyDetails: [KeyDetail] = []
    var keyFamily: [Int32] = []
    var keySampleName: [Int32] = []
    var keyLabels: [Int32] = []
    var keyLabelsWithoutPid: [Int32] = []
    var keyLabelsWithoutLe: [Int32] = []
    /// 0: no `le` label; 1: `le` parsed into `keyBound`; 2: `le` is not a number.
    var keyLeState: [UInt8] = []
    var keyBound: [Double] = []
    /// Whether any key's `le` is not a number (so files need checking before summing).
    var hasBadBounds = false
    /// The series or bucket a key adds into when no pid is appended; -1 until known.
    var keySlot: [Int] = []

    // Per file.
    var fileIsGauge: [Bool] = []
    var filePid: [Int32] = []

    var families: [FamilyState] = []
    /// Each family's type (parallel to `families`), for the per-entry loop.
    var familyTypes: [DBFileType] = []
    /// Family names; a name's id is its family's index.
    var familyNames = ByteInterner<String>()
    var sampleNames = ByteInterner<String>()
    var labelSets = ByteInterner<[Label]>()
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

    struct KeyDetail {
        var key: DBKey
        var path: String
        var offset: Int
    }

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
        guard hasBadBounds else { return }
        for entry in entries where keyLeState[Int(entry.key)] == 2 {
            let key = Int(entry.key)
            let detail = keyDetails[key]
            let family =
                keyFamily[key] >= 0
                ? Int(keyFamily[key]) : familyNames.id(detail.key.metricName).map(Int.init)
            if (family.map { families[$0].type } ?? type) == .histogram {
                let le = detail.key.labels.first { $0.name.sameBytes(as: "le") }?.value ?? ""
                throw DBFileError(path: path, offset: detail.offset, problem: .invalidBucketBound(le))
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
            case .gauge where settledGaugeMode != nil:
                if name.type == .gauge, families[family].mode != name.mode { families[family].mode = name.mode }
                let keepsPid = gauges[family].mode.keepsPid
                var slot = keepsPid ? -1 : keySlot[key]
                if slot < 0 {
                    slot =
                        keepsPid
                        ? gauges[family].slot(name: keySampleName[key], labels: keyLabels[key], pid: appendedPid)
                        : gauges[family].slot(name: keySampleName[key], labels: keyLabelsWithoutPid[key], pid: -1)
                    if !keepsPid { keySlot[key] = slot }
                }
                gauges[family].add(sample.value, timestamp: sample.timestamp, at: slot)
            case .gauge:
                if name.type == .gauge, families[family].mode != name.mode { families[family].mode = name.mode }
                gaugeEntries.append(sample)
                gaugeEntryFamily.append(Int32(family))
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

    /// The family of `key`, created with `fileType` on first sight.
    private mutating func familyOf(key: Int, fileType: DBFileType) -> Int {
        let known = keyFamily[key]
        if known >= 0 { return Int(known) }
        let detail = keyDetails[key].key
        let family = familyNames.intern(detail.metricName)
        if family == families.count {
            families.append(FamilyState(name: detail.metricName, type: fileType, help: detail.help))
            familyTypes.append(fileType)
            gauges.append(GaugeSeries(mode: fileType == .gauge ? settledGaugeMode ?? .all : .all))
        }
        keyFamily[key] = family
        return Int(family)
    }

    /// Takes in a key that the resolver met for the first time.
    mutating func addKey(_ key: DBKey, path: String, offset: Int) {
        let isPid: (Label) -> Bool = { $0.name.sameBytes(as: "pid") }
        let isLe: (Label) -> Bool = { $0.name.sameBytes(as: "le") }
        keyDetails.append(KeyDetail(key: key, path: path, offset: offset))
        keyFamily.append(-1)
        keySlot.append(-1)
        keySampleName.append(sampleNames.intern(key.sampleName))
        let labels = labelSets.intern(key.labels, scratch: &labelBytes)
        keyLabels.append(labels)
        keyLabelsWithoutPid.append(
            key.labels.contains(where: isPid)
                ? labelSets.intern(key.labels.filter { !isPid($0) }, scratch: &labelBytes) : labels)
        keyLabelsWithoutLe.append(
            key.labels.contains(where: isLe)
                ? labelSets.intern(key.labels.filter { !isLe($0) }, scratch: &labelBytes) : labels)
        if let le = key.labels.first(where: isLe)?.value {
            let bound = PythonFloat.parse(le)
            if bound == nil { hasBadBounds = true }
            keyLeState.append(bound == nil ? 2 : 1)
            keyBound.append(bound ?? 0)
        } else {
            keyLeState.append(0)
            keyBound.append(0)
        }
    }
}
