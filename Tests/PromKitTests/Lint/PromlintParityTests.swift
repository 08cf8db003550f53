import Foundation
import PromKit
import TestSupport
import Testing

/// promkit's promlint-worded problems against `promtool check metrics` (Debian's
/// prometheus 2.42, unpacked by `.ci/setup.d/10-promtool.sh`), as sets of
/// `metric message` lines.
///
/// promkit follows current promlint (client_golang 1.20 and later). Debian's
/// promtool vendors an older promlint, which differs in two ways the corpus
/// exercises on purpose and lists per case:
/// - it checks every type name in the metric name (`events_counter` as a gauge,
///   `temp_gauge` untyped), where current promlint checks the metric's own type,
///   and untyped metrics not at all (client_golang PR "refine lintMetricTypeInName");
/// - it has no `metric not unique` check (LintDuplicateMetric, added in 1.20).
/// A third difference is left out of the corpus: old promlint picks among several
/// units in one name in random order (`foo_minutes_bytes`), current takes the first.
@Suite struct PromlintParityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The exposition, or a fixture path (relative to Tests/Fixtures) when `fixture` is set.
        var text: String
        var fixture = false
        /// Lines old promtool prints that current promlint does not.
        var promtoolOnly: Set<String> = []
        /// Lines current promlint prints that old promtool does not.
        var promkitOnly: Set<String> = []
        /// A multiprocess directory (relative to Tests/Fixtures) that promkit lints, where
        /// promtool reads the exposition prometheus_client rendered from it.
        var directory: String? = nil
        var testDescription: String { name }
    }

    static func gauge(_ name: String, _ labels: String = "") -> String {
        "# HELP \(name) Something.\n# TYPE \(name) gauge\n\(name)\(labels) 1\n"
    }

    static let everyRule =
        "# TYPE no_help_seconds gauge\nno_help_seconds 1\n"
        + "# HELP empty_help_seconds \n# TYPE empty_help_seconds gauge\nempty_help_seconds 1\n"
        + "# HELP jobs Jobs.\n# TYPE jobs counter\njobs 1\n"
        + "# HELP done_jobs_total Done.\n# TYPE done_jobs_total counter\ndone_jobs_total 1\n"
        + gauge("queue_total") + "# HELP untyped_total U.\nuntyped_total 1\n"
        + gauge("rt_bucket") + gauge("rt_count") + gauge("rt_sum")
        + gauge("depth_le", "{le=\"0.5\"}") + gauge("depth_quantile", "{quantile=\"0.5\"}")
        + "# HELP wait_seconds W.\n# TYPE wait_seconds histogram\nwait_seconds_bucket{quantile=\"x\",le=\"+Inf\"} 1\n"
        + "wait_seconds_sum{quantile=\"x\"} 1\nwait_seconds_count{quantile=\"x\"} 1\n"
        + gauge("temperature_gauge")
        + "# HELP events_counter_total E.\n# TYPE events_counter_total counter\nevents_counter_total 1\n"
        + "# HELP rpc_summary_seconds R.\n# TYPE rpc_summary_seconds summary\nrpc_summary_seconds_sum 1\n"
        + "rpc_summary_seconds_count 1\n"
        + gauge("job:requests:rate5m") + gauge("queueDepth") + gauge("queue_size", "{queueName=\"a\"}")
        + gauge("latency_ms") + gauge("disk_GB_free") + gauge("disk_kibibytes") + gauge("request_milliseconds")
        + gauge("uptime_hours") + gauge("room_fahrenheit") + gauge("clean_seconds")
        + "# HELP duplicate_depth D.\n# TYPE duplicate_depth gauge\nduplicate_depth{a=\"1\"} 1\n"
        + "duplicate_depth{a=\"1\"} 2\n"

    static let cases: [Case] = [
        Case(name: "every promlint rule", text: everyRule, promkitOnly: ["duplicate_depth metric not unique"]),
        Case(
            name: "type names of other types",
            text: gauge("events_counter") + "# HELP temp_gauge T.\ntemp_gauge 1\n" + gauge("size_histogram"),
            promtoolOnly: [
                "events_counter metric name should not include type 'counter'",
                "temp_gauge metric name should not include type 'gauge'",
                "size_histogram metric name should not include type 'histogram'",
            ]),
        Case(name: "prometheus_client 0.26.0 fixture", text: "v2-0.26.0/expected/text.txt", fixture: true),
        Case(name: "prometheus_client 0.17.1 fixture", text: "v1-0.17.1/expected/text.txt", fixture: true),
        Case(name: "sample fixture", text: "sample-expected/text.txt", fixture: true),
        Case(
            name: "prometheus_client 0.26.0 directory", text: "v2-0.26.0/expected/text.txt", fixture: true,
            directory: "v2-0.26.0/db"),
        Case(
            name: "prometheus_client 0.17.1 directory", text: "v1-0.17.1/expected/text.txt", fixture: true,
            directory: "v1-0.17.1/db"),
    ]

    static var promtool: String? {
        get throws {
            try TestSupport.requireTool(
                "PROMKIT_PROMTOOL",
                fallback: TestSupport.packageRoot.appendingPathComponent(".tools/prometheus/usr/bin/promtool").path)
        }
    }

    @Test(arguments: cases)
    func sameProblemsAsPromtool(_ row: Case) throws {
        guard let promtool = try Self.promtool else { return }
        let bytes =
            row.fixture
            ? try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture(row.text))) : Data(row.text.utf8)
        let run = try TestSupport.run(promtool, ["check", "metrics"], input: bytes)
        let promtoolLines = Set(run.stderrText.split(separator: "\n").map(String.init))
        #expect(run.status == (promtoolLines.isEmpty ? 0 : 3), "\(run.stderrText)")
        #expect(row.fixture || promtoolLines.count >= 3)

        let input =
            try row.directory.map { try LintLoader.loadLocal(.directory(TestSupport.fixture($0))) }
            ?? LintLoader.expositionInput(Array(bytes), source: row.name)
        let promlintRules = Set(LintRule.all.filter { $0.category == .promlint }.map(\.id))
        let ours = Set(Linter().lint(input).findings.filter { promlintRules.contains($0.rule) }.map(\.promtoolLine))

        #expect(promtoolLines.isDisjoint(with: row.promkitOnly))
        #expect(ours.isSuperset(of: row.promkitOnly))
        #expect(promtoolLines.isSuperset(of: row.promtoolOnly))
        #expect(ours.isDisjoint(with: row.promtoolOnly))
        #expect(ours.subtracting(row.promkitOnly) == promtoolLines.subtracting(row.promtoolOnly))
    }

    /// The corpus covers every promlint rule of promkit.
    @Test func corpusCoversEveryRule() throws {
        let input = try LintLoader.expositionInput(Array(Self.everyRule.utf8), source: "corpus")
        let found = Set(Linter().lint(input).findings.map(\.rule))
        for rule in LintRule.all where rule.category == .promlint {
            #expect(found.contains(rule.id), "\(rule.id)")
        }
    }
}
