import Testing

@testable import PromKit

/// Every promlint rule, with input that must and must not trigger it, in promlint's words.
@Suite struct PromlintRuleTests {
    static func gauge(_ name: String, labels: String = "", help: Bool = true) -> String {
        (help ? "# HELP \(name) Something.\n" : "") + "# TYPE \(name) gauge\n\(name)\(labels) 1\n"
    }

    static let cases: [RuleCase] = [
        RuleCase(rule: "no-help", input: gauge("queue_seconds", help: false), message: "no help text"),
        RuleCase(
            rule: "no-help", input: "# HELP queue_seconds \n# TYPE queue_seconds gauge\nqueue_seconds 1\n",
            message: "no help text"),
        RuleCase(rule: "no-help", input: gauge("queue_seconds"), message: nil),
        RuleCase(
            rule: "counter-total-suffix", input: "# HELP jobs J.\n# TYPE jobs counter\njobs 1\n",
            message: "counter metrics should have \"_total\" suffix"),
        RuleCase(
            rule: "counter-total-suffix", input: "# HELP jobs_total J.\n# TYPE jobs_total counter\njobs_total 1\n",
            message: nil),
        RuleCase(
            rule: "non-counter-total-suffix", input: gauge("jobs_total"),
            message: "non-counter metrics should not have \"_total\" suffix"),
        RuleCase(rule: "non-counter-total-suffix", input: "# HELP jobs_total J.\njobs_total 1\n", message: nil),
        RuleCase(
            rule: "reserved-suffix", input: gauge("jobs_bucket"),
            message: "non-histogram metrics should not have \"_bucket\" suffix"),
        RuleCase(
            rule: "reserved-suffix", input: gauge("jobs_count"),
            message: "non-histogram and non-summary metrics should not have \"_count\" suffix"),
        RuleCase(
            rule: "reserved-suffix", input: gauge("jobs_sum"),
            message: "non-histogram and non-summary metrics should not have \"_sum\" suffix"),
        RuleCase(rule: "reserved-suffix", input: "# HELP jobs_count J.\njobs_count 1\n", message: nil),
        RuleCase(
            rule: "reserved-suffix",
            input: "# HELP rt_seconds R.\n# TYPE rt_seconds summary\nrt_seconds_count 1\nrt_seconds_sum 2\n",
            message: nil),
        RuleCase(
            rule: "reserved-label", input: gauge("queue_depth", labels: "{le=\"1\"}"),
            message: "non-histogram metrics should not have \"le\" label"),
        RuleCase(
            rule: "reserved-label", input: gauge("queue_depth", labels: "{quantile=\"0.5\"}"),
            message: "non-summary metrics should not have \"quantile\" label"),
        RuleCase(
            rule: "reserved-label",
            input: "# HELP rt_seconds R.\n# TYPE rt_seconds summary\nrt_seconds{quantile=\"0.5\"} 1\n"
                + "rt_seconds_count 1\nrt_seconds_sum 2\n",
            message: nil),
        RuleCase(
            rule: "reserved-label",
            input: "# HELP rt_seconds R.\n# TYPE rt_seconds histogram\nrt_seconds_bucket{le=\"+Inf\"} 1\n"
                + "rt_seconds_count 1\nrt_seconds_sum 2\n",
            message: nil),
        RuleCase(
            rule: "type-in-name", input: gauge("temperature_gauge"),
            message: "metric name should not include type 'gauge'"),
        RuleCase(
            rule: "type-in-name",
            input: "# HELP events_counter_total E.\n# TYPE events_counter_total counter\nevents_counter_total 1\n",
            message: "metric name should not include type 'counter'"),
        // client_golang 1.20 and later check the metric's own type only, and not untyped metrics.
        RuleCase(rule: "type-in-name", input: gauge("events_counter"), message: nil),
        RuleCase(rule: "type-in-name", input: "# HELP temp_gauge T.\ntemp_gauge 1\n", message: nil),
        RuleCase(
            rule: "colon-in-name", input: gauge("job:requests:rate5m"),
            message: "metric names should not contain ':'"),
        RuleCase(rule: "colon-in-name", input: gauge("job_requests_rate5m"), message: nil),
        RuleCase(
            rule: "camelcase-metric-name", input: gauge("queueDepth"),
            message: "metric names should be written in 'snake_case' not 'camelCase'"),
        RuleCase(rule: "camelcase-metric-name", input: gauge("HTTP_queue"), message: nil),
        RuleCase(
            rule: "camelcase-label-name", input: gauge("queue_depth", labels: "{queueName=\"a\"}"),
            message: "label names should be written in 'snake_case' not 'camelCase'"),
        RuleCase(
            rule: "camelcase-label-name", input: gauge("queue_depth", labels: "{queue_name=\"aB\"}"), message: nil),
        RuleCase(
            rule: "abbreviated-unit", input: gauge("latency_ms"),
            message: "metric names should not contain abbreviated units"),
        RuleCase(
            rule: "abbreviated-unit", input: gauge("disk_GB_free"),
            message: "metric names should not contain abbreviated units"),
        RuleCase(rule: "abbreviated-unit", input: gauge("msg_queue_depth"), message: nil),
        RuleCase(
            rule: "non-base-unit", input: gauge("request_milliseconds"),
            message: "use base unit \"seconds\" instead of \"milliseconds\""),
        RuleCase(
            rule: "non-base-unit", input: gauge("uptime_hours"),
            message: "use base unit \"seconds\" instead of \"hours\""),
        RuleCase(
            rule: "non-base-unit", input: gauge("disk_kibibytes"),
            message: "use base unit \"bytes\" instead of \"kibibytes\""),
        RuleCase(rule: "non-base-unit", input: gauge("request_seconds"), message: nil),
        RuleCase(rule: "non-base-unit", input: gauge("thermometers_reading"), message: nil),
        RuleCase(
            rule: "duplicate-series",
            input: "# HELP queue_depth Q.\n# TYPE queue_depth gauge\nqueue_depth{a=\"1\"} 1\nqueue_depth{a=\"1\"} 2\n",
            message: "metric not unique"),
        RuleCase(
            rule: "duplicate-series",
            input: "# HELP queue_depth Q.\n# TYPE queue_depth gauge\nqueue_depth{a=\"1\"} 1\nqueue_depth{a=\"2\"} 2\n",
            message: nil),
    ]

