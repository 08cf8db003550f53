/// Series counts, label values that grow without bound, and ungrouped status codes,
/// one unit per rule.
///
/// The value rules guess, so they look at what a label is called and what its
/// family means before they look at the values' shape: a MAC address in an info
/// metric is an attribute of a network card, a device number is no status code,
/// and three status codes on a family with no other label cost three series.
/// None of them looks at the `x_created` gauges the text format writes beside a
/// counter, histogram or summary `x`: they repeat its labels.
enum CardinalityRules {
    /// Label names that carry HTTP status codes.
    static let statusLabels: Set<String> = [
        "code", "status", "status_code", "http_status", "http_code", "http_status_code", "response_code",
        "response_status",
    ]

    /// A label with more distinct values than this is reported by `many-label-values`.
    static let manyValues = 100

    /// An info metric: of type info, or a gauge (or untyped) named `_info` whose values are all 1.
    static func isInfo(_ family: MetricFamily, name: String, scan: FamilyScan) -> Bool {
        family.type == .info
            || ((family.type == .gauge || family.type == .unknown) && name.hasSuffix("_info")
                && scan.valuesOtherThanOne.isEmpty)
    }

    /// Whether a label called `name` holds HTTP status codes.
    static func isStatusLabel(_ name: String) -> Bool {
        let lower = name.lowercased()
        return statusLabels.contains(lower) || lower.hasSuffix("_status_code") || lower.hasSuffix("_http_status")
    }
}

extension CardinalityRules {
    struct MaxSeries: FamilyCheck {
        let rule = LintRule(
            "max-series", .error, .cardinality, "A family with more series than --max-series strains Prometheus.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            let scan = family.scan
            guard !family.isCreatedTwin, scan.seriesCount > family.maxSeries else { return }
            let top = scan.labels.max { $0.values.count < $1.values.count }
            let detail = top.map { "; label \"\($0.name)\" has \($0.values.count) distinct values" } ?? ""
            emit(
                family.finding(
                    rule, "\(scan.seriesCount) series, more than --max-series \(family.maxSeries)\(detail)",
                    label: top?.name, examples: top?.firstValues ?? []))
        }
    }

    struct UnboundedLabelValues: FamilyCheck {
        let rule = LintRule(
            "unbounded-label-values", .warning, .cardinality,
            "Ids, numbers, UUIDs, hashes, e-mails, IPs and timestamps as label values grow without bound.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            // An info metric has one series per thing it describes (a build, a network
            // card); its labels are that thing's attributes: addresses, versions, hashes.
            guard !family.isCreatedTwin, !isInfo(family.family, name: family.name, scan: family.scan) else { return }
            // Process ids are the multiprocess-pid-series rule's.
            for stats in family.scan.labels where stats.name != "pid" {
                let total = stats.unbounded.values.reduce(0) { $0 + $1.count }
                guard total >= 2 || stats.unbounded[.pathWithID] != nil else { continue }
                let shapes = stats.unbounded.keys.sorted()
                let examples = shapes.flatMap { stats.unbounded[$0]?.examples ?? [] }.prefix(FamilyScan.examplesKept)
                let advice =
                    stats.unbounded[.pathWithID] != nil
                    ? "; label with the route template (\"/items/{id}\") instead" : ""
                emit(
                    family.finding(
                        rule,
                        "label \"\(stats.name)\" values look unbounded: \(total) of \(stats.values.count) distinct "
                            + "values are \(shapes.map(\.rawValue).joined(separator: ", ")), and each new value is a "
                            + "new series" + advice,
                        label: stats.name, examples: Array(examples), line: stats.firstLine))
            }
        }
    }

    /// Two or more codes of one class in a label named for status codes, on a family whose
    /// other labels they multiply. A family with the code as its only varying label (client_golang's
    /// `promhttp_metric_handler_requests_total{code}`) has a series per code and no more.
    struct UngroupedStatusCodes: FamilyCheck {
        let rule = LintRule(
            "ungrouped-status-codes", .warning, .cardinality,
            "Status codes grouped as 2xx, 4xx, 5xx keep series few and queries simple.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            guard !family.isCreatedTwin else { return }
            let labels = family.scan.labels
            for stats in labels where stats.statusCodes.count >= 2 && isStatusLabel(stats.name) {
                let multiplied = labels.filter { $0.name != stats.name && $0.values.count >= 2 }.map(\.name)
                guard !multiplied.isEmpty else { continue }
                var classes: [UInt8: [String]] = [:]
                for code in stats.statusCodes { classes[code.utf8.first ?? 0, default: []].append(code) }
                let crowded = classes.filter { $0.value.count >= 2 }.sorted { $0.key < $1.key }
                guard !crowded.isEmpty else { continue }
                let codes = crowded.flatMap { $0.value.sorted() }
                let groups = crowded.map { "\"\(Character(Unicode.Scalar($0.key)))xx\"" }.joined(separator: ", ")
                let quoted = multiplied.map { "\"\($0)\"" }.joined(separator: ", ")
                let others = multiplied.count == 1 ? "value of \(quoted)" : "combination of \(quoted)"
                emit(
                    family.finding(
                        rule,
                        "label \"\(stats.name)\" holds status codes one by one (\(codes.joined(separator: ", "))) "
                            + "where \(groups) would do: each code is one more series for every \(others)",
                        label: stats.name, examples: Array(codes.prefix(FamilyScan.examplesKept)),
                        line: stats.firstLine))
            }
        }
    }

    struct ManyLabelValues: FamilyCheck {
        let rule = LintRule(
            "many-label-values", .warning, .cardinality,
            "A label with more than 100 distinct values multiplies every other label's series.",
            enabledByDefault: false)

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            guard !family.isCreatedTwin else { return }
            for stats in family.scan.labels where stats.values.count > manyValues {
                emit(
                    family.finding(
                        rule, "label \"\(stats.name)\" has \(stats.values.count) distinct values", label: stats.name,
                        examples: stats.firstValues, line: stats.firstLine))
            }
        }
    }
}
