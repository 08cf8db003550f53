/// The stable order in which promkit lists a family's samples.
///
/// Samples are ordered by their labels other than `le`, sorted by name and
/// compared label by label: first the name, then the value, numerically where
/// both values are whole decimal numbers (so `pid="99"` comes before
/// `pid="100"`, `code="200"` before `code="404"`), bytewise otherwise. A label
/// set that is a prefix of another comes first. Then by sample name (so
/// `_bucket` before `_count` before `_sum`), then by the numeric value of `le`.
public enum SampleOrder {
    /// Sorts `samples` into the stable order.
    public static func sort(_ samples: inout [Sample]) {
        guard samples.count > 1 else { return }
        let keys = samples.map(SortKey.init)
        let order = keys.indices.sorted { keys[$0].precedes(keys[$1]) }
        samples = order.map { samples[$0] }
    }

    /// Whether `lhs` comes before `rhs` in the stable order.
    public static func precedes(_ lhs: Sample, _ rhs: Sample) -> Bool {
        SortKey(lhs).precedes(SortKey(rhs))
    }

    private struct SortKey {
        var labels: [Label]
        var name: String
        var bound: Double

        init(_ sample: Sample) {
            var bound = -Double.infinity
            var labels: [Label] = []
            labels.reserveCapacity(sample.labels.count)
            for label in sample.labels {
                if label.name.utf8.elementsEqual("le".utf8) {
                    bound = PythonFloat.parse(label.value) ?? .nan
                } else {
                    labels.append(label)
                }
            }
            self.labels = ByteWriter.sortedLabels(labels)
            self.name = sample.name
            self.bound = bound
        }

        func precedes(_ other: SortKey) -> Bool {
            for (lhs, rhs) in zip(labels, other.labels) {
                if !lhs.name.utf8.elementsEqual(rhs.name.utf8) {
                    return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
                }
                let order = SampleOrder.compareValues(lhs.value, rhs.value)
                if order != 0 { return order < 0 }
            }
            if labels.count != other.labels.count { return labels.count < other.labels.count }
            if !name.utf8.elementsEqual(other.name.utf8) {
                return name.utf8.lexicographicallyPrecedes(other.name.utf8)
            }
            if bound.isNaN || other.bound.isNaN { return !bound.isNaN && other.bound.isNaN }
            return bound < other.bound
        }
    }

    /// -1, 0 or 1: numeric for whole decimal numbers, bytewise otherwise.
    static func compareValues(_ lhs: String, _ rhs: String) -> Int {
        let isNumber: (String) -> Bool = {
            !$0.isEmpty && $0.utf8.count < 19
                && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        if isNumber(lhs), isNumber(rhs), let l = Int(lhs), let r = Int(rhs), l != r {
            return l < r ? -1 : 1
        }
        if lhs.utf8.elementsEqual(rhs.utf8) { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }
}