    @Test(arguments: cases)
    func rule(_ row: RuleCase) throws {
        let found = try LintTesting.findings(row.input).of(row.rule)
        if let message = row.message {
            #expect(found.map(\.message).contains(message), "\(found)")
            #expect(found.allSatisfy { $0.line != nil })
        } else {
            #expect(found.isEmpty, "\(found)")
        }
    }

    @Test func problemsNameTheMetricAsPromtoolDoes() throws {
        let found = try LintTesting.findings("# TYPE latency_ms_total counter\nlatency_ms_total 1\n")
        #expect(
            Set(found.map(\.promtoolLine)).isSuperset(of: [
                "latency_ms_total no help text", "latency_ms_total metric names should not contain abbreviated units",
            ]))
    }

    @Test func duplicateIsReportedAtTheRepeatedLine() throws {
        let text = "# HELP q Q.\n# TYPE q gauge\nq{a=\"1\",b=\"2\"} 1\nq{a=\"3\"} 1\nq{b=\"2\",a=\"1\"} 2\n"
        let found = try LintTesting.findings(text).of("duplicate-series")
        #expect(found.map(\.line) == [5])
    }

    @Test(arguments: [
        ("foo_kilometers", "kilometers", "meters"), ("foo_bytes_total", "bytes", "bytes"),
        ("foo_minutes_bytes", "minutes", "seconds"), ("foo_pebibits", "pebibits", "bytes"),
        ("foo_seconds_milliseconds", "seconds", "seconds"), ("Foo_Kelvins", "", ""),
    ])
    func unitTable(name: String, unit: String, base: String) {
        let found = PromlintUnits.unit(in: name)
        #expect(found?.unit ?? "" == unit)
        #expect(found?.base ?? "" == base)
    }

    @Test(arguments: [("a_ms_s", 2), ("a_MS", 1), ("a_msg", 0), ("a_sec_total", 1), ("s_a", 0)])
    func abbreviations(name: String, count: Int) {
        #expect(PromlintUnits.abbreviationCount(in: name) == count)
    }
}
