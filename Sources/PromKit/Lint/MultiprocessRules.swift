/// Rules that need to know how prometheus_client's multiprocess mode stores metrics.
struct MultiprocessRules {
    /// The `multiprocess_mode` to suggest for a gauge, from its name and help.
    static func suggestedMode(name: String, help: String) -> GaugeMode {
        let text = (name + " " + help).lowercased()
        func has(_ words: [String]) -> Bool { words.contains { text.contains($0) } }
        if has(["last", "timestamp", "_time", "updated", "mostrecent"]) { return .mostrecent }
        if has(["max", "peak", "high_water", "highest"]) { return .max }
        if has(["min", "low_water", "lowest"]) { return .min }
        if has(["_info", "version", "build", "config", "enabled"]) { return .max }
        return .livesum
    }

    private static func modeAdvice(_ mode: GaugeMode) -> String {
        "set multiprocess_mode=\"\(mode.rawValue)\" (livesum to add up live workers, max or min for one value "
            + "per deployment, mostrecent for the last value set)"
    }

    private static func fileList(_ files: [Int], _ facts: MultiprocessFacts) -> String {
        let names = files.prefix(2).map { facts.files[$0].name.fileName }
        let more = files.count > 2 ? " and \(files.count - 2) more" : ""
        return names.joined(separator: ", ") + more
    }

    private static func describe<T>(
        _ variants: [(value: T, files: [Int])], _ facts: MultiprocessFacts, _ show: (T) -> String
    ) -> String {
        variants.prefix(3).map { "\(show($0.value)) in \(fileList($0.files, facts))" }.joined(separator: "; ")
    }

    /// Adds findings from the per-file facts of a directory or `.db` file.
    static func check(_ facts: MultiprocessFacts, families: [MetricFamily], emit: (LintFinding) -> Void) {
        var familyByName: [String: MetricFamily] = [:]
        for family in families { familyByName[family.name] = family }
        for metric in facts.metrics {
            let firstType = metric.files.first.map { facts.files[$0].name.type }
            let name =
                familyByName[NameEscaping.underscores.metricName(metric.name)].map { PromlintRules.exposedName($0) }
                ?? (firstType == .counter ? metric.name + "_total" : metric.name)
            func problem(_ rule: LintRule, _ text: String, label: String? = nil, examples: [String] = []) {
                emit(LintFinding(rule: rule, metric: name, message: text, label: label, examples: examples))
            }
            if metric.helps.count > 1 {
                problem(
                    .inconsistentHelp, "help differs between files: " + describe(metric.helps, facts) { "\"\($0)\"" })
            }
            if metric.kinds.count > 1 {
                problem(.inconsistentType, "type differs between files: " + describe(metric.kinds, facts) { $0 })
            }
            if metric.labelNames.count > 1 {
                problem(
                    .inconsistentLabels,
                    "label names differ between files: "
                        + describe(metric.labelNames, facts) { "[" + $0.joined(separator: ", ") + "]" })
            }
            if metric.buckets.count > 1 {
                problem(
                    .inconsistentBuckets,
                    "histogram buckets differ between files: "
                        + describe(metric.buckets, facts) { "[" + $0.joined(separator: ", ") + "]" })
            }
            if let mode = metric.modes.first(where: \.keepsPid) {
                let pids = Array(Set(metric.pids)).sorted()
                let suggestion = suggestedMode(name: metric.name, help: metric.helps.first?.value ?? "")
                let stale = mode == .all ? ", and dead workers' series stay until their files are removed" : ""
                problem(
                    .pidSeries,
                    "gauge in multiprocess_mode \"\(mode.rawValue)\": every worker exports its own series with a "
                        + "\"pid\" label (\(pids.count) now)\(stale); \(modeAdvice(suggestion))",
                    label: "pid", examples: Array(pids.prefix(3)))
            }
            if firstType == .summary {
                problem(
                    .multiprocessSummary,
                    "summary in multiprocess mode: only _count and _sum are exported, no quantiles; "
                        + "use a histogram for percentiles")
            }
            if firstType == .counter, !metric.anyNonZero {
                problem(
                    .neverIncremented,
                    "counter created but never incremented in any of \(metric.files.count) worker file(s)")
            }
        }
    }

    /// For an exposition: gauges whose series carry a numeric `pid` label, the mark of
    /// a multiprocess gauge in mode all or liveall.
    static func checkPidLabels(_ subject: LintInput.Subject, scan: FamilyScan, emit: (LintFinding) -> Void) {
        let family = subject.family
        guard family.type == .gauge, let pid = scan.labels.first(where: { $0.name == "pid" }),
            pid.values.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } })
        else { return }
        let suggestion = suggestedMode(name: family.name, help: family.help)
        emit(
            LintFinding(
                rule: .pidSeries, metric: PromlintRules.exposedName(family, sampleNames: scan.sampleNames),
                message: "series carry a \"pid\" label (\(pid.values.count) pids): a multiprocess gauge in mode "
                    + "all or liveall, whose series multiply with each worker restart; \(modeAdvice(suggestion))",
                label: "pid", examples: pid.firstValues, line: pid.firstLine ?? subject.line))
    }
}
