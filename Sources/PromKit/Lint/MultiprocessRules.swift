/// Rules that need to know how prometheus_client's multiprocess mode stores metrics,
/// one unit per rule. Most read the per-file facts of a directory or `.db` file.
enum MultiprocessRules {
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

    static func modeAdvice(_ mode: GaugeMode) -> String {
        "set multiprocess_mode=\"\(mode.rawValue)\" (livesum to add up live workers, max or min for one value "
            + "per deployment, mostrecent for the last value set)"
    }

    /// The first few variants of a value with the files that hold each: `"a" in x.db, y.db and 3 more; ...`.
    static func describe<T>(
        _ variants: [(value: T, files: [Int])], _ facts: MultiprocessFacts, _ show: (T) -> String
    ) -> String {
        variants.prefix(3).map { variant in
            let names = variant.files.prefix(2).map { facts.files[$0].name.fileName }
            let more = variant.files.count > 2 ? " and \(variant.files.count - 2) more" : ""
            return "\(show(variant.value)) in \(names.joined(separator: ", "))\(more)"
        }.joined(separator: "; ")
    }

    /// The type of the first file that holds `metric`.
    static func firstType(_ metric: MultiprocessFacts.Metric, _ facts: MultiprocessFacts) -> DBFileType? {
        metric.files.first.map { facts.files[$0].name.type }
    }
}

extension MultiprocessRules {
    /// In a directory, gauges written in mode all or liveall; in an exposition, gauges
    /// whose series carry a numeric `pid` label, the mark of such a gauge.
    struct PidSeries: FamilyCheck, InputCheck {
        let rule = LintRule(
            "multiprocess-pid-series", .warning, .multiprocess,
            "Gauges in all/liveall mode export one series per worker pid; series multiply with every restart.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            guard !family.hasFileFacts, family.family.type == .gauge,
                let pid = family.scan.labels.first(where: { $0.name == "pid" }),
                pid.values.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } })
            else { return }
            let suggestion = suggestedMode(name: family.family.name, help: family.family.help)
            emit(
                family.finding(
                    rule,
                    "series carry a \"pid\" label (\(pid.values.count) pids): a multiprocess gauge in mode "
                        + "all or liveall, whose series multiply with each worker restart; \(modeAdvice(suggestion))",
                    label: "pid", examples: pid.firstValues, line: pid.firstLine))
        }

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { _, metric, name in
                guard let mode = metric.modes.first(where: \.keepsPid) else { return }
                let pids = Array(Set(metric.pids)).sorted()
                let suggestion = suggestedMode(name: metric.name, help: metric.helps.first?.value ?? "")
                let stale = mode == .all ? ", and dead workers' series stay until their files are removed" : ""
                emit(
                    LintFinding(
                        rule: rule, metric: name,
                        message: "gauge in multiprocess_mode \"\(mode.rawValue)\": every worker exports its own series "
                            + "with a \"pid\" label (\(pids.count) now)\(stale); \(modeAdvice(suggestion))",
                        label: "pid", examples: Array(pids.prefix(3))))
            }
        }
    }

    struct InconsistentHelp: InputCheck {
        let rule = LintRule(
            "multiprocess-inconsistent-help", .warning, .multiprocess,
            "Files disagree on HELP: a mixed deploy; the first file read wins.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard metric.helps.count > 1 else { return }
                let text = "help differs between files: " + describe(metric.helps, facts) { "\"\($0)\"" }
                emit(LintFinding(rule: rule, metric: name, message: text))
            }
        }
    }

    struct InconsistentType: InputCheck {
        let rule = LintRule(
            "multiprocess-inconsistent-type", .error, .multiprocess,
            "Files disagree on type or gauge mode: a mixed deploy; the merge is wrong for some of them.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard metric.kinds.count > 1 else { return }
                let text = "type differs between files: " + describe(metric.kinds, facts) { $0 }
                emit(LintFinding(rule: rule, metric: name, message: text))
            }
        }
    }

    struct InconsistentLabels: InputCheck {
        let rule = LintRule(
            "multiprocess-inconsistent-labels", .warning, .multiprocess,
            "Files disagree on label names: a mixed deploy; queries see two shapes of one metric.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard metric.labelNames.count > 1 else { return }
                let text =
                    "label names differ between files: "
                    + describe(metric.labelNames, facts) { "[" + $0.joined(separator: ", ") + "]" }
                emit(LintFinding(rule: rule, metric: name, message: text))
            }
        }
    }

    struct InconsistentBuckets: InputCheck {
        let rule = LintRule(
            "multiprocess-inconsistent-buckets", .error, .multiprocess,
            "Files disagree on histogram buckets: merged buckets are no longer comparable.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard metric.buckets.count > 1 else { return }
                let text =
                    "histogram buckets differ between files: "
                    + describe(metric.buckets, facts) { "[" + $0.joined(separator: ", ") + "]" }
                emit(LintFinding(rule: rule, metric: name, message: text))
            }
        }
    }

    struct MultiprocessSummary: InputCheck {
        let rule = LintRule(
            "multiprocess-summary", .warning, .multiprocess,
            "Summaries have no quantiles in multiprocess mode; a histogram gives percentiles.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard firstType(metric, facts) == .summary else { return }
                emit(
                    LintFinding(
                        rule: rule, metric: name,
                        message: "summary in multiprocess mode: only _count and _sum are exported, no quantiles; "
                            + "use a histogram for percentiles"))
            }
        }
    }

    struct CounterNeverIncremented: InputCheck {
        let rule = LintRule(
            "multiprocess-counter-never-incremented", .warning, .multiprocess,
            "A counter that is 0 in every worker's file is probably dead code or wired to the wrong path.")

        func check(_ input: LintedInput, emit: (LintFinding) -> Void) {
            input.forEachFileMetric { facts, metric, name in
                guard firstType(metric, facts) == .counter, !metric.anyNonZero else { return }
                emit(
                    LintFinding(
                        rule: rule, metric: name,
                        message: "counter created but never incremented in any of \(metric.files.count) worker file(s)"
                    ))
            }
        }
    }
}
