/// Series counts, label values that grow without bound, and ungrouped status codes.
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
        for stats in scan.labels {
            let line = stats.firstLine ?? subject.line
            // Process ids are the multiprocess-pid-series rule's.
            if stats.name != "pid" {
                let total = stats.unbounded.values.reduce(0) { $0 + $1.count }
                if total >= 2 || stats.unbounded[.pathWithID] != nil {
                    let shapes = stats.unbounded.keys.sorted()
                    let examples = shapes.flatMap { stats.unbounded[$0]?.examples ?? [] }.prefix(
                        FamilyScan.examplesKept)
                    emit(
                        LintFinding(
                            rule: .unboundedValues, metric: name,
                            message: "label \"\(stats.name)\" values look unbounded: \(total) of "
                                + "\(stats.values.count) distinct values are "
                                + shapes.map(\.rawValue).joined(separator: ", "),
                            label: stats.name, examples: Array(examples), line: line))
                }
            }
            if let finding = ungroupedStatus(stats, metric: name, line: line) { emit(finding) }
            if stats.values.count > manyValues {
                emit(
                    LintFinding(
                        rule: .manyLabelValues, metric: name,
                        message: "label \"\(stats.name)\" has \(stats.values.count) distinct values",
                        label: stats.name, examples: stats.firstValues, line: line))
            }
        }
    }

    private static func ungroupedStatus(_ stats: FamilyScan.LabelStats, metric: String, line: Int?) -> LintFinding? {
        guard stats.statusCodes.count >= 2,
            statusLabels.contains(stats.name.lowercased()) || stats.statusCodes.count == stats.values.count
        else { return nil }
        var classes: [UInt8: [String]] = [:]
        for code in stats.statusCodes { classes[code.utf8.first ?? 0, default: []].append(code) }
        let crowded = classes.filter { $0.value.count >= 2 }.sorted { $0.key < $1.key }
        guard !crowded.isEmpty else { return nil }
        let codes = crowded.flatMap { $0.value.sorted() }
        let groups = crowded.map { "\"\(Character(Unicode.Scalar($0.key)))xx\"" }.joined(separator: ", ")
        return LintFinding(
            rule: .ungroupedStatus, metric: metric,
            message: "label \"\(stats.name)\" holds status codes one by one (\(codes.joined(separator: ", "))) "
                + "where \(groups) would do",
            label: stats.name, examples: Array(codes.prefix(FamilyScan.examplesKept)), line: line)
    }
}
