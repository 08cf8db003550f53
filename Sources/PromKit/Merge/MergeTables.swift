/// Sums keyed by series, in a flat array.
struct SeriesTable {
    /// A series: family, sample name, label set, and the pid appended from a
    /// gauge file's name (-1 if none). Bucket groups use name -1.
    struct ID: Hashable {
        var family: Int32
        var name: Int32
        var labels: Int32
        var pid: Int32
    }

    /// IDs by their bytes; an ID's index is its slot.
    private var index = KeyTable(slots: 64)
    private(set) var ids: [ID] = []
    var values: [Double] = []

    /// The slot of `id`, made (at 0.0, as Python's `defaultdict(float)`) on first sight.
    mutating func slot(_ id: ID, created: (Int) -> Void) -> Int {
        let (slot, inserted) = withUnsafeBytes(of: id) { index.indexInserting($0, hash: KeyTable.hash($0)) }
        guard inserted else { return slot }
        ids.append(id)
        values.append(0)
        created(slot)
        return slot
    }
}

/// Histogram buckets: per group (labels without `le`), the buckets by bound.
struct BucketTable {
    private struct Key {
        var group: Int
        var bits: UInt64
    }

    /// Group IDs by their bytes; an ID's index is the group's.
    private var groupIndex = KeyTable(slots: 64)
    private(set) var groupIDs: [SeriesTable.ID] = []
    /// The buckets of each group, in first-seen order.
    private(set) var groupBuckets: [[Int]] = []
    /// (group, bound) by their bytes, and the slot of each.
    private var bucketIndex = KeyTable(slots: 64)
    private var bucketSlots: [Int] = []
    private(set) var bounds: [Double] = []
    var values: [Double] = []

    /// The bucket of `bound` in `group`. Python keys buckets by float: 0.0 and
    /// -0.0 are one bucket (the first seen names it), each NaN its own.
    mutating func slot(group id: SeriesTable.ID, bound: Double, created: (Int) -> Void) -> Int {
        let (group, newGroup) = withUnsafeBytes(of: id) {
            groupIndex.indexInserting($0, hash: KeyTable.hash($0))
        }
        if newGroup {
            groupIDs.append(id)
            groupBuckets.append([])
            created(group)
        }
        let slot = values.count
        if !bound.isNaN {
            let key = Key(group: group, bits: bound == 0 ? 0 : bound.bitPattern)
            let (index, inserted) = withUnsafeBytes(of: key) { bucketIndex.indexInserting($0, hash: KeyTable.hash($0)) }
            guard inserted else { return bucketSlots[index] }
            bucketSlots.append(slot)
        }
        bounds.append(bound)
        values.append(0)
        groupBuckets[group].append(slot)
        return slot
    }
}

/// A gauge family's series merged with one mode, entry by entry in file order,
/// as Python's `_accumulate_metrics` does.
struct GaugeSeries {
    let mode: GaugeMode
    var table = SeriesTable()
    /// The timestamp that won, per series (`mostrecent` modes).
    var stamps: [Double] = []
    /// Whether a series has a value: `mostrecent` series whose timestamps are
    /// all 0 have none, and Python leaves them out.
    var present: [Bool] = []

    init(mode: GaugeMode) {
        self.mode = mode
    }

    /// The slot of a series (``MergeState/gaugeSeries(key:pid:mode:)``), made on first sight.
    @inline(__always)
    mutating func slot(_ id: SeriesTable.ID) -> Int {
        table.slot(id) { _ in
            stamps.append(0)
            present.append(false)
        }
    }

    @inline(__always)
    mutating func add(_ value: Double, timestamp: Double, at slot: Int) {
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
            if stamps[slot] < timestamp {
                table.values[slot] = value
                stamps[slot] = timestamp
                present[slot] = true
            }
        case .all, .liveall:
            table.values[slot] = value
            present[slot] = true
        }
    }
}
