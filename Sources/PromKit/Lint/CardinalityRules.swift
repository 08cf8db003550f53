/// Series counts, label values that grow without bound, and ungrouped status codes.
///
/// The value rules guess, so they look at what a label is called and what its
/// family means before they look at the values' shape: a MAC address in an info
/// metric is an attribute of a network card, a device number is no status code,
/// and three status codes on a family with no other label cost three series.
struct CardinalityRules {
    /// Label names that carry HTTP status codes.
    static let statusLabels: Set<String> = [
        "code", "status", "status_code", "http_status", "http_code", "http_status_code", "response_code",
        "response_status",
    ]

    /// A label with more distinct values than this is reported by `many-label-values`.
    static let manyValues = 100

    /// Adds the cardinality findings for one family.
    static func check(
        _ subject: LintInput.Subject, scan: FamilyScan, maxSeries: Int, emit: (LintFinding) -> Void
    ) {
        let family = subject.family
        let name = PromlintRules.exposedName(family, sampleNames: scan.sampleNames)
        if scan.seriesCount > maxSeries {
            let top = scan.labels.max { $0.values.count < $1.values.count }
            let detail = top.map { "; label \"\($0.name)\" has \($0.values.count) distinct values" } ?? ""
            emit(
                LintFinding(
                    rule: .maxSeries, metric: name,
                    message: "\(scan.seriesCount) series, more than --max-series \(maxSeries)\(detail)",
                    label: top?.name, examples: top?.firstValues ?? [], line: subject.line))
        }
        // An info metric has one series per thing it describes (a build, a network
        // card); its labels are that thing's attributes: addresses, versions, hashes.
        let describes = isInfo(family, name: name, scan: scan)
        for stats in scan.labels {
            let line = stats.firstLine ?? subject.line
            // Process ids are the multiprocess-pid-series rule's.
            if stats.name != "pid", !describes, let finding = unbounded(stats, metric: name, line: line) {
                emit(finding)
            }
            if let finding = ungroupedStatus(stats, scan: scan, metric: name, line: line) { emit(finding) }
            if stats.values.count > manyValues {
                emit(
                    LintFinding(
                        rule: .manyLabelValues, metric: name,
                        message: "label \"\(stats.name)\" has \(stats.values.count) distinct values",
                        label: stats.name, examples: stats.firstValues, line: line))
            }
        }
    }

    /// An info metric: of type info, or a gauge (or untyped) named `_info` whose values are all 1.
    static func isInfo(_ family: MetricFamily, name: String, scan: FamilyScan) -> Bool {
        family.type == .info
            || ((family.type == .gauge || family.type == .unknown) && name.hasSuffix("_info")
                && scan.valuesOtherThanOne.isEmpty)
    }

    private static func unbounded(_ stats: FamilyScan.LabelStats, metric: String, line: Int?) -> LintFinding? {
        let total = stats.unbounded.values.reduce(0) { $0 + $1.count }
        guard total >= 2 || stats.unbounded[.pathWithID] != nil else { return nil }
        let shapes = stats.unbounded.keys.sorted()
        let examples = shapes.flatMap { stats.unbounded[$0]?.examples ?? [] }.prefix(FamilyScan.examplesKept)
        let advice =
            stats.unbounded[.pathWithID] != nil
            ? "; label with the route template (\"/items/{id}\") instead" : ""
        return LintFinding(
            rule: .unboundedValues, metric: metric,
            message: "label \"\(stats.name)\" values look unbounded: \(total) of \(stats.values.count) distinct values "
                + "are \(shapes.map(\.rawValue).joined(separator: ", ")), and each new value is a new series"
                + advice,
            label: stats.name, examples: Array(examples), line: line)
    }

    /// Whether a label called `name` holds HTTP status codes.
    static func isStatusLabel(_ name: String) -> Bool {
        let lower = name.lowercased()
        return statusLabels.contains(lower) || lower.hasSuffix("_status_code") || lower.hasSuffix("_http_status")
    }

    /// Two or more codes of one class in a label named for status codes, on a family whose
    /// other labels they multiply. A family with the code as its only varying label (client_golang's
    /// `promhttp_metric_handler_requests_total{code}`) has a series per code and no more.
    private static func ungroupedStatus(
        _ stats: FamilyScan.LabelStats, scan: FamilyScan, metric: String, line: Int?
    ) -> LintFinding? {
        guard stats.statusCodes.count >= 2, isStatusLabel(stats.name) else { return nil }
        let multiplied = scan.labels.filter { $0.name != stats.name && $0.values.count >= 2 }.map(\.name)
        guard !multiplied.isEmpty else { return nil }
        var classes: [UInt8: [String]] = [:]
        for code in stats.statusCodes { classes[code.utf8.first ?? 0, default: []].append(code) }
        let crowded = classes.filter { $0.value.count >= 2 }.sorted { $0.key < $1.key }
        guard !crowded.isEmpty else { return nil }
        let codes = crowded.flatMap { $0.value.sorted() }
        let groups = crowded.map { "\"\(Character(Unicode.Scalar($0.key)))xx\"" }.joined(separator: ", ")
        let quoted = multiplied.map { "\"\($0)\"" }.joined(separator: ", ")
        let others = multiplied.count == 1 ? "value of \(quoted)" : "combination of \(quoted)"
        return LintFinding(
            rule: .ungroupedStatus, metric: metric,
            message: "label \"\(stats.name)\" holds status codes one by one (\(codes.joined(separator: ", "))) "
                + "where \(groups) would do: each code is one more series for every \(others)",
            label: stats.name, examples: Array(codes.prefix(FamilyScan.examplesKept)), line: line)
    }
}
