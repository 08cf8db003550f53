/// Merges `.db` files into metric families exactly as prometheus_client 0.26.0's
/// `MultiProcessCollector` does.
///
/// Add files in the order Python's `glob` returns them (directory order, as
/// ``MultiprocDirectory`` lists them): the first file to name a family fixes its
/// type and help, the last gauge file fixes its mode, `min`/`max` keep the first
/// value unless a later one compares smaller/larger, and sums are added in file
/// order, so that every bit of the output matches.
///
/// | type / mode | rule |
/// |---|---|
/// | counter, summary | summed over all files |
/// | gauge `all`, `liveall` | one series per process, labelled `pid` |
/// | gauge `min`/`max` (and live) | `pid` dropped; smallest / largest |
/// | gauge `sum`, `livesum` | `pid` dropped; summed |
/// | gauge `mostrecent` (and live) | `pid` dropped; the value with the largest timestamp; all-zero timestamps left out |
/// | histogram | buckets grouped by `float(le)`, summed, sorted, cumulative; `_count` is the `+Inf` total |
///
/// Counters, summaries and histograms are summed as files are read, since their
/// type is fixed by the first file. Gauge entries are kept until the end, since
/// the last gauge file decides the mode.
///
/// With `cumulative: false`, buckets stay per bucket and no `_count` is made:
/// the form in which files store them, for writing merged files back.
///
/// Families come out sorted by name, samples in ``SampleOrder``.
public final class MultiprocMerge {
    private let reader = DBFileReader()
    private var state = MergeState()
    /// Reused per file: the resolved entries of the file being added.
    private var pending = UnsafeMutableBufferPointer<MergeState.RawSample>.allocate(capacity: 0)

    /// Creates an empty merge.
    public init() {}

    deinit {
        pending.deallocate()
    }

    /// The number of files added.
    public var fileCount: Int { state.fileIsGauge.count }

    /// Reads `path`, whose base name parsed as `name`, and adds its entries.
    /// A damaged file throws and adds nothing. Returns what the header and walk
    /// tell, and the number of entries.
    @discardableResult
    public func add(path: String, name: DBFileName) throws(DBFileError) -> (region: DBRegion, entries: Int) {
        // The state is worked on as a local, so that the per-entry loops pay
        // no dynamic exclusivity checks on class properties.
        var state = self.state
        self.state = MergeState()
        defer { self.state = state }
        var fileRegion = DBRegion(size: 0, used: 0, layout: nil)
        var count = 0
        do {
            try reader.withRegion(of: path) { bytes, region in
                fileRegion = region
                guard let layout = region.layout else { return }
                // Every entry takes at least 16 bytes.
                let capacity = bytes.count / 16 + 1
                if pending.count < capacity {
                    pending.deallocate()
                    pending = .allocate(capacity: capacity * 2)
                }
                count = try state.resolve(bytes, layout: layout, type: name.type, path: path, into: pending)
            }
        } catch let error as DBFileError {
            throw error
        } catch {
            throw DBFileError(path: path, offset: 0, problem: .io(String(describing: error)))
        }
        state.accumulate(UnsafeMutableBufferPointer(rebasing: pending[0..<count]), name: name)
        return (fileRegion, count)
    }

    /// The merged families, sorted by name.
    public func families(cumulative: Bool = true) -> [MetricFamily] {
        state.families(cumulative: cumulative)
    }
}

/// The merge's tables: keys, files, families and their sums.
struct MergeState {
    private var table = KeyTable()

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
    /// The series or bucket a key adds into when no pid is appended; -1 until known.
    var keySlot: [Int] = []

    // Per file.
    var fileIsGauge: [Bool] = []
    var filePid: [Int32] = []

    var families: [FamilyState] = []
    var familyIndex: [ExactString: Int32] = [:]
    var sampleNames = Interner<ExactString>()
    var labelSets = Interner<[Label]>()
    var pids = Interner<ExactString>()

    /// Sums of counters, summaries and histogram `_sum`s, in first-seen order per family.
    var sums = SeriesTable()
    /// Histogram buckets.
    var buckets = BucketTable()
    /// Gauge entries in file order, and their families: merged once the mode is final.
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

