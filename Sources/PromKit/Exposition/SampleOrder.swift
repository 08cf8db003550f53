#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
        var labelSets = Interner<[Label]>()
        var names = Interner<String>()
        var keys: [Key] = []
        keys.reserveCapacity(samples.count)
        for sample in samples {
            var bound = -Double.infinity
            var labels: [Label] = []
            labels.reserveCapacity(sample.labels.count)
            for label in sample.labels {
                if label.name.sameBytes(as: "le") {
                    bound = PythonFloat.parse(label.value) ?? .nan
                } else {
                    labels.append(label)
                }
            }
            let set = labelSets.intern(ByteWriter.sortedLabels(labels))
            keys.append(Key(set: Int(set), name: Int(names.intern(sample.name)), bound: bound))
        }
        let order = self.order(keys, labelSets: labelSets.values, names: names.values)
        samples = order.map { samples[$0] }
    }

    /// What orders one sample: the index of its label set (without `le`) and
    /// of its name among the distinct ones, and its `le` (-inf without one).
    struct Key {
        var set: Int
        var name: Int
        var bound: Double
    }

    /// The indices of `keys` in the stable order. Distinct label sets and
    /// names are ranked once, so the sort itself compares integers: a family
    /// has far fewer label sets than comparisons.
    static func order(_ keys: [Key], labelSets: [[Label]], names: [String]) -> [Int] {
        let setRank = ranks(ofLabelSets: labelSets)
        var nameRank = [Int](repeating: 0, count: names.count)
        for (rank, index) in names.indices.sorted(by: { compareBytes(names[$0], names[$1]) < 0 }).enumerated() {
            nameRank[index] = rank
        }
        return keys.indices.sorted { lhs, rhs in
            let (left, right) = (keys[lhs], keys[rhs])
            if left.set != right.set { return setRank[left.set] < setRank[right.set] }
            if left.name != right.name { return nameRank[left.name] < nameRank[right.name] }
            if left.bound.isNaN || right.bound.isNaN { return !left.bound.isNaN && right.bound.isNaN }
            return left.bound < right.bound
        }
    }

    /// The rank of each label set (sorted by name, without `le`) in the stable order.
    static func ranks(ofLabelSets sets: [[Label]]) -> [Int] {
        let keyed = sets.map { $0.map(LabelKey.init) }
        var ranks = [Int](repeating: 0, count: keyed.count)
        for (rank, index) in keyed.indices.sorted(by: { LabelKey.precede(keyed[$0], keyed[$1]) }).enumerated() {
            ranks[index] = rank
        }
        return ranks
    }

    /// Whether `lhs` comes before `rhs` in the stable order.
    public static func precedes(_ lhs: Sample, _ rhs: Sample) -> Bool {
        var pair = [lhs, rhs]
        sort(&pair)
        return pair[0] == lhs && pair[1] != lhs
    }

    /// A label with its value's number, worked out once per distinct label set.
    private struct LabelKey {
        var name: String
        var value: String
        /// The value as a whole number, when it is one (at most 18 digits).
        var number: Int?

        init(_ label: Label) {
            name = label.name
            value = label.value
            let utf8 = label.value.utf8
            let isNumber =
                !utf8.isEmpty && utf8.count < 19
                && utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            number = isNumber ? Int(label.value) : nil
        }

        /// Label sets (sorted by name, without `le`) compared label by label.
        static func precede(_ lhs: [LabelKey], _ rhs: [LabelKey]) -> Bool {
            for (left, right) in zip(lhs, rhs) {
                let names = compareBytes(left.name, right.name)
                if names != 0 { return names < 0 }
                if let l = left.number, let r = right.number {
                    if l != r { return l < r }
                } else {
                    let values = compareBytes(left.value, right.value)
                    if values != 0 { return values < 0 }
                }
            }
            return lhs.count < rhs.count
        }
    }

    /// Bytewise comparison of two strings' UTF-8: negative, zero or positive.
    static func compareBytes(_ lhs: String, _ rhs: String) -> Int {
        let result = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right -> Int in
                let common = min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = memcmp(l, r, common)
                    if order != 0 { return Int(order) }
                }
                return left.count - right.count
            }
        }
        if let result = result ?? nil { return result }
        if lhs.sameBytes(as: rhs) { return 0 }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }
}
