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
/// With `cumulative: false`, buckets stay per bucket and no `_count` is made:
/// the form in which files store them, for writing merged files back.
///
/// Families come out sorted by name. Within a family, samples are ordered by
/// their labels (without `le`), compared label by label: name, then value,
/// numerically where both values are whole decimal numbers; then by sample
/// name; then buckets by `le`.
public final class MultiprocMerge {
    private let reader = DBFileReader()
    private var table = KeyTable()
    private var keys: [KeyInfo] = []
    private var families: [FamilyState] = []
    private var familyIndex: [ExactString: Int] = [:]
    private var files: [FileInfo] = []
    private var labelSetIDs: [[Label]: Int32] = [:]
    private var labelSets: [[Label]] = []
    private var pidIDs: [ExactString: Int32] = [:]
    private var pids: [String] = []

    private struct FileInfo {
        var path: String
        var type: DBFileType
        var pidID: Int32
    }

    private struct KeyInfo {
        var key: DBKey
        var family: Int
        var labels: Int32
        var labelsWithoutPid: Int32
        var labelsWithoutLe: Int32
        var le: String?
        /// `float(le)`, parsed once per key (nil when `le` is absent or not a number).
        var bound: Double?
        var path: String
        var offset: Int
    }

    private struct RawSample {
        var key: Int32
        var file: Int32
        var value: Double
        var timestamp: Double
    }

    private struct FamilyState {
        var name: String
        var type: DBFileType
        var help: String
        var mode: GaugeMode?
        var raw: [RawSample] = []
    }

    /// Creates an empty merge.
    public init() {}

    /// The number of files added.
    public var fileCount: Int { files.count }

    /// Reads `path`, whose base name parsed as `name`, and adds its entries.
    /// A damaged file throws and adds nothing. Returns what the header and walk
    /// tell, and the number of entries.
    @discardableResult
    public func add(path: String, name: DBFileName) throws(DBFileError) -> (region: DBRegion, entries: Int) {
        let pidID = internPid(name.pid)
        let fileIndex = Int32(files.count)
        var pending: [RawSample] = []
        var fileRegion = DBRegion(size: 0, used: 0, layout: nil)
        do {
            try reader.withRegion(of: path) { bytes, region in
                fileRegion = region
                guard let layout = region.layout else { return }
                pending.reserveCapacity(bytes.count / 64)
                try DBWalk.forEach(bytes, layout: layout) { offset, keyBytes, value, timestamp in
                    let hash = KeyTable.hash(keyBytes)
                    let keyIndex: Int
                    if let found = table.index(of: keyBytes, hash: hash) {
                        keyIndex = found
                    } else {
                        let key = try DBFile.decodeKey(keyBytes, entryOffset: offset, path: path)
                        keyIndex = table.insert(keyBytes, hash: hash)
                        keys.append(makeKeyInfo(key, path: path, offset: offset))
                    }
                    pending.append(
                        RawSample(key: Int32(keyIndex), file: fileIndex, value: value, timestamp: timestamp))
                }
            }
        } catch let error as DBFileError {
            throw error
        } catch {
            throw DBFileError(path: path, offset: 0, problem: .io(String(describing: error)))
        }
        files.append(FileInfo(path: path, type: name.type, pidID: pidID))
        // Families are created and typed in file order, as Python's reader does.
        for sample in pending {
            // Field reads, not a copy of the whole KeyInfo: no retain/release per sample.
            var family = keys[Int(sample.key)].family
            if family < 0 {
                let metricName = keys[Int(sample.key)].key.metricName
                let familyName = ExactString(metricName)
                if let existing = familyIndex[familyName] {
                    family = existing
                } else {
                    family = families.count
                    familyIndex[familyName] = families.count
                    families.append(
                        FamilyState(name: metricName, type: name.type, help: keys[Int(sample.key)].key.help))
                }
                keys[Int(sample.key)].family = family
            }
            if name.type == .gauge { families[family].mode = name.mode }
            families[family].raw.append(sample)
        }
        return (fileRegion, pending.count)
    }

    private func internPid(_ pid: String) -> Int32 {
        let key = ExactString(pid)
        if let id = pidIDs[key] { return id }
        let id = Int32(pids.count)
        pids.append(pid)
        pidIDs[key] = id
        return id
    }

