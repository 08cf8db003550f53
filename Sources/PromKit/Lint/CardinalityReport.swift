/// Series per family and distinct values per label: the table after the findings.
public struct CardinalityReport: Sendable {
    /// One family's counts.
    public struct Family: Sendable {
        /// The metric name, as a scrape shows it.
        public var metric: String
        /// The number of series (sample lines).
        public var series: Int
        /// Label names with their distinct value counts, most values first.
        public var labels: [(name: String, values: Int)]
    }

    /// The number of families.
    public var familyCount: Int = 0
    /// The number of series over all families.
    public var totalSeries: Int = 0
    /// The families with the most series, most first.
    public var top: [Family] = []

    /// How many families the table keeps.
    public static let topCount = 10

    /// Adds a family's counts, keeping the top families.
    mutating func add(metric: String, scan: FamilyScan) {
        familyCount += 1
        totalSeries += scan.seriesCount
        if top.count == Self.topCount, let last = top.last, last.series >= scan.seriesCount { return }
        let labels = scan.labels.map { ($0.name, $0.values.count) }.sorted { $0.1 > $1.1 }
        top.append(Family(metric: metric, series: scan.seriesCount, labels: labels))
        top.sort { $0.series > $1.series }
        if top.count > Self.topCount { top.removeLast() }
    }

    /// The table as text: a summary line, then series, metric and top labels per family.
    public var text: String { text(source: nil) }

    /// The table as text, its summary line naming `source` when given (for several sources).
    public func text(source: String?) -> String {
        let of = source.map { " of \(TerminalText.escaped($0))" } ?? ""
        let families = familyCount == 1 ? "family" : "families"
        var out = "cardinality\(of): \(totalSeries) series in \(familyCount) \(families)\n"
        guard !top.isEmpty else { return out }
        let width = max(6, top.map { TerminalText.escaped($0.metric).count }.max() ?? 0)
        func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, count - text.count))
            return left ? fill + text : text + fill
        }
        out += "  " + pad("series", 8, left: true) + "  " + pad("metric", width) + "  labels (distinct values)\n"
        for family in top {
            let labels = family.labels.prefix(4).map { "\(TerminalText.escaped($0.name)) (\($0.values))" }.joined(
                separator: ", ")
            let more = family.labels.count > 4 ? ", ..." : ""
            out +=
                "  " + pad(String(family.series), 8, left: true) + "  "
                + pad(TerminalText.escaped(family.metric), width) + "  "
                + (labels.isEmpty ? "-" : labels + more) + "\n"
        }
        return out
    }
}
