/// What the per-sample rules need of one family, gathered in one pass over its
/// samples: label names, repeated series, distinct values per label, sample names.
/// A ``Builder`` takes the samples one at a time, straight from the parser, so
/// that linting a large exposition never holds its samples.
struct FamilyScan: Sendable {
    /// What one label name's values look like across the family.
    struct LabelStats: Sendable {
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
        /// The line of the first sample carrying the label, when known.
        var firstLine: Int?
    }

    /// Label names in first-seen order, with the line of the first sample carrying each.
    var labelNames: [(name: String, line: Int?)] { allLabels.map { ($0.name, $0.firstLine) } }
    /// The lines of samples that repeat an earlier sample's name and labels.
    var duplicateLines: [Int?] = []
    /// Per label name (all but `le` and `quantile`), in first-seen order.
    var labels: [LabelStats] { allLabels.filter(\.counted) }
    /// The number of samples (series, as Prometheus stores them).
    var seriesCount = 0
    /// The distinct sample names, in first-seen order.
    var sampleNames: [String] = []
    /// The first few sample values other than 1 (info metrics have only 1).
    var valuesOtherThanOne: [Double] = []
    fileprivate var allLabels: [LabelStats] = []

    static let examplesKept = 3

    /// Scans a family held in memory; `lines` gives each sample's line, else `line` is used.
    init(_ family: MetricFamily, lines: [Int] = [], line: Int? = nil) {
        var builder = Builder()
        var scratch: [UInt8] = []
        var spans: [LabelRuns.Span] = []
        for (index, sample) in family.samples.enumerated() {
            LabelRuns.with(sample.labels, scratch: &scratch, spans: &spans) {
                builder.add(
                    name: sample.name, labels: $0, value: sample.value, line: index < lines.count ? lines[index] : line)
            }
        }
        self = builder.finish()
    }

    private init() {}

    /// Takes a family's samples one at a time. Each label value is looked up by its
    /// bytes (interned per label name); a series is the sample name's id and its
    /// (label, value id) pairs, kept as bytes in a table, so repeats are exact.
    struct Builder {
        private var scan = FamilyScan()
        private var valueIDs: [ValueInterner] = []
        private var slotOfName: [String: Int] = [:]
        /// The previous sample's label names (bytes, end offsets), their slots and the
        /// order of its labels by slot: reused while the names repeat.
        private var previousNames: [UInt8] = []
        private var previousEnds: [Int] = []
        private var previousSlots: [Int] = []
        private var previousOrder: [Int] = []
        /// Every run of label names met, by its bytes (names joined by 0xFF, which
        /// UTF-8 never holds): a histogram's samples take turns with and without `le`.
        private var layoutTable = KeyTable(slots: 16)
        private var layouts: [(slots: [Int], order: [Int])] = []
        private var layoutKey: [UInt8] = []
        private var lastName = -1
        private var series = KeyTable(slots: 64)
        private var key: [Int32] = []

        /// Adds one sample.
        mutating func add(name: String, labels: LabelRuns, value: Double, line: Int?) {
            scan.seriesCount += 1
            if value != 1, scan.valuesOtherThanOne.count < FamilyScan.examplesKept {
                scan.valuesOtherThanOne.append(value)
            }
            if !sameNames(labels) { takeNames(labels, line: line) }
            key.removeAll(keepingCapacity: true)
            key.append(Int32(truncatingIfNeeded: nameID(name)))
            for position in previousOrder {
                let slot = previousSlots[position]
                let bytes = labels.value(position)
                let (id, inserted) = valueIDs[slot].intern(bytes)
                if inserted, scan.allLabels[slot].counted {
                    FamilyScan.classify(String(decoding: bytes, as: UTF8.self), into: &scan.allLabels[slot])
                }
                key.append(Int32(truncatingIfNeeded: slot))
                key.append(id)
            }
            let isNew = key.withUnsafeBytes { series.indexInserting($0, hash: KeyTable.hash($0)).inserted }
            if !isNew { scan.duplicateLines.append(line) }
        }

        /// The scan of the samples added.
        func finish() -> FamilyScan {
            var result = scan
            for slot in result.allLabels.indices { result.allLabels[slot].values = valueIDs[slot].values }
            return result
        }

        private mutating func nameID(_ name: String) -> Int {
            if lastName >= 0, scan.sampleNames[lastName] == name { return lastName }
            if let known = scan.sampleNames.firstIndex(of: name) {
                lastName = known
            } else {
                lastName = scan.sampleNames.count
                scan.sampleNames.append(name)
            }
            return lastName
        }

        /// Whether the label names are the previous sample's, in the same order.
        private func sameNames(_ labels: LabelRuns) -> Bool {
            guard labels.count == previousEnds.count else { return false }
            return previousNames.withUnsafeBytes { names in
                var start = 0
                for position in 0..<labels.count {
                    let end = previousEnds[position]
                    if !LineCursor.same(labels.name(position), UnsafeRawBufferPointer(rebasing: names[start..<end])) {
                        return false
                    }
                    start = end
                }
                return true
            }
        }

        /// Makes `labels`' names the current run: one met before, or a new one.
        private mutating func takeNames(_ labels: LabelRuns, line: Int?) {
            previousNames.removeAll(keepingCapacity: true)
            previousEnds.removeAll(keepingCapacity: true)
            layoutKey.removeAll(keepingCapacity: true)
            for position in 0..<labels.count {
                previousNames.append(contentsOf: labels.name(position))
                previousEnds.append(previousNames.count)
                layoutKey.append(contentsOf: labels.name(position))
                layoutKey.append(0xFF)
            }
            let (index, isNew) = layoutKey.withUnsafeBytes { layoutTable.indexInserting($0, hash: KeyTable.hash($0)) }
            if !isNew {
                (previousSlots, previousOrder) = layouts[index]
                return
            }
            previousSlots.removeAll(keepingCapacity: true)
            for position in 0..<labels.count {
                let name = String(decoding: labels.name(position), as: UTF8.self)
                if let slot = slotOfName[name] {
                    previousSlots.append(slot)
                    continue
                }
                let slot = scan.allLabels.count
                slotOfName[name] = slot
                scan.allLabels.append(
                    LabelStats(name: name, counted: name != "le" && name != "quantile", firstLine: line))
                valueIDs.append(ValueInterner())
                previousSlots.append(slot)
            }
            previousOrder = previousSlots.indices.sorted { previousSlots[$0] < previousSlots[$1] }
            layouts.append((previousSlots, previousOrder))
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
}