    private func internLabels(_ labels: [Label]) -> Int32 {
        if let id = labelSetIDs[labels] { return id }
        let id = Int32(labelSets.count)
        labelSets.append(labels)
        labelSetIDs[labels] = id
        return id
    }

    private func makeKeyInfo(_ key: DBKey, path: String, offset: Int) -> KeyInfo {
        let isPid: (Label) -> Bool = { $0.name.utf8.elementsEqual("pid".utf8) }
        let isLe: (Label) -> Bool = { $0.name.utf8.elementsEqual("le".utf8) }
        let le = key.labels.first(where: isLe)?.value
        return KeyInfo(
            key: key,
            family: -1,
            labels: internLabels(key.labels),
            labelsWithoutPid: internLabels(key.labels.filter { !isPid($0) }),
            labelsWithoutLe: internLabels(key.labels.filter { !isLe($0) }),
            le: le,
            bound: le.flatMap(PythonFloat.parse),
            path: path,
            offset: offset
        )
    }

    /// The merged families, sorted by name.
    ///
    /// Throws where Python's scrape would fail: a bucket bound that is not a number.
    public func families(cumulative: Bool = true) throws(DBFileError) -> [MetricFamily] {
        var result: [MetricFamily] = []
        result.reserveCapacity(families.count)
        for family in families {
            result.append(try merge(family, cumulative: cumulative))
        }
        result.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return result
    }

    /// A series: sample name, label set, and the pid label appended from a gauge file's name (-1 if none).
    private struct SeriesID: Hashable {
        var name: Int32
        var labels: Int32
        var pid: Int32
    }

    /// A histogram bucket group: the labels without `le`, and the appended pid (-1 if none).
    private struct GroupID: Hashable {
        var labels: Int32
        var pid: Int32
    }

    private struct Bucket {
        var bound: Double
        var value: Double
    }

