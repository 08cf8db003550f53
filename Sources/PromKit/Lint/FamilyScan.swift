/// One pass over a family's samples that collects what the per-sample rules need:
/// label names, repeated series, and distinct values per label.
struct FamilyScan {
    /// What one label name's values look like across the family.
    struct LabelStats {
        /// The label name.
        var name: String
        /// Whether the label counts for cardinality (all but `le` and `quantile`).
        var counted: Bool
        /// The distinct values seen, in first-seen order.
        var values: [String] = []
        /// The first few distinct values, in source order.
        var firstValues: [String] = []
        /// Values that look unbounded, by shape, a few examples each, with their count.
        var unbounded: [ValueShape: (count: Int, examples: [String])] = [:]
        /// Status-code-like values (three digits, 100 to 599).
        var statusCodes: Set<String> = []
        /// The index of the first sample carrying the label.
        var firstSample: Int
    }

    /// Label names in first-seen order, with the index of the first sample carrying each.
    var labelNames: [(name: String, sample: Int)] { allLabels.map { ($0.name, $0.firstSample) } }
    /// Sample indexes that repeat an earlier sample's name and labels.
    var duplicates: [Int] = []
    /// Per label name (all but `le` and `quantile`), in first-seen order.
    var labels: [LabelStats] { allLabels.filter(\.counted) }
    /// The number of samples (series, as Prometheus stores them).
    var seriesCount: Int
    private var allLabels: [LabelStats] = []

    static let examplesKept = 3

    /// Scans the samples once. Each label value is hashed once (interned per label
    /// name); series identity is then a hash of small integers.
    init(_ family: MetricFamily) {
        seriesCount = family.samples.count
        var slotOfName: [String: Int] = [:]
        // Hot per-slot state, apart from the rest of LabelStats so that updates stay in place.
        var valueIDs: [ValueInterner] = []
        var counted: [Bool] = []
        var sampleNames: [String] = []
        var lastName = -1
        var previousNames: [String] = []
        var previousSlots: [Int] = []
        var previousOrder: [Int] = []
        // The first sample per series hash; further samples only when hashes collide.
        var firstWithKey: [Int: Int] = [:]
        var moreWithKey: [Int: [Int]] = [:]
        firstWithKey.reserveCapacity(family.samples.count)
        family.samples.withUnsafeBufferPointer { samples in
            for index in samples.indices {
                // Label names usually repeat from one sample to the next: compare them in the
                // order given and reuse the slots and the sorted order when they do.
                var sameNames = samples[index].labels.count == previousNames.count
                if sameNames {
                    for position in previousNames.indices
                    where samples[index].labels[position].name != previousNames[position] {
                        sameNames = false
                        break
                    }
                }
                if !sameNames {
                    let labels = samples[index].labels
                    previousNames = labels.map(\.name)
                    previousOrder = labels.indices.sorted { labels[$0].name < labels[$1].name }
                    previousSlots = labels.map { label in
                        if let slot = slotOfName[label.name] { return slot }
                        let slot = allLabels.count
                        slotOfName[label.name] = slot
                        let isCounted = label.name != "le" && label.name != "quantile"
                        allLabels.append(LabelStats(name: label.name, counted: isCounted, firstSample: index))
                        valueIDs.append(ValueInterner())
                        counted.append(isCounted)
                        return slot
                    }
                }
                var hasher = Hasher()
                if lastName >= 0, sampleNames[lastName] == samples[index].name {
                    hasher.combine(lastName)
                } else if let known = sampleNames.firstIndex(of: samples[index].name) {
                    lastName = known
                    hasher.combine(known)
                } else {
                    lastName = sampleNames.count
                    hasher.combine(lastName)
                    sampleNames.append(samples[index].name)
                }
                for position in previousOrder {
                    let slot = previousSlots[position]
                    let value = samples[index].labels[position].value
                    let (id, inserted) = valueIDs[slot].intern(value)
                    if inserted, counted[slot] { FamilyScan.classify(value, into: &allLabels[slot]) }
                    hasher.combine(slot)
                    hasher.combine(id)
                }
                let key = hasher.finalize()
                guard let first = firstWithKey[key] else {
                    firstWithKey[key] = index
                    continue
                }
                let earlier = [first] + (moreWithKey[key] ?? [])
                if earlier.contains(where: { FamilyScan.sameSeries(samples[$0], samples[index]) }) {
                    duplicates.append(index)
                } else {
                    moreWithKey[key, default: []].append(index)
                }
            }
        }
        for slot in allLabels.indices { allLabels[slot].values = valueIDs[slot].values }
    }

    private static func classify(_ value: String, into stats: inout LabelStats) {
        if stats.firstValues.count < examplesKept { stats.firstValues.append(value) }
        if ValueShape.isStatusCode(value) { stats.statusCodes.insert(value) }
        guard let shape = ValueShape.of(value, label: stats.name) else { return }
        var entry = stats.unbounded[shape] ?? (0, [])
        entry.count += 1
        if entry.examples.count < examplesKept { entry.examples.append(value) }
        stats.unbounded[shape] = entry
    }

    private static func sameSeries(_ lhs: Sample, _ rhs: Sample) -> Bool {
        guard lhs.name == rhs.name, lhs.labels.count == rhs.labels.count else { return false }
        let left = lhs.labels.sorted { $0.name < $1.name }
        let right = rhs.labels.sorted { $0.name < $1.name }
        return left == right
    }
}
