/// One pass over a family's samples that collects what the per-sample rules need:
/// label names, repeated series, and distinct values per label.
struct FamilyScan {
    /// What one label name's values look like across the family.
    struct LabelStats {
        /// The label name.
        var name: String
        /// Whether the label counts for cardinality (all but `le` and `quantile`).
        var counted: Bool
        /// Distinct values seen, each with a small id.
        var values: [String: Int32] = [:]
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
        var sampleNames: [String] = []
        var previousNames: [String] = []
        var previousSlots: [Int] = []
        var previousOrder: [Int] = []
        // The first sample per series hash; further samples only when hashes collide.
        var firstWithKey: [Int: Int] = [:]
        var moreWithKey: [Int: [Int]] = [:]
        firstWithKey.reserveCapacity(family.samples.count)
        for (index, sample) in family.samples.enumerated() {
            // Label names usually repeat from one sample to the next: compare them in the
            // order given and reuse the slots and the sorted order when they do.
            let labels = sample.labels
            var sameNames = labels.count == previousNames.count
            if sameNames {
                for position in labels.indices where labels[position].name != previousNames[position] {
                    sameNames = false
                    break
                }
            }
            if !sameNames {
                previousNames = labels.map(\.name)
                previousOrder = labels.indices.sorted { labels[$0].name < labels[$1].name }
                previousSlots = labels.map { label in
                    if let slot = slotOfName[label.name] { return slot }
                    let slot = allLabels.count
                    slotOfName[label.name] = slot
                    let counted = label.name != "le" && label.name != "quantile"
                    allLabels.append(LabelStats(name: label.name, counted: counted, firstSample: index))
                    return slot
                }
            }
            var hasher = Hasher()
            if let known = sampleNames.firstIndex(of: sample.name) {
                hasher.combine(known)
            } else {
                hasher.combine(sampleNames.count)
                sampleNames.append(sample.name)
            }
            for position in previousOrder {
                let label = labels[position]
                let slot = previousSlots[position]
                let id: Int32
                if let known = allLabels[slot].values[label.value] {
                    id = known
                } else {
                    id = Int32(truncatingIfNeeded: allLabels[slot].values.count)
                    allLabels[slot].values[label.value] = id
                    if allLabels[slot].counted { FamilyScan.classify(label.value, into: &allLabels[slot]) }
                }
                hasher.combine(slot)
                hasher.combine(id)
            }
            let key = hasher.finalize()
            guard let first = firstWithKey[key] else {
                firstWithKey[key] = index
                continue
            }
            let earlier = [first] + (moreWithKey[key] ?? [])
            if earlier.contains(where: { FamilyScan.sameSeries(family.samples[$0], sample) }) {
                duplicates.append(index)
            } else {
                moreWithKey[key, default: []].append(index)
            }
        }
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
