/// client_golang's promlint, as `promtool check metrics` runs it, on the model and in its words:
/// one unit per rule, each checked off the family's scan.
///
/// Follows client_golang 1.20 and later: the type in a name is checked for the
/// metric's own type only, untyped metrics are not checked for it, and repeated
/// series are reported as `metric not unique` (under `validate`'s id for them,
/// `duplicate-series`).
enum PromlintRules {
    /// The type promlint sees: what the family is in the text format.
    enum TextType: String, Sendable {
        case counter, gauge, histogram, summary, untyped
        case gaugeHistogram = "gauge_histogram"
    }

    /// The type as the text format exposes it. A gauge histogram parsed from text
    /// (`# TYPE x gauge_histogram`) stays one, as promtool reads it; one from
    /// OpenMetrics is what prometheus_client's text format makes of it: a histogram.
    static func textType(_ type: MetricType, format: ExpositionFormatKind? = nil) -> TextType {
        switch type {
        case .counter: .counter
        case .gauge, .info, .stateset: .gauge
        case .histogram: .histogram
        case .gaugehistogram: format == .text ? .gaugeHistogram : .histogram
        case .summary: .summary
        case .unknown: .untyped
        }
    }

    /// The name a scrape shows for the family and promtool prints: a counter
    /// with `_total` when its samples carry it, an info metric with `_info`.
    /// `sampleNames` are the distinct names of its samples (by default, of those it holds).
    static func exposedName(_ family: MetricFamily, sampleNames: [String]? = nil) -> String {
        let names = sampleNames ?? family.samples.map(\.name)
        switch family.type {
        case .counter:
            let total = family.name + "_total"
            if names.isEmpty || names.contains(total) { return total }
            return family.name
        case .info:
            let info = family.name + "_info"
            if names.isEmpty || names.contains(info) { return info }
            return family.name
        default:
            return family.name
        }
    }
}

extension PromlintRules {
    struct NoHelp: FamilyCheck {
        let rule = LintRule(
            "no-help", .warning, .promlint, "Every metric needs HELP text so that users know what it measures.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if !family.subject.hasHelp { emit(family.finding(rule, "no help text")) }
        }
    }

    struct CounterTotalSuffix: FamilyCheck {
        let rule = LintRule(
            "counter-total-suffix", .warning, .promlint, "Counters end in _total so that queries can tell them apart.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if family.textType == .counter, !family.name.hasSuffix("_total") {
                emit(family.finding(rule, "counter metrics should have \"_total\" suffix"))
            }
        }
    }

    struct NonCounterTotalSuffix: FamilyCheck {
        let rule = LintRule(
            "non-counter-total-suffix", .warning, .promlint, "_total promises a counter; other types must not use it.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if family.textType != .untyped, family.textType != .counter, family.name.hasSuffix("_total") {
                emit(family.finding(rule, "non-counter metrics should not have \"_total\" suffix"))
            }
        }
    }

    struct ReservedSuffix: FamilyCheck {
        let rule = LintRule(
            "reserved-suffix", .warning, .promlint,
            "_bucket, _count and _sum belong to histograms and summaries; other types clash with them.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            let type = family.textType
            guard type != .untyped, type != .histogram else { return }
            if family.name.hasSuffix("_bucket") {
                emit(family.finding(rule, "non-histogram metrics should not have \"_bucket\" suffix"))
            }
            for suffix in ["_count", "_sum"] where type != .summary && family.name.hasSuffix(suffix) {
                emit(
                    family.finding(rule, "non-histogram and non-summary metrics should not have \"\(suffix)\" suffix"))
            }
        }
    }

    struct ReservedLabel: FamilyCheck {
        let rule = LintRule(
            "reserved-label", .warning, .promlint,
            "The labels le and quantile belong to histograms and summaries; other types confuse queries.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            guard family.textType != .untyped else { return }
            for (label, line) in family.scan.labelNames {
                if family.textType != .histogram, label == "le" {
                    emit(
                        family.finding(
                            rule, "non-histogram metrics should not have \"le\" label", label: label, line: line))
                }
                if family.textType != .summary, label == "quantile" {
                    emit(
                        family.finding(
                            rule, "non-summary metrics should not have \"quantile\" label", label: label, line: line))
                }
            }
        }
    }

    struct TypeInName: FamilyCheck {
        let rule = LintRule(
            "type-in-name", .warning, .promlint, "The type is in the TYPE line; repeating it in the name adds nothing.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            let type = family.textType.rawValue
            guard family.textType != .untyped else { return }
            let lower = family.name.lowercased()
            if lower.contains("_\(type)_") || lower.hasSuffix("_\(type)") {
                emit(family.finding(rule, "metric name should not include type '\(type)'"))
            }
        }
    }

    struct ColonInName: FamilyCheck {
        let rule = LintRule("colon-in-name", .warning, .promlint, "Colons are reserved for recording rules.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if family.name.contains(":") { emit(family.finding(rule, "metric names should not contain ':'")) }
        }
    }

    struct CamelCaseMetricName: FamilyCheck {
        let rule = LintRule("camelcase-metric-name", .warning, .promlint, "Metric names are snake_case by convention.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if PromlintUnits.isCamelCase(family.name) {
                emit(family.finding(rule, "metric names should be written in 'snake_case' not 'camelCase'"))
            }
        }
    }

    struct CamelCaseLabelName: FamilyCheck {
        let rule = LintRule("camelcase-label-name", .warning, .promlint, "Label names are snake_case by convention.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            for (label, line) in family.scan.labelNames where PromlintUnits.isCamelCase(label) {
                emit(
                    family.finding(
                        rule, "label names should be written in 'snake_case' not 'camelCase'", label: label, line: line
                    ))
            }
        }
    }

    struct AbbreviatedUnit: FamilyCheck {
        let rule = LintRule(
            "abbreviated-unit", .warning, .promlint,
            "Units are spelt out (seconds, bytes) so that names are unambiguous.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if PromlintUnits.abbreviationCount(in: family.name) > 0 {
                emit(family.finding(rule, "metric names should not contain abbreviated units"))
            }
        }
    }

    struct NonBaseUnit: FamilyCheck {
        let rule = LintRule(
            "non-base-unit", .warning, .promlint, "Base units (seconds, bytes, meters) make metrics comparable.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            if let (unit, base) = PromlintUnits.unit(in: family.name), unit != base {
                emit(family.finding(rule, "use base unit \"\(base)\" instead of \"\(unit)\""))
            }
        }
    }

    /// promlint's `metric not unique`: a repeated series, at the line of each repeat.
    struct DuplicateSeries: FamilyCheck {
        let rule = LintRule(
            "duplicate-series", .warning, .promlint,
            "Two samples with the same name and labels are one series twice: Prometheus keeps one, drops the other.")

        func check(_ family: LintedFamily, emit: (LintFinding) -> Void) {
            for line in family.scan.duplicateLines { emit(family.finding(rule, "metric not unique", line: line)) }
        }
    }
}
