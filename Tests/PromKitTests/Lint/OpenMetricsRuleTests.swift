import PromKit
import Testing

/// The OpenMetrics naming rules, each with families that must and must not trigger it.
@Suite struct OpenMetricsRuleTests {
    typealias F = LintTesting

    struct Row: CustomTestStringConvertible, Sendable {
        var rule: String
        var families: [MetricFamily]
        var triggers: Bool
        var note: String
        var testDescription: String { "\(rule) \(triggers ? "must" : "must not") trigger: \(note)" }
    }

    static let rows: [Row] = [
        Row(
            rule: "unit-suffix", families: [F.family("wait", .gauge, unit: "seconds")], triggers: true,
            note: "no suffix"),
        Row(
            rule: "unit-suffix", families: [F.family("wait_seconds", .gauge, unit: "seconds")], triggers: false,
            note: "suffix matches"),
        Row(
            rule: "unit-suffix", families: [F.family("wait_bytes", .gauge, unit: "seconds")], triggers: true,
            note: "other unit"),
        Row(rule: "unit-suffix", families: [F.family("wait", .gauge)], triggers: false, note: "no unit"),
        Row(
            rule: "created-misuse", families: [F.family("job_created", .gauge)], triggers: true,
            note: "a gauge called _created"),
        Row(
            rule: "created-misuse",
            families: [
                F.family("jobs", .counter, sampleName: "jobs_total"), F.family("jobs_created", .gauge, value: 1.7e9),
            ],
            triggers: false, note: "the gauge text format writes for a counter's _created"),
        Row(
            rule: "created-misuse",
            families: [
                MetricFamily(
                    name: "depth", type: .gauge, help: "D.",
                    samples: [Sample(name: "depth", value: 1), Sample(name: "depth_created", value: 1.7e9)])
            ],
            triggers: true, note: "a gauge with a _created sample"),
        Row(rule: "info-misuse", families: [F.family("build_info", .histogram)], triggers: true, note: "histogram"),
        Row(rule: "info-misuse", families: [F.family("build_info", .gauge, value: 2)], triggers: true, note: "value 2"),
        Row(rule: "info-misuse", families: [F.family("build_info", .gauge)], triggers: false, note: "gauge 1"),
        Row(
            rule: "info-misuse", families: [F.family("build", .info, sampleName: "build_info")], triggers: false,
            note: "info type"),
        Row(
            rule: "name-clash",
            families: [F.family("rt", .histogram, sampleName: "rt_count"), F.family("rt_count", .gauge)],
            triggers: true, note: "histogram and a gauge named like its _count"),
        Row(
            rule: "name-clash", families: [F.family("depth", .gauge), F.family("depth", .gauge)], triggers: true,
            note: "declared twice"),
        Row(
            rule: "name-clash",
            families: [F.family("rt", .histogram, sampleName: "rt_count"), F.family("rt_total", .gauge)],
            triggers: false, note: "distinct names"),
        Row(rule: "reserved-name", families: [F.family("__depth", .gauge)], triggers: true, note: "metric name"),
        Row(
            rule: "reserved-name", families: [F.family("depth", .gauge, labels: [[Label("__x", "1")]])],
            triggers: true, note: "label name"),
        Row(
            rule: "reserved-name", families: [F.family("depth_x", .gauge, labels: [[Label("x__", "1")]])],
            triggers: false, note: "underscores inside"),
    ]

    @Test(arguments: rows)
    func rule(_ row: Row) throws {
        let found = try LintTesting.findings(families: row.families).of(row.rule)
        #expect(found.isEmpty != row.triggers, "\(found)")
    }

    /// In an OpenMetrics exposition the parser rejects the mismatch first, at its line.
    @Test func openMetricsExpositionUnitMismatchDoesNotParse() throws {
        let text = "# TYPE wait gauge\n# UNIT wait seconds\n# HELP wait W.\nwait 1\n# EOF\n"
        #expect {
            try LintLoader.expositionInput(Array(text.utf8), source: "om.txt")
        } throws: { error in
            (error as? LintSourceError)?.lines.first?.hasPrefix("om.txt:2:1: [unit-mismatch]") == true
        }
    }
}
