/// client_golang's promlint, as `promtool check metrics` runs it, on the model and in its words.
///
/// Follows client_golang 1.20 and later: the type in a name is checked for the
/// metric's own type only, untyped metrics are not checked for it, and repeated
/// series are reported as `metric not unique` (under `validate`'s id for them,
/// `duplicate-series`).
struct PromlintRules {
    /// The type promlint sees: what the family is in the text format.
    enum TextType: String {
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

    /// Adds the findings for one family to `findings`.
    /// `format` is the input's (nil for families merged from `.db` files).
    static func check(
        _ subject: LintInput.Subject, scan: FamilyScan, format: ExpositionFormatKind? = nil,
        emit: (LintFinding) -> Void
    ) {
        let family = subject.family
        let name = exposedName(family, sampleNames: scan.sampleNames)
        let type = textType(family.type, format: format)
        func problem(_ rule: LintRule, _ text: String, line: Int? = subject.line, label: String? = nil) {
            emit(LintFinding(rule: rule, metric: name, message: text, label: label, line: line))
        }

        if !subject.hasHelp { problem(.noHelp, "no help text") }
        if let (unit, base) = PromlintUnits.unit(in: name), unit != base {
            problem(.nonBaseUnit, "use base unit \"\(base)\" instead of \"\(unit)\"")
        }
        let hasTotal = name.hasSuffix("_total")
        if type == .counter, !hasTotal {
            problem(.counterTotal, "counter metrics should have \"_total\" suffix")
        } else if type != .untyped, type != .counter, hasTotal {
            problem(.nonCounterTotal, "non-counter metrics should not have \"_total\" suffix")
        }
        if type != .untyped {
            let histogram = type == .histogram
            let summary = type == .summary
            if !histogram, name.hasSuffix("_bucket") {
                problem(.reservedSuffix, "non-histogram metrics should not have \"_bucket\" suffix")
            }
            for suffix in ["_count", "_sum"] where !histogram && !summary && name.hasSuffix(suffix) {
                problem(.reservedSuffix, "non-histogram and non-summary metrics should not have \"\(suffix)\" suffix")
            }
            for (label, line) in scan.labelNames {
                if !histogram, label == "le" {
                    problem(
                        .reservedLabel, "non-histogram metrics should not have \"le\" label",
                        line: line ?? subject.line,
                        label: label)
                }
                if !summary, label == "quantile" {
                    problem(
                        .reservedLabel, "non-summary metrics should not have \"quantile\" label",
                        line: line ?? subject.line, label: label)
                }
            }
            let lower = name.lowercased()
            if lower.contains("_\(type.rawValue)_") || lower.hasSuffix("_\(type.rawValue)") {
                problem(.typeInName, "metric name should not include type '\(type.rawValue)'")
            }
        }
        if name.contains(":") { problem(.colonInName, "metric names should not contain ':'") }
        if PromlintUnits.isCamelCase(name) {
            problem(.camelCaseMetric, "metric names should be written in 'snake_case' not 'camelCase'")
        }
        for (label, line) in scan.labelNames where PromlintUnits.isCamelCase(label) {
            problem(
                .camelCaseLabel, "label names should be written in 'snake_case' not 'camelCase'",
                line: line ?? subject.line, label: label)
        }
        if PromlintUnits.abbreviationCount(in: name) > 0 {
            problem(.abbreviatedUnit, "metric names should not contain abbreviated units")
        }
        for line in scan.duplicateLines {
            problem(.duplicateSeries, "metric not unique", line: line ?? subject.line)
        }
    }
}
