/// One pass over a family's samples that collects what the per-sample rules need:
/// label names, repeated series, and distinct values per label.
struct FamilyScan {
    /// What one label name's values look like across the family.
    struct LabelStats {
        /// The label name.
        var name: String
        /// Distinct values seen.
        var values: Set<String> = []
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
    var labelNames: [(name: String, sample: Int)] = []
    /// Sample indexes that repeat an earlier sample's name and labels.
    var duplicates: [Int] = []
    /// Per label name (all but `le` and `quantile`), in first-seen order.
    var labels: [LabelStats] = []
    /// The number of samples (series, as Prometheus stores them).
    var seriesCount: Int

    static let examplesKept = 3

    init(_ family: MetricFamily) {
        seriesCount = family.samples.count
        var nameIndex: [String: Int] = [:]
        var statsIndex: [String: Int] = [:]
        var seen: [Int: [Int]] = [:]
        seen.reserveCapacity(family.samples.count)
        for (index, sample) in family.samples.enumerated() {
            var hasher = Hasher()
            hasher.combine(sample.name)
            let sorted = FamilyScan.isSorted(sample.labels) ? sample.labels : sample.labels.sorted { $0.name < $1.name }
            for label in sorted {
                hasher.combine(label.name)
                hasher.combine(label.value)
                if nameIndex[label.name] == nil {
                    nameIndex[label.name] = labelNames.count
                    labelNames.append((label.name, index))
                }
                if label.name == "le" || label.name == "quantile" { continue }
                let slot: Int
                if let existing = statsIndex[label.name] {
                    slot = existing
                } else {
                    slot = labels.count
                    statsIndex[label.name] = slot
                    labels.append(LabelStats(name: label.name, firstSample: index))
                }
                if labels[slot].values.insert(label.value).inserted {
                    FamilyScan.classify(label.value, into: &labels[slot])
                }
            }
            let key = hasher.finalize()
            if let earlier = seen[key],
                earlier.contains(where: { FamilyScan.sameSeries(family.samples[$0], sample) })
            {
                duplicates.append(index)
            } else {
                seen[key, default: []].append(index)
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

    private static func isSorted(_ labels: [Label]) -> Bool {
        var index = 1
        while index < labels.count {
            if labels[index - 1].name > labels[index].name { return false }
            index += 1
        }
        return true
    }

    private static func sameSeries(_ lhs: Sample, _ rhs: Sample) -> Bool {
        guard lhs.name == rhs.name, lhs.labels.count == rhs.labels.count else { return false }
        let left = lhs.labels.sorted { $0.name < $1.name }
        let right = rhs.labels.sorted { $0.name < $1.name }
        return left == right
    }
}