    private func merge(_ family: FamilyState, cumulative: Bool) throws(DBFileError) -> MetricFamily {
        let type = family.type
        let mode = family.mode ?? .all
        let dropsPid = type == .gauge && !mode.keepsPid

        var sampleNameIDs: [ExactString: Int32] = [:]
        var sampleNames: [String] = []
        var series: [SeriesID: Int] = [:]
        var seriesOrder: [SeriesID] = []
        var values: [Double] = []
        var stamps: [Double] = []
        var present: [Bool] = []
        var groups: [GroupID: Int] = [:]
        var groupOrder: [GroupID] = []
        var buckets: [[Bucket]] = []
        var bucketIndex: [[UInt64: Int]] = []

        func nameID(_ name: String) -> Int32 {
            let key = ExactString(name)
            if let id = sampleNameIDs[key] { return id }
            let id = Int32(sampleNames.count)
            sampleNames.append(name)
            sampleNameIDs[key] = id
            return id
        }
        func slot(_ id: SeriesID) -> Int {
            if let index = series[id] { return index }
            let index = values.count
            series[id] = index
            seriesOrder.append(id)
            values.append(0)
            stamps.append(0)
            present.append(false)
            return index
        }
        // Sample names are interned per key once, not per sample.
        var keyNameIDs: [Int32: Int32] = [:]

        for sample in family.raw {
            // Field reads through the arrays' addressors: copying a KeyInfo or FileInfo per
            // sample would retain and release its strings every time.
            let keyIndex = Int(sample.key)
            let pid: Int32 = files[Int(sample.file)].type == .gauge ? files[Int(sample.file)].pidID : -1
            var name: Int32
            if let cached = keyNameIDs[sample.key] {
                name = cached
            } else {
                name = nameID(keys[keyIndex].key.sampleName)
                keyNameIDs[sample.key] = name
            }
            let value = sample.value

            if type == .gauge {
                if dropsPid {
                    let index = slot(SeriesID(name: name, labels: keys[keyIndex].labelsWithoutPid, pid: -1))
                    switch mode {
                    case .min, .livemin:
                        if !present[index] {
                            values[index] = value
                            present[index] = true
                        } else if value < values[index] {
                            values[index] = value
                        }
                    case .max, .livemax:
                        if !present[index] {
                            values[index] = value
                            present[index] = true
                        } else if value > values[index] {
                            values[index] = value
                        }
                    case .sum, .livesum:
                        values[index] += value
                        present[index] = true
                    default:  // mostrecent, livemostrecent
                        if stamps[index] < sample.timestamp {
                            values[index] = value
                            stamps[index] = sample.timestamp
                            present[index] = true
                        }
                    }
                } else {
                    let index = slot(SeriesID(name: name, labels: keys[keyIndex].labels, pid: pid))
                    values[index] = value
                    present[index] = true
                }
            } else if type == .histogram, keys[keyIndex].le != nil {
                guard let bound = keys[keyIndex].bound else {
                    let info = keys[keyIndex]
                    throw DBFileError(path: info.path, offset: info.offset, problem: .invalidBucketBound(info.le ?? ""))
                }
                let groupID = GroupID(labels: keys[keyIndex].labelsWithoutLe, pid: pid)
                let group: Int
                if let existing = groups[groupID] {
                    group = existing
                } else {
                    group = buckets.count
                    groups[groupID] = group
                    groupOrder.append(groupID)
                    buckets.append([])
                    bucketIndex.append([:])
                }
                // Python keys buckets by float: 0.0 and -0.0 are one bucket, each NaN its own.
                let bits = bound == 0 ? 0 : bound.bitPattern
                if !bound.isNaN, let index = bucketIndex[group][bits] {
                    buckets[group][index].value += value
                } else {
                    bucketIndex[group][bits] = buckets[group].count
                    buckets[group].append(Bucket(bound: bound, value: 0 + value))
                }
            } else {
                let index = slot(SeriesID(name: name, labels: keys[keyIndex].labels, pid: pid))
                values[index] += value
                present[index] = true
            }
        }

        var samples: [Sample] = []
        samples.reserveCapacity(seriesOrder.count + buckets.reduce(0) { $0 + $1.count + 1 })
        for (index, id) in seriesOrder.enumerated() where present[index] {
            samples.append(
                Sample(name: sampleNames[Int(id.name)], labels: labels(id.labels, pid: id.pid), value: values[index]))
        }
        for (group, id) in groupOrder.enumerated() {
            let base = labels(id.labels, pid: id.pid)
            // Python sorts (bound, value) pairs; NaN bounds compare false and stay put.
            let ordered = buckets[group].enumerated().sorted { lhs, rhs in
                if lhs.element.bound < rhs.element.bound { return true }
                if lhs.element.bound > rhs.element.bound { return false }
                return lhs.offset < rhs.offset
            }
            var total = 0.0
            for (_, bucket) in ordered {
                total += bucket.value
                var bucketLabels = base
                bucketLabels.append(Label("le", FloatFormatting.goString(bucket.bound)))
                samples.append(
                    Sample(
                        name: family.name + "_bucket", labels: bucketLabels, value: cumulative ? total : bucket.value))
            }
            if cumulative {
                samples.append(Sample(name: family.name + "_count", labels: base, value: total))
            }
        }
        SampleOrder.sort(&samples)
        let metricType: MetricType
        switch type {
        case .counter: metricType = .counter
        case .gauge: metricType = .gauge
        case .histogram: metricType = .histogram
        case .summary: metricType = .summary
        }
        return MetricFamily(name: family.name, type: metricType, help: family.help, samples: samples)
    }

    /// A label set with the pid label appended (Python's `labels + (('pid', pid),)`,
    /// then `dict()`: a repeated `pid` keeps its place and takes the file's pid).
    private func labels(_ set: Int32, pid: Int32) -> [Label] {
        var result = labelSets[Int(set)]
        guard pid >= 0 else { return result }
        let value = pids[Int(pid)]
        if let index = result.firstIndex(where: { $0.name.utf8.elementsEqual("pid".utf8) }) {
            result[index].value = value
        } else {
            result.append(Label("pid", value))
        }
        return result
    }
}

/// A `String` compared and hashed by its exact code points, as Python compares
/// `str`, not by Swift's canonical equivalence.
struct ExactString: Hashable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.utf8.elementsEqual(rhs.value.utf8)
    }

    func hash(into hasher: inout Hasher) {
        for byte in value.utf8 { hasher.combine(byte) }
    }
}