    /// Adds resolved entries of one file: sums for counters, summaries and
    /// histograms; kept entries for gauges.
    mutating func accumulate(_ entries: UnsafeMutableBufferPointer<RawSample>, name: DBFileName) {
        let file = Int32(fileIsGauge.count)
        let pid = pids.intern(ExactString(name.pid))
        fileIsGauge.append(name.type == .gauge)
        filePid.append(pid)
        let appendedPid: Int32 = name.type == .gauge ? pid : -1
        for index in entries.indices {
            entries[index].file = file
            let sample = entries[index]
            let key = Int(sample.key)
            let family = familyOf(key: key, fileType: name.type)
            switch families[family].type {
            case .gauge:
                if name.type == .gauge { families[family].mode = name.mode }
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
        let family: Int32
        if let existing = familyIndex[ExactString(detail.metricName)] {
            family = existing
        } else {
            family = Int32(families.count)
            familyIndex[ExactString(detail.metricName)] = family
            families.append(FamilyState(name: detail.metricName, type: fileType, help: detail.help))
        }
        keyFamily[key] = family
        return Int(family)
    }

    /// Walks a used region whose layout is known sound, looking each key up in
    /// the table and decoding only keys not seen before, into `pending`. Throws
    /// before anything is added, so a damaged file adds nothing.
    mutating func resolve(
        _ bytes: UnsafeRawBufferPointer, layout: DBLayout, type: DBFileType, path: String,
        into pending: UnsafeMutableBufferPointer<RawSample>
    ) throws(DBFileError) -> Int {
        // The loop is written out because this is where the time goes: one
        // hash and one probe per entry.
        let used = bytes.count
        let valueBytes = layout.valueBytes
        var count = 0
        var position = 8
        while position < used {
            let length = DBWalk.int32(bytes, at: position)
            let keyStart = position + 4
            let valueStart = keyStart + length + DBWalk.padding(forKeyLength: length)
            let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
            let hash = KeyTable.hash(keyBytes)
            let keyIndex: Int
            if let found = table.index(of: keyBytes, hash: hash) {
                keyIndex = found
            } else {
                let key = try DBFile.decodeKey(keyBytes, entryOffset: position, path: path)
                keyIndex = table.insert(keyBytes, hash: hash)
                addKey(key, path: path, offset: position)
            }
            if keyLeState[keyIndex] == 2, familyType(key: keyIndex, fileType: type) == .histogram {
                // Python's float(le) fails the scrape.
                let le = keyDetails[keyIndex].key.labels.first { $0.name.utf8.elementsEqual("le".utf8) }?.value
                throw DBFileError(path: path, offset: position, problem: .invalidBucketBound(le ?? ""))
            }
            pending[count] = RawSample(
                key: Int32(keyIndex), file: -1, value: DBWalk.double(bytes, at: valueStart),
                timestamp: valueBytes == 16 ? DBWalk.double(bytes, at: valueStart + 8) : 0)
            count += 1
            position = valueStart + valueBytes
        }
        return count
    }

    /// The type a key's family has, or will have if this file creates it.
    private func familyType(key: Int, fileType: DBFileType) -> DBFileType {
        if keyFamily[key] >= 0 { return families[Int(keyFamily[key])].type }
        if let family = familyIndex[ExactString(keyDetails[key].key.metricName)] { return families[Int(family)].type }
        return fileType
    }

    private mutating func addKey(_ key: DBKey, path: String, offset: Int) {
        let isPid: (Label) -> Bool = { $0.name.utf8.elementsEqual("pid".utf8) }
        let isLe: (Label) -> Bool = { $0.name.utf8.elementsEqual("le".utf8) }
        keyDetails.append(KeyDetail(key: key, path: path, offset: offset))
        keyFamily.append(-1)
        keySlot.append(-1)
        keySampleName.append(sampleNames.intern(ExactString(key.sampleName)))
        let labels = labelSets.intern(key.labels)
        keyLabels.append(labels)
        keyLabelsWithoutPid.append(
            key.labels.contains(where: isPid) ? labelSets.intern(key.labels.filter { !isPid($0) }) : labels)
        keyLabelsWithoutLe.append(
            key.labels.contains(where: isLe) ? labelSets.intern(key.labels.filter { !isLe($0) }) : labels)
        if let le = key.labels.first(where: isLe)?.value {
            let bound = PythonFloat.parse(le)
            keyLeState.append(bound == nil ? 2 : 1)
            keyBound.append(bound ?? 0)
        } else {
            keyLeState.append(0)
            keyBound.append(0)
        }
    }
}
